#include "server/blob/s3client.h"

#include "server/blob/blobstore.h"

#include <QIODevice>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QThread>
#include <QUrlQuery>
#include <QXmlStreamReader>

Q_DECLARE_LOGGING_CATEGORY(lcBlob)

namespace iotile {

namespace {

constexpr int kAttempts = 3;
constexpr unsigned long kBackoffMs[] = {100, 500};
constexpr int kMaxTimeoutSeconds = 3600;

bool parseFlag(const QString &value, bool *out)
{
    if (value == QLatin1String("1") || value == QLatin1String("true")) {
        *out = true;
        return true;
    }
    if (value == QLatin1String("0") || value == QLatin1String("false")) {
        *out = false;
        return true;
    }
    return false;
}

// <Error><Code>NoSuchKey</Code><Message>...</Message></Error>
QPair<QString, QString> errorCodeAndMessage(const QByteArray &body)
{
    QXmlStreamReader xml(body);
    QString code;
    QString message;
    while (!xml.atEnd() && xml.readNext() != QXmlStreamReader::Invalid) {
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("Code"))
            code = xml.readElementText();
        else if (xml.name() == QLatin1String("Message"))
            message = xml.readElementText();
    }
    return {code, message};
}

} // namespace

Result<S3Config> S3Config::fromUrl(const QUrl &url)
{
    QUrl redacted = url;
    redacted.setPassword(QString());
    const auto bad = [&](const QString &why) {
        return Error::badRequest(
            QStringLiteral("invalid S3 blob URL '%1': %2").arg(redacted.toString(), why));
    };
    if (!url.isValid())
        return bad(QStringLiteral("not a URL (percent-encode '/' and '@' in the secret)"));
    if (url.scheme().compare(QLatin1String("s3"), Qt::CaseInsensitive) != 0)
        return bad(QStringLiteral("the scheme must be s3://"));
    S3Config c;
    c.host = url.host(QUrl::FullyDecoded);
    if (c.host.isEmpty())
        return bad(QStringLiteral("no host"));

    const QString path = url.path(QUrl::FullyDecoded).mid(1);
    const qsizetype slash = path.indexOf(QLatin1Char('/'));
    c.bucket = slash < 0 ? path : path.left(slash);
    static const QRegularExpression bucketPattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$"));
    if (!bucketPattern.match(c.bucket).hasMatch())
        return bad(QStringLiteral("the path must start with a bucket name"));
    if (slash >= 0 && slash + 1 < path.size()) {
        c.prefix = path.mid(slash + 1);
        if (!c.prefix.endsWith(QLatin1Char('/')))
            c.prefix += QLatin1Char('/');
        if (auto ok = BlobStore::checkPrefix(c.prefix); !ok)
            return bad(QStringLiteral("the prefix after the bucket breaks the key rules"));
    }

    int timeoutSeconds = c.timeoutMs / 1000;
    for (const auto &item : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        bool ok = true;
        if (item.first == QLatin1String("region")) {
            static const QRegularExpression regionPattern(QStringLiteral("^[a-z0-9-]+$"));
            c.region = item.second;
            ok = regionPattern.match(c.region).hasMatch();
        } else if (item.first == QLatin1String("secure")) {
            ok = parseFlag(item.second, &c.secure);
        } else if (item.first == QLatin1String("presign")) {
            ok = parseFlag(item.second, &c.presign);
        } else if (item.first == QLatin1String("timeout")) {
            timeoutSeconds = item.second.toInt(&ok);
            ok = ok && timeoutSeconds > 0 && timeoutSeconds <= kMaxTimeoutSeconds;
        } else {
            return bad(
                QStringLiteral("unknown parameter '%1' (region, secure, presign, timeout)").arg(item.first));
        }
        if (!ok)
            return bad(QStringLiteral("bad value '%1' for %2").arg(item.second, item.first));
    }
    c.timeoutMs = timeoutSeconds * 1000;
    c.port = url.port(c.secure ? 443 : 80);

    c.accessKey = url.userName(QUrl::FullyDecoded);
    c.secretKey = url.password(QUrl::FullyDecoded);
    if (c.accessKey.isEmpty() && c.secretKey.isEmpty()) {
        c.accessKey = qEnvironmentVariable("AWS_ACCESS_KEY_ID");
        c.secretKey = qEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
    }
    if (c.accessKey.isEmpty() || c.secretKey.isEmpty())
        return bad(QStringLiteral("no credentials (ACCESS:SECRET@ in the URL or AWS_ACCESS_KEY_ID and "
                                  "AWS_SECRET_ACCESS_KEY)"));
    return c;
}

QString S3Config::displayUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("s3"));
    url.setUserName(accessKey);
    url.setHost(host);
    url.setPort(port);
    url.setPath(QLatin1Char('/') + bucket + (prefix.isEmpty() ? QString() : QLatin1Char('/') + prefix));
    url.setQuery(QStringLiteral("region=%1&secure=%2&presign=%3")
                     .arg(region, secure ? QStringLiteral("1") : QStringLiteral("0"),
                          presign ? QStringLiteral("1") : QStringLiteral("0")));
    return url.toString();
}

S3Client::S3Client(S3Config config)
    : m_config(std::move(config))
    , m_signer(m_config.accessKey.toUtf8(), m_config.secretKey.toUtf8(), m_config.region.toUtf8())
{
    // Qt names the port in the Host header whenever the URL has one, so the URL carries it only when
    // it is not the scheme's default, and the signed host matches what is sent either way.
    const bool defaultPort = m_config.port == (m_config.secure ? 443 : 80);
    QByteArray host = QUrl::toAce(m_config.host);
    if (host.isEmpty())
        host = m_config.host.toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']'; // an IPv6 address
    m_hostHeader = defaultPort ? host : host + ':' + QByteArray::number(m_config.port);
    m_base = (m_config.secure ? "https://" : "http://") + m_hostHeader;
}

QString S3Client::pathOf(const QString &key) const
{
    if (key.isEmpty())
        return QLatin1Char('/') + m_config.bucket;
    return QLatin1Char('/') + m_config.bucket + QLatin1Char('/') + m_config.prefix + key;
}

BlockingHttpReply S3Client::request(const QByteArray &method, const QString &key,
                                    const QList<QPair<QString, QString>> &query,
                                    const QList<QPair<QByteArray, QByteArray>> &headers,
                                    const S3Payload &payload) const
{
    SigV4Request signing;
    signing.method = method;
    signing.path = pathOf(key);
    signing.query = query;
    signing.payloadHash = !payload.sha256.isEmpty() ? payload.sha256 : SigV4Signer::sha256Hex(payload.bytes);
    QByteArray url = m_base + SigV4Signer::uriEncode(signing.path, true);
    if (!query.isEmpty())
        url += '?' + SigV4Signer::canonicalQuery(query);
    const qint64 start = payload.device ? payload.device->pos() : 0;

    for (int attempt = 0;; ++attempt) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        signing.headers = headers;
        signing.headers.append({"host", m_hostHeader});
        signing.headers.append({"x-amz-date", SigV4Signer::amzDate(now)});
        signing.headers.append({"x-amz-content-sha256", signing.payloadHash});
        const SigV4Signature signature = m_signer.signHeaders(signing, now);

        QNetworkRequest request(QUrl::fromEncoded(url, QUrl::StrictMode));
        for (const auto &h : std::as_const(signing.headers)) {
            if (h.first != "host")
                request.setRawHeader(h.first, h.second);
        }
        request.setRawHeader("Authorization", signature.authorization);
        // Bytes as stored: Qt would otherwise ask for gzip and inflate transparently.
        request.setRawHeader("Accept-Encoding", "identity");
        if (method == "PUT" || method == "POST")
            request.setHeader(QNetworkRequest::ContentLengthHeader,
                              payload.device ? payload.size : qint64(payload.bytes.size()));

        BlockingHttpReply reply =
            BlockingHttp::send(request, method, payload.bytes, payload.device, m_config.timeoutMs);
        const bool transient = reply.status == 0 || reply.status >= 500;
        if (!transient || attempt + 1 >= kAttempts)
            return reply;
        if (payload.device && !payload.device->seek(start))
            return reply;
        qCDebug(lcBlob) << "retrying S3" << method << signing.path << "after"
                        << (reply.status ? QString::number(reply.status) : reply.networkError);
        QThread::msleep(kBackoffMs[attempt]);
    }
}

QUrl S3Client::presignedUrl(const QString &key, qint64 expirySeconds,
                            const QList<QPair<QString, QString>> &query) const
{
    SigV4Request signing;
    signing.method = "GET";
    signing.path = pathOf(key);
    signing.query = query;
    signing.headers.append({"host", m_hostHeader});
    const SigV4Signature signature =
        m_signer.presign(signing, QDateTime::currentDateTimeUtc(), expirySeconds);
    return QUrl::fromEncoded(m_base + SigV4Signer::uriEncode(signing.path, true) + '?' + signature.query,
                             QUrl::StrictMode);
}

Error S3Client::failure(const QString &operation, const QString &key, const BlockingHttpReply &reply) const
{
    const QString what =
        QStringLiteral("S3 %1 %2 at %3:%4").arg(operation, pathOf(key), m_config.host).arg(m_config.port);
    if (reply.status == 0)
        return Error::unavailable(QStringLiteral("%1 failed: %2").arg(what, reply.networkError));
    const auto [code, message] = errorCodeAndMessage(reply.body);
    const QString answer =
        QStringLiteral("%1 answered %2 %3 %4").arg(what).arg(reply.status).arg(code, message);
    // Only a read can miss its object: a 404 on a write or a listing means a wrong bucket or endpoint.
    const bool read = operation == QLatin1String("GET") || operation == QLatin1String("HEAD");
    if (reply.status == 404 && read && code != QLatin1String("NoSuchBucket") && !key.isEmpty())
        return Error::notFound().withReason(QStringLiteral("blob '%1' not found").arg(key));
    if (reply.status >= 500)
        return Error::unavailable(answer);
    return Error::internal(answer);
}

} // namespace iotile
