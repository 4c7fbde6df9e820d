#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct Streamer;

// /api/v1/streamer/ (the original's APIStreamerViewSet: read for members, create for staff), a
// streamer's reports, and /api/v1/device/<slug>/streamers/.
class StreamerController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject streamerJson(const Streamer &streamer);
};

} // namespace iotile
