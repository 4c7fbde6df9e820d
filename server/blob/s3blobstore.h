#pragma once

#include "server/blob/blobstore.h"
#include "server/blob/s3client.h"

namespace iotile {

// Blobs in an S3-compatible bucket (AWS S3, MinIO, s3rver, ...), path-style and SigV4-signed, with
// calls that block the calling thread. Objects go up in one PUT (no multipart upload), so each is at
// most kMaxObjectBytes (S3's single-PUT limit).
class S3BlobStore final : public BlobStore
{
public:
    explicit S3BlobStore(S3Config config);

    static constexpr qint64 kMaxObjectBytes = 5LL * 1024 * 1024 * 1024;
    static constexpr qint64 kMaxExpirySeconds = 7 * 24 * 3600; // SigV4's limit for presigned URLs

    QString displayUrl() const override;
    const S3Config &config() const { return m_client->config(); }

    Status put(const QString &key, const QByteArray &data, const QByteArray &contentType = {}) override;
    Status putFrom(const QString &key, QIODevice &source, const QByteArray &contentType = {}) override;
    Result<QByteArray> get(const QString &key) override;
    Result<std::unique_ptr<QIODevice>> open(const QString &key) override;
    Result<bool> exists(const QString &key) override;
    Result<qint64> size(const QString &key) override;
    Status remove(const QString &key) override;
    Result<QList<BlobInfo>> list(const QString &prefix = {}) override;
    Result<BlobDownload> download(const QString &key, const BlobDownloadOptions &options = {}) override;

    // A GET URL for the object, valid for `expiry` (clamped to 1 s .. 7 days); it does not check that
    // the object exists.
    Result<QUrl> presignedUrl(const QString &key, std::chrono::seconds expiry,
                              const QList<QPair<QString, QString>> &responseOverrides = {}) const;

private:
    struct Head
    {
        qint64 size = 0;
        QByteArray etag;
        QByteArray contentType;
    };
    Result<Head> head(const QString &key) const;
    Status upload(const QString &key, const S3Payload &payload, const QByteArray &contentType);

    std::shared_ptr<const S3Client> m_client;
};

} // namespace iotile
