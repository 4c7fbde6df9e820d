#pragma once

#include "common/util/error.h"
#include "server/blob/blockinghttp.h"
#include "server/blob/sigv4signer.h"

#include <QUrl>

class QIODevice;

namespace iotile {

// The parts of an s3:// blob URL (the format is described in blobstore.h).
struct S3Config
{
    bool secure = true;
    QString host;
    int port = 443;
    QString bucket;
    QString prefix; // empty or ending with '/'
    QString region = QStringLiteral("us-east-1");
    QString accessKey;
    QString secretKey;
    bool presign = true;
    int timeoutMs = 30000;
    int listPageSize = 1000; // S3's maximum; smaller only to exercise paging in tests

    static Result<S3Config> fromUrl(const QUrl &url);
    // The URL without the secret.
    QString displayUrl() const;
};

// A request body: bytes in memory, or `size` bytes of a device from its current position.
struct S3Payload
{
    QByteArray bytes;
    QIODevice *device = nullptr;
    qint64 size = 0;
    QByteArray sha256; // hex; computed from `bytes` when empty
};

// Signed, retried requests to one bucket, safe to share between threads (it holds no connection).
class S3Client final
{
public:
    explicit S3Client(S3Config config);

    const S3Config &config() const { return m_config; }

    // One request on an object (key relative to the store's prefix) or, with an empty key, on the
    // bucket. Transport failures and 5xx answers are retried twice with a short pause: every request
    // the store sends is idempotent.
    BlockingHttpReply request(const QByteArray &method, const QString &key,
                              const QList<QPair<QString, QString>> &query = {},
                              const QList<QPair<QByteArray, QByteArray>> &headers = {},
                              const S3Payload &payload = {}) const;
    // A GET URL anyone can use until it expires; `query` adds signed response-* overrides.
    QUrl presignedUrl(const QString &key, qint64 expirySeconds,
                      const QList<QPair<QString, QString>> &query = {}) const;
    // The Error for a reply that did not succeed: NotFound for a read of a missing object, Unavailable when
    // the store cannot be reached or fails (5xx), Internal for what only configuration can fix.
    Error failure(const QString &operation, const QString &key, const BlockingHttpReply &reply) const;

private:
    QString pathOf(const QString &key) const;

    S3Config m_config;
    SigV4Signer m_signer;
    QByteArray m_base; // scheme://host[:port]
    QByteArray m_hostHeader;
};

} // namespace iotile
