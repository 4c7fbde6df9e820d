#include "server/store/migrations/migrations.h"

#include <algorithm>

namespace iotile {

const std::vector<Migration> &allMigrations()
{
    static const std::vector<Migration> list = [] {
        std::vector<Migration> all = {
            migrations::m0001Accounts(),
            migrations::m0002OrgsProjects(),
            migrations::m0003CatalogDevicesStreams(),
            migrations::m0004Metadata(),
            migrations::m0007Jobs(),
            migrations::m0008StreamData(),
            migrations::m0009DataMasks(),
            migrations::m0011BlocksAliases(),
            migrations::m0017DeviceListIndex(),
            migrations::m0012FleetsOta(),
            migrations::m0010Streamers(),
            migrations::m0013FiltersAlarmsAudit(), // stream filters, alarms, audit log
            migrations::m0014GeneratedReports(),
            migrations::m0016Live(), // live feed (issue 9)
            migrations::m0018LiveLogLz4(),
            migrations::m0019DataIdRanges(),
            migrations::m0020DataIdBlocks(),
            migrations::m0021StreamChunks(),
            migrations::m0022DropRowLayout(),
        };
        // Areas take numbers in advance and land in any order: run them by number within each scope.
        std::stable_sort(all.begin(), all.end(), [](const Migration &a, const Migration &b) {
            return a.scope != b.scope ? a.scope < b.scope : a.version < b.version;
        });
        for (size_t i = 1; i < all.size(); ++i)
            Q_ASSERT(all[i].version > all[i - 1].version || all[i].scope != all[i - 1].scope);
        return all;
    }();
    return list;
}

} // namespace iotile
