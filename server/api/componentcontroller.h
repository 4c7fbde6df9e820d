#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct Component;

// /api/v1/component/: the hardware components device templates are built from (staff-managed).
class ComponentController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject componentJson(const Component &c);
};

} // namespace iotile
