#pragma once

namespace iotile {

class Router;
class ServerContext;

// Liveness and server facts: /api/v1/health/ (no auth: version and database status), the original's
// /api/v1/server/ (CoreTools reads its clock from it) and the API root map.
class HealthController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
