#pragma once

namespace iotile {

class Router;
class ServerContext;

// /api/v1/production/device/: the manufacturing machine-to-machine view of an org's devices, reached
// only with the org's API key ("Authorization: Api-Key …"); create_virtual/ makes virtual devices.
class ProductionController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
