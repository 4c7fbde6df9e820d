#include "server/worker/resetaction.h"

#include "common/slug/deviceslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
#include "server/domain/datapurge.h"
#include "server/domain/searchindex.h"
#include "server/mail/mailer.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/datamaskstore.h"
#include "server/store/devicestore.h"
#include "server/store/notestore.h"
#include "server/store/projectstore.h"
#include "server/store/streamdatastore.h"
#include "server/store/streamerstore.h"
#include "server/store/streamstore.h"
#include "server/store/targetmetadatastore.h"
#include "server/worker/jobcontext.h"

namespace iotile {

QList<ArgumentSpec> ResetAction::arguments() const
{
    return {{QStringLiteral("device_slug"), ArgType::String, true},
            {QStringLiteral("user"), ArgType::String, true},
            {QStringLiteral("full"), ArgType::Bool, false},
            {QStringLiteral("include_properties"), ArgType::Bool, false},
            {QStringLiteral("include_notes_and_locations"), ArgType::Bool, false}};
}

Status ResetAction::execute(JobContext &context)
{
    IOTILE_TRY(db, context.db());
    IOTILE_TRY(dataDb, context.dataDb());
    const QString slug = context.argString(QStringLiteral("device_slug"));
    const bool full = context.argBool(QStringLiteral("full"), true);
    const bool properties = context.argBool(QStringLiteral("include_properties"), true);
    const bool notes = context.argBool(QStringLiteral("include_notes_and_locations"), true);
    IOTILE_TRY(device, DeviceStore(*db).bySlug(slug));
    if (!device)
        return hardError(QStringLiteral("Device with slug %1 not found !").arg(slug));
    IOTILE_TRY(user, AccountStore(*db).bySlug(context.argString(QStringLiteral("user"))));
    if (!user)
        return hardError(QStringLiteral("User not found: %1").arg(context.argString(QStringLiteral("user"))));
    if (!device->orgId || !device->projectId)
        return hardError(QStringLiteral("Device with slug %1 has no Org and/or Project !").arg(slug));
    IOTILE_TRY(project, ProjectStore(*db).byId(*device->projectId));
    if (!project)
        return hardError(QStringLiteral("Project of device %1 not found").arg(slug));

    // Data first (its own database, and idempotent): a crash before the main transaction below commits
    // leaves the device busy and the job to be retried.
    IOTILE_TRY(streams, StreamStore(*db).ofDevice(device->id));
    QStringList streamSlugs;
    std::vector<DataSelector> selectors;
    StreamDataStore keys(*dataDb);
    for (const Stream &s : streams) {
        if (s.blockId)
            continue;
        streamSlugs << s.slug;
        IOTILE_TRY(key, keys.keyOf(s.slug));
        if (!key)
            continue;
        DataSelector selector;
        selector.key = *key;
        selectors.push_back(selector);
    }
    if (full) {
        // Data without a stream id too (system streams), in the device's current project.
        DataSelector all;
        all.slugPattern = QStringLiteral("s--%1--%2--%")
                              .arg(project->slug.mid(3), DeviceSlug(quint64(device->id)).fullGid());
        selectors.push_back(all);
    }
    IOTILE_TRY(removed, DataPurge(*dataDb, context.server().blobs()).remove(selectors));
    context.log(QStringLiteral("%1 data point(s) and %2 event(s) of %3 deleted")
                    .arg(removed.data)
                    .arg(removed.events)
                    .arg(slug));

    const qint64 now = isotime::now();
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    TargetMetadataStore meta(*db);
    IOTILE_CHECK(DataMaskStore(*db).clear(device->slug));
    if (properties)
        IOTILE_CHECK(meta.deleteProperties(device->slug, true));
    if (notes) {
        IOTILE_CHECK(meta.deleteNotes(streamSlugs + QStringList {device->slug}, true));
        IOTILE_CHECK(meta.deleteLocations(device->slug));
    }
    Note note;
    note.target = device->slug;
    note.timestamp = now;
    note.note = QStringLiteral("Device data was cleared");
    note.type = QStringLiteral("si");
    note.userId = user->id;
    IOTILE_TRY(created, NoteStore(*db).create(note));
    (void)created;
    // The device's streamer reports go (the original's reset); a full reset drops the streamers too, so
    // the device's next reports start from its first reading id again.
    IOTILE_TRY(reportFiles, StreamerStore(*db).removeOfDevice(device->id, full));
    Device updated = *device;
    updated.state = QStringLiteral("N1");
    updated.active = true;
    IOTILE_CHECK(DeviceStore(*db).update(updated));
    IOTILE_CHECK(context.completeWithin(*db));
    IOTILE_CHECK(tx.commit());
    for (const QString &key : std::as_const(reportFiles)) {
        if (Status removed = context.server().blobs().remove(key); !removed)
            context.warn(
                QStringLiteral("report file %1 left behind: %2").arg(key, removed.error().message()));
    }
    if (reportFiles.size() > 0)
        context.log(
            QStringLiteral("%1 streamer report file(s) of %2 deleted").arg(reportFiles.size()).arg(slug));
    if (properties)
        IOTILE_CHECK(SearchIndex::refresh(*db, device->slug));

    MailMessage mail;
    mail.to = QStringList {user->email};
    mail.subject = QStringLiteral("IOTile Cloud Notification: Device Reset (%1)").arg(device->slug);
    mail.text = QStringLiteral("The data of device %1 (%2) was cleared.\n").arg(device->slug, device->label);
    context.server().mailer().send(mail);
    return Ok {};
}

} // namespace iotile
