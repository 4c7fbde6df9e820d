#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct PropertyTemplate;

// /api/v1/propertytemplate/: an org's property templates and their enum values.
class PropertyTemplateController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject templateJson(const PropertyTemplate &t);
};

} // namespace iotile
