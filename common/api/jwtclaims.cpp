#include "common/api/jwtclaims.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace iotile::api {

std::optional<JwtClaims> JwtClaims::decode(const QByteArray &token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return std::nullopt;
    const auto payload = QByteArray::fromBase64Encoding(
        parts[1], QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!payload)
        return std::nullopt;
    const QJsonDocument document = QJsonDocument::fromJson(*payload);
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    JwtClaims claims;
    claims.userId = qint64(object.value(QLatin1String("user_id")).toDouble());
    claims.username = object.value(QLatin1String("username")).toString();
    claims.email = object.value(QLatin1String("email")).toString();
    claims.expiresAt = qint64(object.value(QLatin1String("exp")).toDouble());
    claims.originalIssuedAt = qint64(object.value(QLatin1String("orig_iat")).toDouble());
    return claims;
}

} // namespace iotile::api
