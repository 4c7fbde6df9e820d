#pragma once

#include "common/util/error.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QString>

namespace iotile::api {

// Turns HTTP answers back into the project's Error (the inverse of server/http/errormapping.cpp), keeping
// the server's body ({"detail"}, field errors, a bare list or a bare string) so callers can show it.
class ApiError final
{
public:
    static ErrorKind kindForStatus(int status);
    static Error fromHttp(int status, const QByteArray &body);
    // No HTTP answer at all (refused connection, timeout, TLS failure): the server counts as unavailable.
    static Error fromNetwork(QNetworkReply::NetworkError code, const QString &text);
    static Error cancelled();
    static bool isCancelled(const Error &error);
    // The server's own words, flattened to one line ("email: Enter a valid email address."); empty when
    // the body says nothing useful, so the UI can fall back to a text of its own.
    static QString serverText(const Error &error);
    // drf-jwt's answer for a token past its "exp": the one 401 a refresh can cure.
    static bool isSignatureExpired(const Error &error);
};

} // namespace iotile::api
