#include "server/blob/sigv4signer.h"

#include <QCryptographicHash>
#include <QMap>
#include <QMessageAuthenticationCode>

#include <algorithm>

namespace iotile {

namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";

QByteArray hmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

QByteArray dateStamp(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyyMMdd")).toLatin1();
}

} // namespace

SigV4Signer::SigV4Signer(QByteArray accessKey, QByteArray secretKey, QByteArray region, QByteArray service)
    : m_accessKey(std::move(accessKey))
    , m_secretKey(std::move(secretKey))
    , m_region(std::move(region))
    , m_service(std::move(service))
{ }

QByteArray SigV4Signer::uriEncode(const QString &text, bool keepSlash)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size());
    for (const char ch : utf8) {
        const auto c = uchar(ch);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_' || c == '.' || c == '~';
        if (unreserved || (keepSlash && c == '/')) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xf];
        }
    }
    return out;
}

QByteArray SigV4Signer::canonicalQuery(const QList<QPair<QString, QString>> &query)
{
    QList<QPair<QByteArray, QByteArray>> encoded;
    encoded.reserve(query.size());
    for (const auto &item : query)
        encoded.append({uriEncode(item.first, false), uriEncode(item.second, false)});
    std::sort(encoded.begin(), encoded.end());
    QByteArray out;
    for (const auto &item : std::as_const(encoded)) {
        if (!out.isEmpty())
            out += '&';
        out += item.first + '=' + item.second;
    }
    return out;
}

QByteArray SigV4Signer::amzDate(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

QByteArray SigV4Signer::sha256Hex(QByteArrayView data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray SigV4Signer::scope(const QDateTime &time) const
{
    return dateStamp(time) + '/' + m_region + '/' + m_service + "/aws4_request";
}

QByteArray SigV4Signer::signingKey(const QDateTime &time) const
{
    const QByteArray date = hmac("AWS4" + m_secretKey, dateStamp(time));
    return hmac(hmac(hmac(date, m_region), m_service), "aws4_request");
}

SigV4Signature SigV4Signer::sign(const SigV4Request &request, const QList<QPair<QString, QString>> &query,
                                 const QDateTime &time) const
{
    // Lower-case names, sorted; repeated headers joined with ','; values trimmed, inner runs of
    // spaces collapsed.
    QMap<QByteArray, QByteArray> headers;
    for (const auto &h : request.headers) {
        const QByteArray name = h.first.trimmed().toLower();
        const QByteArray value = h.second.simplified();
        auto it = headers.find(name);
        if (it == headers.end())
            headers.insert(name, value);
        else
            *it += ',' + value;
    }
    QByteArray canonicalHeaders;
    SigV4Signature out;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        canonicalHeaders += it.key() + ':' + it.value() + '\n';
        if (!out.signedHeaders.isEmpty())
            out.signedHeaders += ';';
        out.signedHeaders += it.key();
    }
    out.canonicalRequest = request.method + '\n' + uriEncode(request.path, true) + '\n'
        + canonicalQuery(query) + '\n' + canonicalHeaders + '\n' + out.signedHeaders + '\n'
        + request.payloadHash;
    out.stringToSign = QByteArray(kAlgorithm) + '\n' + amzDate(time) + '\n' + scope(time) + '\n'
        + sha256Hex(out.canonicalRequest);
    out.signature = hmac(signingKey(time), out.stringToSign).toHex();
    return out;
}

SigV4Signature SigV4Signer::signHeaders(const SigV4Request &request, const QDateTime &time) const
{
    SigV4Signature out = sign(request, request.query, time);
    out.authorization = QByteArray(kAlgorithm) + " Credential=" + m_accessKey + '/' + scope(time)
        + ",SignedHeaders=" + out.signedHeaders + ",Signature=" + out.signature;
    out.query = canonicalQuery(request.query);
    return out;
}

SigV4Signature SigV4Signer::presign(const SigV4Request &request, const QDateTime &time,
                                    qint64 expiresSeconds) const
{
    SigV4Request unsignedPayload = request;
    unsignedPayload.payloadHash = QByteArrayLiteral("UNSIGNED-PAYLOAD");
    QByteArray signedHeaders;
    {
        QList<QByteArray> names;
        for (const auto &h : request.headers)
            names.append(h.first.trimmed().toLower());
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        signedHeaders = names.join(';');
    }
    QList<QPair<QString, QString>> query = request.query;
    query.append({QStringLiteral("X-Amz-Algorithm"), QString::fromLatin1(kAlgorithm)});
    query.append({QStringLiteral("X-Amz-Credential"), QString::fromUtf8(m_accessKey + '/' + scope(time))});
    query.append({QStringLiteral("X-Amz-Date"), QString::fromLatin1(amzDate(time))});
    query.append({QStringLiteral("X-Amz-Expires"), QString::number(expiresSeconds)});
    query.append({QStringLiteral("X-Amz-SignedHeaders"), QString::fromLatin1(signedHeaders)});
    SigV4Signature out = sign(unsignedPayload, query, time);
    out.query = canonicalQuery(query) + "&X-Amz-Signature=" + out.signature;
    return out;
}

} // namespace iotile
