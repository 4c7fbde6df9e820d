#pragma once

#include "common/util/error.h"
#include "server/store/streameventstore.h"

#include <QJsonValue>

namespace iotile {

class Access;
class RequestContext;
class Router;
class ServerContext;
class SqlConnection;

// /api/v1/event/ (the original's StreamEventData): events with a JSON summary and an optional file,
// listed by stream, device, block or variable as /data/ is, posted one or many at a time (JSON or
// msgpack), and read, changed or deleted one by one by staff and the stream org's writers.
class EventController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);

    // The event of /event/<id>/...: 400 for a non-integer id, 404 when missing; then staff, or a caller
    // with can_create_stream_data on the org of the event's stream id (404 without one), else 403.
    static Result<StreamEvent> permittedEvent(RequestContext &ctx, SqlConnection &mainDb, Access &access);
    // A request body as JSON: application/json or application/msgpack (the original's two parsers).
    static Result<QJsonValue> body(const RequestContext &ctx);
};

} // namespace iotile
