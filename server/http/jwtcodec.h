#pragma once

#include "common/util/error.h"

#include <QByteArray>
#include <QJsonObject>

namespace iotile {

// HS256 JSON Web Tokens as djangorestframework-jwt issues them (header {"typ":"JWT","alg":"HS256"}).
// Errors carry the original's messages ("Error decoding signature.", "Signature has expired.").
class JwtCodec
{
public:
    explicit JwtCodec(QByteArray secret)
        : m_secret(std::move(secret))
    { }

    QByteArray sign(const QJsonObject &payload) const;
    // Checks the signature, then `exp` against nowSeconds unless checkExpiry is false.
    Result<QJsonObject> verify(QByteArrayView token, qint64 nowSeconds, bool checkExpiry = true) const;
    // Signs and verifies with a key of the caller's (the per-device a-jwt keys).
    static QByteArray signWith(const QByteArray &secret, const QJsonObject &payload);
    static Result<QJsonObject> verifyWith(const QByteArray &secret, QByteArrayView token);
    // The payload without checking anything: for finding which key to verify a device token with.
    static Result<QJsonObject> decodeUnverified(QByteArrayView token);

private:
    QByteArray m_secret;
};

} // namespace iotile
