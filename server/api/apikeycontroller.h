#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct OrgApiKey;

// /api/v1/org/<slug>/apikey/: org owners issue, list and revoke the org's API keys (beyond the original,
// where keys were made in the admin site).
class ApiKeyController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject keyJson(const OrgApiKey &key);
};

} // namespace iotile
