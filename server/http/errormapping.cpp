#include "server/http/errormapping.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcHttp, "iotile.http")

namespace iotile {

int httpStatus(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::BadRequest:
        return 400;
    case ErrorKind::Unauthorized:
        return 401;
    case ErrorKind::Forbidden:
        return 403;
    case ErrorKind::NotFound:
        return 404;
    case ErrorKind::MethodNotAllowed:
        return 405;
    case ErrorKind::NotAcceptable:
        return 406;
    case ErrorKind::Conflict:
        return 409;
    case ErrorKind::Gone:
        return 410;
    case ErrorKind::TooLarge:
        return 413;
    case ErrorKind::UnsupportedMediaType:
        return 415;
    case ErrorKind::TooManyRequests:
        return 429;
    case ErrorKind::HeadersTooLarge:
        return 431;
    case ErrorKind::Internal:
        return 500;
    case ErrorKind::Unavailable:
        return 503;
    }
    return 500;
}

HttpResponse errorResponse(const Error &error)
{
    const int status = httpStatus(error.kind());
    if (status >= 500 && !error.internalReason().isEmpty())
        qCWarning(lcHttp).noquote() << status << error.internalReason();
    HttpResponse response = HttpResponse::json(error.body(), status);
    if (status == 401) {
        // The original's first authentication class is JWT: it names its realm on every 401.
        response.addHeader("WWW-Authenticate", "JWT realm=\"api\"");
    }
    for (const auto &header : error.headers())
        response.addHeader(header.first, header.second);
    return response;
}

} // namespace iotile
