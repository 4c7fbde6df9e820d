#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct StreamAlias;
struct StreamAliasTap;

// /api/v1/alias/ and /api/v1/tap/: stream aliases (virtual streams stitched from slices of physical
// streams) and their taps, as the original's APIStreamAliasViewSet and APIStreamAliasTapViewSet.
// Reading through an alias is /api/v1/data/?filter=a--… (server/api/datatarget.cpp).
class AliasController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject aliasJson(const StreamAlias &alias);
    static QJsonObject tapJson(const StreamAliasTap &tap);
};

} // namespace iotile
