#include "tests/client/support/cannedhttpserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

namespace iotile::test {

CannedHttpServer::CannedHttpServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &CannedHttpServer::onConnection);
}

CannedHttpServer::~CannedHttpServer() = default;

bool CannedHttpServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QString CannedHttpServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server->serverPort());
}

void CannedHttpServer::route(const QByteArray &method, const QString &path, const Response &response,
                             const QList<QPair<QString, QString>> &query)
{
    m_routes.append(Route {method, path, query, response});
}

void CannedHttpServer::routeJson(const QByteArray &method, const QString &path, const QJsonValue &body,
                                 int status, const QList<QPair<QString, QString>> &query)
{
    const QByteArray bytes = body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                            : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    route(method, path, Response {status, bytes, 0}, query);
}

void CannedHttpServer::routeList(const QString &path, const QJsonArray &items, int pageSize,
                                 const QList<QPair<QString, QString>> &query)
{
    const qsizetype pages = std::max<qsizetype>(1, (items.size() + pageSize - 1) / pageSize);
    for (qsizetype page = 1; page <= pages; ++page) {
        QJsonArray results;
        for (qsizetype i = (page - 1) * pageSize; i < std::min<qsizetype>(items.size(), page * pageSize); ++i)
            results.append(items[i]);
        auto link = [&](qsizetype target) -> QJsonValue {
            if (target < 1 || target > pages)
                return QJsonValue();
            QUrlQuery q;
            for (const auto &item : query)
                q.addQueryItem(item.first, item.second);
            q.addQueryItem(QStringLiteral("page"), QString::number(target));
            return baseUrl() + path + QLatin1Char('?') + q.toString(QUrl::FullyEncoded);
        };
        const QJsonObject envelope {{QStringLiteral("count"), items.size()},
                                    {QStringLiteral("next"), link(page + 1)},
                                    {QStringLiteral("previous"), link(page - 1)},
                                    {QStringLiteral("results"), results}};
        QList<QPair<QString, QString>> match = query;
        if (page > 1)
            match.append({QStringLiteral("page"), QString::number(page)});
        routeJson("GET", path, envelope, 200, match);
    }
}

QList<CannedHttpServer::Request> CannedHttpServer::requestsTo(const QString &path) const
{
    QList<Request> out;
    for (const Request &r : m_requests) {
        if (r.path == path)
            out.append(r);
    }
    return out;
}

void CannedHttpServer::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void CannedHttpServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    // One request at a time per connection (Qt's client pipelines nothing by default).
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    qsizetype length = 0;
    Request request;
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    request.method = first.value(0);
    const QUrl target(QString::fromLatin1(first.value(1)));
    request.path = target.path();
    request.query = QUrlQuery(target.query());
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length")
            length = value.toLongLong();
        else if (name == "authorization")
            request.authorization = value;
    }
    if (buffer.size() < headerEnd + 4 + length)
        return;
    request.body = buffer.mid(headerEnd + 4, length);
    buffer.remove(0, headerEnd + 4 + length);
    m_requests.append(request);
    answer(socket, request);
}

void CannedHttpServer::answer(QTcpSocket *socket, const Request &request)
{
    const Route *best = nullptr;
    for (const Route &route : m_routes) {
        if (route.method != request.method || route.path != request.path)
            continue;
        bool matches = true;
        for (const auto &item : route.query)
            matches = matches && request.query.queryItemValue(item.first, QUrl::FullyDecoded) == item.second;
        // A request for page 2 must not fall back to the first page's route.
        if (request.query.hasQueryItem(QStringLiteral("page"))
            && request.query.queryItemValue(QStringLiteral("page")) != QLatin1String("1")) {
            bool routeHasPage = false;
            for (const auto &item : route.query)
                routeHasPage = routeHasPage || item.first == QLatin1String("page");
            matches = matches && routeHasPage;
        }
        if (matches && (!best || route.query.size() > best->query.size()))
            best = &route;
    }
    const Response response = best ? best->response : Response {404, R"({"detail":"Not found."})", 0};
    QByteArray reply = "HTTP/1.1 " + QByteArray::number(response.status) + " X\r\n";
    reply += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(response.body.size());
    reply += "\r\nConnection: close\r\n\r\n" + response.body;
    QTimer::singleShot(response.delayMs, socket, [socket, reply] {
        socket->write(reply);
        socket->disconnectFromHost();
    });
}

} // namespace iotile::test
