#include "client/widgets/errortext.h"

#include "common/api/apierror.h"

namespace iotile {

QString ErrorText::describe(const Error &error)
{
    if (api::ApiError::isCancelled(error))
        return tr("Cancelled.");
    const QString server = api::ApiError::serverText(error);
    if (!server.isEmpty())
        return server;
    switch (error.kind()) {
    case ErrorKind::BadRequest:
        return tr("The server did not accept the request.");
    case ErrorKind::Unauthorized:
        return tr("Please sign in again.");
    case ErrorKind::Forbidden:
        return tr("You are not allowed to do this.");
    case ErrorKind::NotFound:
        return tr("Not found on the server.");
    case ErrorKind::TooManyRequests:
        return tr("Too many attempts; try again later.");
    case ErrorKind::Unavailable:
        return tr("The server cannot be reached.");
    default:
        return tr("The server reported an error.");
    }
}

} // namespace iotile
