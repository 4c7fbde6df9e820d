#include "server/http/requestcontext.h"

#include "server/app/servercontext.h"
#include "server/store/database.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonParseError>

namespace iotile {

RequestContext::RequestContext(const QHttpServerRequest &request, ServerContext &server, HttpMethod method,
                               QString path)
    : m_request(request)
    , m_server(server)
    , m_method(method)
    , m_path(std::move(path))
{
    // Query strings decode '+' as a space (HTML form encoding, as Django reads them); QUrlQuery keeps it.
    QString query = request.url().query(QUrl::FullyEncoded);
    if (query.contains(QLatin1Char('+')))
        query.replace(QLatin1Char('+'), QStringLiteral("%20"));
    m_query.setQuery(query);
}

QByteArray RequestContext::header(const QByteArray &name) const
{
    return m_request.value(name);
}

QHostAddress RequestContext::remoteAddress() const
{
    if (m_server.config().trustProxyHeaders) {
        const QByteArray forwarded = header("x-forwarded-for");
        if (!forwarded.isEmpty()) {
            // The proxy appends the address it saw last: that is the one it vouches for.
            const QByteArray last = forwarded.split(',').last().trimmed();
            QHostAddress a;
            if (a.setAddress(QString::fromLatin1(last)))
                return a;
        }
    }
    return m_request.remoteAddress();
}

QString RequestContext::remoteAddressText() const
{
    QHostAddress a = remoteAddress();
    bool isV4 = false;
    const quint32 v4 = a.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4).toString() : a.toString();
}

QString RequestContext::queryValue(const QString &name) const
{
    return m_query.queryItemValue(name, QUrl::FullyDecoded);
}

bool RequestContext::queryFlag(const QString &name) const
{
    const QString v = queryValue(name).toLower();
    return v == QLatin1String("1") || v == QLatin1String("true") || v == QLatin1String("yes")
        || v == QLatin1String("on");
}

void RequestContext::setCaller(std::shared_ptr<const Account> user, AuthScheme scheme)
{
    m_user = std::move(user);
    m_scheme = m_user ? scheme : AuthScheme::None;
}

Status RequestContext::requireUser() const
{
    if (!m_user)
        return Error::unauthorized();
    return Ok {};
}

QByteArray RequestContext::body() const
{
    return m_request.body();
}

QByteArray RequestContext::contentType() const
{
    QByteArray type = header("content-type");
    const qsizetype semicolon = type.indexOf(';');
    if (semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower();
}

Result<QJsonValue> RequestContext::data() const
{
    const QByteArray type = contentType();
    const QByteArray raw = body();
    if (type.isEmpty() || type == "application/json" || type.endsWith("+json")) {
        if (raw.trimmed().isEmpty())
            return QJsonValue(QJsonObject {});
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(raw, &error);
        if (error.error != QJsonParseError::NoError) {
            // A bare JSON string or number is valid JSON that QJsonDocument refuses; the original accepts
            // them but no endpoint wants them.
            return Error::badRequest(QStringLiteral("JSON parse error - %1 at offset %2")
                                         .arg(error.errorString())
                                         .arg(error.offset));
        }
        return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }
    if (type == "application/x-www-form-urlencoded") {
        QJsonObject fields;
        const QUrlQuery form(QString::fromUtf8(QByteArray(raw).replace('+', ' ')));
        for (const auto &item : form.queryItems(QUrl::FullyDecoded))
            fields.insert(item.first, item.second);
        return QJsonValue(fields);
    }
    if (type == "multipart/form-data") {
        if (Status s = parseMultipart(); !s)
            return std::move(s).error();
        return QJsonValue(*m_multipartFields);
    }
    return Error::detail(
        ErrorKind::UnsupportedMediaType,
        QStringLiteral("Unsupported media type \"%1\" in request.").arg(QString::fromLatin1(type)));
}

Result<QJsonObject> RequestContext::dataObject() const
{
    auto value = data();
    if (!value)
        return std::move(value).error();
    if (!value->isObject())
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("Invalid data. Expected a dictionary, but got list."));
    return value->toObject();
}

Result<QList<UploadedFile>> RequestContext::files() const
{
    if (contentType() != "multipart/form-data")
        return QList<UploadedFile>();
    if (Status s = parseMultipart(); !s)
        return std::move(s).error();
    return m_multipartFiles;
}

Status RequestContext::parseMultipart() const
{
    if (m_multipartFields)
        return Ok {};
    const QByteArray type = header("content-type");
    const qsizetype b = type.toLower().indexOf("boundary=");
    if (b < 0)
        return Error::badRequest(
            QStringLiteral("Multipart form parse error - Invalid boundary in multipart: None"));
    QByteArray boundary = type.mid(b + 9);
    const qsizetype semi = boundary.indexOf(';');
    if (semi >= 0)
        boundary.truncate(semi);
    boundary = boundary.trimmed();
    if (boundary.startsWith('"') && boundary.endsWith('"') && boundary.size() >= 2)
        boundary = boundary.mid(1, boundary.size() - 2);
    if (boundary.isEmpty() || boundary.size() > 200)
        return Error::badRequest(
            QStringLiteral("Multipart form parse error - Invalid boundary in multipart"));

    const QByteArray raw = body();
    const QByteArray delimiter = "--" + boundary;
    QJsonObject fields;
    QList<UploadedFile> files;
    qsizetype pos = raw.indexOf(delimiter);
    if (pos < 0)
        return Error::badRequest(QStringLiteral("Multipart form parse error - no parts found"));
    for (;;) {
        pos += delimiter.size();
        if (raw.mid(pos, 2) == "--")
            break; // closing delimiter
        if (raw.mid(pos, 2) == "\r\n")
            pos += 2;
        else if (raw.mid(pos, 1) == "\n")
            pos += 1;
        qsizetype headEnd = raw.indexOf("\r\n\r\n", pos);
        qsizetype dataStart = headEnd + 4;
        if (headEnd < 0) {
            headEnd = raw.indexOf("\n\n", pos);
            dataStart = headEnd + 2;
        }
        if (headEnd < 0)
            return Error::badRequest(QStringLiteral("Multipart form parse error - truncated part headers"));
        const qsizetype next = raw.indexOf(delimiter, dataStart);
        if (next < 0)
            return Error::badRequest(QStringLiteral("Multipart form parse error - missing closing boundary"));
        qsizetype dataEnd = next;
        if (dataEnd >= 2 && raw.at(dataEnd - 2) == '\r' && raw.at(dataEnd - 1) == '\n')
            dataEnd -= 2;
        else if (dataEnd >= 1 && raw.at(dataEnd - 1) == '\n')
            dataEnd -= 1;

        QString name, fileName;
        bool hasFileName = false;
        QByteArray partType;
        for (const QByteArray &line : raw.mid(pos, headEnd - pos).split('\n')) {
            const QByteArray l = line.trimmed();
            const qsizetype colon = l.indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray key = l.left(colon).trimmed().toLower();
            const QByteArray value = l.mid(colon + 1).trimmed();
            if (key == "content-type") {
                partType = value;
            } else if (key == "content-disposition") {
                for (const QByteArray &param : value.split(';')) {
                    const QByteArray p = param.trimmed();
                    const qsizetype eq = p.indexOf('=');
                    if (eq < 0)
                        continue;
                    QByteArray v = p.mid(eq + 1).trimmed();
                    if (v.startsWith('"') && v.endsWith('"') && v.size() >= 2)
                        v = v.mid(1, v.size() - 2);
                    const QByteArray k = p.left(eq).trimmed().toLower();
                    if (k == "name")
                        name = QString::fromUtf8(v);
                    else if (k == "filename") {
                        fileName = QString::fromUtf8(v);
                        hasFileName = true;
                    }
                }
            }
        }
        const QByteArray content = raw.mid(dataStart, dataEnd - dataStart);
        if (hasFileName)
            files.append(UploadedFile {name, fileName, partType, content});
        else if (!name.isEmpty())
            fields.insert(name, QString::fromUtf8(content));
        pos = next;
    }
    m_multipartFields = fields;
    m_multipartFiles = files;
    return Ok {};
}

Result<SqlConnection *> RequestContext::db() const
{
    return m_server.db().connection();
}

QString RequestContext::origin() const
{
    const ServerConfig &config = m_server.config();
    if (!config.publicUrl.isEmpty())
        return config.publicUrl.endsWith(QLatin1Char('/')) ? config.publicUrl.chopped(1) : config.publicUrl;
    QString scheme = QStringLiteral("http");
    QString host = QString::fromLatin1(header("host"));
    if (config.trustProxyHeaders) {
        const QByteArray proto = header("x-forwarded-proto");
        if (!proto.isEmpty())
            scheme = QString::fromLatin1(proto.split(',').first().trimmed());
        const QByteArray fwdHost = header("x-forwarded-host");
        if (!fwdHost.isEmpty())
            host = QString::fromLatin1(fwdHost.split(',').first().trimmed());
    }
    if (host.isEmpty())
        host = QStringLiteral("localhost");
    return scheme + QStringLiteral("://") + host;
}

QString RequestContext::urlWithQuery(const QUrlQuery &query) const
{
    QString url = origin() + QString::fromUtf8(QUrl::toPercentEncoding(m_path, "/"));
    const QString q = query.toString(QUrl::FullyEncoded);
    if (!q.isEmpty())
        url += QLatin1Char('?') + q;
    return url;
}

} // namespace iotile
