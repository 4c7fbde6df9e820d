#include "server/app/server.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "tests/support/testserver.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// The HTTP layer over raw sockets and a real client: routing (404, 405, OPTIONS, APPEND_SLASH), the
// limits QHttpServer 6.4 lacks (body and header size, idle timeout, connection cap), keep-alive rules,
// body parsing errors, and that internal errors leak nothing.
class TstHttp : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void notFound();
    void methodNotAllowed_data();
    void methodNotAllowed();
    void options();
    void appendSlash();
    void head();
    void badBodies_data();
    void badBodies();
    void bodyTooLarge();
    void bodyTooLargeAnnouncedOnly();
    void chunkedTooLarge();
    void headerTooLarge();
    void chunkedRequestAccepted();
    void expectContinue();
    void keepAliveAndClose_data();
    void keepAliveAndClose();
    void pipelined();
    void idleTimeout();
    void connectionCap();
    void internalErrorLeaksNothing();
    void gracefulStop();

private:
    QByteArray exchange(const QByteArray &request, int waitMs = 3000, QTcpSocket *keep = nullptr);
    std::unique_ptr<TestServer> m_server;
    Account m_user;
};

void TstHttp::initTestCase()
{
    m_server = std::make_unique<TestServer>([](ServerConfig &c) {
        c.maxBodyBytes = 256 * 1024;
        c.maxHeaderBytes = 8 * 1024;
        c.idleTimeoutSeconds = 2;
    });
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_user = m_server->createUser(QStringLiteral("http@example.com"), QStringLiteral("http password"));
}

void TstHttp::cleanupTestCase()
{
    m_server.reset();
}

// Sends raw bytes and returns everything read until the server closes or waitMs passes quietly.
QByteArray TstHttp::exchange(const QByteArray &request, int waitMs, QTcpSocket *keep)
{
    QTcpSocket local;
    QTcpSocket *socket = keep ? keep : &local;
    if (socket->state() != QAbstractSocket::ConnectedState) {
        socket->connectToHost(QHostAddress::LocalHost, m_server->port());
        if (!socket->waitForConnected(3000))
            return {};
    }
    socket->write(request);
    socket->waitForBytesWritten(3000);
    QByteArray out;
    while (socket->waitForReadyRead(waitMs))
        out += socket->readAll();
    out += socket->readAll();
    return out;
}

void TstHttp::notFound()
{
    const HttpReply r = m_server->anonymous()->get(QStringLiteral("/api/v1/nothing-here/"));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.body, QByteArray(R"({"detail":"Not found."})"));
    QCOMPARE(r.header("content-type"), QByteArray("application/json"));
}

void TstHttp::methodNotAllowed_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("allow");
    QTest::newRow("DELETE health") << QByteArray("DELETE") << QStringLiteral("/api/v1/health/")
                                   << QByteArray("GET, HEAD, OPTIONS");
    QTest::newRow("PATCH login") << QByteArray("PATCH") << QStringLiteral("/api/v1/auth/login/")
                                 << QByteArray("POST, OPTIONS");
    QTest::newRow("GET logout") << QByteArray("GET") << QStringLiteral("/api/v1/auth/logout/")
                                << QByteArray("POST, OPTIONS");
    QTest::newRow("POST account detail") << QByteArray("POST") << QStringLiteral("/api/v1/account/x/")
                                         << QByteArray("GET, PUT, PATCH, DELETE, HEAD, OPTIONS");
}

void TstHttp::methodNotAllowed()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, allow);
    auto client = m_server->clientFor(m_user);
    const HttpReply r = client->send(method, path, {}, {});
    QCOMPARE(r.status, 405);
    QCOMPARE(r.object().value("detail").toString(),
             QStringLiteral("Method \"%1\" not allowed.").arg(QString::fromLatin1(method)));
    QCOMPARE(r.header("allow"), allow);
}

void TstHttp::options()
{
    const HttpReply r = m_server->anonymous()->send("OPTIONS", QStringLiteral("/api/v1/auth/token/"), {}, {});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("allow"), QByteArray("GET, DELETE, HEAD, OPTIONS"));
}

void TstHttp::appendSlash()
{
    const HttpReply r = m_server->anonymous()->get(QStringLiteral("/api/v1/health?format=json"));
    QCOMPARE(r.status, 301);
    QCOMPARE(r.header("location"), QByteArray("/api/v1/health/?format=json"));
    QCOMPARE(m_server->anonymous()->post(QStringLiteral("/api/v1/auth/login"), QJsonObject {}).status, 404);
}

void TstHttp::head()
{
    const QByteArray reply =
        exchange("HEAD /api/v1/health/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QVERIFY2(reply.startsWith("HTTP/1.1 200 OK\r\n"), reply.constData());
    QVERIFY(reply.contains("Content-Length: "));
    QVERIFY(reply.endsWith("\r\n\r\n")); // headers only
}

void TstHttp::badBodies_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("detailStart");
    QTest::newRow("broken json") << QByteArray("application/json") << QByteArray("{\"email\": ") << 400
                                 << QStringLiteral("JSON parse error");
    QTest::newRow("text/plain") << QByteArray("text/plain") << QByteArray("hello") << 415
                                << QStringLiteral("Unsupported media type \"text/plain\"");
    QTest::newRow("xml") << QByteArray("application/xml") << QByteArray("<a/>") << 415
                         << QStringLiteral("Unsupported media type");
    QTest::newRow("multipart without boundary") << QByteArray("multipart/form-data") << QByteArray("x") << 400
                                                << QStringLiteral("Multipart form parse error");
}

void TstHttp::badBodies()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, detailStart);
    const HttpReply r =
        m_server->anonymous()->send("POST", QStringLiteral("/api/v1/auth/login/"), body, contentType);
    QCOMPARE(r.status, status);
    QVERIFY2(r.object().value("detail").toString().startsWith(detailStart), r.body.constData());
}

void TstHttp::bodyTooLarge()
{
    // A real client posting 1 MB to a 256 KB limit reads a 413, and the server keeps serving.
    const QByteArray big(1024 * 1024, 'x');
    const HttpReply r =
        m_server->anonymous()->send("POST", QStringLiteral("/api/v1/auth/login/"), big, "application/json");
    QCOMPARE(r.status, 413);
    QCOMPARE(r.object().value("detail").toString(), QStringLiteral("Request body too large."));
    QCOMPARE(m_server->anonymous()->get(QStringLiteral("/api/v1/health/")).status, 200);
    // Just under the limit is parsed (and refused for what it is, not for its size).
    const QByteArray fits(200 * 1024, ' ');
    QCOMPARE(m_server->anonymous()
                 ->send("POST", QStringLiteral("/api/v1/auth/login/"), "{}" + fits, "application/json")
                 .status,
             400);
}

void TstHttp::bodyTooLargeAnnouncedOnly()
{
    // The refusal comes from the announced length, before any body byte is sent.
    QElapsedTimer timer;
    timer.start();
    const QByteArray reply =
        exchange("POST /api/v1/auth/login/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Content-Length: 1073741824\r\n\r\n",
                 5000);
    QVERIFY2(reply.startsWith("HTTP/1.1 413 Payload Too Large\r\n"), reply.constData());
    QVERIFY(reply.contains("Connection: close"));
}

void TstHttp::chunkedTooLarge()
{
    QByteArray request = "POST /api/v1/auth/login/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n";
    const QByteArray chunk(64 * 1024, 'x');
    for (int i = 0; i < 6; ++i)
        request += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
    request += "0\r\n\r\n";
    const QByteArray reply = exchange(request, 5000);
    QVERIFY2(reply.startsWith("HTTP/1.1 413 "), reply.left(200).constData());
}

void TstHttp::headerTooLarge()
{
    const QByteArray reply = exchange(
        "GET /api/v1/health/ HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(16 * 1024, 'a') + "\r\n\r\n");
    QVERIFY2(reply.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
             reply.left(200).constData());
}

void TstHttp::chunkedRequestAccepted()
{
    const QByteArray body = R"({"email": "http@example.com", "password": "http password"})";
    const QByteArray request =
        "POST /api/v1/auth/login/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + QByteArray::number(10, 16) + "\r\n" + body.left(10) + "\r\n"
        + QByteArray::number(body.size() - 10, 16) + "\r\n" + body.mid(10) + "\r\n0\r\n\r\n";
    const QByteArray reply = exchange(request);
    QVERIFY2(reply.startsWith("HTTP/1.1 200 OK\r\n"), reply.left(300).constData());
    QVERIFY(reply.contains("\"jwt\":"));
}

void TstHttp::expectContinue()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(3000));
    const QByteArray body = R"({"email": "http@example.com", "password": "http password"})";
    socket.write("POST /api/v1/auth/login/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: "
                 "100-continue\r\n"
                 "Content-Length: "
                 + QByteArray::number(body.size()) + "\r\n\r\n");
    QVERIFY(socket.waitForReadyRead(3000));
    QCOMPARE(socket.readAll(), QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
    socket.write(body);
    QByteArray reply;
    while (!reply.contains("\"jwt\"") && socket.waitForReadyRead(3000))
        reply += socket.readAll();
    QVERIFY2(reply.startsWith("HTTP/1.1 200 OK"), reply.constData());
}

void TstHttp::keepAliveAndClose_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("closes");
    QTest::newRow("HTTP/1.1 keeps alive")
        << QByteArray("GET /api/v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n") << false;
    QTest::newRow("Connection: close")
        << QByteArray("GET /api/v1/health/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") << true;
    QTest::newRow("HTTP/1.0") << QByteArray("GET /api/v1/health/ HTTP/1.0\r\n\r\n") << true;
    QTest::newRow("HTTP/1.0 keep-alive")
        << QByteArray("GET /api/v1/health/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << false;
}

void TstHttp::keepAliveAndClose()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, closes);
    QTcpSocket socket;
    const QByteArray reply = exchange(request, 500, &socket);
    QVERIFY2(reply.startsWith("HTTP/1.1 200 OK"), reply.constData());
    if (closes) {
        QVERIFY(reply.contains("Connection: close\r\n"));
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 1000);
    } else {
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        // The same connection serves the next request.
        QVERIFY(
            exchange("GET /api/v1/server/ HTTP/1.1\r\nHost: x\r\n\r\n", 500, &socket).contains("\"stage\""));
    }
}

void TstHttp::pipelined()
{
    const QByteArray reply = exchange("GET /api/v1/server/ HTTP/1.1\r\nHost: x\r\n\r\n"
                                      "GET /api/v1/health/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QCOMPARE(reply.count("HTTP/1.1 200 OK"), 2);
    QVERIFY(reply.indexOf("\"stage\"") < reply.indexOf("\"database\""));
}

void TstHttp::idleTimeout()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(3000));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(socket.waitForDisconnected(6000));
    QVERIFY2(timer.elapsed() >= 1500 && timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    // A slow client that stops mid-request is cut off as well.
    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(slow.waitForConnected(3000));
    slow.write("GET /api/v1/health/ HTTP/1.1\r\nHost:");
    QVERIFY(slow.waitForDisconnected(6000));
}

void TstHttp::connectionCap()
{
    TestServer capped([](ServerConfig &c) { c.maxConnections = 2; });
    QVERIFY(capped.ok());
    QTcpSocket a, b, c;
    for (QTcpSocket *s : {&a, &b}) {
        s->connectToHost(QHostAddress::LocalHost, capped.port());
        QVERIFY(s->waitForConnected(3000));
    }
    QTest::qWait(200);
    c.connectToHost(QHostAddress::LocalHost, capped.port());
    QVERIFY(c.waitForConnected(3000));
    QByteArray reply;
    while (c.waitForReadyRead(2000))
        reply += c.readAll();
    QVERIFY2(reply.startsWith("HTTP/1.1 503 Service Unavailable"), reply.constData());
    a.abort();
    QTest::qWait(300);
    QTcpSocket d;
    d.connectToHost(QHostAddress::LocalHost, capped.port());
    QVERIFY(d.waitForConnected(3000));
    d.write("GET /api/v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(d.waitForReadyRead(3000));
    QVERIFY(d.readAll().startsWith("HTTP/1.1 200 OK"));
}

void TstHttp::internalErrorLeaksNothing()
{
    TestServer broken;
    QVERIFY(broken.ok());
    Account user = broken.createUser(QStringLiteral("broken@example.com"), QStringLiteral("some password"));
    auto client = broken.clientFor(user);
    QCOMPARE(client->get(QStringLiteral("/api/v1/auth/token/")).status, 200);
    // Break the schema behind the server's back: the next query fails inside the server.
    auto connection = broken.context().db().connection();
    QVERIFY(connection);
    QVERIFY((*connection)->execOnce(QStringLiteral("DROP TABLE api_tokens")));
    const HttpReply r = client->get(QStringLiteral("/api/v1/auth/token/"));
    QCOMPARE(r.status, 500);
    QCOMPARE(r.body, QByteArray(R"({"detail":"Internal server error."})"));
    QVERIFY(!r.body.contains("api_tokens") && !r.body.contains("SQL"));
    QCOMPARE(client->get(QStringLiteral("/api/v1/health/")).status, 200);
}

void TstHttp::gracefulStop()
{
    auto server = std::make_unique<TestServer>();
    QVERIFY(server->ok());
    QTcpSocket idle;
    idle.connectToHost(QHostAddress::LocalHost, server->port());
    QVERIFY(idle.waitForConnected(3000));
    idle.write("GET /api/v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY(idle.waitForReadyRead(3000));
    idle.readAll();
    QElapsedTimer timer;
    timer.start();
    server->stop(); // an idle keep-alive connection does not hold the stop for the grace period
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QTRY_COMPARE_WITH_TIMEOUT(idle.state(), QAbstractSocket::UnconnectedState, 2000);
}

QTEST_GUILESS_MAIN(TstHttp)
#include "tst_http.moc"
