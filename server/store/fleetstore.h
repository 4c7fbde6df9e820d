#pragma once

#include "common/util/error.h"
#include "server/domain/fleet.h"

#include <QList>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Fleets and their members.
class FleetStore
{
public:
    explicit FleetStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool all = false; // staff acting as staff; otherwise fleets of the caller's orgs
        std::optional<qint64> orgId;
        std::optional<qint64> deviceId; // fleets the device belongs to
        std::optional<bool> isNetwork;
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<Fleet>> list(const ListQuery &query, const Access &access, qint64 offset, qint64 limit);

    Result<std::optional<Fleet>> byId(qint64 id);
    Result<bool> nameTaken(qint64 orgId, const QString &name, qint64 exceptId);
    Result<Fleet> create(Fleet fleet);
    Status update(const Fleet &fleet);
    Status remove(qint64 id);

    // Members are the devices of a fleet that still belong to its org: a device that was unclaimed or
    // moved to another org leaves its fleets without anyone having to deregister it.
    Result<qint64> countMembers(qint64 fleetId);
    Result<QList<FleetMember>> members(qint64 fleetId, qint64 offset, qint64 limit);
    // Whether a membership row exists, current or left behind by a device that changed org.
    Result<bool> isMember(qint64 fleetId, qint64 deviceId);
    Status addMember(const FleetMember &member);
    Status removeMember(qint64 fleetId, qint64 deviceId);

private:
    SqlConnection &m_db;
};

} // namespace iotile
