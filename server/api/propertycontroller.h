#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct Property;

// /api/v1/property/ (generic properties of devices, data blocks and projects) and the per-object
// actions project/<uuid>/properties/, new_property/ and device/<slug>/properties/, new_property/.
class PropertyController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    // {"id", "name", "value", "type", "is_system"}: the per-object list's form.
    static QJsonObject propertyJson(const Property &property);
};

} // namespace iotile
