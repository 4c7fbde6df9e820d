#pragma once

namespace iotile {

class Router;
class ServerContext;

// The data routes of one stream: stream/<slug>/data/ (values in output units, what the SDK's StreamData
// pages through), stream/<slug>/data/aggregate/ (server-side aggregation, beyond the original),
// stream/<slug>/csv/ (streamed export), and the device data mask (device/<slug>/mask/).
class StreamDataController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
