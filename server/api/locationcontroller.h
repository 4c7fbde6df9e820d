#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct Location;

// /api/v1/location/: time-stamped GPS positions of devices (single and bulk posts); posting to a device
// also moves the device's own lat/lon. The mask=1 filter waits for data masks (data API).
class LocationController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject locationJson(const Location &location);
};

} // namespace iotile
