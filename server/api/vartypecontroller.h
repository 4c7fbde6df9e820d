#pragma once

namespace iotile {

class Router;
class ServerContext;

// /api/v1/vartype/: variable types and their input and output units (staff-managed; readable with an org
// API key).
class VarTypeController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
