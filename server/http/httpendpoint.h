#pragma once

#include "server/http/router.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QPointer>
#include <QTcpSocket>

class QElapsedTimer;
class QTcpSocket;

namespace iotile {

class Dispatcher;
class HttpResponse;
class HttpWorker;

// The QHttpServer of one thread. Subclassing QAbstractHttpServer replaces QHttpServer's router (a
// regular expression per route, tried in turn) with ours, and lets responses go out as one write. This
// file is the adapter to Qt's version-specific surface (6.4's handleRequest(request, socket)).
class HttpEndpoint : public QAbstractHttpServer
{
    Q_OBJECT
public:
    HttpEndpoint(Dispatcher &dispatcher, HttpWorker &worker, bool accessLog);

protected:
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
#else
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &&responder) override;
#endif

public:
    // Closes live WebSocket connections (1001) when the server drains.
    void closeWebSockets();

private:
    void adoptWebSockets();
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    bool upgrade(const QHttpServerRequest &request, QTcpSocket *socket);
#endif

    // The Authorization header of upgrades in progress, by peer "address:port" (the WebSocket that Qt
    // hands over later is matched by its peer).
    struct Upgrade
    {
        QByteArray authorization;
        QPointer<QTcpSocket> socket;
    };
    QHash<QString, Upgrade> m_upgrades;

    // What the access log says of a request, kept for an answer written later.
    struct AccessEntry
    {
        HttpMethod method;
        QString path;
        QString user; // the caller's slug, empty if anonymous
        QString address;
    };
    void logAccess(const AccessEntry &entry, int status, const QElapsedTimer &timer) const;

    Dispatcher &m_dispatcher;
    HttpWorker &m_worker;
    bool m_accessLog;
};

// Writes a response as one buffer, or starts a chunked stream that feeds itself as the socket drains.
void writeResponse(QTcpSocket *socket, const HttpResponse &response, bool headOnly, bool close);

} // namespace iotile
