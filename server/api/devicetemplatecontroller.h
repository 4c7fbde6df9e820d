#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct DeviceTemplate;
struct DeviceSlot;

// /api/v1/dt/: device templates (products) and their component slots (staff-managed; readable with an
// org API key).
class DeviceTemplateController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject deviceTemplateJson(const DeviceTemplate &t);
    // What the original renders for a device without a template: the writable fields, empty.
    static QJsonObject blankDeviceTemplateJson();
    static QJsonObject slotJson(const DeviceSlot &slot);
};

} // namespace iotile
