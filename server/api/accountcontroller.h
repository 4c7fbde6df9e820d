#pragma once

#include "common/util/error.h"

#include <QJsonObject>

namespace iotile {

class RequestContext;
class Router;
class ServerContext;
struct Account;

// /api/v1/account/: registration (POST), the caller's profile, password change.
class AccountController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    // The original's Account object (also the body of login and user-info).
    static QJsonObject accountJson(const Account &account);
    static QJsonObject avatarJson(const QString &email);
};

} // namespace iotile
