#include "server/store/chunkstore.h"

#include "server/store/bulkinserter.h"
#include "server/store/database.h"
#include "server/store/migrations/migrations.h"
#include "server/store/monthrange.h"
#include "server/store/pointchunk.h"

#include <algorithm>
#include <limits>

namespace iotile {

namespace {

// The advisory lock space of stream writers (pg_advisory_xact_lock(class, object)).
constexpr int kStreamLockClass = 0x10c4;

PointKey keyOf(const DataPoint &p)
{
    return {p.ts, p.seq};
}

bool byKey(const DataPoint &a, const DataPoint &b)
{
    return keyOf(a) < keyOf(b);
}

constexpr const char *kChunkColumns = "first_ts, first_seq, last_ts, last_seq, n, points";

} // namespace

Status ChunkStore::lockStreams(std::vector<qint64> streams)
{
    if (!m_db.dialect().isPostgres() || streams.empty())
        return Ok {};
    // In ascending order of lock, so two writers of the same streams cannot wait for each other.
    std::vector<qint64> locks;
    locks.reserve(streams.size());
    for (const qint64 s : streams)
        locks.push_back(s % 2147483647);
    std::sort(locks.begin(), locks.end());
    locks.erase(std::unique(locks.begin(), locks.end()), locks.end());
    QString array = QStringLiteral("{");
    for (size_t i = 0; i < locks.size(); ++i)
        array += (i ? QStringLiteral(",") : QString()) + QString::number(locks[i]);
    array += QLatin1Char('}');
    SqlQuery q = m_db.query(
        QStringLiteral("SELECT count(pg_advisory_xact_lock(%1, k)) FROM unnest(CAST(? AS INT[])) AS k")
            .arg(kStreamLockClass));
    q.bind(array);
    IOTILE_CHECK(q.exec());
    q.raw().finish();
    return Ok {};
}

Result<std::vector<qint64>> ChunkStore::drawIds(size_t count)
{
    std::vector<qint64> ids;
    if (count == 0)
        return ids;
    ids.reserve(count);
    if (m_db.dialect().isPostgres()) {
        // One statement however many blocks: each nextval() hands out kDataIdBlock ids (migration 20).
        SqlQuery q =
            m_db.query("SELECT nextval('stream_data_id_seq') FROM generate_series(1, CAST(? AS INT))");
        q.bind(qint64((count + migrations::kDataIdBlock - 1) / migrations::kDataIdBlock));
        IOTILE_CHECK(q.exec());
        std::vector<qint64> starts;
        while (q.next())
            starts.push_back(q.int64(0));
        q.raw().finish();
        std::sort(starts.begin(), starts.end());
        for (const qint64 start : starts)
            for (qint64 id = start; id < start + migrations::kDataIdBlock && ids.size() < count; ++id)
                ids.push_back(id);
    } else {
        SqlQuery q = m_db.query("UPDATE stream_chunk_ids SET next = next + ? RETURNING next - ?");
        q.bind(qint64(count)).bind(qint64(count));
        IOTILE_TRY(first, q.scalarInt64());
        for (size_t i = 0; i < count; ++i)
            ids.push_back(first + qint64(i));
    }
    if (ids.size() != count)
        return Error::internal(QStringLiteral("drew %1 of %2 stream data ids").arg(ids.size()).arg(count));
    return ids;
}

Result<std::optional<ChunkStore::Chunk>> ChunkStore::tail(qint64 stream)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT %1 FROM stream_chunks WHERE stream_id = ? "
                                           "ORDER BY first_ts DESC, first_seq DESC LIMIT 1")
                                .arg(QLatin1String(kChunkColumns)));
    q.bind(stream);
    IOTILE_CHECK(q.exec());
    std::optional<Chunk> out;
    if (q.next())
        out =
            Chunk {{q.int64(0), q.int64(1)}, {q.int64(2), q.int64(3)}, q.int64(4), q.value(5).toByteArray()};
    q.raw().finish();
    return out;
}

Result<std::vector<ChunkStore::Chunk>> ChunkStore::overlapping(qint64 stream, PointKey lo, PointKey hi)
{
    // A chunk holding `lo` starts in lo's month; those that start after `hi` hold nothing of the span.
    SqlQuery q = m_db.query(
        QStringLiteral("SELECT %1 FROM stream_chunks WHERE stream_id = ? AND first_ts >= ? AND first_ts <= ? "
                       "ORDER BY first_ts, first_seq")
            .arg(QLatin1String(kChunkColumns)));
    q.bind(stream).bind(MonthRange::of(lo.ts).startMicros).bind(hi.ts);
    IOTILE_CHECK(q.exec());
    std::vector<Chunk> out;
    while (q.next()) {
        Chunk c {{q.int64(0), q.int64(1)}, {q.int64(2), q.int64(3)}, q.int64(4), q.value(5).toByteArray()};
        if (c.last >= lo && c.first <= hi)
            out.push_back(std::move(c));
    }
    q.raw().finish();
    return out;
}

Status ChunkStore::removeChunks(qint64 stream, const std::vector<Chunk> &chunks)
{
    SqlQuery q =
        m_db.query("DELETE FROM stream_chunks WHERE stream_id = ? AND first_ts = ? AND first_seq = ?");
    for (const Chunk &c : chunks) {
        q.bind(stream).bind(c.first.ts).bind(c.first.seq);
        IOTILE_CHECK(q.exec());
    }
    return Ok {};
}

Status ChunkStore::writeRun(const std::vector<DataPoint> &run)
{
    if (run.empty())
        return Ok {};
    using T = BulkInserter::Type;
    BulkInserter rows(
        m_db, QStringLiteral("stream_chunks"),
        {QStringLiteral("stream_id"), QStringLiteral("first_ts"), QStringLiteral("first_seq"),
         QStringLiteral("last_ts"), QStringLiteral("last_seq"), QStringLiteral("n"), QStringLiteral("min_id"),
         QStringLiteral("max_id"), QStringLiteral("points")},
        {T::BigInt, T::BigInt, T::BigInt, T::BigInt, T::BigInt, T::Integer, T::BigInt, T::BigInt, T::Text});
    size_t i = 0;
    while (i < run.size()) {
        const MonthRange month = MonthRange::of(run[i].ts);
        size_t j = i + 1;
        while (j < run.size() && j - i < PointChunk::kMaxPoints && month.contains(run[j].ts))
            ++j;
        const auto [minId, maxId] =
            std::minmax_element(run.begin() + qsizetype(i), run.begin() + qsizetype(j),
                                [](const DataPoint &a, const DataPoint &b) { return a.id < b.id; });
        rows.add(run[i].streamId);
        rows.add(run[i].ts);
        rows.add(run[i].seq);
        rows.add(run[j - 1].ts);
        rows.add(run[j - 1].seq);
        rows.add(qint64(j - i));
        rows.add(minId->id);
        rows.add(maxId->id);
        rows.addBytes(PointChunk::encode(run.data() + i, j - i));
        IOTILE_CHECK(rows.endRow());
        i = j;
    }
    return rows.finish();
}

Result<std::vector<DataPoint>> ChunkStore::insert(const std::vector<DataPoint> &points)
{
    std::vector<DataPoint> sorted(points);
    std::stable_sort(sorted.begin(), sorted.end(), [](const DataPoint &a, const DataPoint &b) {
        return a.streamId != b.streamId ? a.streamId < b.streamId : keyOf(a) < keyOf(b);
    });
    // Of equal keys the stable sort kept the input's order: unique() keeps the first.
    sorted.erase(std::unique(sorted.begin(), sorted.end(),
                             [](const DataPoint &a, const DataPoint &b) {
                                 return a.streamId == b.streamId && keyOf(a) == keyOf(b);
                             }),
                 sorted.end());
    std::vector<qint64> streams;
    for (const DataPoint &p : sorted)
        if (streams.empty() || streams.back() != p.streamId)
            streams.push_back(p.streamId);
    IOTILE_CHECK(lockStreams(streams));

    // Per stream: the stored points the new ones join (a tail chunk with room, or the chunks their span
    // overlaps), the chunks those came from, and the new points.
    struct Plan
    {
        std::vector<DataPoint> stored;
        std::vector<Chunk> replaced;
        std::vector<DataPoint> fresh;
    };
    std::vector<Plan> plans;
    plans.reserve(streams.size());
    size_t freshCount = 0;
    for (size_t i = 0; i < sorted.size();) {
        size_t j = i;
        while (j < sorted.size() && sorted[j].streamId == sorted[i].streamId)
            ++j;
        const qint64 stream = sorted[i].streamId;
        Plan &plan = plans.emplace_back();
        const PointKey lo = keyOf(sorted[i]), hi = keyOf(sorted[j - 1]);
        IOTILE_TRY(last, tail(stream));
        if (!last || last->last < lo) {
            // Appending (live data): the tail chunk takes what it has room for in its month.
            plan.fresh.assign(sorted.begin() + qsizetype(i), sorted.begin() + qsizetype(j));
            if (last && size_t(last->count) < PointChunk::kMaxPoints
                && MonthRange::of(last->first.ts).contains(lo.ts)) {
                if (!PointChunk::decode(last->points, stream, plan.stored))
                    return Error::internal(
                        QStringLiteral("stream %1: a stored chunk does not decode").arg(stream));
                plan.replaced.push_back(std::move(*last));
            }
        } else {
            // Overlapping what is stored (a retried or back-filled upload): merge, stored points win.
            IOTILE_TRY(chunks, overlapping(stream, lo, hi));
            for (const Chunk &c : chunks)
                if (!PointChunk::decode(c.points, stream, plan.stored))
                    return Error::internal(
                        QStringLiteral("stream %1: a stored chunk does not decode").arg(stream));
            plan.replaced = std::move(chunks);
            size_t s = 0;
            for (size_t k = i; k < j; ++k) {
                while (s < plan.stored.size() && keyOf(plan.stored[s]) < keyOf(sorted[k]))
                    ++s;
                if (s == plan.stored.size() || keyOf(plan.stored[s]) != keyOf(sorted[k]))
                    plan.fresh.push_back(sorted[k]);
            }
        }
        freshCount += plan.fresh.size();
        i = j;
    }

    IOTILE_TRY(ids, drawIds(freshCount));
    std::vector<DataPoint> inserted;
    inserted.reserve(freshCount);
    size_t next = 0;
    for (Plan &plan : plans) {
        if (plan.fresh.empty())
            continue;
        for (DataPoint &p : plan.fresh) {
            p.id = ids[next++];
            inserted.push_back(p);
        }
        std::vector<DataPoint> run;
        run.reserve(plan.stored.size() + plan.fresh.size());
        std::merge(plan.stored.begin(), plan.stored.end(), plan.fresh.begin(), plan.fresh.end(),
                   std::back_inserter(run), byKey);
        IOTILE_CHECK(removeChunks(run.front().streamId, plan.replaced));
        IOTILE_CHECK(writeRun(run));
    }
    return inserted;
}

Result<std::vector<DataPoint>> ChunkStore::read(qint64 stream, std::optional<PointKey> from,
                                                std::optional<PointKey> to, bool descending, qint64 limit)
{
    std::vector<DataPoint> out;
    if (limit <= 0 || (from && to && *from >= *to))
        return out;
    const auto wanted = [&](const DataPoint &p) {
        return (!from || keyOf(p) >= *from) && (!to || keyOf(p) < *to);
    };
    // Chunks in pages, enough for the limit when they are full, more when they are not.
    const qint64 page = std::min<qint64>(limit / qint64(PointChunk::kMaxPoints) + 2, 1000);
    std::optional<PointKey> cursor; // the last chunk read (its first key)
    std::vector<DataPoint> decoded;
    if (!descending && from) {
        // The chunk that holds `from` starts at or before it: the newest such chunk is where reading starts.
        SqlQuery start = m_db.query("SELECT first_ts, first_seq FROM stream_chunks WHERE stream_id = ? AND "
                                    "first_ts <= ? AND (first_ts, first_seq) <= (?, ?) "
                                    "ORDER BY first_ts DESC, first_seq DESC LIMIT 1");
        start.bind(stream).bind(from->ts).bind(from->ts).bind(from->seq);
        IOTILE_CHECK(start.exec());
        const bool found = start.next();
        const PointKey first = found ? PointKey {start.int64(0), start.int64(1)} : *from;
        start.raw().finish();
        // Read from that chunk on (inclusive): a cursor just below it.
        cursor = first.seq == std::numeric_limits<qint64>::min()
            ? PointKey {first.ts - 1, std::numeric_limits<qint64>::max()}
            : PointKey {first.ts, first.seq - 1};
    }
    for (;;) {
        QString sql = QStringLiteral("SELECT %1 FROM stream_chunks WHERE stream_id = ?")
                          .arg(QLatin1String(kChunkColumns));
        QVariantList binds {stream};
        if (descending) {
            const std::optional<PointKey> below = cursor;
            const std::optional<PointKey> bound = below ? below : to;
            if (bound) {
                sql += QStringLiteral(" AND first_ts <= ? AND (first_ts, first_seq) < (?, ?)");
                binds << bound->ts << bound->ts << bound->seq;
            }
            sql += QStringLiteral(" ORDER BY first_ts DESC, first_seq DESC");
        } else {
            if (cursor) {
                sql += QStringLiteral(" AND first_ts >= ? AND (first_ts, first_seq) > (?, ?)");
                binds << cursor->ts << cursor->ts << cursor->seq;
            }
            if (to) {
                sql += QStringLiteral(" AND first_ts <= ? AND (first_ts, first_seq) < (?, ?)");
                binds << to->ts << to->ts << to->seq;
            }
            sql += QStringLiteral(" ORDER BY first_ts, first_seq");
        }
        sql += QStringLiteral(" LIMIT %1").arg(page);
        SqlQuery q = m_db.query(sql);
        for (const QVariant &v : binds)
            q.bind(v);
        IOTILE_CHECK(q.exec());
        qint64 rows = 0;
        bool done = false;
        while (q.next()) {
            ++rows;
            cursor = PointKey {q.int64(0), q.int64(1)};
            decoded.clear();
            if (!PointChunk::decode(q.value(5).toByteArray(), stream, decoded))
                return Error::internal(
                    QStringLiteral("stream %1: a stored chunk does not decode").arg(stream));
            if (descending) {
                for (auto it = decoded.rbegin(); it != decoded.rend(); ++it) {
                    if (from && keyOf(*it) < *from) {
                        done = true;
                        break;
                    }
                    if (wanted(*it))
                        out.push_back(*it);
                    if (qint64(out.size()) == limit)
                        break;
                }
            } else {
                for (const DataPoint &p : decoded) {
                    if (to && keyOf(p) >= *to) {
                        done = true;
                        break;
                    }
                    if (wanted(p))
                        out.push_back(p);
                    if (qint64(out.size()) == limit)
                        break;
                }
            }
            if (done || qint64(out.size()) == limit)
                break;
        }
        q.raw().finish();
        if (done || qint64(out.size()) == limit || rows < page)
            return out;
    }
}

} // namespace iotile
