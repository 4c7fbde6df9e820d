#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace iotile::api {

// The claims of a JWT read without checking its signature: the client only needs them to know when to
// refresh, the server is the one that verifies.
struct JwtClaims
{
    qint64 userId = 0;
    QString username;
    QString email;
    qint64 expiresAt = 0; // seconds since the epoch ("exp")
    qint64 originalIssuedAt = 0; // "orig_iat", the start of the refresh window

    static std::optional<JwtClaims> decode(const QByteArray &token);
};

} // namespace iotile::api
