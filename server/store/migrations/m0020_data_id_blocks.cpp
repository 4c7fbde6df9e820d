#include "server/store/database.h"
#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// PostgreSQL: stream_data.id came from the column's default, one nextval() per row, which checked the
// sequence's privileges, opened it and looked it up for every row: about 3 % of the machine in bulk ingest
// (perf over bench_ingest). Writers now take ids in blocks: each nextval() hands out kDataIdBlock ids (the
// value and the kDataIdBlock - 1 after it), and a bulk insert draws as many blocks as it has rows for, in
// one statement, and writes the ids itself. A plain nextval() (the column's default, still used by single
// inserts and by a server of an older version) takes a whole block too, so the two never meet. No cache:
// blocks are handed out in the order they are asked for, as single ids were. SQLite: the rowid is the id.
Migration m0020DataIdBlocks()
{
    Migration m;
    m.version = 20;
    m.name = "stream data id blocks";
    m.scope = SchemaScope::Data;
    m.extra = [](SqlConnection &c) -> Status {
        if (!c.dialect().isPostgres())
            return Ok {};
        return c.execOnce(
            QStringLiteral("ALTER SEQUENCE stream_data_id_seq INCREMENT BY %1 CACHE 1").arg(kDataIdBlock));
    };
    return m;
}

} // namespace iotile::migrations
