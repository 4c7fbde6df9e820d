#include "server/store/streamdatastore.h"

#include "common/util/isotime.h"
#include "server/store/bulkinserter.h"
#include "server/store/chunkstore.h"
#include "server/store/commithooks.h"
#include "server/store/database.h"
#include "server/store/migrations/migrations.h"
#include "server/store/monthrange.h"

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
    // Months by their start, the key the partition cache knows them by.
    QList<MonthRange> missing;
    {
        QMutexLocker lock(&partitions().mutex);
        QSet<qint64> seen;
        MonthRange previous; // the month of the previous point: most points share it
        for (qint64 ts : timestamps) {
            if (previous.contains(ts))
                continue;
            previous = MonthRange::of(ts);
            if (seen.contains(previous.startMicros))
                continue;
            seen.insert(previous.startMicros);
            if (!partitions().months.contains(prefix + QString::number(previous.startMicros)))
                missing.append(previous);
        }
    }
    for (const MonthRange &m : missing) {
        const QString name = m.partition(QLatin1StringView("stream_chunks"));
        // IF NOT EXISTS: another instance may have made it meanwhile.
        const QString sql =
            QStringLiteral(
                "CREATE TABLE IF NOT EXISTS %1 PARTITION OF stream_chunks FOR VALUES FROM (%2) TO (%3)")
                .arg(name)
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
        QMutexLocker lock(&partitions().mutex);
        partitions().months.insert(prefix + QString::number(m.startMicros));
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
    IOTILE_TRY(inserted, ChunkStore(m_db).insert(points));
    return qint64(inserted.size());
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
    IOTILE_TRY(inserted, ChunkStore(m_db).insert(points));
    if (rollups)
        IOTILE_CHECK(applyRollups(inserted));
    return qint64(inserted.size());
}

namespace {

constexpr qint64 kLowest = std::numeric_limits<qint64>::min();
// A lastn up to this is read whole rather than counted first (see fetch).
constexpr qint64 kDirectLastn = 20000;
constexpr qint64 kHighest = std::numeric_limits<qint64>::max();

// The smallest key above `k`.
PointKey justAbove(PointKey k)
{
    return k.seq == kHighest ? PointKey {k.ts + 1, kLowest} : PointKey {k.ts, k.seq + 1};
}

// A lower or upper bound on time as a bound on keys (every seq of that time on, or below it).
std::optional<PointKey> timeBound(std::optional<qint64> ts)
{
    return ts ? std::optional<PointKey>(PointKey {*ts, kLowest}) : std::nullopt;
}

PointKey keyOfPoint(const DataPoint &p)
{
    return {p.ts, p.seq};
}

// One stream's points in key order (or reverse) within a range that pass a filter, read in pages.
class StreamPoints
{
public:
    // `wanted`: how many points the caller expects to take (the first read is no larger; later ones grow).
    StreamPoints(SqlConnection &db, qint64 key, std::optional<PointKey> from, std::optional<PointKey> to,
                 bool descending, std::function<bool(const DataPoint &)> filter, qint64 wanted = kPage)
        : m_db(db)
        , m_key(key)
        , m_from(from)
        , m_to(to)
        , m_descending(descending)
        , m_filter(std::move(filter))
        , m_next(std::clamp<qint64>(wanted, 1, kPage))
    { }

    // The next point, or nothing at the end.
    Result<std::optional<DataPoint>> next()
    {
        for (;;) {
            while (m_at < m_page.size()) {
                const DataPoint &p = m_page[m_at++];
                if (!m_filter || m_filter(p))
                    return std::optional<DataPoint>(p);
            }
            if (m_done)
                return std::optional<DataPoint>();
            IOTILE_CHECK(fill());
        }
    }

private:
    Status fill()
    {
        std::optional<PointKey> from = m_from, to = m_to;
        if (!m_page.empty()) {
            const PointKey last = keyOfPoint(m_page.back());
            if (m_descending)
                to = last;
            else
                from = justAbove(last);
        }
        const qint64 size = m_next;
        m_next = std::min(kPage, m_next * 4);
        IOTILE_TRY(page, ChunkStore(m_db).read(m_key, from, to, m_descending, size));
        m_done = qint64(page.size()) < size;
        m_page = std::move(page);
        m_at = 0;
        if (m_page.empty())
            m_done = true;
        return Ok {};
    }

    static constexpr qint64 kPage = 4096;
    SqlConnection &m_db;
    qint64 m_key;
    std::optional<PointKey> m_from, m_to;
    bool m_descending;
    std::function<bool(const DataPoint &)> m_filter;
    qint64 m_next; // points the next read asks for
    std::vector<DataPoint> m_page;
    size_t m_at = 0;
    bool m_done = false;
};

// Several streams' points merged in time order (or reverse); ties go by streamer id, then stream key.
class MergedPoints
{
public:
    MergedPoints(std::vector<std::unique_ptr<StreamPoints>> sources, bool descending)
        : m_sources(std::move(sources))
        , m_descending(descending)
    { }

    Result<std::optional<DataPoint>> next()
    {
        if (!m_started) {
            m_started = true;
            for (size_t i = 0; i < m_sources.size(); ++i) {
                IOTILE_TRY(head, m_sources[i]->next());
                if (head)
                    m_heads.push_back({std::move(*head), i});
            }
            std::make_heap(m_heads.begin(), m_heads.end(), comparator());
        }
        // The source of the point taken last gives its next one only now: asked for at once, a read of
        // exactly n points (lastn) read one page more than it needed (a statement over every partition).
        if (m_taken) {
            IOTILE_TRY(following, m_sources[*m_taken]->next());
            if (following) {
                m_heads.push_back({std::move(*following), *m_taken});
                std::push_heap(m_heads.begin(), m_heads.end(), comparator());
            }
            m_taken.reset();
        }
        if (m_heads.empty())
            return std::optional<DataPoint>();
        std::pop_heap(m_heads.begin(), m_heads.end(), comparator());
        Head top = std::move(m_heads.back());
        m_heads.pop_back();
        m_taken = top.source;
        return std::optional<DataPoint>(std::move(top.point));
    }

private:
    struct Head
    {
        DataPoint point;
        size_t source;
    };
    // std heaps put the largest first: "less" means "comes later".
    struct Later
    {
        bool descending;
        bool operator()(const Head &a, const Head &b) const
        {
            const auto ka = std::tuple(a.point.ts, a.point.seq, a.point.streamId);
            const auto kb = std::tuple(b.point.ts, b.point.seq, b.point.streamId);
            return descending ? ka < kb : ka > kb;
        }
    };
    Later comparator() const { return Later {m_descending}; }
    std::vector<std::unique_ptr<StreamPoints>> m_sources;
    bool m_descending;
    bool m_started = false;
    std::vector<Head> m_heads;
    std::optional<size_t> m_taken; // the source whose head was returned last
};

} // namespace

Result<std::vector<StreamDataStore::Range>> StreamDataStore::ranges(const DataSelector &s)
{
    std::vector<Range> out;
    std::optional<qint64> start = s.start, end = s.end;
    if (s.timestamp) {
        start = start ? std::max(*start, *s.timestamp) : *s.timestamp;
        end = end ? std::min(*end, *s.timestamp + 1) : *s.timestamp + 1;
    }
    const auto add = [&](qint64 key, std::optional<qint64> from, std::optional<qint64> to) {
        if (start)
            from = from ? std::max(*from, *start) : *start;
        if (end)
            to = to ? std::min(*to, *end) : *end;
        if (from && to && *from >= *to)
            return;
        out.push_back({key, timeBound(from), timeBound(to)});
    };
    if (!s.slices.empty()) {
        for (const KeySlice &slice : s.slices)
            add(slice.key, slice.start, slice.end);
    } else if (s.key) {
        add(*s.key, std::nullopt, std::nullopt);
    } else {
        IOTILE_TRY(keys, keysLike(s.slugPattern));
        for (const auto &k : keys)
            add(k.first, std::nullopt, std::nullopt);
    }
    return out;
}

std::function<bool(const DataPoint &)> StreamDataStore::filterOf(const DataSelector &s)
{
    if (!s.idMin && !s.idMax && !s.seqMin && !s.seqMax && !s.deviceTsMin && !s.deviceTsMax)
        return {};
    return [s](const DataPoint &p) {
        if ((s.idMin && p.id < *s.idMin) || (s.idMax && p.id > *s.idMax))
            return false;
        if ((s.seqMin && p.seq < *s.seqMin) || (s.seqMax && p.seq > *s.seqMax))
            return false;
        // As SQL's comparisons: a point without a device timestamp matches no condition on it.
        if (s.deviceTsMin && (!p.deviceTs || *p.deviceTs < *s.deviceTsMin))
            return false;
        if (s.deviceTsMax && (!p.deviceTs || *p.deviceTs > *s.deviceTsMax))
            return false;
        return true;
    };
}

Result<DataPoint> StreamDataStore::insertOne(DataPoint p)
{
    IOTILE_TRY(existing,
               ChunkStore(m_db).read(p.streamId, PointKey {p.ts, p.seq}, justAbove(PointKey {p.ts, p.seq}),
                                     false, 1));
    if (!existing.empty()) {
        p.id = existing.front().id;
        return p;
    }
    countsChanged(m_db);
    IOTILE_TRY(inserted, ChunkStore(m_db).insert({p}));
    if (inserted.empty())
        return Error::internal(QStringLiteral("a point of stream %1 was not stored").arg(p.streamId));
    p.id = inserted.front().id;
    IOTILE_CHECK(applyRollups({p}));
    return p;
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
    StreamPoints points(m_db, key, timeBound(from), timeBound(to), false, {});
    std::vector<DataPoint> batch;
    for (;;) {
        IOTILE_TRY(p, points.next());
        if (p)
            batch.push_back(std::move(*p));
        if (!p || batch.size() == 20000) {
            IOTILE_CHECK(applyRollups(batch));
            batch.clear();
        }
        if (!p)
            return Ok {};
    }
}

Status StreamDataStore::retime(const std::vector<DataPoint> &points, const std::vector<qint64> &previousTs)
{
    countsChanged(m_db);
    // Per stream: the points leave their old places (by id, between their oldest and newest old time) and
    // come back at their new times with their ids; rollups are rebuilt over both spans.
    std::map<qint64, std::map<qint64, const DataPoint *>> moves; // stream -> id -> new time etc.
    std::map<qint64, std::pair<qint64, qint64>> touched; // stream -> time span, old and new
    std::map<qint64, std::pair<qint64, qint64>> leaving; // stream -> span of the old times
    for (size_t i = 0; i < points.size(); ++i) {
        const DataPoint &p = points[i];
        moves[p.streamId][p.id] = &p;
        auto [old, first] = leaving.try_emplace(p.streamId, previousTs[i], previousTs[i]);
        if (!first)
            old->second = {std::min(old->second.first, previousTs[i]),
                           std::max(old->second.second, previousTs[i])};
        const qint64 lo = std::min(p.ts, previousTs[i]), hi = std::max(p.ts, previousTs[i]);
        auto [it, fresh] = touched.try_emplace(p.streamId, lo, hi);
        if (!fresh)
            it->second = {std::min(it->second.first, lo), std::max(it->second.second, hi)};
    }
    std::vector<qint64> keys;
    for (const auto &move : moves)
        keys.push_back(move.first);
    IOTILE_CHECK(ChunkStore(m_db).lockStreams(keys));
    for (const auto &[stream, byId] : moves) {
        const auto [oldest, newest] = leaving.at(stream);
        std::vector<DataPoint> moved;
        IOTILE_TRY(done,
                   ChunkStore(m_db).rewrite(
                       stream, PointKey {oldest, kLowest}, PointKey {newest + 1, kLowest},
                       [&](std::vector<DataPoint> &chunk) {
                           const auto gone =
                               std::stable_partition(chunk.begin(), chunk.end(),
                                                     [&](const DataPoint &p) { return !byId.count(p.id); });
                           if (gone == chunk.end())
                               return false;
                           moved.insert(moved.end(), gone, chunk.end());
                           chunk.erase(gone, chunk.end());
                           return true;
                       }));
        Q_UNUSED(done);
        for (DataPoint &p : moved) {
            const DataPoint &to = *byId.at(p.id);
            p.ts = to.ts;
            p.status = to.status;
            p.dirty = to.dirty;
        }
        IOTILE_TRY(placed, ChunkStore(m_db).insert(moved, true));
        if (placed.size() != moved.size())
            return Error::badRequest(
                QStringLiteral("a retimed point of stream %1 would take the place of another").arg(stream));
    }
    for (const auto &[key, span] : touched)
        IOTILE_CHECK(rebuildRollups(key, span.first, span.second + 1));
    return Ok {};
}

Result<qint64> StreamDataStore::remove(const DataSelector &selector)
{
    countsChanged(m_db);
    if (selector.isEmptyRange())
        return qint64(0);
    IOTILE_TRY(all, ranges(selector));
    // Every stream's writers' lock first, in one ascending order (ChunkStore::lockStreams), as ingest takes
    // them: one stream at a time, in the selection's order, two such transactions could wait for each other.
    std::vector<qint64> keys;
    for (const Range &r : all)
        keys.push_back(r.key);
    IOTILE_CHECK(ChunkStore(m_db).lockStreams(keys));
    const auto filter = filterOf(selector);
    qint64 deleted = 0;
    for (const Range &r : all) {
        std::optional<std::pair<qint64, qint64>> span; // of the points deleted
        IOTILE_TRY(done, ChunkStore(m_db).rewrite(r.key, r.from, r.to, [&](std::vector<DataPoint> &chunk) {
            const auto gone = std::stable_partition(chunk.begin(), chunk.end(),
                                                    [&](const DataPoint &p) { return filter && !filter(p); });
            if (gone == chunk.end())
                return false;
            for (auto it = gone; it != chunk.end(); ++it)
                span = span ? std::pair(std::min(span->first, it->ts), std::max(span->second, it->ts))
                            : std::pair(it->ts, it->ts);
            chunk.erase(gone, chunk.end());
            return true;
        }));
        deleted += done.dropped;
        if (span)
            IOTILE_CHECK(rebuildRollups(r.key, span->first, span->second + 1));
    }
    return deleted;
}

// ----------------------------------------------------------------------------------------------- reads

Result<qint64> StreamDataStore::count(const DataSelector &selector, std::optional<qint64> lastn)
{
    if (selector.isEmptyRange())
        return qint64(0);
    IOTILE_TRY(all, ranges(selector));
    QByteArray cacheKey = identityOf(m_db).toUtf8();
    for (const Range &r : all)
        cacheKey += '|' + QByteArray::number(r.key) + ':' + QByteArray::number(r.from ? r.from->ts : kLowest)
            + ':' + QByteArray::number(r.to ? r.to->ts : kHighest);
    for (const auto &v : {selector.idMin, selector.idMax, selector.seqMin, selector.seqMax,
                          selector.deviceTsMin, selector.deviceTsMax})
        cacheKey += '|' + (v ? QByteArray::number(*v) : QByteArray("-"));
    cacheKey += "|n" + (lastn ? QByteArray::number(*lastn) : QByteArray("-"));
    quint64 generation = 0;
    std::optional<qint64> total = countCache().find(cacheKey, generation);
    if (!total) {
        const auto filter = filterOf(selector);
        qint64 n = 0;
        for (const Range &r : all) {
            // With lastn, counting stops at n: each stream is counted from its newest point down.
            if (!filter) {
                IOTILE_TRY(inRange, ChunkStore(m_db).count(r.key, r.from, r.to, lastn));
                n += inRange;
            } else {
                StreamPoints points(m_db, r.key, r.from, r.to, true, filter, lastn.value_or(4096));
                for (qint64 here = 0; !lastn || here < *lastn; ++here) {
                    IOTILE_TRY(p, points.next());
                    if (!p)
                        break;
                    ++n;
                }
            }
            if (lastn && n >= *lastn)
                break;
        }
        countCache().store(cacheKey, n, generation);
        total = n;
    }
    return lastn ? std::min(*total, *lastn) : *total;
}

Result<std::vector<DataPoint>> StreamDataStore::fetch(const DataSelector &selector,
                                                      std::optional<qint64> lastn, Order order, qint64 offset,
                                                      qint64 limit)
{
    std::vector<DataPoint> out;
    if (selector.isEmptyRange() || limit <= 0 || offset < 0)
        return out;
    IOTILE_TRY(all, ranges(selector));
    const auto filter = filterOf(selector);
    const auto merged = [&](bool descending, qint64 wanted) {
        std::vector<std::unique_ptr<StreamPoints>> sources;
        for (const Range &r : all)
            sources.push_back(
                std::make_unique<StreamPoints>(m_db, r.key, r.from, r.to, descending, filter, wanted));
        return MergedPoints(std::move(sources), descending);
    };
    // `take` points after skipping `skip`, in the merged order.
    const auto page = [&](MergedPoints points, qint64 skip, qint64 take) -> Status {
        out.reserve(size_t(std::min<qint64>(take, 100000)));
        while (qint64(out.size()) < take) {
            IOTILE_TRY(p, points.next());
            if (!p)
                break;
            if (skip > 0) {
                --skip;
                continue;
            }
            out.push_back(std::move(*p));
        }
        return Ok {};
    };
    if (order == Order::TimeAscending || order == Order::TimeDescending) {
        if (!lastn) {
            IOTILE_CHECK(page(merged(order == Order::TimeDescending, offset + limit), offset, limit));
            return out;
        }
        if (order == Order::TimeDescending) {
            const qint64 take = std::min(limit, *lastn - offset);
            IOTILE_CHECK(page(merged(true, offset + take), offset, take));
            return out;
        }
        // The last n in ascending order: from the newest, skip what lies after the page, then turn it round.
        if (*lastn <= kDirectLastn) {
            // Few enough to read them all (a chart's usual read): one read, no count first.
            IOTILE_CHECK(page(merged(true, *lastn), 0, *lastn));
            std::reverse(out.begin(), out.end());
            const qint64 n = qint64(out.size());
            if (offset >= n)
                return std::vector<DataPoint>();
            const qint64 take = std::min(limit, n - offset);
            out.erase(out.begin(), out.begin() + qsizetype(offset));
            out.resize(size_t(take));
            return out;
        }
        IOTILE_TRY(n, count(selector, lastn));
        if (offset >= n)
            return out;
        const qint64 take = std::min(limit, n - offset);
        IOTILE_CHECK(page(merged(true, n - offset), n - offset - take, take));
        std::reverse(out.begin(), out.end());
        return out;
    }
    // By streamer id: the points (the last n by time, or all) stream past a heap that keeps the first
    // offset + limit of the order, so memory follows the page asked for, not the size of the selection.
    // Points of equal streamer id and time keep the order they were read in.
    struct Ranked
    {
        DataPoint point;
        qint64 arrival;
    };
    const bool descending = order == Order::SeqDescending;
    const auto before = [descending](const Ranked &a, const Ranked &b) {
        const auto ka = std::tie(a.point.seq, a.point.ts), kb = std::tie(b.point.seq, b.point.ts);
        if (ka != kb)
            return descending ? kb < ka : ka < kb;
        return a.arrival < b.arrival;
    };
    const qint64 keep = lastn ? std::min(*lastn, offset + limit) : offset + limit;
    std::vector<Ranked> heap; // a max-heap by `before`: its top is the last point kept
    heap.reserve(size_t(std::min<qint64>(keep + 1, 100000)));
    MergedPoints points = merged(lastn.has_value(), lastn ? *lastn : 4096);
    for (qint64 arrival = 0; !lastn || arrival < *lastn; ++arrival) {
        IOTILE_TRY(p, points.next());
        if (!p)
            break;
        Ranked r {std::move(*p), arrival};
        if (qint64(heap.size()) == keep) {
            if (!before(r, heap.front()))
                continue;
            std::pop_heap(heap.begin(), heap.end(), before);
            heap.back() = std::move(r);
        } else {
            heap.push_back(std::move(r));
        }
        std::push_heap(heap.begin(), heap.end(), before);
    }
    std::sort_heap(heap.begin(), heap.end(), before);
    for (size_t i = size_t(offset); i < heap.size(); ++i)
        out.push_back(std::move(heap[i].point));
    return out;
}

Result<std::optional<DataPoint>> StreamDataStore::byId(qint64 id)
{
    return ChunkStore(m_db).byId(id);
}

Status StreamDataStore::updateValues(const DataPoint &p)
{
    countsChanged(m_db);
    IOTILE_TRY(before, byId(p.id));
    if (!before)
        return Error::notFound();
    const PointKey old = keyOfPoint(*before), now = keyOfPoint(p);
    if (old == now) {
        IOTILE_TRY(done,
                   ChunkStore(m_db).rewrite(before->streamId, old, justAbove(old),
                                            [&](std::vector<DataPoint> &chunk) {
                                                for (DataPoint &q : chunk) {
                                                    if (q.id != p.id)
                                                        continue;
                                                    const qint64 stream = q.streamId;
                                                    q = p;
                                                    q.streamId = stream;
                                                    return true;
                                                }
                                                return false;
                                            }));
        Q_UNUSED(done);
    } else {
        IOTILE_TRY(taken, ChunkStore(m_db).read(before->streamId, now, justAbove(now), false, 1));
        if (!taken.empty())
            return Error::badRequest(
                QStringLiteral("another point of the stream has that time and streamer id"));
        IOTILE_TRY(done,
                   ChunkStore(m_db).rewrite(
                       before->streamId, old, justAbove(old), [&](std::vector<DataPoint> &chunk) {
                           const auto n =
                               std::erase_if(chunk, [&](const DataPoint &q) { return q.id == p.id; });
                           return n > 0;
                       }));
        Q_UNUSED(done);
        DataPoint moved = p;
        moved.streamId = before->streamId;
        IOTILE_TRY(placed, ChunkStore(m_db).insert({moved}, true));
        if (placed.size() != 1)
            return Error::badRequest(
                QStringLiteral("another point of the stream has that time and streamer id"));
    }
    IOTILE_CHECK(rebuildRollups(before->streamId, before->ts, before->ts + 1));
    return rebuildRollups(before->streamId, p.ts, p.ts + 1);
}

Status StreamDataStore::removeById(qint64 id)
{
    countsChanged(m_db);
    IOTILE_TRY(before, byId(id));
    if (!before)
        return Error::notFound();
    const PointKey key = keyOfPoint(*before);
    IOTILE_TRY(
        done,
        ChunkStore(m_db).rewrite(before->streamId, key, justAbove(key), [&](std::vector<DataPoint> &chunk) {
            return std::erase_if(chunk, [&](const DataPoint &q) { return q.id == id; }) > 0;
        }));
    Q_UNUSED(done);
    return rebuildRollups(before->streamId, before->ts, before->ts + 1);
}

Result<std::vector<DataPoint>> StreamDataStore::after(qint64 key, qint64 ts, qint64 seq,
                                                      std::optional<qint64> end, qint64 limit,
                                                      bool timeAndValue)
{
    Q_UNUSED(timeAndValue); // a chunk holds every column anyway
    return ChunkStore(m_db).read(key, justAbove(PointKey {ts, seq}), timeBound(end), false, limit);
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
        StreamPoints points(m_db, key, timeBound(from), timeBound(to), false, {});
        for (;;) {
            IOTILE_TRY(p, points.next());
            if (!p)
                return Ok {};
            if (p->value)
                add(p->ts, 1, *p->value, *p->value, *p->value);
        }
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
    return ChunkStore(m_db).extent(key);
}

namespace {

// The month partitions of a partitioned data table: name and upper bound (µs).
Result<std::vector<std::pair<QString, qint64>>> partitionsOf(SqlConnection &db, const char *parent)
{
    SqlQuery q = db.query("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
                          "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
                          "WHERE p.relname = ?");
    q.bind(parent);
    IOTILE_CHECK(q.exec());
    std::vector<std::pair<QString, qint64>> out;
    while (q.next()) {
        // "FOR VALUES FROM ('…') TO ('…')"
        const QString bound = q.text(1);
        const qsizetype to = bound.indexOf(QLatin1String("TO ("));
        bool ok = false;
        const qint64 upper =
            bound.mid(to + 4).remove(QLatin1Char('\'')).remove(QLatin1Char(')')).trimmed().toLongLong(&ok);
        if (ok)
            out.emplace_back(q.text(0), upper);
    }
    return out;
}

} // namespace

Result<qint64> StreamDataStore::dropBefore(qint64 cutoff)
{
    countsChanged(m_db);
    if (!m_db.dialect().isPostgres()) {
        DataSelector all;
        all.slugPattern = QStringLiteral("%");
        all.end = cutoff;
        return remove(all);
    }
    // A month goes when its upper bound is at or before the cutoff.
    IOTILE_TRY(months, partitionsOf(m_db, "stream_chunks"));
    qint64 dropped = 0;
    for (const auto &[name, upper] : months) {
        if (upper > cutoff)
            continue;
        IOTILE_CHECK(m_db.execOnce(QStringLiteral("DROP TABLE IF EXISTS %1").arg(name)));
        ++dropped;
    }
    SqlQuery rollups = m_db.query("DELETE FROM stream_rollups WHERE bucket < ?");
    rollups.bind(floorTo(cutoff, isotime::kMicrosPerDay));
    IOTILE_CHECK(rollups.exec());
    {
        QMutexLocker lock(&partitions().mutex);
        partitions().months.clear();
    }
    return dropped;
}

Result<qint64> StreamDataStore::dropEmptyPartitions(std::optional<qint64> endingBy)
{
    if (!m_db.dialect().isPostgres())
        return qint64(0);
    IOTILE_TRY(months, partitionsOf(m_db, "stream_chunks"));
    qint64 dropped = 0;
    for (const auto &[name, upper] : months) {
        if (endingBy && upper > *endingBy)
            continue;
        QSqlQuery probe(m_db.db());
        if (probe.exec(QStringLiteral("SELECT 1 FROM %1 LIMIT 1").arg(name)) && probe.next())
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
            m_db.execOnce(QStringLiteral("VACUUM (ANALYZE) stream_chunks, stream_events, stream_rollups")));
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
