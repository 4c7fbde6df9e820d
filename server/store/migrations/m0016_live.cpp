#include "server/store/database.h"
#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// The live feed's log, in the data database next to the rows it announces: one entry per stream and
// committed batch (at most 1,000 points or events), numbered in commit order (writers serialise on an
// advisory lock, see LiveLogStore). The number is the cursor WebSocket clients resume from; `body` is
// the message as pushed, without its cursor, so a resume costs no joins. Entries older than
// live_retention_hours are purged.
Migration m0016Live()
{
    Migration m;
    m.version = 16;
    m.name = "live feed log";
    m.scope = SchemaScope::Data;
    m.statements = {
        QStringLiteral("CREATE TABLE live_log ("
                       " id {ID},"
                       " stream TEXT NOT NULL,"
                       " kind INTEGER NOT NULL,"
                       " body TEXT NOT NULL,"
                       " created_on {BIGINT} NOT NULL)"),
        QStringLiteral("CREATE INDEX live_log_created ON live_log (created_on)"),
    };
    return m;
}

} // namespace iotile::migrations
