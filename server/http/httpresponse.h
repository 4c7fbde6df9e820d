#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>

#include <functional>
#include <memory>

namespace iotile {

class DeferredAnswer;
class ResponseStream;

// An answer to write: status, headers and either a body in memory or a stream produced piece by piece
// (CSV exports, large pages) that is sent with chunked transfer encoding.
class HttpResponse
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    HttpResponse() = default;
    HttpResponse(int status, QByteArray body, QByteArray contentType);

    // Compact JSON of any value, including the bare strings and lists the original sends in places.
    static HttpResponse json(const QJsonValue &value, int status = 200);
    // A body already written as JSON text (the data plane's streaming writer).
    static HttpResponse rawJson(QByteArray body, int status = 200);
    static HttpResponse noContent() { return HttpResponse(204, {}, {}); }
    static HttpResponse stream(std::shared_ptr<ResponseStream> stream, QByteArray contentType,
                               int status = 200);
    // No answer yet: `answer` makes it later (server/http/deferredanswer.h).
    static HttpResponse deferred(std::shared_ptr<DeferredAnswer> answer);

    int status() const { return m_status; }
    const QByteArray &body() const { return m_body; }
    const QByteArray &contentType() const { return m_contentType; }
    const Headers &headers() const { return m_headers; }
    HttpResponse &addHeader(QByteArray name, QByteArray value);
    const std::shared_ptr<ResponseStream> &streamSource() const { return m_stream; }
    const std::shared_ptr<DeferredAnswer> &deferredAnswer() const { return m_deferred; }

    // Status line and headers (without the blank line that ends them).
    QByteArray head(bool closeConnection, bool chunked) const;
    static QByteArray reasonPhrase(int status);

private:
    int m_status = 200;
    QByteArray m_body;
    QByteArray m_contentType;
    Headers m_headers;
    std::shared_ptr<ResponseStream> m_stream;
    std::shared_ptr<DeferredAnswer> m_deferred;
};

// Produces a long body in pieces on the HTTP thread, so an export of millions of rows never sits in
// memory: next() appends the next piece to `out` and returns false once everything was produced.
class ResponseStream
{
public:
    virtual ~ResponseStream() = default;
    // An error after the head was sent cannot change the status: the connection is closed instead, so
    // the client sees a truncated chunked body rather than a silently short file.
    virtual bool next(QByteArray &out, bool &failed) = 0;
};

// Serialises a QJsonValue compactly; QJsonDocument only takes objects and arrays.
QByteArray toJsonText(const QJsonValue &value);

} // namespace iotile
