#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrlQuery>

class QTcpServer;
class QTcpSocket;

namespace iotile::test {

// A loopback HTTP server answering from a table of canned responses, for client code whose server
// endpoints are still being written (explorer lists, stream data): it records every request so a test can
// check what the client asked for.
class CannedHttpServer final : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray method;
        QString path;
        QUrlQuery query;
        QByteArray body;
        QByteArray authorization;
    };
    struct Response
    {
        int status = 200;
        QByteArray body;
        int delayMs = 0;
    };

    explicit CannedHttpServer(QObject *parent = nullptr);
    ~CannedHttpServer() override;

    bool listen();
    QString baseUrl() const;

    // Answers method+path; with query items given, only requests that carry all of them match (the most
    // specific route wins). Unmatched requests get 404 {"detail": "Not found."}.
    void route(const QByteArray &method, const QString &path, const Response &response,
               const QList<QPair<QString, QString>> &query = {});
    void routeJson(const QByteArray &method, const QString &path, const QJsonValue &body, int status = 200,
                   const QList<QPair<QString, QString>> &query = {});
    // A paginated list: {"count", "next", "previous", "results"} pages of pageSize items, with "next" links
    // pointing back here (?page=N plus the given query).
    void routeList(const QString &path, const QJsonArray &items, int pageSize,
                   const QList<QPair<QString, QString>> &query = {});

    const QList<Request> &requests() const { return m_requests; }
    QList<Request> requestsTo(const QString &path) const;
    void clearRequests() { m_requests.clear(); }

private:
    struct Route
    {
        QByteArray method;
        QString path;
        QList<QPair<QString, QString>> query;
        Response response;
    };
    void onConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const Request &request);

    QTcpServer *m_server;
    QList<Route> m_routes;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace iotile::test
