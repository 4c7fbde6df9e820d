#pragma once

namespace iotile {

class Router;
class ServerContext;

// /api/v1/alarm/ (beyond the original): alarms raised by filter actions or by hand, listed per org,
// project or device, acknowledged and cleared with who and when.
class AlarmController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
