#pragma once

#include "common/util/error.h"
#include "server/http/httpresponse.h"

namespace iotile {

// The one place that turns an Error into an HTTP status and body. Internal errors are logged with their
// reason and answered with a generic message: no SQL, paths or stack details reach the client.
HttpResponse errorResponse(const Error &error);
int httpStatus(ErrorKind kind);

} // namespace iotile
