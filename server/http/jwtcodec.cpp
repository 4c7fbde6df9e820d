#include "server/http/jwtcodec.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

namespace iotile {

namespace {

constexpr auto kB64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray headerSegment()
{
    static const QByteArray segment = QByteArrayLiteral("{\"typ\":\"JWT\",\"alg\":\"HS256\"}").toBase64(kB64);
    return segment;
}

Error decodeError()
{
    return Error::unauthorized(QStringLiteral("Error decoding signature."));
}

bool constantTimeEqual(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

struct Parts
{
    QByteArrayView header, payload, signature, signingInput;
};

std::optional<Parts> split(QByteArrayView token)
{
    const qsizetype a = token.indexOf('.');
    if (a <= 0)
        return std::nullopt;
    const qsizetype b = token.indexOf('.', a + 1);
    if (b <= a + 1 || token.indexOf('.', b + 1) >= 0)
        return std::nullopt;
    return Parts {token.first(a), token.sliced(a + 1, b - a - 1), token.sliced(b + 1), token.first(b)};
}

Result<QJsonObject> payloadOf(const Parts &parts)
{
    const auto decoded = QByteArray::fromBase64Encoding(parts.payload.toByteArray(), kB64);
    if (!decoded)
        return decodeError();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return decodeError();
    return doc.object();
}

} // namespace

QByteArray JwtCodec::signWith(const QByteArray &secret, const QJsonObject &payload)
{
    QByteArray input = headerSegment();
    input.append('.');
    input.append(QJsonDocument(payload).toJson(QJsonDocument::Compact).toBase64(kB64));
    const QByteArray mac = QMessageAuthenticationCode::hash(input, secret, QCryptographicHash::Sha256);
    input.append('.');
    input.append(mac.toBase64(kB64));
    return input;
}

Result<QJsonObject> JwtCodec::verifyWith(const QByteArray &secret, QByteArrayView token)
{
    const auto parts = split(token);
    if (!parts)
        return decodeError();
    const auto header = QByteArray::fromBase64Encoding(parts->header.toByteArray(), kB64);
    if (!header)
        return decodeError();
    const QJsonObject h = QJsonDocument::fromJson(*header).object();
    if (h.value(QLatin1String("alg")).toString() != QLatin1String("HS256"))
        return decodeError(); // never "none", never an algorithm we did not sign with
    const QByteArray mac = QMessageAuthenticationCode::hash(parts->signingInput.toByteArray(), secret,
                                                            QCryptographicHash::Sha256);
    if (!constantTimeEqual(mac.toBase64(kB64), parts->signature))
        return decodeError();
    return payloadOf(*parts);
}

Result<QJsonObject> JwtCodec::decodeUnverified(QByteArrayView token)
{
    const auto parts = split(token);
    if (!parts)
        return decodeError();
    return payloadOf(*parts);
}

QByteArray JwtCodec::sign(const QJsonObject &payload) const
{
    return signWith(m_secret, payload);
}

Result<QJsonObject> JwtCodec::verify(QByteArrayView token, qint64 nowSeconds, bool checkExpiry) const
{
    Result<QJsonObject> payload = verifyWith(m_secret, token);
    if (!payload)
        return payload;
    if (checkExpiry) {
        const QJsonValue exp = payload->value(QLatin1String("exp"));
        if (!exp.isDouble() || qint64(exp.toDouble()) <= nowSeconds)
            return Error::unauthorized(QStringLiteral("Signature has expired."));
    }
    return payload;
}

} // namespace iotile
