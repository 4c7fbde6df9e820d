#pragma once

#include <QJsonObject>

namespace iotile {

class Router;
class ServerContext;
struct Org;
struct MemberRow;

// /api/v1/org/: orgs, their members and roles, invitations, and the org-scoped lists.
class OrgController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static QJsonObject orgJson(const Org &org, const QStringList &domainNames);
    static QJsonObject memberJson(const MemberRow &member);
};

} // namespace iotile
