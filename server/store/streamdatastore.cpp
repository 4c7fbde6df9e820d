#include "server/store/streamdatastore.h"

#include "common/util/isotime.h"
#include "server/store/bulkinserter.h"
#include "server/store/commithooks.h"
#include "server/store/database.h"
#include "server/store/migrations/migrations.h"
#include "server/store/monthrange.h"
#include "server/store/parallelreader.h"
#include "server/store/pointreader.h"

#include <QHash>
#include <QLoggingCategory>
#include <QMutex>
#include <QSet>

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <tuple>

Q_DECLARE_LOGGING_CATEGORY(lcDb)

namespace iotile {

namespace {

constexpr qint64 kLevelSize[] = {60 * isotime::kMicrosPerSecond, 3600 * isotime::kMicrosPerSecond,
                                 isotime::kMicrosPerDay};
constexpr int kLevels = 3;

qint64 floorTo(qint64 value, qint64 step)
{
    qint64 r = value % step;
    if (r < 0)
        r += step;
    return value - r;
}

// The SQL text of floor(ts / step) * step that is right for negative timestamps too.
QString floorSql(const QString &column, qint64 step)
{
    return QStringLiteral("(%1 - ((%1 % %2) + %2) % %2)").arg(column).arg(step);
}

// Values the read paths would otherwise query on every request, kept for a few seconds. Writes in this
// process clear a cache when they are made and again when their transaction commits: a value read in
// between, from the rows before the write, would otherwise be kept for the whole TTL after the commit.
// Every clearing bumps the generation, and a value read while the cache was cleared is not kept.
// (Other processes' writes show once the TTL ran out.)
class ReadCache
{
public:
    static constexpr qint64 kTtl = 5 * isotime::kMicrosPerSecond;

    // The cached value, or the generation to hand to store() after reading it.
    std::optional<qint64> find(const QByteArray &key, quint64 &generation)
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_entries.constFind(key);
        if (it != m_entries.constEnd() && it->second > isotime::now())
            return it->first;
        generation = m_generation;
        return std::nullopt;
    }

    void store(const QByteArray &key, qint64 value, quint64 generation)
    {
        QMutexLocker lock(&m_mutex);
        if (m_generation != generation)
            return;
        if (m_entries.size() > 10000)
            m_entries.clear();
        m_entries.insert(key, {value, isotime::now() + kTtl});
    }

    void clear()
    {
        QMutexLocker lock(&m_mutex);
        m_entries.clear();
        ++m_generation;
    }

private:
    QMutex m_mutex;
    QHash<QByteArray, QPair<qint64, qint64>> m_entries; // key -> (value, expiry µs)
    quint64 m_generation = 0;
};

// Counts: a client paging through a large range would otherwise count it again for every page.
ReadCache &countCache()
{
    static ReadCache cache;
    return cache;
}

// Stream keys of reads (keyForRead): a busy lastn endpoint would look its stream's key up on every
// request. Keys only change when a data block takes a stream's points (renameKey).
ReadCache &keyCache()
{
    static ReadCache cache;
    return cache;
}

void clearKeys()
{
    keyCache().clear();
}

// The month of each stream's newest point (PostgreSQL): a hint that bounds lastn reads (see fetch). Never
// cleared: a stale hint costs a second read, not a wrong answer.
ReadCache &newestMonthCache()
{
    static ReadCache cache;
    return cache;
}

constexpr qint64 kNoPoints = std::numeric_limits<qint64>::min();

// Partitions known to exist in this process (PostgreSQL), per database.
struct PartitionCache
{
    QMutex mutex;
    QSet<QString> months; // "<database>|<first day of the month>"
};

// Caches are per process but a process may talk to several databases (tests do): keys carry the database.
QString identityOf(SqlConnection &db)
{
    const QSqlDatabase &d = db.db();
    return d.hostName() + QLatin1Char(':') + QString::number(d.port()) + QLatin1Char('/') + d.databaseName();
}

PartitionCache &partitions()
{
    static PartitionCache cache;
    return cache;
}

// A month's partition of stream_data, and the key the partition cache knows it by.
struct Month
{
    qint64 startMicros;
    qint64 endMicros;
    QString name;
    qint64 key;
};

Month monthOf(qint64 ts)
{
    const MonthRange m = MonthRange::of(ts);
    return {m.startMicros, m.endMicros, m.partition(QLatin1StringView("stream_data")), m.startMicros};
}

} // namespace

void StreamDataStore::invalidateCounts()
{
    countCache().clear();
}

namespace {

// The next element of a PostgreSQL array literal ("{1,2,3}" once closed with '}'): numbers as std::to_chars
// writes them, the shortest text that reads back as the same value (inf, -inf and nan are read as such too).
template<typename T>
void appendArrayItem(QByteArray &array, T value)
{
    char number[32];
    array += array.isEmpty() ? '{' : ',';
    const auto written = std::to_chars(number, number + sizeof number, value);
    array.append(number, written.ptr - number);
}

void countsChanged(const SqlConnection &db)
{
    StreamDataStore::invalidateCounts();
    commithooks::afterCommit(db, &StreamDataStore::invalidateCounts);
}

void keysChanged(const SqlConnection &db)
{
    clearKeys();
    commithooks::afterCommit(db, &clearKeys);
}

} // namespace

// ------------------------------------------------------------------------------------------- stream keys

Result<std::optional<qint64>> StreamDataStore::keyOf(const QString &slug)
{
    SqlQuery q = m_db.query("SELECT id FROM stream_keys WHERE slug = ?");
    q.bind(slug);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.int64(0));
}

Result<std::optional<qint64>> StreamDataStore::keyForRead(const QString &slug)
{
    const QByteArray cacheKey = identityOf(m_db).toUtf8() + '|' + slug.toUtf8();
    quint64 generation = 0;
    if (const auto cached = keyCache().find(cacheKey, generation))
        return cached;
    IOTILE_TRY(key, keyOf(slug));
    if (key) // a stream without data yet gets its key with its first point: not cached
        keyCache().store(cacheKey, *key, generation);
    return key;
}

Result<qint64> StreamDataStore::ensureKey(const QString &slug)
{
    IOTILE_TRY(existing, keyOf(slug));
    if (existing)
        return *existing;
    SqlQuery insert =
        m_db.query("INSERT INTO stream_keys (slug, created_on) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING");
    insert.bind(slug).bind(isotime::now());
    IOTILE_CHECK(insert.exec());
    IOTILE_TRY(made, keyOf(slug));
    if (!made)
        return Error::internal(QStringLiteral("stream key for %1 vanished").arg(slug));
    return *made;
}

Status StreamDataStore::renameKey(const QString &oldSlug, const QString &newSlug)
{
    SqlQuery q = m_db.query("UPDATE stream_keys SET slug = ? WHERE slug = ?");
    q.bind(newSlug).bind(oldSlug);
    IOTILE_CHECK(q.exec());
    countsChanged(m_db);
    keysChanged(m_db);
    return Ok {};
}

Result<QList<QPair<qint64, QString>>> StreamDataStore::keysLike(const QString &pattern)
{
    SqlQuery q = m_db.query("SELECT id, slug FROM stream_keys WHERE slug LIKE ? ORDER BY slug");
    q.bind(pattern);
    IOTILE_CHECK(q.exec());
    QList<QPair<qint64, QString>> out;
    while (q.next())
        out.append({q.int64(0), q.text(1)});
    return out;
}

// ---------------------------------------------------------------------------------------------- writes

Status StreamDataStore::ensurePartitions(const std::vector<qint64> &timestamps)
{
    if (!m_db.dialect().isPostgres())
        return Ok {};
    const QString prefix = identityOf(m_db) + QLatin1Char('|');
    QList<Month> missing;
    {
        QMutexLocker lock(&partitions().mutex);
        QSet<qint64> seen;
        qint64 lastKey = std::numeric_limits<qint64>::min();
        qint64 monthStart = 1, monthEnd = 0; // the month of the previous point: most points share it
        for (qint64 ts : timestamps) {
            if (ts >= monthStart && ts < monthEnd)
                continue;
            const Month m = monthOf(ts);
            monthStart = m.startMicros;
            monthEnd = m.endMicros;
            if (m.key == lastKey || seen.contains(m.key))
                continue;
            lastKey = m.key;
            seen.insert(m.key);
            if (!partitions().months.contains(prefix + QString::number(m.key)))
                missing.append(m);
        }
    }
    for (const Month &m : missing) {
        const MonthRange range = MonthRange::of(m.startMicros);
        for (const QLatin1StringView table :
             {QLatin1StringView("stream_data"), QLatin1StringView("stream_chunks")}) {
            const QString name = range.partition(table);
            // IF NOT EXISTS: another instance may have made it meanwhile.
            const QString sql =
                QStringLiteral("CREATE TABLE IF NOT EXISTS %1 PARTITION OF %2 FOR VALUES FROM (%3) TO (%4)")
                    .arg(name, table)
                    .arg(m.startMicros)
                    .arg(m.endMicros);
            Status s = m_db.execOnce(sql);
            if (!s) {
                // Two instances creating the same partition at once: the loser sees a duplicate; check again.
                SqlQuery check = m_db.query("SELECT 1 FROM pg_class WHERE relname = ?");
                check.bind(name);
                IOTILE_CHECK(check.exec());
                if (!check.next())
                    return s;
            }
        }
        QMutexLocker lock(&partitions().mutex);
        partitions().months.insert(prefix + QString::number(m.key));
    }
    return Ok {};
}

Status StreamDataStore::applyRollups(const std::vector<DataPoint> &points)
{
    struct Agg
    {
        qint64 count = 0;
        double sum = 0, min = 0, max = 0;
    };
    // Sorted by key so concurrent writers lock rollup rows in the same order (no deadlocks).
    std::map<std::tuple<qint64, int, qint64>, Agg> buckets;
    // Points come in runs of one stream and bucket: the previous point's bucket per level saves most
    // lookups (a map's elements stay where they are).
    Agg *previous[kLevels] = {};
    qint64 previousStream[kLevels] = {}, previousBucket[kLevels] = {};
    for (const DataPoint &p : points) {
        if (!p.value)
            continue;
        const double v = *p.value;
        for (int level = 0; level < kLevels; ++level) {
            const qint64 bucket = floorTo(p.ts, kLevelSize[level]);
            if (!previous[level] || previousStream[level] != p.streamId || previousBucket[level] != bucket) {
                previous[level] = &buckets[{p.streamId, level, bucket}];
                previousStream[level] = p.streamId;
                previousBucket[level] = bucket;
            }
            Agg &a = *previous[level];
            if (a.count == 0) {
                a.min = a.max = v;
            } else {
                a.min = std::min(a.min, v);
                a.max = std::max(a.max, v);
            }
            ++a.count;
            a.sum += v;
        }
    }
    if (buckets.empty())
        return Ok {};
    const QString upsert = QStringLiteral(
        " ON CONFLICT (stream_id, level, bucket) DO UPDATE SET count = stream_rollups.count + "
        "excluded.count, "
        "sum = stream_rollups.sum + excluded.sum, min = {LEAST}(stream_rollups.min, excluded.min), "
        "max = {GREATEST}(stream_rollups.max, excluded.max)");
    if (m_db.dialect().isPostgres()) {
        // One statement of seven arrays however many buckets. As rows of VALUES, QtSql sent every value in
        // an EXECUTE that PostgreSQL parsed, coerced and planned one by one (up to 1,792 of them), in
        // statements of up to 256 rows: about 2 % of the machine in bulk ingest (perf over bench_ingest).
        QByteArray columns[7];
        for (const auto &[key, agg] : buckets) {
            appendArrayItem(columns[0], std::get<0>(key));
            appendArrayItem(columns[1], std::get<1>(key));
            appendArrayItem(columns[2], std::get<2>(key));
            appendArrayItem(columns[3], agg.count);
            appendArrayItem(columns[4], agg.sum);
            appendArrayItem(columns[5], agg.min);
            appendArrayItem(columns[6], agg.max);
        }
        SqlQuery q = m_db.query(
            QStringLiteral(
                "INSERT INTO stream_rollups (stream_id, level, bucket, count, sum, min, max) "
                "SELECT * FROM unnest(CAST(? AS BIGINT[]), CAST(? AS INT[]), CAST(? AS BIGINT[]), "
                "CAST(? AS BIGINT[]), CAST(? AS FLOAT8[]), CAST(? AS FLOAT8[]), CAST(? AS FLOAT8[]))")
            + upsert);
        for (QByteArray &column : columns)
            q.bind(QString::fromLatin1(column + '}'));
        return q.exec();
    }
    auto it = buckets.begin();
    size_t remaining = buckets.size();
    while (remaining > 0) {
        // Statements of power-of-two row counts keep the prepared-statement cache small.
        size_t rows = 256;
        while (rows > remaining)
            rows /= 2;
        QString sql = QStringLiteral(
            "INSERT INTO stream_rollups (stream_id, level, bucket, count, sum, min, max) VALUES ");
        for (size_t i = 0; i < rows; ++i)
            sql += i ? QStringLiteral(",(?,?,?,?,?,?,?)") : QStringLiteral("(?,?,?,?,?,?,?)");
        sql += upsert;
        SqlQuery q = m_db.query(sql);
        for (size_t i = 0; i < rows; ++i, ++it) {
            const auto &[key, agg] = *it;
            q.bind(std::get<0>(key))
                .bind(std::get<1>(key))
                .bind(std::get<2>(key))
                .bind(agg.count)
                .bind(agg.sum);
            q.bind(agg.min).bind(agg.max);
        }
        IOTILE_CHECK(q.exec());
        remaining -= rows;
    }
    return Ok {};
}

Result<qint64> StreamDataStore::insertWithCopy(const std::vector<DataPoint> &points)
{
    IOTILE_TRY(ids, drawIds(points.size()));
    return copyPoints(points, ids);
}

Result<std::vector<qint64>> StreamDataStore::drawIds(size_t count)
{
    // One statement however many blocks: each nextval() hands out kDataIdBlock ids (migration 20).
    SqlQuery q = m_db.query("SELECT nextval('stream_data_id_seq') FROM generate_series(1, CAST(? AS INT))");
    q.bind(qint64((count + migrations::kDataIdBlock - 1) / migrations::kDataIdBlock));
    IOTILE_CHECK(q.exec());
    std::vector<qint64> starts;
    while (q.next())
        starts.push_back(q.int64(0));
    q.raw().finish();
    std::sort(starts.begin(), starts.end());
    std::vector<qint64> ids;
    ids.reserve(count);
    for (const qint64 start : starts)
        for (qint64 id = start; id < start + migrations::kDataIdBlock && ids.size() < count; ++id)
            ids.push_back(id);
    if (ids.size() != count)
        return Error::internal(QStringLiteral("drew %1 of %2 stream data ids").arg(ids.size()).arg(count));
    return ids;
}

Result<qint64> StreamDataStore::copyPoints(const std::vector<DataPoint> &points,
                                           const std::vector<qint64> &ids)
{
    // Points of one month (most batches) are copied into that month's partition: routing every row
    // through the partitioned table was some 5-10 % of the COPY. The partition still checks that each
    // row belongs to it.
    QString table = QStringLiteral("stream_data");
    if (!points.empty()) {
        const auto [oldest, newest] = std::minmax_element(
            points.begin(), points.end(), [](const DataPoint &a, const DataPoint &b) { return a.ts < b.ts; });
        const Month month = monthOf(oldest->ts);
        if (newest->ts < month.endMicros)
            table = month.name;
    }
    using T = BulkInserter::Type;
    BulkInserter bulk(m_db, table,
                      {QStringLiteral("id"), QStringLiteral("stream_id"), QStringLiteral("ts"),
                       QStringLiteral("seq"), QStringLiteral("device_ts"), QStringLiteral("int_value"),
                       QStringLiteral("value"), QStringLiteral("type"), QStringLiteral("status"),
                       QStringLiteral("dirty")},
                      {T::BigInt, T::BigInt, T::BigInt, T::BigInt, T::BigInt, T::BigInt, T::Double,
                       T::SmallInt, T::SmallInt, T::Boolean});
    for (size_t i = 0; i < points.size(); ++i) {
        const DataPoint &p = points[i];
        bulk.add(ids[i]);
        bulk.add(p.streamId);
        bulk.add(p.ts);
        bulk.add(p.seq);
        p.deviceTs ? bulk.add(*p.deviceTs) : bulk.addNull();
        p.intValue ? bulk.add(*p.intValue) : bulk.addNull();
        p.value ? bulk.add(*p.value) : bulk.addNull();
        bulk.add(qint64(p.type));
        bulk.add(qint64(p.status));
        bulk.add(p.dirty);
        IOTILE_CHECK(bulk.endRow());
    }
    IOTILE_CHECK(bulk.finish());
    return qint64(points.size());
}

Result<qint64> StreamDataStore::insertSkippingDuplicates(const std::vector<DataPoint> &points,
                                                         const std::vector<qint64> &ids,
                                                         std::vector<DataPoint> &inserted)
{
    size_t done = 0;
    while (done < points.size()) {
        size_t rows = 64;
        while (rows > points.size() - done)
            rows /= 2;
        QString sql = QStringLiteral("INSERT INTO stream_data (id, stream_id, ts, seq, device_ts, int_value, "
                                     "value, type, status, dirty) VALUES ");
        for (size_t i = 0; i < rows; ++i)
            sql += i ? QStringLiteral(",(?,?,?,?,?,?,?,?,?,?)") : QStringLiteral("(?,?,?,?,?,?,?,?,?,?)");
        sql += QStringLiteral(" ON CONFLICT DO NOTHING RETURNING id, stream_id, ts, value");
        SqlQuery q = m_db.query(sql);
        for (size_t i = 0; i < rows; ++i) {
            const DataPoint &p = points[done + i];
            q.bind(ids[done + i])
                .bind(p.streamId)
                .bind(p.ts)
                .bind(p.seq)
                .bindOptional(p.deviceTs)
                .bindOptional(p.intValue)
                .bindOptional(p.value);
            q.bind(qint64(p.type)).bind(qint64(p.status)).bind(p.dirty);
        }
        IOTILE_CHECK(q.exec());
        while (q.next()) {
            DataPoint p;
            p.id = q.int64(0);
            p.streamId = q.int64(1);
            p.ts = q.int64(2);
            if (!q.isNull(3))
                p.value = q.real(3);
            inserted.push_back(p);
        }
        done += rows;
    }
    return qint64(inserted.size());
}

Result<qint64> StreamDataStore::insertNativeSqlite(const std::vector<DataPoint> &points,
                                                   std::vector<DataPoint> &inserted)
{
    // One cached native statement stepped per row: through QtSql each of the nine values per row cost a
    // QVariant and a formatted placeholder name, more than SQLite's own insert.
    std::optional<Transaction> own; // a write outside a transaction takes the writer lock as one does
    if (!m_db.inTransaction()) {
        own.emplace(m_db);
        IOTILE_CHECK(own->started());
    }
    IOTILE_TRY(statement,
               m_db.sqliteStatement("INSERT OR IGNORE INTO stream_data (stream_id, ts, seq, device_ts, "
                                    "int_value, value, type, status, dirty) VALUES (?,?,?,?,?,?,?,?,?)"));
    sqlite3 *db = m_db.sqliteHandle();
    const qint64 before = qint64(inserted.size());
    for (const DataPoint &p : points) {
        sqlite3_bind_int64(statement, 1, p.streamId);
        sqlite3_bind_int64(statement, 2, p.ts);
        sqlite3_bind_int64(statement, 3, p.seq);
        if (p.deviceTs)
            sqlite3_bind_int64(statement, 4, *p.deviceTs);
        else
            sqlite3_bind_null(statement, 4);
        if (p.intValue)
            sqlite3_bind_int64(statement, 5, *p.intValue);
        else
            sqlite3_bind_null(statement, 5);
        if (p.value)
            sqlite3_bind_double(statement, 6, *p.value);
        else
            sqlite3_bind_null(statement, 6);
        sqlite3_bind_int64(statement, 7, qint64(p.type));
        sqlite3_bind_int64(statement, 8, qint64(p.status));
        sqlite3_bind_int64(statement, 9, p.dirty ? 1 : 0);
        const int rc = sqlite3_step(statement);
        const bool added = rc == SQLITE_DONE && sqlite3_changes(db) > 0;
        sqlite3_reset(statement);
        if (rc != SQLITE_DONE) {
            sqlite3_clear_bindings(statement);
            return Error::internal(QStringLiteral("SQL failed: %1 inserting stream data")
                                       .arg(QString::fromUtf8(sqlite3_errmsg(db))));
        }
        if (added) {
            inserted.push_back(p);
            inserted.back().id = sqlite3_last_insert_rowid(db);
        }
    }
    sqlite3_clear_bindings(statement);
    if (own)
        IOTILE_CHECK(own->commit());
    return qint64(inserted.size()) - before;
}

Result<qint64> StreamDataStore::insert(const std::vector<DataPoint> &points)
{
    return insertPoints(points, true);
}

Result<qint64> StreamDataStore::insertDeferringRollups(const std::vector<DataPoint> &points)
{
    return insertPoints(points, false);
}

Result<qint64> StreamDataStore::insertPoints(const std::vector<DataPoint> &points, bool rollups)
{
    if (points.empty())
        return qint64(0);
    countsChanged(m_db);
    std::vector<DataPoint> inserted;
    if (m_db.dialect().isPostgres()) {
        IOTILE_TRY(ids, drawIds(points.size()));
        // Fast path: COPY. A retried upload hits the unique key and aborts the COPY: undo it to the
        // savepoint and insert row by row, skipping what is already stored (the ids drawn stay this
        // transaction's: a sequence does not roll back).
        IOTILE_CHECK(m_db.execOnce(QStringLiteral("SAVEPOINT data_copy")));
        Result<qint64> copied = copyPoints(points, ids);
        if (copied) {
            IOTILE_CHECK(m_db.execOnce(QStringLiteral("RELEASE SAVEPOINT data_copy")));
            IOTILE_CHECK(noteIds(points, &ids));
            if (rollups)
                IOTILE_CHECK(applyRollups(points));
            return *copied;
        }
        if (!copied.error().message().contains(QLatin1String("duplicate key")))
            return std::move(copied).error();
        IOTILE_CHECK(m_db.execOnce(QStringLiteral("ROLLBACK TO SAVEPOINT data_copy")));
        IOTILE_TRY(count, insertSkippingDuplicates(points, ids, inserted));
        IOTILE_CHECK(noteIds(inserted));
        if (rollups)
            IOTILE_CHECK(applyRollups(inserted));
        return count;
    }
    IOTILE_TRY(count, insertNativeSqlite(points, inserted));
    if (rollups)
        IOTILE_CHECK(applyRollups(inserted));
    return count;
}

Result<DataPoint> StreamDataStore::insertOne(DataPoint p)
{
    SqlQuery existing = m_db.query("SELECT id FROM stream_data WHERE stream_id = ? AND ts = ? AND seq = ?");
    existing.bind(p.streamId).bind(p.ts).bind(p.seq);
    IOTILE_CHECK(existing.exec());
    if (existing.next()) {
        p.id = existing.int64(0);
        return p;
    }
    countsChanged(m_db);
    SqlQuery q = m_db.query(
        "INSERT INTO stream_data (stream_id, ts, seq, device_ts, int_value, value, type, status, dirty) "
        "VALUES (?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(p.streamId)
        .bind(p.ts)
        .bind(p.seq)
        .bindOptional(p.deviceTs)
        .bindOptional(p.intValue)
        .bindOptional(p.value);
    q.bind(qint64(p.type)).bind(qint64(p.status)).bind(p.dirty);
    IOTILE_TRY(id, q.scalarInt64());
    p.id = id;
    IOTILE_CHECK(noteIds({p}));
    IOTILE_CHECK(applyRollups({p}));
    return p;
}

Status StreamDataStore::noteIds(const std::vector<DataPoint> &points, const std::vector<qint64> *ids)
{
    if (!m_db.dialect().isPostgres() || points.empty())
        return Ok {};
    struct Span
    {
        qint64 minTs;
        qint64 maxTs;
        qint64 minId;
        qint64 maxId;
        std::vector<qint64> streams;
    };
    // By day: a lookup reads the named streams' rows over the span, so a span stays within one day even
    // when a transaction mixes a device's backlog with live points. Points come in runs of one stream and
    // one day: the day and the stream list change between runs only.
    std::map<qint64, Span> days;
    qint64 dayStart = 0;
    Span *span = nullptr;
    for (size_t i = 0; i < points.size(); ++i) {
        const DataPoint &p = points[i];
        const qint64 id = ids ? (*ids)[i] : p.id;
        if (!span || p.ts < dayStart || p.ts >= dayStart + isotime::kMicrosPerDay) {
            dayStart = floorTo(p.ts, isotime::kMicrosPerDay);
            span = &days.try_emplace(dayStart, Span {p.ts, p.ts, id, id, {}}).first->second;
        }
        span->minTs = std::min(span->minTs, p.ts);
        span->maxTs = std::max(span->maxTs, p.ts);
        span->minId = std::min(span->minId, id);
        span->maxId = std::max(span->maxId, id);
        if (span->streams.empty() || span->streams.back() != p.streamId)
            span->streams.push_back(p.streamId);
    }
    SqlQuery q = m_db.query("INSERT INTO stream_data_id_ranges (ids, streams, min_ts, max_ts) VALUES "
                            "(int8range(?, ?, '[]'), CAST(? AS BIGINT[]), ?, ?)");
    for (auto &[start, span] : days) {
        std::sort(span.streams.begin(), span.streams.end());
        span.streams.erase(std::unique(span.streams.begin(), span.streams.end()), span.streams.end());
        QByteArray list;
        for (const qint64 key : span.streams)
            appendArrayItem(list, key);
        q.bind(span.minId)
            .bind(span.maxId)
            .bind(QString::fromLatin1(list + '}'))
            .bind(span.minTs)
            .bind(span.maxTs);
        IOTILE_CHECK(q.exec());
    }
    return Ok {};
}

Status StreamDataStore::rebuildRollups(qint64 key, qint64 start, qint64 end)
{
    // Whole days cover every finer bucket touched.
    const qint64 from = floorTo(start, isotime::kMicrosPerDay);
    const qint64 to = floorTo(end - 1, isotime::kMicrosPerDay) + isotime::kMicrosPerDay;
    SqlQuery del =
        m_db.query("DELETE FROM stream_rollups WHERE stream_id = ? AND bucket >= ? AND bucket < ?");
    del.bind(key).bind(from).bind(to);
    IOTILE_CHECK(del.exec());
    for (int level = 0; level < kLevels; ++level) {
        const QString bucket = floorSql(QStringLiteral("ts"), kLevelSize[level]);
        SqlQuery q = m_db.query(
            QStringLiteral(
                "INSERT INTO stream_rollups (stream_id, level, bucket, count, sum, min, max) "
                "SELECT stream_id, %1, %2, count(*), sum(value), min(value), max(value) FROM stream_data "
                "WHERE stream_id = ? AND ts >= ? AND ts < ? AND value IS NOT NULL GROUP BY stream_id, %2")
                .arg(level)
                .arg(bucket));
        q.bind(key).bind(from).bind(to);
        IOTILE_CHECK(q.exec());
    }
    return Ok {};
}

Status StreamDataStore::retime(const std::vector<DataPoint> &points, const std::vector<qint64> &previousTs)
{
    countsChanged(m_db);
    // The old time finds the row's partition (PostgreSQL moves a row whose new time is another month's).
    SqlQuery q = m_db.query(
        "UPDATE stream_data SET ts = ?, status = ?, dirty = ? WHERE id = ? AND stream_id = ? AND ts = ?");
    std::map<qint64, std::pair<qint64, qint64>> touched; // stream key -> time span, old and new
    for (size_t i = 0; i < points.size(); ++i) {
        const DataPoint &p = points[i];
        q.bind(p.ts).bind(qint64(p.status)).bind(p.dirty).bind(p.id).bind(p.streamId).bind(previousTs[i]);
        IOTILE_CHECK(q.exec());
        const qint64 lo = std::min(p.ts, previousTs[i]), hi = std::max(p.ts, previousTs[i]);
        auto [it, fresh] = touched.try_emplace(p.streamId, lo, hi);
        if (!fresh)
            it->second = {std::min(it->second.first, lo), std::max(it->second.second, hi)};
    }
    IOTILE_CHECK(noteIds(points));
    for (const auto &[key, span] : touched)
        IOTILE_CHECK(rebuildRollups(key, span.first, span.second + 1));
    return Ok {};
}

Result<qint64> StreamDataStore::remove(const DataSelector &selector)
{
    countsChanged(m_db);
    // Which streams and what time span the delete touches, for the rollup rebuild.
    QVariantList binds;
    const QString filter = where(selector, binds);
    SqlQuery span = m_db.query(QStringLiteral("SELECT stream_id, min(ts), max(ts) FROM stream_data") + filter
                               + QStringLiteral(" GROUP BY stream_id"));
    for (const QVariant &v : binds)
        span.bind(v);
    IOTILE_CHECK(span.exec());
    QList<std::tuple<qint64, qint64, qint64>> touched;
    while (span.next())
        touched.append({span.int64(0), span.int64(1), span.int64(2)});
    SqlQuery del = m_db.query(QStringLiteral("DELETE FROM stream_data") + filter);
    for (const QVariant &v : binds)
        del.bind(v);
    IOTILE_CHECK(del.exec());
    const qint64 deleted = del.rowsAffected();
    for (const auto &[key, first, last] : touched)
        IOTILE_CHECK(rebuildRollups(key, first, last + 1));
    return deleted;
}

// ----------------------------------------------------------------------------------------------- reads

QString StreamDataStore::where(const DataSelector &s, QVariantList &binds) const
{
    QStringList c;
    if (!s.slices.empty()) {
        QStringList any;
        for (const KeySlice &slice : s.slices) {
            any << (slice.end ? QStringLiteral("(stream_id = ? AND ts >= ? AND ts < ?)")
                              : QStringLiteral("(stream_id = ? AND ts >= ?)"));
            binds << slice.key << slice.start;
            if (slice.end)
                binds << *slice.end;
        }
        c << QLatin1Char('(') + any.join(QStringLiteral(" OR ")) + QLatin1Char(')');
    } else if (s.key) {
        c << QStringLiteral("stream_id = ?");
        binds << *s.key;
    } else {
        c << QStringLiteral("stream_id IN (SELECT id FROM stream_keys WHERE slug LIKE ?)");
        binds << s.slugPattern;
    }
    const auto range = [&](const char *expr, const std::optional<qint64> &v) {
        if (v) {
            c << QLatin1String(expr);
            binds << *v;
        }
    };
    range("ts >= ?", s.start);
    range("ts < ?", s.end);
    range("ts = ?", s.timestamp);
    range("id >= ?", s.idMin);
    range("id <= ?", s.idMax);
    range("seq >= ?", s.seqMin);
    range("seq <= ?", s.seqMax);
    range("device_ts >= ?", s.deviceTsMin);
    range("device_ts <= ?", s.deviceTsMax);
    return QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

Result<qint64> StreamDataStore::count(const DataSelector &selector, std::optional<qint64> lastn)
{
    if (selector.isEmptyRange())
        return qint64(0);
    QVariantList binds;
    const QString filter = where(selector, binds);
    QString sql;
    if (lastn) {
        // Bounded by lastn: never scans more than N index entries.
        sql = QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM stream_data") + filter
            + QStringLiteral(" ORDER BY ts DESC LIMIT ?) t");
        binds << *lastn;
    } else {
        sql = QStringLiteral("SELECT count(*) FROM stream_data") + filter;
    }
    QByteArray cacheKey = identityOf(m_db).toUtf8() + '|' + sql.toUtf8();
    for (const QVariant &v : binds)
        cacheKey += '|' + v.toString().toUtf8();
    quint64 generation = 0;
    if (const auto cached = countCache().find(cacheKey, generation))
        return *cached;
    SqlQuery q = m_db.query(sql);
    for (const QVariant &v : binds)
        q.bind(v);
    IOTILE_TRY(n, q.scalarInt64());
    countCache().store(cacheKey, n, generation);
    return n;
}

namespace {

// The start of the month partition holding the stream's newest point, or nothing when it has none.
Result<std::optional<qint64>> newestMonthStart(SqlConnection &db, qint64 key)
{
    const QByteArray cacheKey = identityOf(db).toUtf8() + '|' + QByteArray::number(key);
    quint64 generation = 0;
    std::optional<qint64> start = newestMonthCache().find(cacheKey, generation);
    if (!start) {
        SqlQuery q = db.query("SELECT MAX(ts) FROM stream_data WHERE stream_id = ?");
        q.bind(key);
        IOTILE_CHECK(q.exec());
        start = q.next() && !q.isNull(0) ? monthOf(q.int64(0)).startMicros : kNoPoints;
        q.raw().finish();
        newestMonthCache().store(cacheKey, *start, generation);
    }
    if (*start == kNoPoints)
        return std::optional<qint64>();
    return start;
}

// The key (ts, seq) of the point `offset` places below the newest of a selection (`filter` is its WHERE).
QString newestKeySql(const QString &filter, const QString &offset)
{
    return QStringLiteral("SELECT ts, seq FROM stream_data") + filter
        + QStringLiteral(" ORDER BY ts DESC, seq DESC LIMIT 1 OFFSET ") + offset;
}

QString selectPoints(const Dialect &dialect, const QString &filter)
{
    return QStringLiteral("SELECT %1 FROM stream_data").arg(PointReader::columns(dialect)) + filter;
}

} // namespace

Result<std::vector<DataPoint>> StreamDataStore::fetch(const DataSelector &selector,
                                                      std::optional<qint64> lastn, Order order, qint64 offset,
                                                      qint64 limit)
{
    std::vector<DataPoint> out;
    if (selector.isEmptyRange() || limit <= 0)
        return out;
    QVariantList binds;
    const QString filter = where(selector, binds);
    const char *orderBy = "";
    switch (order) {
    case Order::TimeAscending:
        orderBy = " ORDER BY ts, seq";
        break;
    case Order::TimeDescending:
        orderBy = " ORDER BY ts DESC, seq DESC";
        break;
    case Order::SeqAscending:
        orderBy = " ORDER BY seq, ts";
        break;
    case Order::SeqDescending:
        orderBy = " ORDER BY seq DESC, ts DESC";
        break;
    }
    // PostgreSQL plans a prepared statement whose LIMIT is a parameter again on every execution (its
    // generic plan reckons with a tenth of the table), and planning cost as much as reading a page of 100.
    // A first page's LIMIT is written into the text, so the statement's generic plan is used again; later
    // pages keep LIMIT and OFFSET parameters (each is read about once). SQLite plans once anyway.
    const bool literalLimit = m_db.dialect().isPostgres();
    const auto page = [&](qint64 take, qint64 skip) {
        if (literalLimit && skip == 0)
            return QStringLiteral(" LIMIT %1").arg(take);
        binds << take << skip;
        return QStringLiteral(" LIMIT ? OFFSET ?");
    };
    const QString columns = selectPoints(m_db.dialect(), QString());
    QString sql;
    bool reverse = false;
    if (lastn && (order == Order::TimeAscending || order == Order::TimeDescending)) {
        // The last n in time order are the first n of a descending index scan: page within them without
        // the sub-select, whose re-sort into ascending order cost SQLite a temporary b-tree of n rows.
        qint64 skip = offset, take = std::min(limit, *lastn - offset);
        if (order == Order::TimeAscending && m_db.dialect().isSqlite() && selector.key
            && selector.slices.empty()) {
            // SQLite looks each index entry's row up from the table's root, except the row after the one
            // it has: an ascending read of n rows costs about two thirds of a descending one. The oldest of
            // the last n is found in the index alone; the page is read forwards from it.
            IOTILE_TRY(n, count(selector, lastn));
            if (offset >= n)
                return out;
            if (const qint64 rows = std::min(limit, n - offset); m_parallel && rows >= kParallelRows) {
                IOTILE_TRY(halves, fetchHalvesSqlite(filter, binds, n, offset, rows, out));
                if (halves)
                    return out;
                out.clear();
            }
            // (A count kept from before rows came or went still gives n of the newest rows.)
            SqlQuery oldest = m_db.query(newestKeySql(filter, QStringLiteral("?")));
            for (const QVariant &v : std::as_const(binds))
                oldest.bind(v);
            oldest.bind(n - 1);
            IOTILE_CHECK(oldest.exec());
            QString from;
            if (oldest.next()) {
                from = QStringLiteral(" AND (ts, seq) >= (?, ?)");
                binds << oldest.int64(0) << oldest.int64(1);
            }
            oldest.raw().finish();
            sql = columns + filter + from + QStringLiteral(" ORDER BY ts, seq LIMIT ? OFFSET ?");
            binds << std::min(limit, n - offset) << offset;
            out.reserve(size_t(std::min<qint64>(limit, 100000)));
            IOTILE_CHECK(PointReader(m_db).read(sql, binds, out));
            return out;
        }
        if (order == Order::TimeAscending) {
            if (offset == 0 && limit >= *lastn) {
                take = *lastn; // the whole of the last n, newest first: no count needed
            } else {
                IOTILE_TRY(n, count(selector, lastn));
                const qint64 endRow = std::max<qint64>(0, n - offset);
                skip = std::max<qint64>(0, endRow - limit);
                take = endRow - skip;
            }
            reverse = true;
        }
        if (take <= 0)
            return out;
        if (literalLimit && selector.key && selector.slices.empty()) {
            // A generic plan reads every monthly partition's index (years of them) to find a stream's
            // newest points. Bounded below by the month of the stream's newest point, PostgreSQL leaves the
            // older partitions out. The bound is written into the statement's text: as a parameter the
            // partitions were pruned at every execution, after it had locked each of them and its index
            // (PostgreSQL 15: 47 relation locks against 14 with 15 partitions), and the statement of
            // lastn=100 cost PostgreSQL nearly twice as much (pgbench: 4,400 against 8,100 per second).
            // Should the bound leave fewer rows than the page takes, the page is read again without it.
            IOTILE_TRY(hint, newestMonthStart(m_db, *selector.key));
            if (hint && !(selector.start && *selector.start >= *hint)) {
                bool read = false;
                if (m_parallel && skip == 0 && take >= kParallelRows) {
                    IOTILE_TRY(halves,
                               fetchHalvesPostgres(filter, binds, *hint, take,
                                                   selector.hasConditions() ? std::nullopt : selector.key,
                                                   out));
                    read = halves;
                }
                if (!read) {
                    out.clear();
                    QVariantList bounded = binds;
                    QString boundedSql = columns + filter
                        + QStringLiteral(" AND ts >= %1 ORDER BY ts DESC, seq DESC").arg(*hint);
                    if (skip == 0) {
                        boundedSql += QStringLiteral(" LIMIT %1").arg(take);
                    } else {
                        boundedSql += QStringLiteral(" LIMIT ? OFFSET ?");
                        bounded << take << skip;
                    }
                    IOTILE_CHECK(PointReader(m_db).read(boundedSql, bounded, out));
                }
                if (qint64(out.size()) == take) {
                    if (reverse)
                        std::reverse(out.begin(), out.end());
                    return out;
                }
                out.clear();
            }
        }
        sql = columns + filter + QStringLiteral(" ORDER BY ts DESC, seq DESC") + page(take, skip);
    } else if (lastn) {
        QString inner = QStringLiteral(" LIMIT ?");
        if (literalLimit)
            inner = QStringLiteral(" LIMIT %1").arg(*lastn);
        else
            binds << *lastn;
        sql = QStringLiteral("SELECT * FROM (") + selectPoints(m_db.dialect(), filter)
            + QStringLiteral(" ORDER BY ts DESC, seq DESC") + inner + QStringLiteral(") t")
            + QLatin1String(orderBy) + page(limit, offset);
    } else {
        sql = columns + filter + QLatin1String(orderBy) + page(limit, offset);
    }
    out.reserve(size_t(std::min<qint64>(limit, 100000)));
    IOTILE_CHECK(PointReader(m_db).read(sql, binds, out));
    if (reverse)
        std::reverse(out.begin(), out.end());
    return out;
}

namespace {

// Appends the helper's half to this thread's and cuts the page at `take`. Waits for the helper's read even
// when this thread's failed.
Result<bool> joinHalves(const Status &own, ParallelReader::Read &other, qint64 take,
                        std::vector<DataPoint> &out)
{
    auto rest = other.take();
    if (!own)
        return own.error();
    if (!rest)
        return std::move(rest).error();
    out.insert(out.end(), rest->begin(), rest->end());
    if (qint64(out.size()) > take)
        out.resize(size_t(take));
    return true;
}

} // namespace

// The page is the `take` rows from ascending position `offset` on within the last n. Its older half is read
// here, its newer half on the helper's thread, split at a key both reads take from one statement: rows
// added meanwhile can neither appear twice nor leave a hole at the seam. False: the rows are gone (the
// caller reads the page in one piece).
Result<bool> StreamDataStore::fetchHalvesSqlite(const QString &filter, const QVariantList &binds, qint64 n,
                                                qint64 offset, qint64 take, std::vector<DataPoint> &out)
{
    const qint64 mid = offset + take / 2; // ascending position of the newer half's first row
    const QString nth = newestKeySql(filter, QStringLiteral("?"));
    SqlQuery keys = m_db.query(
        QStringLiteral("SELECT 0, ts, seq FROM (%1) UNION ALL SELECT 1, ts, seq FROM (%1)").arg(nth));
    for (qint64 position : {n - 1, n - 1 - mid}) {
        for (const QVariant &v : binds)
            keys.bind(v);
        keys.bind(position);
    }
    IOTILE_CHECK(keys.exec());
    std::optional<std::pair<qint64, qint64>> oldest, middle;
    while (keys.next())
        (keys.int64(0) == 0 ? oldest : middle) = std::pair(keys.int64(1), keys.int64(2));
    keys.raw().finish();
    if (!oldest || !middle)
        return false;
    const QString columns = selectPoints(m_db.dialect(), filter);
    QVariantList newer = binds;
    newer << middle->first << middle->second << offset + take - mid;
    const auto pending = m_parallel->start(
        columns + QStringLiteral(" AND (ts, seq) >= (?, ?) ORDER BY ts, seq LIMIT ?"), newer);
    // Not limited to its half: a point that came in between reaches past `take`, and the page is cut there.
    QVariantList older = binds;
    older << oldest->first << oldest->second << middle->first << middle->second << take << offset;
    out.reserve(size_t(take));
    const Status own = PointReader(m_db).read(
        columns
            + QStringLiteral(
                " AND (ts, seq) >= (?, ?) AND (ts, seq) < (?, ?) ORDER BY ts, seq LIMIT ? OFFSET ?"),
        older, out);
    return joinHalves(own, *pending, take, out);
}

Result<std::optional<qint64>> StreamDataStore::rollupSplit(qint64 key, qint64 since, qint64 newerRows)
{
    // The newest minute from which on the stream has at least `newerRows` points, summed from its per-minute
    // rollups newest first (at most 2,000 of them: a sparser stream is split at a key instead).
    SqlQuery q = m_db.query("SELECT bucket FROM (SELECT bucket,"
                            " sum(count) OVER (ORDER BY bucket DESC ROWS UNBOUNDED PRECEDING) AS n FROM"
                            " (SELECT bucket, count FROM stream_rollups WHERE stream_id = ? AND level = 0"
                            " AND bucket >= ? ORDER BY bucket DESC LIMIT 2000) b) r"
                            " WHERE n >= ? ORDER BY bucket DESC LIMIT 1");
    q.bind(key).bind(since).bind(newerRows);
    IOTILE_CHECK(q.exec());
    std::optional<qint64> bucket;
    if (q.next())
        bucket = q.int64(0);
    q.raw().finish();
    return bucket;
}

// The newest `take` rows of the selection at or after `since`, newest first, read in two parts on two
// connections. The seam is a boundary both reads share, so rows added meanwhile can neither appear twice nor
// leave a hole there. Where the stream's rollups say where half of the rows begin, the seam is that minute
// (one short read of the rollups); otherwise it is the key of the newest half's oldest row, found by a read
// of as many index entries first. False: not even half a page is at or after `since`. A page shorter than
// `take` (too few rows, or too new a seam) is read again in one piece by the caller.
Result<bool> StreamDataStore::fetchHalvesPostgres(const QString &selection, const QVariantList &binds,
                                                  qint64 since, qint64 take, std::optional<qint64> plainKey,
                                                  std::vector<DataPoint> &out)
{
    const qint64 newerRows = take / 2;
    const QString filter = selection + QStringLiteral(" AND ts >= %1").arg(since); // a literal: see fetch
    const QString columns = selectPoints(m_db.dialect(), filter);
    const QString newestFirst = QStringLiteral(" ORDER BY ts DESC, seq DESC LIMIT %1");
    out.reserve(size_t(take));
    std::optional<qint64> seamTs;
    if (plainKey) {
        IOTILE_TRY(minute, rollupSplit(*plainKey, since, newerRows));
        seamTs = minute;
    }
    // Rollups count the rows the selection reads (the same stream, no other condition; points without a
    // value are not counted), but a write committed between the reads or rollups not rebuilt yet can make the
    // estimate miss. Too old a seam leaves more to this thread's part, which reads up to the whole page; too
    // new a seam leaves the page short, and the caller reads it in one piece.
    QVariantList split = binds;
    QString older = QStringLiteral(" AND ts < ?"), newer = QStringLiteral(" AND ts >= ?");
    if (seamTs) {
        split << *seamTs;
    } else {
        SqlQuery key = m_db.query(newestKeySql(filter, QString::number(newerRows - 1)));
        for (const QVariant &v : std::as_const(binds))
            key.bind(v);
        IOTILE_CHECK(key.exec());
        if (!key.next()) {
            key.raw().finish();
            return false;
        }
        split << key.int64(0) << key.int64(1);
        key.raw().finish();
        older = QStringLiteral(" AND (ts, seq) < (?, ?)");
        newer = QStringLiteral(" AND (ts, seq) >= (?, ?)");
    }
    const auto pending = m_parallel->start(columns + older + newestFirst.arg(take - newerRows), split);
    const Status own = PointReader(m_db).read(columns + newer + newestFirst.arg(take), split, out);
    return joinHalves(own, *pending, take, out);
}

Result<std::optional<DataPoint>> StreamDataStore::byId(qint64 id)
{
    std::vector<DataPoint> found;
    if (m_db.dialect().isPostgres()) {
        // The ranges naming the id lead to its streams and time span (noteIds), and the (stream, time) key
        // to the row. Two statements: joined, the planner preferred scanning every partition for the id.
        SqlQuery ranges =
            m_db.query("SELECT CAST(streams AS TEXT), min_ts, max_ts FROM stream_data_id_ranges "
                       "WHERE ids @> CAST(? AS BIGINT)");
        ranges.bind(id);
        IOTILE_CHECK(ranges.exec());
        std::vector<std::tuple<QString, qint64, qint64>> candidates;
        while (ranges.next())
            candidates.emplace_back(ranges.text(0), ranges.int64(1), ranges.int64(2)); // "{1,2}"
        ranges.raw().finish();
        const QString sql =
            selectPoints(m_db.dialect(),
                         QStringLiteral(" WHERE stream_id = ANY(CAST(? AS BIGINT[])) AND ts >= ? "
                                        "AND ts <= ? AND id = ?"));
        for (const auto &[streams, from, to] : candidates) {
            IOTILE_CHECK(PointReader(m_db).read(sql, {streams, from, to, id}, found));
            if (!found.empty())
                break;
        }
    } else {
        IOTILE_CHECK(PointReader(m_db).read(selectPoints(m_db.dialect(), QStringLiteral(" WHERE id = ?")),
                                            {id}, found));
    }
    if (found.empty())
        return std::optional<DataPoint>();
    return std::optional<DataPoint>(found.front());
}

Status StreamDataStore::updateValues(const DataPoint &p)
{
    countsChanged(m_db);
    IOTILE_TRY(before, byId(p.id));
    if (!before)
        return Error::notFound();
    SqlQuery q = m_db.query("UPDATE stream_data SET ts = ?, seq = ?, device_ts = ?, int_value = ?, value = "
                            "?, type = ?, status = ?, "
                            "dirty = ? WHERE id = ?");
    q.bind(p.ts)
        .bind(p.seq)
        .bindOptional(p.deviceTs)
        .bindOptional(p.intValue)
        .bindOptional(p.value)
        .bind(qint64(p.type));
    q.bind(qint64(p.status)).bind(p.dirty).bind(p.id);
    IOTILE_CHECK(q.exec());
    if (p.ts != before->ts)
        IOTILE_CHECK(noteIds({p}));
    IOTILE_CHECK(rebuildRollups(before->streamId, before->ts, before->ts + 1));
    return rebuildRollups(p.streamId, p.ts, p.ts + 1);
}

Status StreamDataStore::removeById(qint64 id)
{
    countsChanged(m_db);
    IOTILE_TRY(before, byId(id));
    if (!before)
        return Error::notFound();
    SqlQuery q = m_db.query("DELETE FROM stream_data WHERE id = ?");
    q.bind(id);
    IOTILE_CHECK(q.exec());
    return rebuildRollups(before->streamId, before->ts, before->ts + 1);
}

QString StreamDataStore::timeOrderSql(const Dialect &dialect, qint64 key, bool timeAndValue,
                                      std::optional<std::pair<qint64, qint64>> afterKey,
                                      std::optional<qint64> from, std::optional<qint64> to, qint64 limit,
                                      QVariantList &binds)
{
    // A row-value comparison is one index range in both databases; SQLite walked "ts > ? OR (ts = ? AND
    // seq > ?)" from the stream's first entry, so every page of an export cost more than the one before.
    QString sql =
        QStringLiteral("SELECT %1 FROM stream_data WHERE stream_id = ?")
            .arg(PointReader::columns(
                dialect, timeAndValue ? PointReader::Shape::TimeAndValue : PointReader::Shape::Point));
    binds = {key};
    if (afterKey) {
        sql += QStringLiteral(" AND (ts, seq) > (?, ?)");
        binds << afterKey->first << afterKey->second;
    } else if (from) {
        sql += QStringLiteral(" AND ts >= ?");
        binds << *from;
    }
    if (to) {
        sql += QStringLiteral(" AND ts < ?");
        binds << *to;
    }
    // The LIMIT in the text, as in fetch(): PostgreSQL then reuses the statement's generic plan.
    if (dialect.isPostgres()) {
        sql += QStringLiteral(" ORDER BY ts, seq LIMIT %1").arg(limit);
    } else {
        sql += QStringLiteral(" ORDER BY ts, seq LIMIT ?");
        binds << limit;
    }
    return sql;
}

Result<std::vector<DataPoint>> StreamDataStore::after(qint64 key, qint64 ts, qint64 seq,
                                                      std::optional<qint64> end, qint64 limit,
                                                      bool timeAndValue)
{
    QVariantList binds;
    const QString sql =
        timeOrderSql(m_db.dialect(), key, timeAndValue, std::pair(ts, seq), std::nullopt, end, limit, binds);
    std::vector<DataPoint> out;
    out.reserve(size_t(limit));
    IOTILE_CHECK(PointReader(m_db).read(sql, binds, out));
    return out;
}

Result<std::vector<AggregateBucket>> StreamDataStore::aggregate(qint64 key, qint64 start, qint64 end,
                                                                qint64 interval)
{
    std::map<qint64, AggregateBucket> merged;
    const auto add = [&](qint64 at, qint64 count, double sum, double min, double max) {
        if (count <= 0)
            return;
        AggregateBucket &b = merged[floorTo(at, interval)];
        if (b.count == 0) {
            b.min = min;
            b.max = max;
        } else {
            b.min = std::min(b.min, min);
            b.max = std::max(b.max, max);
        }
        b.count += count;
        b.sum += sum;
    };
    // The coarsest rollup level that divides the interval, if any.
    int level = -1;
    for (int l = kLevels - 1; l >= 0; --l) {
        if (interval % kLevelSize[l] == 0) {
            level = l;
            break;
        }
    }
    qint64 innerStart = start, innerEnd = start;
    if (level >= 0) {
        const qint64 size = kLevelSize[level];
        innerStart = floorTo(start + size - 1, size);
        innerEnd = std::max(innerStart, floorTo(end, size));
        if (innerEnd > innerStart) {
            SqlQuery q = m_db.query(
                "SELECT bucket, count, sum, min, max FROM stream_rollups WHERE stream_id = ? AND level = ? "
                "AND bucket >= ? AND bucket < ? ORDER BY bucket");
            q.bind(key).bind(level).bind(innerStart).bind(innerEnd);
            IOTILE_CHECK(q.exec());
            while (q.next())
                add(q.int64(0), q.int64(1), q.real(2), q.real(3), q.real(4));
        }
    }
    // Raw points where no rollup covers: the whole range without a level, or the partial edges.
    const auto raw = [&](qint64 from, qint64 to) -> Status {
        if (from >= to)
            return Ok {};
        const qint64 base = floorTo(from, interval);
        SqlQuery q = m_db.query(QStringLiteral(
            "SELECT (ts - ?) / ?, count(*), sum(value), min(value), max(value) FROM stream_data "
            "WHERE stream_id = ? AND ts >= ? AND ts < ? AND value IS NOT NULL GROUP BY 1"));
        q.bind(base).bind(interval).bind(key).bind(from).bind(to);
        IOTILE_CHECK(q.exec());
        while (q.next())
            add(base + q.int64(0) * interval, q.int64(1), q.real(2), q.real(3), q.real(4));
        return Ok {};
    };
    if (level < 0 || innerEnd <= innerStart) {
        IOTILE_CHECK(raw(start, end));
    } else {
        IOTILE_CHECK(raw(start, innerStart));
        IOTILE_CHECK(raw(innerEnd, end));
    }
    std::vector<AggregateBucket> out;
    out.reserve(merged.size());
    for (auto &[at, b] : merged) {
        b.start = at;
        out.push_back(b);
    }
    return out;
}

Result<std::optional<std::pair<qint64, qint64>>> StreamDataStore::extent(qint64 key)
{
    SqlQuery q = m_db.query("SELECT min(ts), max(ts) FROM stream_data WHERE stream_id = ?");
    q.bind(key);
    IOTILE_CHECK(q.exec());
    if (!q.next() || q.isNull(0))
        return std::optional<std::pair<qint64, qint64>>();
    return std::optional<std::pair<qint64, qint64>>(std::make_pair(q.int64(0), q.int64(1)));
}

Result<qint64> StreamDataStore::dropBefore(qint64 cutoff)
{
    countsChanged(m_db);
    if (!m_db.dialect().isPostgres()) {
        DataSelector all;
        all.slugPattern = QStringLiteral("%");
        all.end = cutoff;
        return remove(all);
    }
    SqlQuery q = m_db.query("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
                            "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
                            "WHERE p.relname = 'stream_data'");
    IOTILE_CHECK(q.exec());
    QStringList doomed;
    while (q.next()) {
        // "FOR VALUES FROM ('…') TO ('…')": the partition goes when its upper bound is at or before the
        // cutoff.
        const QString bound = q.text(1);
        const qsizetype to = bound.indexOf(QLatin1String("TO ("));
        const QString upper = bound.mid(to + 4).remove(QLatin1Char('\'')).remove(QLatin1Char(')')).trimmed();
        bool ok = false;
        const qint64 upperMicros = upper.toLongLong(&ok);
        if (ok && upperMicros <= cutoff)
            doomed << q.text(0);
    }
    for (const QString &name : doomed) {
        IOTILE_CHECK(m_db.execOnce(QStringLiteral("DROP TABLE IF EXISTS %1").arg(name)));
    }
    SqlQuery rollups = m_db.query("DELETE FROM stream_rollups WHERE bucket < ?");
    rollups.bind(floorTo(cutoff, isotime::kMicrosPerDay));
    IOTILE_CHECK(rollups.exec());
    SqlQuery ranges = m_db.query("DELETE FROM stream_data_id_ranges WHERE max_ts < ?");
    ranges.bind(cutoff);
    IOTILE_CHECK(ranges.exec());
    {
        QMutexLocker lock(&partitions().mutex);
        partitions().months.clear();
    }
    return qint64(doomed.size());
}

Result<qint64> StreamDataStore::dropEmptyPartitions(std::optional<qint64> endingBy)
{
    if (!m_db.dialect().isPostgres())
        return qint64(0);
    SqlQuery q = m_db.query("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
                            "JOIN pg_class c ON c.oid = i.inhrelid "
                            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'stream_data'");
    IOTILE_CHECK(q.exec());
    QStringList names;
    while (q.next()) {
        if (endingBy) {
            const QString bound = q.text(1);
            const qsizetype to = bound.indexOf(QLatin1String("TO ("));
            bool ok = false;
            const qint64 upper = bound.mid(to + 4)
                                     .remove(QLatin1Char('\''))
                                     .remove(QLatin1Char(')'))
                                     .trimmed()
                                     .toLongLong(&ok);
            if (!ok || upper > *endingBy)
                continue;
        }
        names << q.text(0);
    }
    qint64 dropped = 0;
    for (const QString &name : names) {
        QSqlQuery probe(m_db.db());
        if (!probe.exec(QStringLiteral("SELECT 1 FROM %1 LIMIT 1").arg(name)))
            continue;
        if (probe.next())
            continue;
        IOTILE_CHECK(m_db.execOnce(QStringLiteral("DROP TABLE IF EXISTS %1").arg(name)));
        ++dropped;
    }
    if (dropped) {
        QMutexLocker lock(&partitions().mutex);
        partitions().months.clear();
    }
    return dropped;
}

Result<QString> StreamDataStore::reclaimSpace()
{
    if (m_db.dialect().isPostgres()) {
        // Not inside a transaction (VACUUM refuses); plain VACUUM takes no lock that blocks ingest.
        IOTILE_CHECK(
            m_db.execOnce(QStringLiteral("VACUUM (ANALYZE) stream_data, stream_events, stream_rollups")));
        return QStringLiteral("vacuumed");
    }
    const auto pragma = [&](const char *sql) -> Result<qint64> {
        SqlQuery q = m_db.query(sql);
        return q.scalarInt64();
    };
    IOTILE_TRY(mode, pragma("PRAGMA auto_vacuum"));
    IOTILE_TRY(freePages, pragma("PRAGMA freelist_count"));
    IOTILE_TRY(pages, pragma("PRAGMA page_count"));
    m_db.finishAll();
    QString done;
    if (mode == 2) {
        IOTILE_CHECK(m_db.execOnce(QStringLiteral("PRAGMA incremental_vacuum")));
        done = QStringLiteral("incremental vacuum of %1 free page(s)").arg(freePages);
    } else if (freePages > 0 && freePages * 4 > pages) {
        // Rewrites the file: only worth it when much of it is free. Busy (another connection reading
        // or writing): the pages stay free for later inserts, and the next run tries again.
        if (Status s = m_db.execOnce(QStringLiteral("VACUUM")); !s)
            return QStringLiteral("vacuum skipped (%1)").arg(s.error().message());
        done = QStringLiteral("vacuumed %1 free page(s) of %2").arg(freePages).arg(pages);
    } else {
        done = QStringLiteral("%1 free page(s) of %2 left for reuse").arg(freePages).arg(pages);
    }
    if (Status s = m_db.execOnce(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")); !s)
        return done + QStringLiteral(", checkpoint skipped");
    return done;
}

} // namespace iotile
