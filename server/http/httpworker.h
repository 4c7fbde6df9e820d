#pragma once

#include "server/http/connectionguard.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTcpServer>

#include <atomic>
#include <memory>

class QTcpSocket;

namespace iotile {

class Dispatcher;
class HttpEndpoint;
class ServerContext;

// Receives sockets accepted elsewhere and offers them to QHttpServer::bind() (which listens to
// pendingConnectionAvailable; this server never listens itself).
class SocketIntake : public QTcpServer
{
    Q_OBJECT
public:
    using QTcpServer::QTcpServer;
    void offer(QTcpSocket *socket) { addPendingConnection(socket); }
};

// One HTTP thread: a QHttpServer endpoint, its connections and their guards. Lives in its own thread;
// all calls arrive as queued invocations.
class HttpWorker : public QObject
{
    Q_OBJECT
public:
    HttpWorker(ServerContext &context, HttpLimits limits, std::atomic<int> &connectionCounter);
    ~HttpWorker() override;

    // Runs in the worker thread once it started.
    void setUp();
    void adopt(qintptr descriptor);
    void drain();
    void tearDown();
    // A socket upgraded to a WebSocket: no longer an HTTP connection of this worker.
    void release(QTcpSocket *socket);

    int connections() const { return m_ownConnections.load(); }
    // Counts a connection as this worker's when the acceptor picks it, before adopt() runs in the worker's
    // thread: a burst of new connections then spreads over the workers instead of piling onto one.
    void reserveConnection() { m_ownConnections.fetch_add(1); }
    bool draining() const { return m_draining; }

private:
    ServerContext &m_context;
    HttpLimits m_limits;
    std::atomic<int> &m_counter;
    std::atomic<int> m_ownConnections {0};
    std::unique_ptr<Dispatcher> m_dispatcher;
    HttpEndpoint *m_endpoint = nullptr;
    SocketIntake *m_intake = nullptr;
    QSet<QTcpSocket *> m_sockets;
    bool m_draining = false;
};

} // namespace iotile
