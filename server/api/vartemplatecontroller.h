#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct VarTemplate;
struct DisplayWidget;

// /api/v1/vartemplate/ and /api/v1/widget/: write-only (staff) access to a sensor graph's variable and
// display widget templates; they are read through sg/.
class VarTemplateController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject varTemplateJson(const VarTemplate &t);
    static QJsonObject widgetJson(const DisplayWidget &w);
};

} // namespace iotile
