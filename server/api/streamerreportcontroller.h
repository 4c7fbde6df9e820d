#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct StreamerReport;

// /api/v1/streamer/report/: the report upload devices and gateways use (POST ?timestamp= with a
// multipart "file"), and the reports for those who may see their streamers.
class StreamerReportController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject reportJson(const StreamerReport &report);
};

} // namespace iotile
