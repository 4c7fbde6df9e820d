#include "server/worker/archiveaction.h"

#include "common/slug/blockslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/searchindex.h"
#include "server/ingest/streamresolver.h"
#include "server/mail/mailer.h"
#include "server/store/database.h"
#include "server/store/datablockstore.h"
#include "server/store/devicestore.h"
#include "server/store/notestore.h"
#include "server/store/streamdatastore.h"
#include "server/store/streamstore.h"
#include "server/store/targetmetadatastore.h"
#include "server/worker/jobcontext.h"

#include <QJsonObject>

namespace iotile {

namespace {

struct StreamMove
{
    QString from;
    QString to;
};

// Step 1, in one transaction of the main database: metadata and stream ids.
Result<QList<StreamMove>> moveMetadata(SqlConnection &db, DataBlock &block, const Device &device)
{
    Transaction tx(db);
    IOTILE_CHECK(tx.started());
    block.sgId = device.sgId;
    IOTILE_CHECK(DataBlockStore(db).update(block));
    TargetMetadataStore meta(db);
    IOTILE_CHECK(meta.moveUserProperties(device.slug, block.slug));
    IOTILE_CHECK(meta.copySystemProperties(device.slug, block.slug, isotime::now()));
    const auto blockSlug = BlockSlug::parse(QStringView(block.slug));
    if (!blockSlug)
        return JobAction::hardError(QStringLiteral("Illegal data block slug %1").arg(block.slug));
    StreamStore streams(db);
    IOTILE_TRY(own, streams.ofDevice(device.id));
    QList<StreamMove> moves;
    for (const Stream &s : own) {
        // The device's streams in its current project (streams of earlier blocks and other projects stay).
        if (s.blockId || s.projectId != device.projectId)
            continue;
        const auto slug = StreamSlug::parse(QStringView(s.slug));
        if (!slug)
            continue;
        const QString target = StreamSlug(ProjectSlug(), *blockSlug, slug->lid()).toString();
        IOTILE_TRY(existing, streams.bySlug(target));
        if (!existing) {
            Stream clone = s;
            clone.slug = target;
            clone.projectId.reset();
            clone.variableId.reset();
            clone.derivedStreamId.reset();
            clone.blockId = qint64(blockSlug->deviceGroup());
            IOTILE_TRY(created, streams.create(clone));
            (void)created;
        }
        IOTILE_CHECK(meta.moveNotes(s.slug, target, false));
        moves.append({s.slug, target});
    }
    IOTILE_CHECK(meta.moveNotes(device.slug, block.slug, true));
    IOTILE_CHECK(meta.moveLocations(device.slug, block.slug));
    IOTILE_CHECK(meta.moveMask(device.slug, block.slug));
    IOTILE_CHECK(tx.commit());
    // The device's properties left it.
    IOTILE_CHECK(SearchIndex::refresh(db, device.slug));
    return moves;
}

// Step 2, in one transaction of the data database: rows carry stream keys, so moving a stream's data
// and events is renaming its key.
Status moveData(JobContext &context, SqlConnection &dataDb, const QList<StreamMove> &moves)
{
    StreamDataStore keys(dataDb);
    Transaction tx(dataDb);
    IOTILE_CHECK(tx.started());
    for (const StreamMove &m : moves) {
        IOTILE_TRY(from, keys.keyOf(m.from));
        if (!from)
            continue; // no data, or renamed by an earlier attempt
        IOTILE_TRY(to, keys.keyOf(m.to));
        if (to) {
            // Renamed by an earlier attempt, and the device has written to its old stream since: that
            // data belongs to the device's new life and stays.
            context.warn(QStringLiteral("%1 already archived; newer data of %2 stays on the device")
                             .arg(m.to, m.from));
            continue;
        }
        IOTILE_CHECK(keys.renameKey(m.from, m.to));
    }
    return tx.commit();
}

} // namespace

QList<ArgumentSpec> ArchiveAction::arguments() const
{
    return {{QStringLiteral("data_block_slug"), ArgType::String, true},
            {QStringLiteral("on_complete"), ArgType::Any, false}};
}

Status ArchiveAction::execute(JobContext &context)
{
    IOTILE_TRY(db, context.db());
    IOTILE_TRY(dataDb, context.dataDb());
    const QString slug = context.argString(QStringLiteral("data_block_slug"));
    IOTILE_TRY(found, DataBlockStore(*db).bySlug(slug));
    if (!found)
        return hardError(QStringLiteral("DataBlock with slug %1 not found !").arg(slug));
    DataBlock block = *found;
    IOTILE_TRY(device, DeviceStore(*db).byId(block.deviceId));
    if (!device)
        return hardError(QStringLiteral("Device %1 of %2 not found !").arg(block.deviceId).arg(slug));

    IOTILE_TRY(moves, moveMetadata(*db, block, *device));
    IOTILE_CHECK(moveData(context, *dataDb, moves));
    context.server().streams().invalidate();
    context.log(
        QStringLiteral("%1 stream(s) of %2 archived into %3").arg(moves.size()).arg(device->slug, slug));

    // Step 3: the block is complete and the device free again, together with the job's completion.
    const qint64 now = isotime::now();
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    block.completedOn = now;
    IOTILE_CHECK(DataBlockStore(*db).update(block));
    Note note;
    note.target = device->slug;
    note.timestamp = now;
    note.note = QStringLiteral("Device data was archived. Datablock ID: %1").arg(block.slug);
    note.type = QStringLiteral("si");
    note.userId = block.createdBy;
    IOTILE_TRY(created, NoteStore(*db).create(note));
    (void)created;
    // on_complete: {"device": {"state": "N0", "label": "..."}}; without it the device goes back to N1.
    Device updated = *device;
    const QJsonObject onComplete = context.args().value(QStringLiteral("on_complete")).toObject();
    const QJsonObject deviceArgs = onComplete.value(QStringLiteral("device")).toObject();
    QString state = deviceArgs.value(QStringLiteral("state")).toString();
    if (deviceArgs.value(QStringLiteral("label")).isString())
        updated.label = deviceArgs.value(QStringLiteral("label")).toString().left(100);
    // Only a normal state: a busy one left in place would lock the device for good (the original kept
    // the busy state when on_complete had no state).
    if (state != QLatin1String("N0") && state != QLatin1String("N1"))
        state = QStringLiteral("N1");
    updated.state = state;
    updated.active = state != QLatin1String("N0");
    IOTILE_CHECK(DeviceStore(*db).update(updated));
    IOTILE_CHECK(context.completeWithin(*db));
    IOTILE_CHECK(tx.commit());

    if (!block.createdByEmail.isEmpty()) {
        MailMessage mail;
        mail.to = QStringList {block.createdByEmail};
        mail.subject = QStringLiteral("IOTile Cloud Notification: New Archive (%1)").arg(block.slug);
        mail.text = QStringLiteral("The data of device %1 (%2) was archived into %3: %4.\n")
                        .arg(device->slug, device->label, block.slug, block.title);
        context.server().mailer().send(mail);
    }
    return Ok {};
}

} // namespace iotile
