#pragma once

#include "server/store/migration.h"

// One function per migration file; store/migrations/migrations.cpp lists them (sorted by number there).
namespace iotile::migrations {

Migration m0001Accounts();
Migration m0002OrgsProjects();
Migration m0003CatalogDevicesStreams();
Migration m0004Metadata();
Migration m0007Jobs();
Migration m0008StreamData();
Migration m0009DataMasks();
Migration m0011BlocksAliases();
Migration m0017DeviceListIndex();
Migration m0012FleetsOta();
Migration m0010Streamers();
Migration m0013FiltersAlarmsAudit(); // stream filters, alarms, audit log
Migration m0014GeneratedReports();
Migration m0016Live(); // live feed (issue 9)
Migration m0018LiveLogLz4();
Migration m0019DataIdRanges();
Migration m0020DataIdBlocks();
Migration m0021StreamChunks();
Migration m0022DropRowLayout();
// Ids one nextval('stream_data_id_seq') hands out on PostgreSQL (migration 20): the value and those after it.
inline constexpr qint64 kDataIdBlock = 1024;
// PostgreSQL: notes the ids of every stored point in stream_data_id_ranges (migration 19's backfill).
Status noteStoredDataIds(SqlConnection &connection);
// Migration 21's move of stored rows into chunks, stream by stream in key order; ids stay.
Status moveRowsIntoChunks(SqlConnection &connection);

} // namespace iotile::migrations
