#include "server/ingest/eventingest.h"

#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
#include "server/domain/access.h"
#include "server/ingest/ingesthooks.h"
#include "server/ingest/streamresolver.h"
#include "server/store/database.h"
#include "server/store/streamdatastore.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUuid>

Q_DECLARE_LOGGING_CATEGORY(lcBlob)

namespace iotile {

Result<std::shared_ptr<const ResolvedStream>> EventIngest::writable(SqlConnection &mainDb,
                                                                    const StreamSlug &slug)
{
    const QString text = slug.toString();
    if (const auto it = m_writable.constFind(text); it != m_writable.constEnd())
        return *it;
    IOTILE_TRY(stream, m_server.streams().resolve(mainDb, slug));
    bool allowed = false;
    if (!slug.isVirtual()) {
        if (stream->isBlock || !stream->deviceExists)
            return Error::notFound();
        if (stream->deviceOrgId) {
            IOTILE_TRY(can, m_access.can(*stream->deviceOrgId, Permission::CreateStreamData));
            allowed = can;
        } else {
            allowed = m_access.isStaff(); // an unclaimed device belongs to no org
        }
    } else if (slug.project().id() != 0) {
        if (!stream->projectExists || !stream->projectOrgId)
            return Error::notFound();
        IOTILE_TRY(can, m_access.can(*stream->projectOrgId, Permission::CreateStreamData));
        allowed = can;
    }
    if (!allowed)
        return Error::forbidden(QStringLiteral("Not allowed to upload to %1").arg(text));
    if (stream->meta && !stream->enabled)
        return Error::forbidden(QStringLiteral("Stream not enabled %1").arg(text));
    m_writable.insert(text, stream);
    return stream;
}

QString EventIngest::newBlobKey(const QString &uuid, const QString &ext)
{
    const qint64 now = isotime::now();
    int year = 0;
    unsigned month = 0, day = 0;
    isotime::civilFromDays(now / isotime::kMicrosPerDay, year, month, day);
    return QStringLiteral("events/%1/%2/%3/%4.%5")
        .arg(year, 4, 10, QLatin1Char('0'))
        .arg(month, 2, 10, QLatin1Char('0'))
        .arg(day, 2, 10, QLatin1Char('0'))
        .arg(uuid, ext);
}

QByteArray EventIngest::contentTypeOf(const QString &ext)
{
    if (ext == QLatin1String("json"))
        return QByteArrayLiteral("application/json");
    if (ext == QLatin1String("json.gz"))
        return QByteArrayLiteral("application/gzip");
    if (ext == QLatin1String("csv"))
        return QByteArrayLiteral("text/csv");
    return QByteArrayLiteral("application/octet-stream");
}

Result<QStringList> EventIngest::writeBlobs(std::vector<Pending> &pending)
{
    QStringList written;
    BlobStore &blobs = m_server.blobs();
    for (Pending &p : pending) {
        if (p.blob.isEmpty())
            continue;
        if (p.event.blobKey.isEmpty())
            p.event.blobKey = newBlobKey(p.event.uuid, p.event.ext);
        if (Status s = blobs.put(p.event.blobKey, p.blob, p.contentType); !s) {
            qCWarning(lcBlob).noquote()
                << "event file" << p.event.blobKey << "not stored:" << s.error().message();
            removeBlobs(written);
            // The original's answer when its S3 upload failed.
            return Error::bareList(QStringLiteral("Unable to upload Event Data"));
        }
        written << p.event.blobKey;
        p.blob.clear();
    }
    return written;
}

void EventIngest::removeBlobs(const QStringList &keys)
{
    for (const QString &key : keys)
        if (Status s = m_server.blobs().remove(key); !s)
            qCWarning(lcBlob).noquote() << "event file" << key << "left behind:" << s.error().message();
}

Result<std::vector<StreamEvent>> EventIngest::insert(std::vector<Pending> pending)
{
    const qint64 now = isotime::now();
    for (Pending &p : pending) {
        p.event.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
        p.event.createdOn = now;
        p.event.blobKey.clear();
    }
    IOTILE_TRY(written, writeBlobs(pending));
    auto rows = [&]() -> Result<std::vector<StreamEvent>> {
        IOTILE_TRY(dataDb, m_server.dataDb().connection());
        StreamDataStore keys(*dataDb);
        StreamEventStore store(*dataDb);
        Transaction tx(*dataDb);
        IOTILE_CHECK(tx.started());
        QHash<QString, qint64> keyOf;
        std::vector<StreamEvent> stored;
        stored.reserve(pending.size());
        for (Pending &p : pending) {
            auto it = keyOf.constFind(p.event.stream);
            if (it == keyOf.constEnd()) {
                IOTILE_TRY(key, keys.ensureKey(p.event.stream));
                it = keyOf.insert(p.event.stream, key);
            }
            p.event.streamId = *it;
            IOTILE_TRY(id, store.insert(p.event));
            p.event.id = id;
            stored.push_back(std::move(p.event));
        }
        IOTILE_CHECK(tx.commit());
        return stored;
    }();
    if (!rows) {
        removeBlobs(written);
        return rows;
    }
    if (!m_server.ingestHooks().isEmpty()) {
        CommittedBatch committed;
        committed.source = CommittedBatch::Source::Event;
        committed.userId = m_access.userId();
        QHash<QString, size_t> index;
        for (const StreamEvent &e : *rows) {
            auto it = index.constFind(e.stream);
            if (it == index.constEnd()) {
                it = index.insert(e.stream, committed.streams.size());
                committed.streams.push_back(CommittedStream {e.stream, nullptr, {}, {}});
            }
            committed.streams[*it].events.push_back(
                CommittedEvent {e.id, e.ts, e.seq, QJsonDocument::fromJson(e.extraData).object()});
        }
        m_server.ingestHooks().notify(committed, m_server);
    }
    return rows;
}

Result<StreamEvent> EventIngest::update(Pending pending)
{
    const QString previousKey = pending.event.blobKey;
    std::vector<Pending> one;
    one.push_back(std::move(pending));
    QStringList written;
    if (!one.front().blob.isEmpty()) {
        // A key of its own: writing over the old file in place would lose it if the row then failed.
        StreamEvent &e = one.front().event;
        e.blobKey =
            newBlobKey(e.uuid + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128).left(8), e.ext);
        IOTILE_TRY(keys, writeBlobs(one));
        written = keys;
    }
    StreamEvent &event = one.front().event;
    auto saved = [&]() -> Status {
        IOTILE_TRY(dataDb, m_server.dataDb().connection());
        Transaction tx(*dataDb);
        IOTILE_CHECK(tx.started());
        IOTILE_TRY(key, StreamDataStore(*dataDb).ensureKey(event.stream));
        event.streamId = key;
        IOTILE_CHECK(StreamEventStore(*dataDb).update(event));
        return tx.commit();
    }();
    if (!saved) {
        removeBlobs(written);
        return std::move(saved).error();
    }
    if (!previousKey.isEmpty() && previousKey != event.blobKey)
        removeBlobs({previousKey});
    return event;
}

Status EventIngest::remove(const StreamEvent &event)
{
    IOTILE_TRY(dataDb, m_server.dataDb().connection());
    IOTILE_CHECK(StreamEventStore(*dataDb).remove(event.id));
    if (!event.blobKey.isEmpty())
        removeBlobs({event.blobKey});
    return Ok {};
}

} // namespace iotile
