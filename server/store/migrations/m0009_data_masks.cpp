#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// Data masks of devices and data blocks: a time window outside which their data is hidden when a
// reader asks for masked data (the original kept it as an event on the object's 5a09 stream).
Migration m0009DataMasks()
{
    Migration m;
    m.version = 9;
    m.name = "data masks";
    m.statements = {
        QStringLiteral("CREATE TABLE data_masks ("
                       " target TEXT PRIMARY KEY,"
                       " start_ts {BIGINT},"
                       " end_ts {BIGINT},"
                       " updated_on {BIGINT} NOT NULL,"
                       " updated_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
    };
    return m;
}

} // namespace iotile::migrations
