#pragma once

#include "common/util/error.h"
#include "server/live/liveinterest.h"

#include <QString>

namespace iotile {

class Access;
class ServerContext;
class SqlConnection;

// Which live targets a caller may follow: a stream (s--), a device (d--) or a project (p-- or its uuid),
// each needing read_stream_data on the org that owns it, as the data API's reads do. Unknown targets are
// NotFound, unreadable ones Forbidden.
class LiveAccess
{
public:
    // Adds the target, normalised, to `into`; returns the normalised slug.
    static Result<QString> check(ServerContext &server, SqlConnection &mainDb, Access &access,
                                 const QString &target, LiveInterest &into);
};

} // namespace iotile
