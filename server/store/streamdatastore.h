#pragma once

#include "common/util/error.h"
#include "server/domain/datapoint.h"
#include "server/store/chunkstore.h"

#include <QList>
#include <QString>
#include <QVariantList>

#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace iotile {

class Dialect;
class SqlConnection;

// One slice of a stream alias: points of stream `key` with start <= ts < end (no end: open-ended).
struct KeySlice
{
    qint64 key = 0;
    qint64 start = 0;
    std::optional<qint64> end;
};

// Which stored points a query touches: one stream key, or every stream whose slug matches a LIKE
// pattern (device, block and variable filters), or the union of slices (stream aliases), plus the
// original's range filters.
struct DataSelector
{
    std::optional<qint64> key;
    QString slugPattern;
    std::vector<KeySlice> slices; // when not empty: used instead of key and slugPattern
    std::optional<qint64> start; // ts >= start
    std::optional<qint64> end; // ts < end
    std::optional<qint64> timestamp; // ts == timestamp
    std::optional<qint64> idMin, idMax;
    std::optional<qint64> seqMin, seqMax;
    std::optional<qint64> deviceTsMin, deviceTsMax;

    bool isEmptyRange() const { return start && end && *start >= *end; }
    // Any condition besides the choice of streams (keep it in step with the fields above).
    bool hasConditions() const
    {
        return start || end || timestamp || idMin || idMax || seqMin || seqMax || deviceTsMin || deviceTsMax;
    }
};

// One aggregate bucket of a stream's values (internal units).
struct AggregateBucket
{
    qint64 start = 0;
    qint64 count = 0;
    double sum = 0;
    double min = 0;
    double max = 0;
};

// The data plane: stream keys, points (stored in chunks through ChunkStore, docs/data-chunks.md) with
// idempotent retries, range queries, deletes, and the rollups that keep aggregates over years cheap.
class StreamDataStore
{
public:
    explicit StreamDataStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // ---- stream keys
    Result<std::optional<qint64>> keyOf(const QString &slug);
    // keyOf for reads, cached for a few seconds (renames in this process clear it; another process's
    // rename shows once the entry expired, as counts do). Writes use keyOf.
    Result<std::optional<qint64>> keyForRead(const QString &slug);
    // The key of a slug, created if missing (in the caller's transaction or on its own).
    Result<qint64> ensureKey(const QString &slug);
    // A device moved: its stream slugs change, its data stays (rows carry keys, not slugs).
    Status renameKey(const QString &oldSlug, const QString &newSlug);
    // Stream keys whose slug matches a LIKE pattern.
    Result<QList<QPair<qint64, QString>>> keysLike(const QString &pattern);

    // ---- writes
    // Makes sure partitions exist for the months of these timestamps (PostgreSQL; no-op on SQLite).
    // Runs outside the ingest transaction: creating a partition locks the parent table briefly.
    Status ensurePartitions(const std::vector<qint64> &timestamps);
    // Inserts points in the caller's transaction and updates the rollups. Points already stored (same
    // stream, timestamp and streamer id: a retried upload) are skipped. Returns how many were new.
    Result<qint64> insert(const std::vector<DataPoint> &points);
    // Bulk loads (imports): like insert() but the rollups are left to one rebuildRollups() per stream
    // afterwards, which costs a fraction of updating them batch by batch.
    Result<qint64> insertDeferringRollups(const std::vector<DataPoint> &points);
    // insert() without the rollups: the chunk writes alone (bench_pg_copy).
    Result<qint64> insertWithCopy(const std::vector<DataPoint> &points);
    // Recomputes a stream's rollups over the whole days that [start, end) touches, from its points.
    Status rebuildRollups(qint64 key, qint64 start, qint64 end);
    // One point, returned with its id (the existing point's when it was stored before).
    Result<DataPoint> insertOne(DataPoint point);
    // New times for stored points (id, streamId and the new ts, status and dirty; previousTs[i] is the
    // point's ts as stored), with their rollups rebuilt; in the caller's transaction. The new times'
    // partitions must exist (ensurePartitions, before the transaction).
    Status retime(const std::vector<DataPoint> &points, const std::vector<qint64> &previousTs);
    // Deletes the selected points and rebuilds the rollups they contributed to. Returns rows deleted.
    Result<qint64> remove(const DataSelector &selector);

    // ---- reads
    enum class Order { TimeAscending, TimeDescending, SeqAscending, SeqDescending };
    // lastn: only the last N points by time (counted and paged within them).
    Result<qint64> count(const DataSelector &selector, std::optional<qint64> lastn);
    Result<std::vector<DataPoint>> fetch(const DataSelector &selector, std::optional<qint64> lastn,
                                         Order order, qint64 offset, qint64 limit);
    Result<std::optional<DataPoint>> byId(qint64 id);
    Status updateValues(const DataPoint &point);
    Status removeById(qint64 id);
    // Points of one stream after (ts, seq), in time order: the keyset scan of backups and reports (CSV
    // exports read through StreamScanner). With `timeAndValue` only ts, seq and value are read (the rest
    // stay empty): PostgreSQL's cost of sending a row grows with its columns, and reports need no more.
    Result<std::vector<DataPoint>> after(qint64 key, qint64 ts, qint64 seq, std::optional<qint64> end,
                                         qint64 limit, bool timeAndValue = false);
    // Buckets of `interval` µs (aligned to the epoch) over [start, end), from rollups where the interval
    // is a whole number of minutes, hours or days, from raw points otherwise.
    Result<std::vector<AggregateBucket>> aggregate(qint64 key, qint64 start, qint64 end, qint64 interval);
    // Oldest and newest timestamps of a stream (empty: no data).
    Result<std::optional<std::pair<qint64, qint64>>> extent(qint64 key);

    // Drops whole monthly partitions that end before `cutoff` (PostgreSQL), returning how many went;
    // then removes now-empty partitions. On SQLite, deletes the rows.
    Result<qint64> dropBefore(qint64 cutoff);
    // endingBy: only partitions whose month ends at or before it (a partition made just now for an
    // insert in flight is empty too, until that insert commits).
    Result<qint64> dropEmptyPartitions(std::optional<qint64> endingBy = std::nullopt);
    // After large deletes: lets the database give the space back as far as is cheap. PostgreSQL: VACUUM of
    // the data tables (dropped partitions already returned theirs to the disk; this makes the rest
    // reusable). SQLite: an incremental vacuum where enabled, else a full VACUUM once over a quarter of the
    // file is free pages, then a WAL checkpoint. Returns what it did, for the job log.
    Result<QString> reclaimSpace();

    // Forget cached counts (after writes from elsewhere).
    static void invalidateCounts();

private:
    // One stream's part of a selection: its key and the span of keys (from <= key < to).
    struct Range
    {
        qint64 key = 0;
        std::optional<PointKey> from, to;
    };
    Result<std::vector<Range>> ranges(const DataSelector &selector);
    // The selection's conditions on single points (ids, streamer ids, device times), if any.
    static std::function<bool(const DataPoint &)> filterOf(const DataSelector &selector);
    Status applyRollups(const std::vector<DataPoint> &points);
    Result<qint64> insertPoints(const std::vector<DataPoint> &points, bool rollups);
    SqlConnection &m_db;
};

} // namespace iotile
