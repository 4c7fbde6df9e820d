#pragma once

#include "common/util/error.h"

#include <QJsonObject>

namespace iotile {

class Access;
class RequestContext;
class Router;
class ServerContext;
class SqlConnection;
struct Project;

// /api/v1/project/: projects, looked up by UUID as in the original.
class ProjectController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject projectJson(const Project &project);
    // A project named by UUID or p-- slug (the filters and the claim action accept both).
    static Result<std::optional<Project>> byUuidOrSlug(SqlConnection &db, const QString &text);
};

} // namespace iotile
