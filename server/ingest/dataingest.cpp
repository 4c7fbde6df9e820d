#include "server/ingest/dataingest.h"

#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/ingest/batchwriter.h"
#include "server/ingest/ingesthooks.h"
#include "server/ingest/streamresolver.h"
#include "server/store/database.h"
#include "server/store/streamdatastore.h"

#include <QJsonArray>

#include <algorithm>

namespace iotile {

Result<std::shared_ptr<const ResolvedStream>> DataIngest::checked(SqlConnection &mainDb,
                                                                  const StreamSlug &slug)
{
    const QString text = slug.toString();
    if (const auto it = m_streams.constFind(text); it != m_streams.constEnd())
        return *it;
    IOTILE_TRY(stream, m_server.streams().resolve(mainDb, slug));
    // The original: the project must exist, the device too unless the stream is virtual, and the caller
    // needs can_create_stream_data on both.
    if (!stream->projectExists || stream->isBlock)
        return Error::notFound();
    if (stream->deviceId && !stream->deviceExists)
        return Error::notFound();
    IOTILE_TRY(onProject, m_access.can(*stream->projectOrgId, Permission::CreateStreamData));
    bool onDevice = true;
    if (stream->deviceId) {
        if (!stream->deviceOrgId)
            onDevice = m_access.isStaff();
        else {
            IOTILE_TRY(can, m_access.can(*stream->deviceOrgId, Permission::CreateStreamData));
            onDevice = can;
        }
    }
    if (!onProject || !onDevice)
        return Error::forbidden(QStringLiteral("Not allowed to upload to %1").arg(text));
    m_streams.insert(text, stream);
    return stream;
}

Result<PreparedBatch> DataIngest::prepare(const IncomingBatch &batch)
{
    // Slugs first: a malformed one is a field error of its item.
    std::vector<StreamSlug> slugs(batch.points.size());
    std::vector<QJsonObject> errors = batch.errors;
    for (size_t i = 0; i < batch.points.size(); ++i) {
        if (!errors[i].isEmpty())
            continue;
        const IncomingPoint &p = batch.points[i];
        const auto slug = StreamSlug::parse(QByteArrayView(p.stream));
        if (!slug)
            errors[i].insert(
                QStringLiteral("stream"),
                QJsonArray {QStringLiteral("Bad Request: Illegal Project, Device or Stream slug")});
        else
            slugs[i] = *slug;
        if (p.timestamp < kMinTimestamp || p.timestamp >= kMaxTimestamp)
            errors[i].insert(QStringLiteral("timestamp"),
                             QJsonArray {QStringLiteral("Timestamp must be between 1970 and 2200.")});
    }
    bool bad = false;
    for (const QJsonObject &e : errors)
        bad = bad || !e.isEmpty();
    if (bad) {
        if (!batch.isList)
            return Error::fields(errors.front());
        QJsonArray list;
        for (const QJsonObject &e : errors)
            list.append(e);
        return Error(ErrorKind::BadRequest, list);
    }

    auto mainDb = m_server.db().connection();
    if (!mainDb)
        return std::move(mainDb).error();

    PreparedBatch prepared;
    prepared.source = m_source;
    prepared.userId = m_access.userId();
    prepared.points.reserve(batch.points.size());
    prepared.owners.reserve(batch.points.size());
    // A batch names few streams many times: remember them by their raw text so each point costs one
    // hash lookup instead of re-rendering its slug.
    QHash<QByteArray, const ResolvedStream *> byText;
    for (size_t i = 0; i < batch.points.size(); ++i) {
        const IncomingPoint &in = batch.points[i];
        const ResolvedStream *stream = byText.value(in.stream);
        if (!stream) {
            IOTILE_TRY(resolved, checked(**mainDb, slugs[i]));
            stream = resolved.get();
            byText.insert(in.stream, stream);
            // Two spellings of one slug resolve to the same stream: listed once.
            if (std::find(prepared.streams.begin(), prepared.streams.end(), resolved)
                == prepared.streams.end())
                prepared.streams.push_back(resolved);
        }
        DataPoint p;
        p.ts = in.timestamp;
        p.seq = in.streamerLocalId.value_or(0);
        p.deviceTs = in.deviceTimestamp;
        p.intValue = in.intValue;
        p.dirty = in.dirty.value_or(false);
        p.status =
            in.status ? pointStatusFromName(*in.status).value_or(PointStatus::Unknown) : PointStatus::Unknown;
        p.type = in.type ? pointTypeFromName(*in.type).value_or(PointType::Num) : PointType::Num;
        if (in.value) {
            p.value = in.value;
        } else if (stream->meta && stream->encoded) {
            // Encoded packets keep the raw word; the marker values tell start and end of a packet.
            const qint64 v = *in.intValue;
            p.type = v == 0xFFFFFFFF ? PointType::P0 : v == 0xFFFFFFFE ? PointType::P1 : PointType::PE;
        } else if (stream->meta) {
            const ValueConverter::Result converted = stream->converter.convert(*in.intValue);
            p.value = converted.value;
            p.type = stream->convertsToItr ? PointType::Itr : PointType::Num;
        } else {
            p.value = double(*in.intValue);
        }
        prepared.points.push_back(p);
        prepared.owners.push_back(stream);
    }
    return prepared;
}

Result<DataIngest::Outcome> DataIngest::ingest(const IncomingBatch &batch)
{
    IOTILE_TRY(prepared, prepare(batch));
    auto dataDb = m_server.dataDb().connection();
    if (!dataDb)
        return std::move(dataDb).error();
    Outcome outcome;
    outcome.posted = qint64(prepared.points.size());
    if (!batch.isList) {
        StreamDataStore store(**dataDb);
        DataPoint &p = prepared.points.front();
        IOTILE_CHECK(store.ensurePartitions({p.ts}));
        Transaction tx(**dataDb);
        IOTILE_CHECK(tx.started());
        IOTILE_TRY(key, store.ensureKey(prepared.owners.front()->text));
        p.streamId = key;
        IOTILE_TRY(stored, store.insertOne(p));
        IOTILE_CHECK(tx.commit());
        p.id = stored.id;
        outcome.single = stored;
        outcome.singleStream = prepared.streams.front();
        outcome.inserted = 1;
    } else {
        IOTILE_TRY(inserted, BatchWriter::write(**dataDb, {&prepared}));
        outcome.inserted = inserted;
    }
    notify(m_server, prepared, outcome.single);
    return outcome;
}

void DataIngest::notify(ServerContext &server, const PreparedBatch &batch,
                        const std::optional<DataPoint> &single)
{
    if (server.ingestHooks().isEmpty())
        return;
    CommittedBatch committed;
    committed.source = batch.source;
    committed.userId = batch.userId;
    QHash<const ResolvedStream *, size_t> index;
    for (const auto &stream : batch.streams) {
        index.insert(stream.get(), committed.streams.size());
        committed.streams.push_back(CommittedStream {stream->text, stream, {}, {}});
    }
    for (size_t i = 0; i < batch.points.size(); ++i) {
        DataPoint p = batch.points[i];
        if (single)
            p.id = single->id;
        committed.streams[index.value(batch.owners[i])].points.push_back(p);
    }
    server.ingestHooks().notify(committed, server);
}

} // namespace iotile
