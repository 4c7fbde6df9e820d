#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct DeploymentAction;

// /api/v1/ota/action/ (update attempts gateways and phones report) and /api/v1/ota/device/<slug>/ (what
// a gateway asks before updating a device: its open deployments, past attempts and current versions).
class DeploymentActionController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject actionJson(const DeploymentAction &action);
};

} // namespace iotile
