#include "server/blob/blobstore.h"

#include "server/blob/localblobstore.h"
#include "server/blob/s3blobstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QIODevice>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBlob, "iotile.blob")

namespace iotile {

namespace {

constexpr qsizetype kMaxKeyLength = 512;
constexpr qsizetype kMaxSegmentLength = 255; // a file name on every file system we run on
constexpr qint64 kCopyBlock = 1024 * 1024;
constexpr int kSourceWaitMs = 30000;

bool keyChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '.' || u == '_'
        || u == '-';
}

Error badKey(const QString &key, const QString &why)
{
    return Error::badRequest(QStringLiteral("Invalid blob key '%1': %2.").arg(key.left(100), why));
}

// The rules for keys, except that a prefix may end with '/' or be empty.
Status checkPath(const QString &key, bool prefix)
{
    if (key.isEmpty())
        return prefix ? Status() : badKey(key, QStringLiteral("it is empty"));
    if (key.size() > kMaxKeyLength)
        return badKey(key, QStringLiteral("longer than %1 characters").arg(kMaxKeyLength));
    if (key.startsWith(QLatin1Char('/')))
        return badKey(key, QStringLiteral("absolute paths are not allowed"));
    if (key.contains(QLatin1Char('\\')))
        return badKey(key, QStringLiteral("backslashes are not allowed"));
    QStringView rest(key);
    if (prefix && rest.endsWith(QLatin1Char('/')))
        rest.chop(1);
    for (QStringView segment : rest.split(QLatin1Char('/'))) {
        if (segment.isEmpty())
            return badKey(key, QStringLiteral("empty path segments are not allowed"));
        if (segment == QLatin1String("..") || segment == QLatin1String("."))
            return badKey(key, QStringLiteral("'.' and '..' segments are not allowed"));
        if (segment.startsWith(QLatin1Char('.')))
            return badKey(key, QStringLiteral("segments must not start with '.'"));
        if (segment.size() > kMaxSegmentLength)
            return badKey(key,
                          QStringLiteral("a segment is longer than %1 characters").arg(kMaxSegmentLength));
        for (QChar c : segment) {
            if (!keyChar(c))
                return badKey(key, QStringLiteral("only letters, digits, '.', '_', '-' and '/' are allowed"));
        }
    }
    return {};
}

} // namespace

Status BlobStore::checkKey(const QString &key)
{
    return checkPath(key, false);
}

Status BlobStore::checkPrefix(const QString &prefix)
{
    return checkPath(prefix, true);
}

QByteArray BlobStore::contentDisposition(const QString &fileName)
{
    // A plain ASCII fallback for old clients, the exact name in RFC 6266's filename* form.
    QByteArray ascii;
    for (QChar c : fileName) {
        const char16_t u = c.unicode();
        ascii += (u >= 0x20 && u < 0x7f && u != '"' && u != '\\' && u != '/') ? char(u) : '_';
    }
    if (ascii.isEmpty())
        ascii = "download";
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
        + fileName.toUtf8().toPercentEncoding();
}

Result<qint64> BlobStore::copyStream(QIODevice &from, QIODevice &to, QCryptographicHash *hash,
                                     qint64 maxBytes)
{
    QByteArray block(kCopyBlock, Qt::Uninitialized);
    qint64 total = 0;
    for (;;) {
        const qint64 n = from.read(block.data(), block.size());
        if (n < 0)
            return Error::internal(QStringLiteral("reading the upload failed: %1").arg(from.errorString()));
        if (n == 0) {
            // A sequential source (a socket, a pipe) may only be waiting for more.
            if (from.isSequential() && from.waitForReadyRead(kSourceWaitMs))
                continue;
            break;
        }
        total += n;
        if (total > maxBytes)
            return Error::detail(ErrorKind::TooLarge,
                                 QStringLiteral("The file is larger than %1 bytes.").arg(maxBytes));
        if (hash)
            hash->addData(QByteArrayView(block.constData(), n));
        if (to.write(block.constData(), n) != n)
            return Error::internal(QStringLiteral("writing the blob failed: %1").arg(to.errorString()));
    }
    return total;
}

Result<std::unique_ptr<BlobStore>> BlobStore::create(const QString &setting, const QString &dataDir)
{
    const QString value = setting.trimmed();
    if (value.startsWith(QLatin1String("s3://"), Qt::CaseInsensitive)) {
        auto config = S3Config::fromUrl(QUrl(value, QUrl::StrictMode));
        if (!config)
            return std::move(config).error();
        return std::unique_ptr<BlobStore>(std::make_unique<S3BlobStore>(std::move(*config)));
    }
    QString path;
    if (value.isEmpty()) {
        path = QDir(dataDir).filePath(QStringLiteral("blobs"));
    } else if (value.startsWith(QLatin1String("file:"), Qt::CaseInsensitive)) {
        const QUrl url(value);
        const bool remote = !url.host().isEmpty() && url.host() != QLatin1String("localhost");
        if (!url.isLocalFile() || remote || url.toLocalFile().isEmpty())
            return Error::badRequest(QStringLiteral("invalid blob URL '%1': use file:/path").arg(value));
        path = url.toLocalFile();
    } else if (value.contains(QLatin1String("://"))) {
        return Error::badRequest(QStringLiteral("unsupported blob URL '%1': use a directory, file:/path or "
                                                "s3://ACCESS:SECRET@host:port/bucket")
                                     .arg(value));
    } else {
        path = value;
    }
    if (QDir::isRelativePath(path))
        path = QDir(dataDir).filePath(path);
    auto local = LocalBlobStore::openDirectory(path);
    if (!local)
        return std::move(local).error();
    return std::unique_ptr<BlobStore>(std::move(*local));
}

} // namespace iotile
