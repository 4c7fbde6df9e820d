#pragma once

namespace iotile {

class Router;
class ServerContext;

// Full-text search: /api/v1/search/ over the orgs, projects and devices the caller may read, and the
// original's device search /api/v1/org/<slug>/devices/ (free text plus property filters).
class SearchController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
