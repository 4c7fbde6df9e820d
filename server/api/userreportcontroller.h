#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
class RequestContext;
struct UserReport;
struct GeneratedReport;

// /api/v1/report/: user reports (what to report, how, to whom, how often), their manual generation, and
// /api/v1/report/generated/: the generated files with their status and download.
class UserReportController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject reportJson(const UserReport &report);
    static QJsonObject generatedJson(const GeneratedReport &report, const QString &origin);
};

} // namespace iotile
