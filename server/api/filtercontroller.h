#pragma once

namespace iotile {

class Router;
class ServerContext;

// /api/v1/filter/: stream filters (the original's streamfilter app) with their states, transitions,
// triggers and actions; evaluation lives in server/domain/filterengine.h.
class FilterController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
