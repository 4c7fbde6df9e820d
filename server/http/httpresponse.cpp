#include "server/http/httpresponse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>

namespace iotile {

namespace {

void appendJsonString(QByteArray &out, const QString &text)
{
    // QJsonDocument would escape the same way; wrapping the string in an array avoids a hand-written
    // escaper for the rare bare-string bodies.
    const QByteArray wrapped = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
    out.append(wrapped.constData() + 1, wrapped.size() - 2);
}

} // namespace

QByteArray toJsonText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    case QJsonValue::Array:
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    case QJsonValue::String: {
        QByteArray out;
        appendJsonString(out, value.toString());
        return out;
    }
    case QJsonValue::Bool:
        return value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    case QJsonValue::Double: {
        const QByteArray wrapped = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
        return wrapped.mid(1, wrapped.size() - 2);
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QByteArrayLiteral("null");
    }
    return QByteArrayLiteral("null");
}

HttpResponse::HttpResponse(int status, QByteArray body, QByteArray contentType)
    : m_status(status)
    , m_body(std::move(body))
    , m_contentType(std::move(contentType))
{ }

HttpResponse HttpResponse::json(const QJsonValue &value, int status)
{
    return HttpResponse(status, toJsonText(value), QByteArrayLiteral("application/json"));
}

HttpResponse HttpResponse::rawJson(QByteArray body, int status)
{
    return HttpResponse(status, std::move(body), QByteArrayLiteral("application/json"));
}

HttpResponse HttpResponse::stream(std::shared_ptr<ResponseStream> stream, QByteArray contentType, int status)
{
    HttpResponse r(status, {}, std::move(contentType));
    r.m_stream = std::move(stream);
    return r;
}

HttpResponse HttpResponse::deferred(std::shared_ptr<DeferredAnswer> answer)
{
    HttpResponse r(202, {}, {}); // status until the answer is made; never written as such
    r.m_deferred = std::move(answer);
    return r;
}

HttpResponse &HttpResponse::addHeader(QByteArray name, QByteArray value)
{
    m_headers.append({std::move(name), std::move(value)});
    return *this;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 206:
        return "Partial Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

QByteArray HttpResponse::head(bool closeConnection, bool chunked) const
{
    QByteArray out;
    out.reserve(160 + m_headers.size() * 48);
    out.append("HTTP/1.1 ");
    char buf[16];
    auto r = std::to_chars(buf, buf + sizeof buf, m_status);
    out.append(buf, r.ptr - buf);
    out.append(' ');
    out.append(reasonPhrase(m_status));
    out.append("\r\n");
    if (!m_contentType.isEmpty()) {
        out.append("Content-Type: ");
        out.append(m_contentType);
        out.append("\r\n");
    }
    if (chunked) {
        out.append("Transfer-Encoding: chunked\r\n");
    } else if (m_status != 204 && m_status != 304 && m_status >= 200) {
        out.append("Content-Length: ");
        r = std::to_chars(buf, buf + sizeof buf, m_body.size());
        out.append(buf, r.ptr - buf);
        out.append("\r\n");
    }
    for (const auto &h : m_headers) {
        out.append(h.first);
        out.append(": ");
        out.append(h.second);
        out.append("\r\n");
    }
    if (closeConnection)
        out.append("Connection: close\r\n");
    return out;
}

} // namespace iotile
