#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct CatalogTemplate;

// /api/v1/ot/ and /api/v1/pt/: org and project templates (staff-managed; creating a project template also
// creates its hidden master project).
class TemplateController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject orgTemplateJson(const CatalogTemplate &t);
    static QJsonObject projectTemplateJson(const CatalogTemplate &t);
};

} // namespace iotile
