#pragma once

#include "common/util/error.h"
#include "server/http/connectionguard.h"

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

#include <atomic>
#include <memory>
#include <vector>

class QThread;

namespace iotile {

class HttpWorker;
class ServerContext;

class Acceptor;

// Accepts connections on a thread of its own and hands each to the HTTP thread with the fewest
// connections (QHttpServer 6.4 is single-threaded; one instance per thread, each with its own database
// connection). Enforces the connection cap before a thread ever sees the socket. Nothing here needs the
// caller's event loop, so a test may block its own thread on a socket.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    HttpServer(ServerContext &context, int threads, HttpLimits limits, int maxConnections,
               QObject *parent = nullptr);
    ~HttpServer() override;

    Result<quint16> start(const QHostAddress &address, quint16 port);
    // Graceful stop: no new connections, idle keep-alive connections closed, requests in flight and
    // streamed responses finished (up to graceMs), then the threads end and close their databases.
    void shutdown(int graceMs);
    int connectionCount() const { return m_connections.load(); }

private:
    friend class Acceptor;
    void dispatch(qintptr descriptor);

    ServerContext &m_context;
    HttpLimits m_limits;
    int m_maxConnections;
    std::atomic<int> m_connections {0};
    std::vector<QThread *> m_threads;
    std::vector<HttpWorker *> m_workers;
    QThread *m_acceptThread = nullptr;
    Acceptor *m_acceptor = nullptr;
    std::atomic<bool> m_stopped {false};
};

} // namespace iotile
