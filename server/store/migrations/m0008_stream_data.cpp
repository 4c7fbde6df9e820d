#include "server/store/database.h"
#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// The data plane, in the data database (the main one unless configured apart): stream keys (compact ids
// for stream slugs, so rows carry 8 bytes instead of a 39-character slug), data points, events, and
// rollups (per-minute/hour/day count, sum, min, max) that aggregate queries over years of data read
// instead of raw points. On PostgreSQL, points are range-partitioned by month of their timestamp, so
// retention drops whole partitions and frees the disk at once.
Migration m0008StreamData()
{
    Migration m;
    m.version = 8;
    m.name = "stream data, events, rollups";
    m.scope = SchemaScope::Data;
    m.statements = {
        QStringLiteral(
            "CREATE TABLE stream_keys (id {ID}, slug TEXT NOT NULL UNIQUE, created_on {BIGINT} NOT NULL)"),
        QStringLiteral("CREATE TABLE stream_rollups ("
                       " stream_id {BIGINT} NOT NULL,"
                       " level INTEGER NOT NULL,"
                       " bucket {BIGINT} NOT NULL,"
                       " count {BIGINT} NOT NULL,"
                       " sum {DOUBLE} NOT NULL,"
                       " min {DOUBLE} NOT NULL,"
                       " max {DOUBLE} NOT NULL,"
                       " PRIMARY KEY (stream_id, level, bucket))"),
        QStringLiteral("CREATE TABLE stream_events ("
                       " id {ID},"
                       " stream_id {BIGINT} NOT NULL,"
                       " ts {BIGINT} NOT NULL,"
                       " seq {BIGINT} NOT NULL DEFAULT 0,"
                       " device_ts {BIGINT},"
                       " uuid TEXT NOT NULL UNIQUE,"
                       " extra_data {JSON},"
                       " blob_key TEXT,"
                       " ext TEXT NOT NULL DEFAULT 'json',"
                       " format_version INTEGER NOT NULL DEFAULT 2,"
                       " status INTEGER NOT NULL DEFAULT 0,"
                       " dirty {BOOL} NOT NULL DEFAULT {FALSE},"
                       " created_on {BIGINT} NOT NULL)"),
        QStringLiteral("CREATE INDEX stream_events_stream_ts ON stream_events (stream_id, ts)"),
    };
    m.extra = [](SqlConnection &c) -> Status {
        if (c.dialect().isSqlite()) {
            // rowid is the point id; the unique key makes a retried upload a no-op.
            IOTILE_CHECK(c.execOnce(QStringLiteral("CREATE TABLE stream_data ("
                                                   " id INTEGER PRIMARY KEY,"
                                                   " stream_id INTEGER NOT NULL,"
                                                   " ts INTEGER NOT NULL,"
                                                   " seq INTEGER NOT NULL DEFAULT 0,"
                                                   " device_ts INTEGER,"
                                                   " int_value INTEGER,"
                                                   " value REAL,"
                                                   " type INTEGER NOT NULL DEFAULT 0,"
                                                   " status INTEGER NOT NULL DEFAULT 0,"
                                                   " dirty INTEGER NOT NULL DEFAULT 0)")));
            return c.execOnce(
                QStringLiteral("CREATE UNIQUE INDEX stream_data_key ON stream_data (stream_id, ts, seq)"));
        }
        IOTILE_CHECK(c.execOnce(QStringLiteral("CREATE SEQUENCE stream_data_id_seq CACHE 1000")));
        IOTILE_CHECK(c.execOnce(QStringLiteral("CREATE TABLE stream_data ("
                                               " id BIGINT NOT NULL DEFAULT nextval('stream_data_id_seq'),"
                                               " stream_id BIGINT NOT NULL,"
                                               " ts BIGINT NOT NULL,"
                                               " seq BIGINT NOT NULL DEFAULT 0,"
                                               " device_ts BIGINT,"
                                               " int_value BIGINT,"
                                               " value DOUBLE PRECISION,"
                                               " type SMALLINT NOT NULL DEFAULT 0,"
                                               " status SMALLINT NOT NULL DEFAULT 0,"
                                               " dirty BOOLEAN NOT NULL DEFAULT FALSE"
                                               ") PARTITION BY RANGE (ts)")));
        IOTILE_CHECK(c.execOnce(
            QStringLiteral("CREATE UNIQUE INDEX stream_data_key ON stream_data (stream_id, ts, seq)")));
        // Ids grow with insertion order, so a BRIN index finds one for /data/<id>/ at almost no write cost.
        return c.execOnce(QStringLiteral("CREATE INDEX stream_data_id ON stream_data USING BRIN (id)"));
    };
    return m;
}

} // namespace iotile::migrations
