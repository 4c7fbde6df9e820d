#include "server/store/database.h"
#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// A live-log body is up to 1,000 points of JSON (~200 KB) and lives a day: PostgreSQL's default pglz
// compression of it cost the log's writer more than the data rows' COPY (reports of 5,000 readings: 61 ms
// a job with pglz, 52 ms with lz4). lz4 where the server has it; SQLite does not compress.
Migration m0018LiveLogLz4()
{
    Migration m;
    m.version = 18;
    m.name = "live log lz4";
    m.scope = SchemaScope::Data;
    m.extra = [](SqlConnection &c) -> Status {
        if (!c.dialect().isPostgres())
            return Ok {};
        SqlQuery q = c.query("SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' "
                             "AND 'lz4' = ANY(enumvals)");
        IOTILE_TRY(has, q.scalarInt64());
        if (has == 0)
            return Ok {};
        return c.execOnce(QStringLiteral("ALTER TABLE live_log ALTER COLUMN body SET COMPRESSION lz4"));
    };
    return m;
}

} // namespace iotile::migrations
