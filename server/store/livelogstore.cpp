#include "server/store/livelogstore.h"

#include "common/util/isotime.h"
#include "server/store/bulkinserter.h"
#include "server/store/database.h"

namespace iotile {

namespace {

// pg_advisory_xact_lock key of live log writers ("live" in ASCII).
constexpr qint64 kWriterLock = 0x6c697665;

Result<std::vector<LiveLogEntry>> readEntries(SqlQuery &q)
{
    std::vector<LiveLogEntry> out;
    while (q.next()) {
        LiveLogEntry e;
        e.cursor = q.int64(0);
        e.stream = q.text(1);
        e.kind = q.int64(2) == int(LiveLogEntry::Kind::Events) ? LiveLogEntry::Kind::Events
                                                               : LiveLogEntry::Kind::Points;
        e.body = q.text(3).toUtf8();
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace

Result<qint64> LiveLogStore::append(const std::vector<LiveLogEntry> &entries)
{
    if (entries.empty())
        return newest();
    Transaction tx(m_db);
    IOTILE_CHECK(tx.started());
    const bool postgres = m_db.dialect().isPostgres();
    if (postgres) {
        SqlQuery lock = m_db.query("SELECT pg_advisory_xact_lock(?)");
        lock.bind(kWriterLock);
        IOTILE_CHECK(lock.exec());
        while (lock.next()) { }
    }
    const qint64 now = isotime::now();
    qint64 last = 0;
    if (postgres) {
        // COPY: bound as parameters, QPSQL escaped every body (kilobytes of JSON) through QString, which
        // cost more than the rest of the live feed; binary COPY takes the bodies as they are, unescaped.
        // Under the writer lock the newest id is this batch's last.
        using T = BulkInserter::Type;
        BulkInserter bulk(m_db, QStringLiteral("live_log"),
                          {QStringLiteral("stream"), QStringLiteral("kind"), QStringLiteral("body"),
                           QStringLiteral("created_on")},
                          {T::Text, T::Integer, T::Text, T::BigInt});
        for (const LiveLogEntry &e : entries) {
            bulk.add(e.stream);
            bulk.add(qint64(e.kind));
            bulk.add(QByteArrayView(e.body));
            bulk.add(now);
            IOTILE_CHECK(bulk.endRow());
        }
        IOTILE_CHECK(bulk.finish());
        // The newest id, and the notification of it (delivered at commit), in one round trip.
        SqlQuery newest = m_db.query("SELECT newest, pg_notify(?, newest::text) FROM "
                                     "(SELECT COALESCE(MAX(id), 0) AS newest FROM live_log) AS n");
        newest.bind(QString::fromLatin1(kChannel));
        IOTILE_TRY(id, newest.scalarInt64());
        last = id;
    } else {
        for (const LiveLogEntry &e : entries) {
            SqlQuery q =
                m_db.query("INSERT INTO live_log (stream, kind, body, created_on) VALUES (?, ?, ?, ?) "
                           "RETURNING id");
            q.bind(e.stream).bind(int(e.kind)).bind(QString::fromUtf8(e.body)).bind(now);
            IOTILE_CHECK(q.exec());
            while (q.next())
                last = std::max(last, q.int64(0));
        }
    }
    IOTILE_CHECK(tx.commit());
    return last;
}

Result<std::vector<LiveLogEntry>> LiveLogStore::after(qint64 cursor, std::optional<qint64> upTo, qint64 limit)
{
    if (upTo) {
        SqlQuery q =
            m_db.query("SELECT id, stream, kind, body FROM live_log WHERE id > ? AND id <= ? ORDER BY id "
                       "LIMIT ?");
        q.bind(cursor).bind(*upTo).bind(limit);
        IOTILE_CHECK(q.exec());
        return readEntries(q);
    }
    SqlQuery q = m_db.query("SELECT id, stream, kind, body FROM live_log WHERE id > ? ORDER BY id LIMIT ?");
    q.bind(cursor).bind(limit);
    IOTILE_CHECK(q.exec());
    return readEntries(q);
}

Result<qint64> LiveLogStore::newest()
{
    SqlQuery q = m_db.query("SELECT COALESCE(MAX(id), 0) FROM live_log");
    return q.scalarInt64();
}

Result<qint64> LiveLogStore::oldest()
{
    SqlQuery q = m_db.query("SELECT COALESCE(MIN(id), 0) FROM live_log");
    return q.scalarInt64();
}

Result<qint64> LiveLogStore::purge(qint64 cutoff)
{
    IOTILE_TRY(keep, newest());
    SqlQuery q = m_db.query("DELETE FROM live_log WHERE created_on < ? AND id < ?");
    q.bind(cutoff).bind(keep);
    IOTILE_CHECK(q.exec());
    return qint64(q.rowsAffected());
}

} // namespace iotile
