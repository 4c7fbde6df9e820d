#include "server/http/httpendpoint.h"

#include "server/app/servercontext.h"
#include "server/http/accesslog.h"
#include "server/http/authenticator.h"
#include "server/http/connectionguard.h"
#include "server/http/deferredanswer.h"
#include "server/http/dispatcher.h"
#include "server/http/errormapping.h"
#include "server/http/httpresponse.h"
#include "server/http/httpworker.h"
#include "server/http/requestcontext.h"
#include "server/live/livehub.h"
#include "server/live/livesession.h"
#include "server/store/database.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QPointer>
#include <QTcpSocket>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcAccess, "iotile.access")

namespace iotile {

namespace {

HttpMethod toMethod(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return Get;
    case QHttpServerRequest::Method::Head:
        return Head;
    case QHttpServerRequest::Method::Post:
        return Post;
    case QHttpServerRequest::Method::Put:
        return Put;
    case QHttpServerRequest::Method::Patch:
        return Patch;
    case QHttpServerRequest::Method::Delete:
        return Delete;
    case QHttpServerRequest::Method::Options:
        return Options;
    default:
        return OtherMethod;
    }
}

// Feeds a ResponseStream into a socket with chunked framing, a piece whenever the socket's send buffer
// runs low, so memory stays flat however long the body.
class StreamPump : public QObject
{
public:
    StreamPump(QTcpSocket *socket, std::shared_ptr<ResponseStream> stream, bool close)
        : QObject(socket)
        , m_socket(socket)
        , m_stream(std::move(stream))
        , m_close(close)
    {
        if (auto *guard = socket->findChild<ConnectionGuard *>())
            guard->setStreaming(true);
        connect(socket, &QTcpSocket::bytesWritten, this, &StreamPump::pump);
        connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
        pump();
    }
    ~StreamPump() override
    {
        if (m_socket)
            if (auto *guard = m_socket->findChild<ConnectionGuard *>())
                guard->setStreaming(false);
    }

private:
    static constexpr qint64 kLowWater = 256 * 1024;

    void pump()
    {
        if (!m_socket || m_done)
            return;
        QByteArray piece;
        while (m_socket->bytesToWrite() < kLowWater) {
            piece.clear();
            bool failed = false;
            // A source may wait on the network (S3) in a nested event loop, where the socket, and this pump
            // with it as its child, can be deleted or pumped again: touch nothing of ours after that.
            QPointer<StreamPump> self(this);
            const bool more = m_stream->next(piece, failed);
            if (!self || !m_socket || m_done)
                return;
            if (failed) {
                // The head is gone already: cut the connection so the client sees an incomplete body.
                m_done = true;
                m_socket->abort();
                deleteLater();
                return;
            }
            if (!piece.isEmpty()) {
                m_socket->write(QByteArray::number(piece.size(), 16) + "\r\n");
                m_socket->write(piece);
                m_socket->write("\r\n");
            }
            if (!more) {
                m_done = true;
                m_socket->write("0\r\n\r\n");
                if (m_close)
                    m_socket->disconnectFromHost();
                deleteLater();
                return;
            }
        }
    }

    QPointer<QTcpSocket> m_socket;
    std::shared_ptr<ResponseStream> m_stream;
    bool m_close;
    bool m_done = false;
};

} // namespace

void writeResponse(QTcpSocket *socket, const HttpResponse &response, bool headOnly, bool close)
{
    if (response.streamSource() && !headOnly) {
        QByteArray head = response.head(close, true);
        head.append("\r\n");
        socket->write(head);
        new StreamPump(socket, response.streamSource(), close);
        return;
    }
    QByteArray out = response.head(close, false);
    out.append("\r\n");
    // A large body is queued as it is (QIODevice keeps a big QByteArray's buffer rather than copying it);
    // a small one goes out with the head in one write.
    constexpr qsizetype kSeparateBody = 64 * 1024;
    const QByteArray &body = response.body();
    if (!headOnly && body.size() >= kSeparateBody) {
        socket->write(out);
        socket->write(body);
    } else {
        if (!headOnly)
            out.append(body);
        socket->write(out);
    }
    if (close)
        socket->disconnectFromHost();
}

HttpEndpoint::HttpEndpoint(Dispatcher &dispatcher, HttpWorker &worker, bool accessLog)
    : m_dispatcher(dispatcher)
    , m_worker(worker)
    , m_accessLog(accessLog)
{
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, &HttpEndpoint::adoptWebSockets);
}

void HttpEndpoint::adoptWebSockets()
{
    while (hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = nextPendingWebSocketConnection();
        if (!socket)
            continue;
        if (m_worker.draining()) {
            socket->close(QWebSocketProtocol::CloseCodeGoingAway);
            continue;
        }
        const QString peer =
            socket->peerAddress().toString() + QLatin1Char(':') + QString::number(socket->peerPort());
        const Upgrade upgrade = m_upgrades.take(peer);
        ServerContext &server = m_dispatcher.server();
        new LiveSession(std::move(socket), upgrade.socket, upgrade.authorization, server, server.live(),
                        this);
    }
}

void HttpEndpoint::closeWebSockets()
{
    for (LiveSession *session : findChildren<LiveSession *>(Qt::FindDirectChildrenOnly))
        session->goingAway();
}

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)

// The live feed's upgrade on the API port. Qt 6.4 upgrades only when this returns true having written
// nothing; a refusal writes its answer and returns false (Qt then closes the connection).
bool HttpEndpoint::upgrade(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString path = request.url().path();
    if (path != QLatin1String("/api/v1/live/") && path != QLatin1String("/api/v1/live")) {
        writeResponse(socket, errorResponse(Error::notFound()), false, true);
        return false;
    }
    const QByteArray authorization = request.value("authorization");
    if (!authorization.isEmpty()) {
        auto db = m_dispatcher.server().db().connection();
        if (!db) {
            writeResponse(socket, errorResponse(db.error()), false, true);
            return false;
        }
        auto caller = m_dispatcher.server().auth().authenticate(authorization, **db);
        (*db)->finishAll();
        if (!caller || !caller->user) {
            writeResponse(socket, errorResponse(caller ? Error::unauthorized() : caller.error()), false,
                          true);
            return false;
        }
    }
    // The WebSocket owns the socket from here: the worker stops tracking it (Qt cuts its signals).
    m_worker.release(socket);
    if (m_upgrades.size() > 10000) // handshakes that never completed
        m_upgrades.clear();
    m_upgrades.insert(socket->peerAddress().toString() + QLatin1Char(':')
                          + QString::number(socket->peerPort()),
                      Upgrade {authorization, socket});
    return true;
}

bool HttpEndpoint::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
        return upgrade(request, socket);
    QElapsedTimer timer;
    timer.start();
    auto *guard = socket->findChild<ConnectionGuard *>();
    const bool clientClose =
        guard ? guard->takeCloseAfterResponse() : request.value("connection").toLower().contains("close");
    const HttpMethod method = toMethod(request.method());
    RequestContext ctx(request, m_dispatcher.server(), method, request.url().path(QUrl::FullyDecoded));
    const HttpResponse response = m_dispatcher.handle(ctx);
    AccessEntry entry {method, ctx.path(), {}, {}};
    if (m_accessLog && lcAccess().isInfoEnabled()) {
        entry.user = ctx.user() ? ctx.user()->slug : QString();
        entry.address = ctx.remoteAddressText();
    }
    if (const auto &deferred = response.deferredAnswer()) {
        // Written when it is made (a bulk data post once committed); until then the connection counts as
        // busy, so a drain waits for it and the idle timeout leaves it alone.
        if (guard)
            guard->setAnswerPending(true);
        deferred->addStep([this, socket = QPointer<QTcpSocket>(socket), clientClose, entry,
                           timer](const HttpResponse &answer) {
            if (socket) {
                if (auto *g = socket->findChild<ConnectionGuard *>())
                    g->setAnswerPending(false);
                if (socket->state() == QAbstractSocket::ConnectedState)
                    writeResponse(socket, answer, entry.method == Head, clientClose || m_worker.draining());
            }
            logAccess(entry, answer.status(), timer); // as for an answer made at once, client gone or not
        });
        deferred->deliverOn(this);
        return true;
    }
    const bool close = clientClose || m_worker.draining();
    if (socket->state() == QAbstractSocket::ConnectedState)
        writeResponse(socket, response, method == Head, close);
    logAccess(entry, response.status(), timer);
    return true;
}

void HttpEndpoint::logAccess(const AccessEntry &entry, int status, const QElapsedTimer &timer) const
{
    if (!m_accessLog || !lcAccess().isInfoEnabled())
        return;
    QByteArray line;
    line.reserve(160);
    line.append(methodName(entry.method)).append(' ').append(entry.path.toUtf8()).append(' ');
    line.append(QByteArray::number(status)).append(' ');
    line.append(QByteArray::number(double(timer.nsecsElapsed()) / 1e6, 'f', 2)).append("ms user=");
    line.append(entry.user.isEmpty() ? QByteArrayLiteral("-") : entry.user.toUtf8());
    line.append(" ip=").append(entry.address.toUtf8());
    AccessLog::standardError().write(line);
}

void HttpEndpoint::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{
    // Unreachable: handleRequest answers every request itself (404s included).
}

#else

namespace {

// Newer Qt hands out a responder instead of the socket. Streams are collected into one body here (no
// chunked pump) until this adapter is ported to the responder's chunked API (6.8+).
void sendThrough(QHttpServerResponder &responder, const HttpResponse &response)
{
    QByteArray body = response.body();
    if (response.streamSource()) {
        QByteArray piece;
        bool failed = false;
        while (response.streamSource()->next(piece, failed) && !failed)
            ;
        body += piece;
    }
    QHttpServerResponse out(response.contentType(), body, QHttpServerResponse::StatusCode(response.status()));
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
    for (const auto &h : response.headers())
        out.addHeader(h.first, h.second);
#else
    QHttpHeaders headers = out.headers();
    for (const auto &h : response.headers())
        headers.append(h.first, h.second);
    out.setHeaders(std::move(headers));
#endif
    responder.sendResponse(out);
}

} // namespace

bool HttpEndpoint::handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    const HttpMethod method = toMethod(request.method());
    RequestContext ctx(request, m_dispatcher.server(), method, request.url().path(QUrl::FullyDecoded));
    HttpResponse response = m_dispatcher.handle(ctx);
    if (const auto &deferred = response.deferredAnswer()) {
        // The responder outlives this call (Qt reads no further request of the connection meanwhile).
        auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
        deferred->addStep([held](const HttpResponse &answer) { sendThrough(*held, answer); });
        deferred->deliverOn(this);
        return true;
    }
    sendThrough(responder, response);
    return true;
}

void HttpEndpoint::missingHandler(const QHttpServerRequest &, QHttpServerResponder &&) { }

#endif

} // namespace iotile
