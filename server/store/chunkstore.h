#pragma once

#include "common/util/error.h"
#include "server/domain/datapoint.h"

#include <QByteArray>

#include <compare>
#include <optional>
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
    // key the first wins. Returns the stored ones, with their new ids, by stream and key.
    Result<std::vector<DataPoint>> insert(const std::vector<DataPoint> &points);

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
    // The stream's newest chunk, if any.
    Result<std::optional<Chunk>> tail(qint64 stream);
    // The stream's chunks holding any key in [lo, hi], in key order.
    Result<std::vector<Chunk>> overlapping(qint64 stream, PointKey lo, PointKey hi);
    Status removeChunks(qint64 stream, const std::vector<Chunk> &chunks);
    // Writes a stream's points (in key order) as new chunks: runs of at most kMaxPoints within a month.
    Status writeRun(const std::vector<DataPoint> &run);

    SqlConnection &m_db;
};

} // namespace iotile
