#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct SensorGraph;
struct VarTemplate;
struct DisplayWidget;

// /api/v1/sg/: sensor graphs with their variable and widget templates, and the property templates
// attached to them (staff-managed; readable with an org API key).
class SensorGraphController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject sensorGraphJson(const SensorGraph &sg);
    // What the original renders for a device without a sensor graph: the writable fields, empty.
    static QJsonObject blankSensorGraphJson();
    // The templates as a sensor graph embeds them (vartemplate/ and widget/ add "sg").
    static QJsonObject varTemplateJson(const VarTemplate &t);
    static QJsonObject widgetJson(const DisplayWidget &w);
};

} // namespace iotile
