#include "server/store/database.h"
#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// PostgreSQL: the BRIN index on stream_data.id (how GET /api/v1/data/<id>/ found a row) was looked up and
// checked for every inserted row, about 7 % of PostgreSQL's CPU in bulk ingest. Writers now note the ids
// they hand out, one row per transaction and day: the id range, the streams and their time span, which
// lead to the row through the (stream, time) key (StreamDataStore::noteIds). The rows stored so far are
// noted here the same way, in blocks of 4,096 ids. SQLite finds a point by its rowid and needs neither.
Status noteStoredDataIds(SqlConnection &c)
{
    return c.execOnce(QStringLiteral(
        "INSERT INTO stream_data_id_ranges (ids, streams, min_ts, max_ts) "
        "SELECT int8range(min(id), max(id), '[]'), array_agg(DISTINCT stream_id), min(ts), max(ts) "
        "FROM stream_data GROUP BY id / 4096, ts / 86400000000"));
}

Migration m0019DataIdRanges()
{
    Migration m;
    m.version = 19;
    m.name = "stream data id ranges";
    m.scope = SchemaScope::Data;
    m.extra = [](SqlConnection &c) -> Status {
        if (!c.dialect().isPostgres())
            return Ok {};
        IOTILE_CHECK(c.execOnce(QStringLiteral("CREATE TABLE stream_data_id_ranges ("
                                               " ids INT8RANGE NOT NULL,"
                                               " streams BIGINT[] NOT NULL,"
                                               " min_ts BIGINT NOT NULL,"
                                               " max_ts BIGINT NOT NULL)")));
        IOTILE_CHECK(c.execOnce(QStringLiteral(
            "CREATE INDEX stream_data_id_ranges_ids ON stream_data_id_ranges USING GIST (ids)")));
        IOTILE_CHECK(noteStoredDataIds(c));
        return c.execOnce(QStringLiteral("DROP INDEX IF EXISTS stream_data_id"));
    };
    return m;
}

} // namespace iotile::migrations
