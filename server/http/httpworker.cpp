#include "server/http/httpworker.h"

#include "server/app/servercontext.h"
#include "server/http/dispatcher.h"
#include "server/http/httpendpoint.h"
#include "server/ingest/batchwriter.h"
#include "server/live/livesession.h"

#include <QLoggingCategory>
#include <QTcpSocket>

namespace iotile {

HttpWorker::HttpWorker(ServerContext &context, HttpLimits limits, std::atomic<int> &connectionCounter)
    : m_context(context)
    , m_limits(limits)
    , m_counter(connectionCounter)
{ }

HttpWorker::~HttpWorker() = default;

void HttpWorker::setUp()
{
    // QHttpServer warns that the intake "is not listening"; it is not meant to.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.httpserver.warning=false"));
    m_dispatcher = std::make_unique<Dispatcher>(m_context);
    m_endpoint = new HttpEndpoint(*m_dispatcher, *this, m_context.config().accessLog);
    m_endpoint->setParent(this);
    m_intake = new SocketIntake(this);
    m_endpoint->bind(m_intake);
}

void HttpWorker::adopt(qintptr descriptor)
{
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        m_ownConnections.fetch_sub(1);
        m_counter.fetch_sub(1);
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_sockets.insert(socket);
    connect(socket, &QObject::destroyed, this, [this, socket] {
        // A socket handed to a WebSocket session was counted out by release() already.
        if (!m_sockets.remove(socket))
            return;
        m_ownConnections.fetch_sub(1);
        m_counter.fetch_sub(1);
    });
    auto *guard = new ConnectionGuard(socket, m_limits);
    if (m_draining) {
        socket->disconnectFromHost();
        return;
    }
    // QHttpServer connects its readyRead slot inside offer(); the guard's "after" slot goes after it.
    m_intake->offer(socket);
    guard->attachAfterServer(m_endpoint);
}

void HttpWorker::release(QTcpSocket *socket)
{
    if (!m_sockets.remove(socket))
        return;
    m_ownConnections.fetch_sub(1);
    m_counter.fetch_sub(1);
}

void HttpWorker::drain()
{
    m_draining = true;
    m_endpoint->closeWebSockets();
    const auto sockets = m_sockets;
    for (QTcpSocket *socket : sockets) {
        auto *guard = socket->findChild<ConnectionGuard *>();
        // Idle keep-alive connections close now; busy ones close after their response.
        if (!guard || (!guard->midRequest() && !guard->isStreaming() && socket->bytesToWrite() == 0))
            socket->disconnectFromHost();
    }
}

void HttpWorker::tearDown()
{
    // Live sessions (children of the endpoint) own their sockets; they go before the connections.
    if (m_endpoint)
        qDeleteAll(m_endpoint->findChildren<LiveSession *>(Qt::FindDirectChildrenOnly));
    const auto sockets = m_sockets;
    for (QTcpSocket *socket : sockets)
        socket->abort();
    for (QTcpSocket *socket : sockets)
        delete socket;
    // Posts of this thread still being written (past the grace period): their answers go nowhere, but the
    // endpoint they are handed to must outlive the hand-over. No new ones come from this thread now.
    if (BatchWriter *writer = m_context.batchWriter())
        writer->waitIdle();
    delete m_endpoint;
    m_endpoint = nullptr;
    m_dispatcher.reset();
    m_context.closeThreadConnections();
}

} // namespace iotile
