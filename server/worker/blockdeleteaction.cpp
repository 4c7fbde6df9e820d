#include "server/worker/blockdeleteaction.h"

#include "common/slug/blockslug.h"
#include "server/app/servercontext.h"
#include "server/domain/datapurge.h"
#include "server/ingest/streamresolver.h"
#include "server/mail/mailer.h"
#include "server/store/database.h"
#include "server/store/datablockstore.h"
#include "server/store/datamaskstore.h"
#include "server/store/orgstore.h"
#include "server/store/streamstore.h"
#include "server/store/targetmetadatastore.h"
#include "server/worker/jobcontext.h"

namespace iotile {

QList<ArgumentSpec> BlockDeleteAction::arguments() const
{
    return {{QStringLiteral("block_slug"), ArgType::String, true},
            {QStringLiteral("user"), ArgType::String, true},
            {QStringLiteral("org"), ArgType::String, false},
            {QStringLiteral("title"), ArgType::String, false}};
}

Status BlockDeleteAction::execute(JobContext &context)
{
    IOTILE_TRY(db, context.db());
    IOTILE_TRY(dataDb, context.dataDb());
    const QString slug = context.argString(QStringLiteral("block_slug"));
    const auto blockSlug = BlockSlug::parse(QStringView(slug));
    if (!blockSlug || blockSlug->block() == 0)
        return hardError(QStringLiteral("Illegal data block slug %1").arg(slug));
    IOTILE_TRY(block, DataBlockStore(*db).bySlug(slug));
    QString orgSlug = context.argString(QStringLiteral("org"));
    // The API deletes the block row at once and passes what the notice needs.
    QString title = context.argString(QStringLiteral("title"));
    if (block) {
        orgSlug = block->orgSlug;
        title = block->title;
    }

    // The data first (its own database; running it again deletes nothing more).
    DataSelector data;
    data.slugPattern = QStringLiteral("s--%--") + blockSlug->gid() + QStringLiteral("--%");
    IOTILE_TRY(removed, DataPurge(*dataDb, context.server().blobs()).remove({data}));
    context.log(QStringLiteral("%1 data point(s) and %2 event(s) of %3 deleted")
                    .arg(removed.data)
                    .arg(removed.events)
                    .arg(slug));

    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    TargetMetadataStore meta(*db);
    StreamStore streams(*db);
    IOTILE_TRY(own, streams.ofDevice(qint64(blockSlug->device().id())));
    QStringList targets {slug};
    for (const Stream &s : own) {
        if (s.blockId != qint64(blockSlug->deviceGroup()))
            continue;
        targets << s.slug;
        IOTILE_CHECK(streams.remove(s.id));
    }
    IOTILE_CHECK(meta.deleteProperties(slug, false));
    IOTILE_CHECK(meta.deleteNotes(targets, false));
    IOTILE_CHECK(meta.deleteLocations(slug));
    IOTILE_CHECK(DataMaskStore(*db).clear(slug));
    if (block)
        IOTILE_CHECK(DataBlockStore(*db).remove(block->id));
    IOTILE_CHECK(context.completeWithin(*db));
    IOTILE_CHECK(tx.commit());
    context.server().streams().invalidate();

    // The org's admins hear about it, as in the original.
    IOTILE_TRY(org, OrgStore(*db).bySlug(orgSlug));
    if (org) {
        IOTILE_TRY(members, OrgStore(*db).members(org->id, false, 0, 1000));
        QStringList admins;
        for (const MemberRow &m : members)
            if (m.membership.isOrgAdmin && !m.email.isEmpty())
                admins << m.email;
        if (!admins.isEmpty()) {
            MailMessage mail;
            mail.to = admins;
            mail.subject = QStringLiteral("IOTile Cloud Notification");
            mail.text = QStringLiteral("Data block %1 (%2) was deleted.\n").arg(slug, title);
            context.server().mailer().send(mail);
        }
    }
    return Ok {};
}

} // namespace iotile
