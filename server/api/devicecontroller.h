#pragma once

#include "common/util/error.h"

#include <QJsonObject>

namespace iotile {

class Access;
class RequestContext;
class Router;
class ServerContext;
class SqlConnection;
struct Device;

// /api/v1/device/: devices and their actions (claim, unclaim, move, health), as the original's
// APIDeviceViewSet.
class DeviceController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject deviceJson(const Device &device);
    // The device named by a URL slug (flexible d--/b-- forms): 404 when it does not exist, 403 when the
    // caller may not see it (the original does not hide devices behind 404).
    static Result<Device> accessibleDevice(RequestContext &ctx, SqlConnection &db, Access &access,
                                           const QString &slug);
};

} // namespace iotile
