#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace iotile {

// One HTTP request as AWS Signature Version 4 sees it.
struct SigV4Request
{
    QByteArray method;
    QString path; // decoded, e.g. "/examplebucket/test$file.text"; encoded the S3 way (once, '/' kept)
    QList<QPair<QString, QString>> query; // decoded names and values, in any order
    QList<QPair<QByteArray, QByteArray>> headers; // every header to sign, host included; any case
    QByteArray payloadHash; // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

// The intermediate texts are kept so tests can compare them with AWS's published examples.
struct SigV4Signature
{
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    QByteArray signedHeaders;
    QByteArray signature; // lower-case hex
    QByteArray authorization; // the Authorization header value (header signing)
    QByteArray query; // the whole encoded query string, X-Amz-Signature last (presigning)
};

// AWS Signature Version 4 (HMAC-SHA256) for S3-style services, by header or by query string.
class SigV4Signer final
{
public:
    SigV4Signer(QByteArray accessKey, QByteArray secretKey, QByteArray region,
                QByteArray service = QByteArrayLiteral("s3"));

    // Signs the request's headers as they are: the caller includes x-amz-date (amzDate(time)) and,
    // for S3, x-amz-content-sha256 among them.
    SigV4Signature signHeaders(const SigV4Request &request, const QDateTime &time) const;
    // Query-string signing for a URL valid `expiresSeconds` from `time`; the payload is unsigned.
    SigV4Signature presign(const SigV4Request &request, const QDateTime &time, qint64 expiresSeconds) const;

    QByteArray signingKey(const QDateTime &time) const;
    QByteArray scope(const QDateTime &time) const;

    // RFC 3986 percent-encoding of UTF-8 (unreserved characters stay), as SigV4 defines it.
    static QByteArray uriEncode(const QString &text, bool keepSlash);
    // The canonical query string (sorted, encoded); also what goes on the wire.
    static QByteArray canonicalQuery(const QList<QPair<QString, QString>> &query);
    static QByteArray amzDate(const QDateTime &time); // 20130524T000000Z
    static QByteArray sha256Hex(QByteArrayView data);

private:
    SigV4Signature sign(const SigV4Request &request, const QList<QPair<QString, QString>> &query,
                        const QDateTime &time) const;

    QByteArray m_accessKey;
    QByteArray m_secretKey;
    QByteArray m_region;
    QByteArray m_service;
};

} // namespace iotile
