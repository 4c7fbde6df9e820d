#include "server/blob/s3blobstore.h"

#include "server/blob/s3readdevice.h"

#include <QCryptographicHash>
#include <QTemporaryFile>
#include <QXmlStreamReader>

#include <algorithm>

namespace iotile {

namespace {

constexpr qint64 kHashBlock = 1024 * 1024;
const QByteArray kDefaultContentType = QByteArrayLiteral("application/octet-stream");

Error tooLarge()
{
    return Error::detail(
        ErrorKind::TooLarge,
        QStringLiteral("The file is larger than %1 bytes.").arg(S3BlobStore::kMaxObjectBytes));
}

// Hashes a random-access device from its position to its end and seeks back.
Result<QByteArray> hashDevice(QIODevice &device)
{
    const qint64 start = device.pos();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray block(kHashBlock, Qt::Uninitialized);
    for (;;) {
        const qint64 n = device.read(block.data(), block.size());
        if (n < 0)
            return Error::internal(QStringLiteral("reading the upload failed: %1").arg(device.errorString()));
        if (n == 0)
            break;
        hash.addData(QByteArrayView(block.constData(), n));
    }
    if (!device.seek(start))
        return Error::internal(QStringLiteral("cannot rewind the upload: %1").arg(device.errorString()));
    return hash.result().toHex();
}

// One page of a ListObjectsV2 answer.
struct ListPage
{
    QList<BlobInfo> items;
    QString nextToken;
};

ListPage parseListPage(const QByteArray &body, qsizetype strip)
{
    ListPage page;
    QXmlStreamReader xml(body);
    BlobInfo current;
    bool truncated = false;
    while (!xml.atEnd() && xml.readNext() != QXmlStreamReader::Invalid) {
        if (xml.isEndElement() && xml.name() == QLatin1String("Contents")) {
            page.items.append(current);
            current = {};
            continue;
        }
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("Key"))
            current.key = xml.readElementText().mid(strip);
        else if (name == QLatin1String("Size"))
            current.size = xml.readElementText().toLongLong();
        else if (name == QLatin1String("LastModified"))
            current.lastModified = QDateTime::fromString(xml.readElementText(), Qt::ISODateWithMs).toUTC();
        else if (name == QLatin1String("IsTruncated"))
            truncated = xml.readElementText() == QLatin1String("true");
        else if (name == QLatin1String("NextContinuationToken"))
            page.nextToken = xml.readElementText();
    }
    if (!truncated)
        page.nextToken.clear();
    return page;
}

} // namespace

S3BlobStore::S3BlobStore(S3Config config)
    : m_client(std::make_shared<const S3Client>(std::move(config)))
{ }

QString S3BlobStore::displayUrl() const
{
    return m_client->config().displayUrl();
}

Status S3BlobStore::upload(const QString &key, const S3Payload &payload, const QByteArray &contentType)
{
    const BlockingHttpReply reply = m_client->request(
        "PUT", key, {}, {{"content-type", contentType.isEmpty() ? kDefaultContentType : contentType}},
        payload);
    if (reply.status != 200)
        return m_client->failure(QStringLiteral("PUT"), key, reply);
    return {};
}

Status S3BlobStore::put(const QString &key, const QByteArray &data, const QByteArray &contentType)
{
    if (auto ok = checkKey(key); !ok)
        return ok;
    if (data.size() > kMaxObjectBytes)
        return tooLarge();
    S3Payload payload;
    payload.bytes = data;
    return upload(key, payload, contentType);
}

Status S3BlobStore::putFrom(const QString &key, QIODevice &source, const QByteArray &contentType)
{
    if (auto ok = checkKey(key); !ok)
        return ok;
    S3Payload payload;
    // The signature needs the payload's hash before the first byte goes out, and a retry needs to
    // start over: a one-pass source is spooled to a temporary file first.
    QTemporaryFile spool;
    QIODevice *device = &source;
    if (source.isSequential()) {
        if (!spool.open())
            return Error::unavailable(
                QStringLiteral("cannot create a temporary file: %1").arg(spool.errorString()));
        QCryptographicHash hash(QCryptographicHash::Sha256);
        auto copied = copyStream(source, spool, &hash, kMaxObjectBytes);
        if (!copied)
            return std::move(copied).error();
        if (!spool.flush() || !spool.seek(0))
            return Error::unavailable(QStringLiteral("cannot spool the upload: %1").arg(spool.errorString()));
        payload.sha256 = hash.result().toHex();
        device = &spool;
    } else {
        if (source.size() - source.pos() > kMaxObjectBytes)
            return tooLarge();
        auto hash = hashDevice(source);
        if (!hash)
            return std::move(hash).error();
        payload.sha256 = std::move(*hash);
    }
    payload.device = device;
    payload.size = device->size() - device->pos();
    return upload(key, payload, contentType);
}

Result<QByteArray> S3BlobStore::get(const QString &key)
{
    if (auto ok = checkKey(key); !ok)
        return std::move(ok).error();
    BlockingHttpReply reply = m_client->request("GET", key);
    if (reply.status != 200)
        return m_client->failure(QStringLiteral("GET"), key, reply);
    return std::move(reply.body);
}

Result<S3BlobStore::Head> S3BlobStore::head(const QString &key) const
{
    if (auto ok = checkKey(key); !ok)
        return std::move(ok).error();
    const BlockingHttpReply reply = m_client->request("HEAD", key);
    if (reply.status != 200)
        return m_client->failure(QStringLiteral("HEAD"), key, reply);
    bool ok = false;
    Head out;
    out.size = reply.header("Content-Length").toLongLong(&ok);
    if (!ok)
        return Error::internal(QStringLiteral("S3 HEAD %1 answered without a Content-Length").arg(key));
    out.etag = reply.header("ETag");
    out.contentType = reply.header("Content-Type");
    return out;
}

Result<std::unique_ptr<QIODevice>> S3BlobStore::open(const QString &key)
{
    auto info = head(key);
    if (!info)
        return std::move(info).error();
    return std::unique_ptr<QIODevice>(std::make_unique<S3ReadDevice>(m_client, key, info->size, info->etag));
}

Result<bool> S3BlobStore::exists(const QString &key)
{
    auto info = head(key);
    if (info)
        return true;
    if (info.error().kind() == ErrorKind::NotFound)
        return false;
    return std::move(info).error();
}

Result<qint64> S3BlobStore::size(const QString &key)
{
    auto info = head(key);
    if (!info)
        return std::move(info).error();
    return info->size;
}

Status S3BlobStore::remove(const QString &key)
{
    if (auto ok = checkKey(key); !ok)
        return ok;
    const BlockingHttpReply reply = m_client->request("DELETE", key);
    // S3 answers 204 for a missing key too; some compatible servers say 404 NoSuchKey.
    const bool missing = reply.status == 404 && !reply.body.contains("NoSuchBucket");
    if (reply.status != 204 && reply.status != 200 && !missing)
        return m_client->failure(QStringLiteral("DELETE"), key, reply);
    return {};
}

Result<QList<BlobInfo>> S3BlobStore::list(const QString &prefix)
{
    if (auto ok = checkPrefix(prefix); !ok)
        return std::move(ok).error();
    const QString storePrefix = m_client->config().prefix;
    QList<BlobInfo> out;
    QString token;
    do {
        QList<QPair<QString, QString>> query {
            {QStringLiteral("list-type"), QStringLiteral("2")},
            {QStringLiteral("max-keys"), QString::number(m_client->config().listPageSize)},
            {QStringLiteral("prefix"), storePrefix + prefix}};
        if (!token.isEmpty())
            query.append({QStringLiteral("continuation-token"), token});
        const BlockingHttpReply reply = m_client->request("GET", QString(), query);
        if (reply.status != 200)
            return m_client->failure(QStringLiteral("LIST"), QString(), reply);
        ListPage page = parseListPage(reply.body, storePrefix.size());
        for (BlobInfo &item : page.items) {
            // Objects other tools put in the bucket may not follow our key rules.
            if (checkKey(item.key))
                out.append(std::move(item));
        }
        token = page.nextToken;
    } while (!token.isEmpty());
    std::sort(out.begin(), out.end(), [](const BlobInfo &a, const BlobInfo &b) { return a.key < b.key; });
    return out;
}

Result<QUrl> S3BlobStore::presignedUrl(const QString &key, std::chrono::seconds expiry,
                                       const QList<QPair<QString, QString>> &responseOverrides) const
{
    if (auto ok = checkKey(key); !ok)
        return std::move(ok).error();
    const qint64 seconds = qBound(qint64(1), qint64(expiry.count()), kMaxExpirySeconds);
    return m_client->presignedUrl(key, seconds, responseOverrides);
}

Result<BlobDownload> S3BlobStore::download(const QString &key, const BlobDownloadOptions &options)
{
    // One HEAD so a missing blob is a NotFound here, not an S3 XML error page in the client's hands.
    auto info = head(key);
    if (!info)
        return std::move(info).error();
    BlobDownload out;
    out.size = info->size;
    out.contentType = !options.contentType.isEmpty() ? options.contentType
        : !info->contentType.isEmpty()               ? info->contentType
                                                     : kDefaultContentType;
    if (!options.fileName.isEmpty())
        out.contentDisposition = contentDisposition(options.fileName);
    if (!m_client->config().presign) {
        out.device = std::make_unique<S3ReadDevice>(m_client, key, info->size, info->etag);
        return out;
    }
    QList<QPair<QString, QString>> overrides;
    if (!options.contentType.isEmpty())
        overrides.append({QStringLiteral("response-content-type"), QString::fromUtf8(options.contentType)});
    if (!out.contentDisposition.isEmpty())
        overrides.append(
            {QStringLiteral("response-content-disposition"), QString::fromUtf8(out.contentDisposition)});
    auto url = presignedUrl(key, options.expiry, overrides);
    if (!url)
        return std::move(url).error();
    out.redirect = std::move(*url);
    return out;
}

} // namespace iotile
