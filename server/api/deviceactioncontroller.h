#pragma once

namespace iotile {

class Router;
class ServerContext;

// device/<slug>/reset/ and device/<slug>/trim/: the original's device data actions, answered at once
// (202) and done by worker jobs (DeviceDataResetAction, DeviceDataTrimAction).
class DeviceActionController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
