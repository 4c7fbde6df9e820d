#pragma once

#include "common/util/error.h"

#include <QJsonObject>

namespace iotile {

class Access;
class Router;
class ServerContext;
class SqlConnection;
class UnitJson;
struct Stream;

// /api/v1/stream/: stream ids and their settings (data endpoints of streams live with the data API).
class StreamController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    static Result<QJsonObject> streamJson(SqlConnection &db, const Stream &stream, UnitJson &units);
    // The stream named by a URL slug (padded short forms accepted): 404 unknown, 403 without
    // can_read_stream_data in its org.
    static Result<Stream> readableStream(SqlConnection &db, Access &access, const QString &text);
};

} // namespace iotile
