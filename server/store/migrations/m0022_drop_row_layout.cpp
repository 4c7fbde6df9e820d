#include "server/store/database.h"
#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// The point-per-row layout's tables, empty since migration 21 moved their rows into stream_chunks: on
// PostgreSQL every new month made a partition of stream_data beside the chunks' one, and retention dropped
// both. stream_data_id_ranges found a row's day by its id; chunks carry their ids (stream_chunks_min_id).
// stream_data_id_seq stays: chunk ids come from it.
Migration m0022DropRowLayout()
{
    Migration m;
    m.version = 22;
    m.name = "drop the point-per-row tables";
    m.scope = SchemaScope::Data;
    m.extra = [](SqlConnection &c) -> Status {
        // A row left behind would be lost: migration 21 emptied stream_data, nothing has written it since.
        SqlQuery left = c.query("SELECT count(*) FROM stream_data");
        IOTILE_TRY(rows, left.scalarInt64());
        if (rows != 0)
            return Error::internal(
                QStringLiteral("stream_data still holds %1 rows; migration 21 should have moved them")
                    .arg(rows));
        // PostgreSQL only (migration 19).
        IOTILE_CHECK(c.execOnce(QStringLiteral("DROP TABLE IF EXISTS stream_data_id_ranges")));
        // On PostgreSQL its monthly partitions go with it.
        return c.execOnce(QStringLiteral("DROP TABLE stream_data"));
    };
    return m;
}

} // namespace iotile::migrations
