#pragma once

#include <QString>

#include <optional>

namespace iotile {

// A group of devices of one org: a network with gateways, or a target of OTA deployments. Its slug
// (g--XXXX-XXXX-XXXX) is its id.
struct Fleet
{
    qint64 id = 0;
    QString name;
    QString description;
    qint64 orgId = 0;
    QString orgSlug;
    bool isNetwork = false;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    QString createdBySlug;
};

// A device's place in a fleet.
struct FleetMember
{
    qint64 fleetId = 0;
    qint64 deviceId = 0;
    QString deviceSlug;
    bool alwaysOn = false;
    bool isAccessPoint = false; // a gateway: it has internet and reads the other members
    qint64 createdOn = 0;
};

} // namespace iotile
