#pragma once

#include "common/util/error.h"
#include "server/domain/datapoint.h"

#include <QByteArray>

#include <compare>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace iotile {

class SqlConnection;

// A point's place in its stream: time, then streamer id.
struct PointKey
{
    qint64 ts = 0;
    qint64 seq = 0;
    friend auto operator<=>(const PointKey &, const PointKey &) = default;
};

// Stream data stored in chunks (docs/data-chunks.md): table stream_chunks, a row per run of up to
// PointChunk::kMaxPoints points of one stream, within one UTC month, under the key of its first point; a
// stream's chunks never overlap. Every write goes through here, so the invariants hold; all of it runs in
// the caller's transaction. PostgreSQL: writers of a stream take turns on a transaction-level advisory lock
// of it; the month partitions must exist (StreamDataStore::ensurePartitions).
class ChunkStore
{
public:
    explicit ChunkStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // Stores the points whose (stream, ts, seq) is not stored yet; of several points in `points` with one
    // key the first wins. Returns the stored ones, with their new ids (or, with `keepIds`, the ids they
    // came with: points moved to another key), by stream and key.
    Result<std::vector<DataPoint>> insert(const std::vector<DataPoint> &points, bool keepIds = false);

    // Changes stored points of one stream with from <= key < to, a chunk at a time: `change` gets a chunk's
    // points in the range (in key order) and may drop some or change anything but their keys; it returns
    // whether it changed anything. Chunks it left alone are not written.
    using Change = std::function<bool(std::vector<DataPoint> &points)>;
    struct Rewritten
    {
        qint64 dropped = 0;
        std::optional<std::pair<qint64, qint64>> span; // oldest and newest ts of the chunks changed
    };
    Result<Rewritten> rewrite(qint64 stream, std::optional<PointKey> from, std::optional<PointKey> to,
                              const Change &change);

    // Points of a stream with from <= key < to, without reading them where chunks lie wholly inside. With
    // `cap`, counts from the newest down and stops once it reached it (returns at most cap).
    Result<qint64> count(qint64 stream, std::optional<PointKey> from, std::optional<PointKey> to,
                         std::optional<qint64> cap = std::nullopt);

    // The point with this id, if stored.
    Result<std::optional<DataPoint>> byId(qint64 id);

    // Oldest and newest timestamps of a stream (empty: no data).
    Result<std::optional<std::pair<qint64, qint64>>> extent(qint64 stream);

    // Points of one stream with from <= key < to (either end open) in key order, or in reverse order from
    // the top when `descending`; at most `limit`.
    Result<std::vector<DataPoint>> read(qint64 stream, std::optional<PointKey> from,
                                        std::optional<PointKey> to, bool descending, qint64 limit);

    // Ids for `count` new points, ascending: PostgreSQL's stream_data_id_seq in blocks (migration 20),
    // SQLite's counter (migration 21).
    Result<std::vector<qint64>> drawIds(size_t count);

    // Takes the writers' lock of these streams until the transaction ends (PostgreSQL; SQLite has one
    // writer). Any change of a stream's chunks takes it first.
    Status lockStreams(std::vector<qint64> streams);

private:
    struct Chunk
    {
        PointKey first;
        PointKey last;
        qint64 count = 0;
        QByteArray points;
    };
    // Rows of `sql`, which selects first_ts, first_seq, last_ts, last_seq, n, points.
    Status select(const QString &sql, const QVariantList &binds, std::vector<Chunk> &out);
    // The stream's newest chunk, if any.
    Result<std::optional<Chunk>> tail(qint64 stream);
    // The stream's chunks holding any key in [lo, hi], in key order.
    Result<std::vector<Chunk>> overlapping(qint64 stream, PointKey lo, PointKey hi);
    Status removeChunks(qint64 stream, const std::vector<Chunk> &chunks);
    // Writes a stream's points (in key order) as new chunks: runs of at most kMaxPoints within a month.
    Status writeRun(const std::vector<DataPoint> &run);
    // The newest chunk whose first key is at or below `key` (the one that holds it, if any does).
    Result<std::optional<Chunk>> chunkAtOrBefore(qint64 stream, PointKey key, bool inclusive = true);

    SqlConnection &m_db;
};

} // namespace iotile
