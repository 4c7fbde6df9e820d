#include "server/store/commithooks.h"

#include "server/store/database.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace iotile::commithooks {

namespace {

thread_local std::vector<std::pair<const SqlConnection *, Action>> tl_pending;

} // namespace

void afterCommit(const SqlConnection &connection, Action action)
{
    if (!connection.inTransaction()) {
        action();
        return;
    }
    const std::pair<const SqlConnection *, Action> entry {&connection, action};
    if (std::find(tl_pending.begin(), tl_pending.end(), entry) == tl_pending.end())
        tl_pending.push_back(entry);
}

void committed(const SqlConnection &connection)
{
    if (tl_pending.empty())
        return;
    std::vector<Action> due;
    std::erase_if(tl_pending, [&](const auto &entry) {
        if (entry.first != &connection)
            return false;
        due.push_back(entry.second);
        return true;
    });
    for (Action action : due)
        action();
}

void rolledBack(const SqlConnection &connection)
{
    std::erase_if(tl_pending, [&](const auto &entry) { return entry.first == &connection; });
}

} // namespace iotile::commithooks
