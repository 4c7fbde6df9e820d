#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct Fleet;
struct FleetMember;

// /api/v1/fleet/: groups of an org's devices (networks with gateways, OTA targets) and their members.
class FleetController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject fleetJson(const Fleet &fleet);
    static QJsonObject memberJson(const FleetMember &member);
};

} // namespace iotile
