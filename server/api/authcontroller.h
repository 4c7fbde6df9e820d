#pragma once

namespace iotile {

class Router;
class ServerContext;

// /api/v1/auth/*: login and logout, JWT obtain/verify/refresh, the API token, user-info, e-mail
// confirmation and password reset; wire-compatible with the original and its SDK.
class AuthController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
