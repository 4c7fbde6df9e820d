#pragma once

namespace iotile {

class Router;
class ServerContext;

// The audit log of writes (beyond the original): /api/v1/org/<slug>/audit/ for the org's owners (and
// staff), /api/v1/audit/ for staff. Entries are recorded by server/http/auditrecorder.h.
class AuditController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
