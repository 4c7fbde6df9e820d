#pragma once

namespace iotile {

class Router;
class ServerContext;

// stream/<slug>/data/delete/: deleting a time range of one stream's data and events (the original's
// staff and org-admin "Delete Stream Data" pages, as an API): GET counts what a range holds, POST
// deletes it, optionally with the stream id itself.
class DataDeleteController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
