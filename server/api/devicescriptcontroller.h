#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct DeviceScript;

// /api/v1/ota/script/: OTA script files of vendor orgs. The file itself lives in the BlobStore: upload/
// takes it (multipart "file"), file/ describes it with a download link, download/ serves it.
class DeviceScriptController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject scriptJson(const DeviceScript &script);
};

} // namespace iotile
