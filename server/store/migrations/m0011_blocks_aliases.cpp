#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// Data blocks (archives of a device's data), the per-device counter that keeps block numbers from being
// reused after a delete, and stream aliases with their taps.
Migration m0011BlocksAliases()
{
    Migration m;
    m.version = 11;
    m.name = "data blocks, stream aliases";
    m.statements = {
        // Streams of a block carry the block's device group (block number << 48 | device id) in
        // streams.block_id; data_blocks.id is the API's own integer id.
        QStringLiteral("CREATE TABLE data_blocks ("
                       " id {ID},"
                       " slug TEXT NOT NULL UNIQUE,"
                       " title TEXT NOT NULL,"
                       " description TEXT NOT NULL DEFAULT '',"
                       " device_id {BIGINT} NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
                       " block INTEGER NOT NULL,"
                       " org_id {BIGINT} REFERENCES orgs(id) ON DELETE CASCADE,"
                       " sg_id {BIGINT} REFERENCES sensor_graphs(id) ON DELETE SET NULL,"
                       " created_on {BIGINT} NOT NULL,"
                       " completed_on {BIGINT},"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " UNIQUE (device_id, block))"),
        QStringLiteral("CREATE INDEX data_blocks_org ON data_blocks (org_id, device_id, block)"),
        QStringLiteral("CREATE TABLE data_block_counters ("
                       " device_id {BIGINT} PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,"
                       " last_block INTEGER NOT NULL)"),
        QStringLiteral("CREATE TABLE stream_aliases ("
                       " id {ID},"
                       " slug TEXT NOT NULL UNIQUE,"
                       " name TEXT NOT NULL,"
                       " org_id {BIGINT} NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE INDEX stream_aliases_org ON stream_aliases (org_id, slug)"),
        QStringLiteral("CREATE TABLE stream_alias_taps ("
                       " id {ID},"
                       " alias_id {BIGINT} NOT NULL REFERENCES stream_aliases(id) ON DELETE CASCADE,"
                       " timestamp {BIGINT} NOT NULL,"
                       " stream_id {BIGINT} NOT NULL REFERENCES streams(id) ON DELETE CASCADE,"
                       " created_on {BIGINT} NOT NULL,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL)"),
        QStringLiteral("CREATE INDEX stream_alias_taps_alias ON stream_alias_taps (alias_id, timestamp)"),
        QStringLiteral("CREATE INDEX stream_alias_taps_stream ON stream_alias_taps (stream_id)"),
    };
    return m;
}

} // namespace iotile::migrations
