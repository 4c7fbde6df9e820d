#pragma once

#include "common/util/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

#include <chrono>
#include <memory>

class QIODevice;
class QCryptographicHash;

// Files the server keeps outside the database: streamer report uploads, event data files, generated
// reports, OTA scripts, note attachments.
//
// The `blob_url` setting picks the store (BlobStore::create):
//
//   (empty)                      <data_dir>/blobs
//   /var/lib/iotile/blobs        a directory; a relative path is taken relative to <data_dir>
//   file:/var/lib/iotile/blobs   the same as a URL (file:///... works too)
//   s3://ACCESS:SECRET@host[:port]/bucket[/prefix]?region=us-east-1&secure=1&presign=1&timeout=30
//       S3-compatible object storage, path-style (http(s)://host:port/bucket/key), SigV4-signed.
//       ACCESS and SECRET are percent-encoded (a '/' in a secret is %2F); without them the
//       AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables are used.
//       /prefix     optional: every key is stored under it (several servers can share a bucket)
//       region      signing region, default us-east-1
//       secure      1 (default): https, port 443; 0: plain http, port 80
//       presign     1 (default): download() hands out presigned GET URLs so clients fetch objects
//                   from the store directly (under this same host name: it is signed); 0: the server
//                   streams them (a store that clients cannot reach)
//       timeout     seconds without progress before a request fails, default 30
//   e.g. s3://S3RVER:S3RVER@127.0.0.1:4568/test-bucket?secure=0 for a local s3rver.
//
// Keys are relative paths such as "streamer/reports/2026/11/25/<uuid>.bin": segments of ASCII letters,
// digits, '.', '_' and '-', separated by single '/', no segment starting with '.', at most 512
// characters (checkKey() is the one place that says so). Every call may come from any thread at once.
namespace iotile {

struct BlobInfo
{
    QString key;
    qint64 size = 0;
    QDateTime lastModified;
};

struct BlobDownloadOptions
{
    // How long a presigned URL stays valid (S3 allows 1 s to 7 days; values outside are clamped).
    std::chrono::seconds expiry {std::chrono::minutes(15)};
    // When set, the download is an attachment with this file name (Content-Disposition).
    QString fileName;
    // When set, the Content-Type the client sees; otherwise the stored one (S3) or octet-stream.
    QByteArray contentType;
};

// How the HTTP layer answers a download: redirect the client (302) to `redirect`, or stream `device`.
struct BlobDownload
{
    QUrl redirect;
    std::unique_ptr<QIODevice> device;
    qint64 size = -1;
    QByteArray contentType;
    QByteArray contentDisposition;
};

// Where the server keeps files: a local directory or an S3-compatible object store.
class BlobStore
{
public:
    // From the blob_url setting described above; dataDir anchors the default and relative paths.
    static Result<std::unique_ptr<BlobStore>> create(const QString &setting, const QString &dataDir);

    // BadRequest naming the key and the rule it breaks, for keys that could escape the store or that
    // some backend cannot hold.
    static Status checkKey(const QString &key);
    // A list() prefix: empty, or the start of a key (it may end with '/').
    static Status checkPrefix(const QString &prefix);
    // `attachment; filename="..."; filename*=UTF-8''...` for a download's file name.
    static QByteArray contentDisposition(const QString &fileName);

    virtual ~BlobStore() = default;

    // The setting without secrets, for logs and the health endpoint.
    virtual QString displayUrl() const = 0;

    // Stores data under key, replacing what was there; readers see the old or the new bytes, never a mix.
    virtual Status put(const QString &key, const QByteArray &data, const QByteArray &contentType = {}) = 0;
    // The same from a device, read from its current position to its end without holding it in memory.
    virtual Status putFrom(const QString &key, QIODevice &source, const QByteArray &contentType = {}) = 0;
    // NotFound when the key holds nothing.
    virtual Result<QByteArray> get(const QString &key) = 0;
    // A device positioned at the start that reads the blob piece by piece (seekable, size() known).
    virtual Result<std::unique_ptr<QIODevice>> open(const QString &key) = 0;
    virtual Result<bool> exists(const QString &key) = 0;
    virtual Result<qint64> size(const QString &key) = 0;
    // Removing a missing key succeeds: callers clean up after partial failures without checking first.
    virtual Status remove(const QString &key) = 0;
    // Every blob whose key starts with prefix, sorted by key (meant for cleanup and admin listings).
    virtual Result<QList<BlobInfo>> list(const QString &prefix = {}) = 0;
    // What to answer a client downloading the blob; NotFound when it is missing.
    virtual Result<BlobDownload> download(const QString &key, const BlobDownloadOptions &options = {}) = 0;

protected:
    // Copies `from` to `to` in blocks, hashing what passes when asked; fails beyond maxBytes.
    static Result<qint64> copyStream(QIODevice &from, QIODevice &to, QCryptographicHash *hash,
                                     qint64 maxBytes);
};

} // namespace iotile
