#pragma once

namespace iotile {

class Router;
class ServerContext;

// /api/v1/key/ (staff upload of device keys) and /api/v1/device/<slug>/key/?type= (downloadable keys and
// the a-jwt device token).
class DeviceKeyController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
