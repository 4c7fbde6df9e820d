#include "server/domain/datapoint.h"
#include "server/store/chunkstore.h"
#include "server/store/database.h"
#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// Stream data in chunks (docs/data-chunks.md): a row holds a run of up to 64 points of one stream, encoded by
// PointChunk, under the key of its first point; a stream's chunks never overlap. On PostgreSQL the table is
// partitioned by month like stream_data (a chunk's points share a month) and ids keep coming from
// stream_data_id_seq in blocks; SQLite counts ids in stream_chunk_ids, from past the largest id stored.
Status moveRowsIntoChunks(SqlConnection &c)
{
    SqlQuery streams = c.query("SELECT DISTINCT stream_id FROM stream_data ORDER BY stream_id");
    IOTILE_CHECK(streams.exec());
    std::vector<qint64> keys;
    while (streams.next())
        keys.push_back(streams.int64(0));
    streams.raw().finish();
    constexpr int kBatch = 65536; // rows read and written at a time
    for (const qint64 key : keys) {
        std::optional<std::pair<qint64, qint64>> after;
        for (;;) {
            SqlQuery q =
                c.query(QStringLiteral("SELECT id, ts, seq, device_ts, int_value, value, type, status, dirty "
                                       "FROM stream_data WHERE stream_id = ?%1 ORDER BY ts, seq LIMIT %2")
                            .arg(after ? QStringLiteral(" AND (ts, seq) > (?, ?)") : QString())
                            .arg(kBatch));
            q.bind(key);
            if (after)
                q.bind(after->first).bind(after->second);
            IOTILE_CHECK(q.exec());
            std::vector<DataPoint> points;
            while (q.next()) {
                DataPoint &p = points.emplace_back();
                p.id = q.int64(0);
                p.streamId = key;
                p.ts = q.int64(1);
                p.seq = q.int64(2);
                p.deviceTs = q.optionalInt64(3);
                p.intValue = q.optionalInt64(4);
                if (!q.isNull(5))
                    p.value = q.real(5);
                p.type = PointType(q.int64(6));
                p.status = PointStatus(q.int64(7));
                p.dirty = q.value(8).toBool();
            }
            q.raw().finish();
            if (points.empty())
                break;
            IOTILE_TRY(moved, ChunkStore(c).insert(points, true));
            if (moved.size() != points.size())
                return Error::internal(QStringLiteral("stream %1: %2 of %3 rows moved into chunks")
                                           .arg(key)
                                           .arg(moved.size())
                                           .arg(points.size()));
            after = std::pair(points.back().ts, points.back().seq);
            if (qsizetype(points.size()) < kBatch)
                break;
        }
    }
    return c.execOnce(QStringLiteral("DELETE FROM stream_data"));
}

Migration m0021StreamChunks()
{
    Migration m;
    m.version = 21;
    m.name = "stream data chunks";
    m.scope = SchemaScope::Data;
    m.extra = [](SqlConnection &c) -> Status {
        const bool pg = c.dialect().isPostgres();
        const QString columns =
            QStringLiteral("stream_id BIGINT NOT NULL, first_ts BIGINT NOT NULL, first_seq BIGINT NOT NULL,"
                           " last_ts BIGINT NOT NULL, last_seq BIGINT NOT NULL, n INTEGER NOT NULL,"
                           " min_id BIGINT NOT NULL, max_id BIGINT NOT NULL, points %1 NOT NULL")
                .arg(pg ? QStringLiteral("BYTEA") : QStringLiteral("BLOB"));
        IOTILE_CHECK(
            c.execOnce(QStringLiteral("CREATE TABLE stream_chunks (%1)%2")
                           .arg(columns, pg ? QStringLiteral(" PARTITION BY RANGE (first_ts)") : QString())));
        IOTILE_CHECK(c.execOnce(QStringLiteral(
            "CREATE UNIQUE INDEX stream_chunks_key ON stream_chunks (stream_id, first_ts, first_seq)")));
        // A point by its id (GET /api/v1/data/<id>/): the chunks whose smallest id is at or below it.
        IOTILE_CHECK(
            c.execOnce(QStringLiteral("CREATE INDEX stream_chunks_min_id ON stream_chunks (min_id)")));
        if (pg) {
            // The months stream_data has partitions for get theirs.
            SqlQuery months =
                c.query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'stream_data'");
            IOTILE_CHECK(months.exec());
            QStringList names;
            while (months.next())
                names << months.text(0);
            for (const QString &name : names) {
                SqlQuery bound =
                    c.query("SELECT pg_get_expr(c.relpartbound, c.oid) FROM pg_class c WHERE c.relname = ?");
                bound.bind(name);
                IOTILE_CHECK(bound.exec());
                if (!bound.next())
                    return Error::internal(QStringLiteral("no partition bound for %1").arg(name));
                const QString expr = bound.text(0);
                bound.raw().finish();
                IOTILE_CHECK(c.execOnce(QStringLiteral("CREATE TABLE %1 PARTITION OF stream_chunks %2")
                                            .arg(QString(name).replace(QLatin1String("stream_data_p"),
                                                                       QLatin1String("stream_chunks_p")),
                                                 expr)));
            }
        } else {
            IOTILE_CHECK(c.execOnce(QStringLiteral("CREATE TABLE stream_chunk_ids (next INTEGER NOT NULL)")));
            IOTILE_CHECK(c.execOnce(QStringLiteral(
                "INSERT INTO stream_chunk_ids (next) SELECT coalesce(max(id), 0) + 1 FROM stream_data")));
        }
        return moveRowsIntoChunks(c);
    };
    return m;
}

} // namespace iotile::migrations
