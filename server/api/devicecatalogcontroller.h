#pragma once

namespace iotile {

class Router;
class ServerContext;

// /api/v1/device/<slug>/sg/ and /api/v1/device/<slug>/template/: a device's sensor graph and device
// template, for whoever may see the device.
class DeviceCatalogController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
