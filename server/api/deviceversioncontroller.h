#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct DeviceVersion;

// /api/v1/ota/version/ (devices' OS and app versions; writes are staff only) and
// /api/v1/device/<slug>/versions/ (a device's current ones).
class DeviceVersionController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    // DeviceVersionAttributeSerializer.
    static QJsonObject versionJson(const DeviceVersion &version);
    // DeviceVersionAttributeReadOnlySerializer: what device listings embed.
    static QJsonObject currentJson(const DeviceVersion &version);
};

} // namespace iotile
