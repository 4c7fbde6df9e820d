#pragma once

namespace iotile {

class Router;
class ServerContext;

// The files of stream events: /event/<id>/data/ (the JSON, gunzipped when stored as .json.gz),
// /event/<id>/url/ (a link that works without credentials for a while), /event/<id>/file/ (the file
// itself, through the server when the store hands out no presigned links), and /event/upload/ (an event
// with a .json or .json.gz file from a multipart form).
class EventFileController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
};

} // namespace iotile
