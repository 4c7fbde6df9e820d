#include "server/http/httpserver.h"

#include "server/app/servercontext.h"
#include "server/http/httpworker.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QThread>

#include <mutex>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace iotile {

namespace {

// The HTTP threads' intake servers never listen (sockets come from the acceptor), and QTcpServer warns
// about that on every connection; drop exactly that message, pass everything else on.
QtMessageHandler g_previousHandler = nullptr;

void filterMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg
        && message.startsWith(
            QLatin1String("QTcpServer::nextPendingConnection() called while not listening")))
        return;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

void installMessageFilter()
{
    static std::once_flag once;
    std::call_once(once, [] { g_previousHandler = qInstallMessageHandler(filterMessages); });
}

} // namespace

// The listening socket, in the accept thread.
class Acceptor : public QTcpServer
{
public:
    explicit Acceptor(HttpServer &server)
        : m_server(server)
    {
        setMaxPendingConnections(1024);
    }

protected:
    void incomingConnection(qintptr descriptor) override { m_server.dispatch(descriptor); }

private:
    HttpServer &m_server;
};

HttpServer::HttpServer(ServerContext &context, int threads, HttpLimits limits, int maxConnections,
                       QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_limits(limits)
    , m_maxConnections(maxConnections)
{
    installMessageFilter();
    for (int i = 0; i < std::max(1, threads); ++i) {
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("http-%1").arg(i));
        auto *worker = new HttpWorker(context, limits, m_connections);
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        thread->start();
        // Objects of the thread must be created in it: a blocking call runs setUp there.
        QMetaObject::invokeMethod(worker, &HttpWorker::setUp, Qt::BlockingQueuedConnection);
        m_threads.push_back(thread);
        m_workers.push_back(worker);
    }
    m_acceptThread = new QThread;
    m_acceptThread->setObjectName(QStringLiteral("http-accept"));
    m_acceptor = new Acceptor(*this);
    m_acceptor->moveToThread(m_acceptThread);
    connect(m_acceptThread, &QThread::finished, m_acceptor, &QObject::deleteLater);
    m_acceptThread->start();
}

HttpServer::~HttpServer()
{
    shutdown(0);
}

Result<quint16> HttpServer::start(const QHostAddress &address, quint16 port)
{
    bool listening = false;
    QString error;
    quint16 bound = 0;
    // The socket notifier must belong to the accept thread: listen there.
    QMetaObject::invokeMethod(
        m_acceptor,
        [&] {
            listening = m_acceptor->listen(address, port);
            error = m_acceptor->errorString();
            bound = m_acceptor->serverPort();
        },
        Qt::BlockingQueuedConnection);
    if (!listening)
        return Error::internal(
            QStringLiteral("cannot listen on %1:%2: %3").arg(address.toString()).arg(port).arg(error));
    return bound;
}

void HttpServer::dispatch(qintptr descriptor)
{
    if (m_stopped || m_connections.load() >= m_maxConnections) {
#ifdef Q_OS_UNIX
        static const char kBusy[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                    "Retry-After: 1\r\nConnection: close\r\nContent-Length: 44\r\n\r\n"
                                    "{\"detail\":\"Too many connections, retry.\"}\r\n";
        (void)::send(int(descriptor), kBusy, sizeof kBusy - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
        ::close(int(descriptor));
#else
        QTcpSocket s;
        s.setSocketDescriptor(descriptor);
        s.abort();
#endif
        return;
    }
    m_connections.fetch_add(1);
    HttpWorker *target = m_workers.front();
    for (HttpWorker *w : m_workers)
        if (w->connections() < target->connections())
            target = w;
    target->reserveConnection();
    QMetaObject::invokeMethod(
        target, [target, descriptor] { target->adopt(descriptor); }, Qt::QueuedConnection);
}

void HttpServer::shutdown(int graceMs)
{
    if (m_threads.empty())
        return;
    m_stopped = true;
    if (m_acceptThread) {
        QMetaObject::invokeMethod(
            m_acceptor, [this] { m_acceptor->close(); }, Qt::BlockingQueuedConnection);
        m_acceptThread->quit();
        m_acceptThread->wait();
        delete m_acceptThread;
        m_acceptThread = nullptr;
        m_acceptor = nullptr;
    }
    for (HttpWorker *w : m_workers)
        QMetaObject::invokeMethod(w, &HttpWorker::drain, Qt::BlockingQueuedConnection);
    QDeadlineTimer deadline(graceMs);
    while (m_connections.load() > 0 && !deadline.hasExpired()) {
        QThread::msleep(10);
    }
    if (m_connections.load() > 0)
        qCWarning(lcHttp) << "closing" << m_connections.load()
                          << "connections still open after the grace period";
    for (HttpWorker *w : m_workers)
        QMetaObject::invokeMethod(w, &HttpWorker::tearDown, Qt::BlockingQueuedConnection);
    for (QThread *t : m_threads) {
        t->quit();
        t->wait();
        delete t;
    }
    m_threads.clear();
    m_workers.clear();
}

} // namespace iotile
