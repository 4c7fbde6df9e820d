#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/live/livehub.h"
#include "server/store/database.h"
#include "server/store/livelogstore.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

using namespace iotile;
using namespace iotile::test;

namespace {

// A live feed client over a real WebSocket: collects every message and how the connection ended.
class LiveClient : public QObject
{
public:
    explicit LiveClient(quint16 port, const QByteArray &authorization = {})
    {
        connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            m_messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
        });
        connect(&m_socket, &QWebSocket::disconnected, this, [this] {
            m_closed = true;
            m_closeCode = int(m_socket.closeCode());
            m_closeReason = m_socket.closeReason();
        });
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/live/").arg(port)));
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        m_socket.open(request);
    }

    bool waitConnected(int ms = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (m_socket.state() != QAbstractSocket::ConnectedState && !m_closed && t.elapsed() < ms)
            QTest::qWait(5);
        return m_socket.state() == QAbstractSocket::ConnectedState;
    }
    void send(const QJsonObject &message)
    {
        m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }
    // The first message of `type` not yet taken (waits for it).
    QJsonObject take(const QString &type, int ms = 5000)
    {
        QElapsedTimer t;
        t.start();
        for (;;) {
            for (qsizetype i = 0; i < m_messages.size(); ++i) {
                if (m_messages.at(i).value(QLatin1String("type")).toString() == type)
                    return m_messages.takeAt(i);
            }
            if (t.elapsed() > ms || m_closed)
                return {};
            QTest::qWait(5);
        }
    }
    bool waitClosed(int ms = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (!m_closed && t.elapsed() < ms)
            QTest::qWait(5);
        return m_closed;
    }
    void close() { m_socket.close(); }
    QWebSocket &socket() { return m_socket; }
    QList<QJsonObject> &messages() { return m_messages; }
    bool closed() const { return m_closed; }
    int closeCode() const { return m_closeCode; }
    const QString &closeReason() const { return m_closeReason; }

private:
    QWebSocket m_socket;
    QList<QJsonObject> m_messages;
    bool m_closed = false;
    int m_closeCode = 0;
    QString m_closeReason;
};

QJsonObject subscribeMessage(const QStringList &targets, std::optional<qint64> after = std::nullopt)
{
    QJsonObject m {{"type", "subscribe"}, {"targets", QJsonArray::fromStringList(targets)}};
    if (after)
        m.insert("after", *after);
    return m;
}

// One masked client text frame (RFC 6455 5.3: a zero mask key leaves the payload as it is).
QByteArray clientFrame(const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x81));
    if (payload.size() < 126) {
        frame.append(char(0x80 | payload.size()));
    } else {
        frame.append(char(0x80 | 126));
        frame.append(char((payload.size() >> 8) & 0xff));
        frame.append(char(payload.size() & 0xff));
    }
    frame.append(QByteArray(4, '\0'));
    frame.append(payload);
    return frame;
}

} // namespace

// Live push over WebSocket on the API port: authentication, per-target permission checks, delivery of
// committed points and events, resuming from a cursor, the slow-consumer cut-off, and delivery across
// two server instances on one database (NOTIFY on PostgreSQL, the poll on SQLite).
class TstLive : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void subscribeReceivesPoints();
    void deviceAndProjectTargets();
    void eventsArePushed();
    void pointFieldsSurviveTheLog_data();
    void pointFieldsSurviveTheLog();
    void authMessage();
    void refusals_data();
    void refusals();
    void badCredentialsRefuseUpgrade();
    void resumeDeliversMissedFirst();
    void resumeFromPurgedCursorReportsGap();
    void slowConsumerIsCut();
    void crossInstanceDelivery();
    void busyFeedBatchesLogWrites();
    void connectionsNameTheirThread();
    void lostAccessEndsSubscriptions();

private:
    QJsonArray points(const QString &stream, qint64 firstTs, int count, int firstSeq);
    QByteArray jwt(const Account &account) { return "JWT " + m_server->jwtFor(account); }
    // Another instance on the same databases, as a second iotile-server process would be.
    std::unique_ptr<TestServer> secondInstance(std::optional<int> liveBatchMs = std::nullopt);
    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_outsider, m_staff;
    Org m_org;
    Project m_project;
    Device m_device, m_device2;
    QString m_stream, m_stream2, m_otherDeviceStream;
    qint64 m_t0 = 0;
    int m_seq = 1;
};

QJsonArray TstLive::points(const QString &stream, qint64 firstTs, int count, int firstSeq)
{
    QJsonArray list;
    for (int i = 0; i < count; ++i)
        list.append(
            QJsonObject {{"stream", stream},
                         {"timestamp", isotime::toString(firstTs + qint64(i) * isotime::kMicrosPerSecond)},
                         {"int_value", double(i)},
                         {"streamer_local_id", firstSeq + i}});
    return list;
}

std::unique_ptr<TestServer> TstLive::secondInstance(std::optional<int> liveBatchMs)
{
    const ServerConfig first = m_server->config();
    return std::make_unique<TestServer>([&first, liveBatchMs](ServerConfig &c) {
        c.databaseUrl = first.databaseUrl;
        c.dataDatabaseUrl = first.dataDatabaseUrl;
        c.workerThreads = 0;
        if (liveBatchMs)
            c.liveBatchMs = *liveBatchMs;
    });
}

void TstLive::initTestCase()
{
    // A small per-connection byte bound makes the slow-consumer test quick.
    // A short re-check of open subscriptions makes the lost-access test quick.
    m_server = std::make_unique<TestServer>([](ServerConfig &c) {
        c.liveMaxQueuedBytes = 1024 * 1024;
        c.liveRecheckSeconds = 1;
    });
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Live Org"), m_owner);
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.org(QStringLiteral("Outside"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Live Project"), m_owner);
    const Variable v = seed.variable(m_project, 0x5001, QStringLiteral("Flow"));
    const Variable v2 = seed.variable(m_project, 0x5002, QStringLiteral("Level"));
    m_device = seed.claim(seed.device(0xe1), m_project, m_owner);
    m_device2 = seed.claim(seed.device(0xe2), m_project, m_owner);
    m_stream = seed.stream(m_device, m_project, v).slug;
    m_stream2 = seed.stream(m_device, m_project, v2).slug;
    m_otherDeviceStream = seed.stream(m_device2, m_project, v2).slug;
    m_t0 = *isotime::parse(QByteArrayView("2026-03-01T00:00:00Z"));
}

void TstLive::cleanupTestCase()
{
    m_server.reset();
}

void TstLive::subscribeReceivesPoints()
{
    LiveClient client(m_server->port(), jwt(m_member));
    QVERIFY(client.waitConnected());
    const QJsonObject ready = client.take("ready");
    QCOMPARE(ready.value("user").toString(), m_member.slug);
    client.send(subscribeMessage({m_stream}));
    const QJsonObject subscribed = client.take("subscribed");
    QCOMPARE(subscribed.value("targets").toArray(), QJsonArray {m_stream});

    auto http = m_server->clientFor(m_member);
    QCOMPARE(http->post("/api/v1/data/", points(m_stream, m_t0, 3, m_seq)).status, 201);
    m_seq += 3;
    // Another stream's data does not reach this subscriber.
    QCOMPARE(http->post("/api/v1/data/", points(m_stream2, m_t0, 2, m_seq)).status, 201);
    m_seq += 2;
    const QJsonObject data = client.take("data");
    QVERIFY2(!data.isEmpty(), "no data message");
    QCOMPARE(data.value("stream").toString(), m_stream);
    QCOMPARE(data.value("device").toString(), m_device.slug);
    QCOMPARE(data.value("project").toString(), m_project.slug);
    QCOMPARE(data.value("source").toString(), QStringLiteral("json"));
    QVERIFY(data.value("cursor").toInteger() > subscribed.value("cursor").toInteger());
    const QJsonArray pts = data.value("points").toArray();
    QCOMPARE(pts.size(), 3);
    QCOMPARE(pts.at(0).toObject().value("timestamp").toString(), QStringLiteral("2026-03-01T00:00:00Z"));
    QCOMPARE(pts.at(2).toObject().value("int_value").toInt(), 2);
    QCOMPARE(pts.at(2).toObject().value("value").toDouble(), 2.0);
    // A single-object post reports the stored id.
    const HttpReply single = http->post(
        "/api/v1/data/",
        QJsonObject {{"stream", m_stream}, {"timestamp", "2026-03-02T00:00:00Z"}, {"int_value", 7}});
    QCOMPARE(single.status, 201);
    const QJsonObject one = client.take("data");
    QCOMPARE(one.value("points").toArray().at(0).toObject().value("id").toInteger(),
             single.object().value("id").toInteger());
    QTest::qWait(200);
    QCOMPARE(client.take("data", 0), QJsonObject()); // nothing about m_stream2
}

void TstLive::deviceAndProjectTargets()
{
    LiveClient byDevice(m_server->port(), jwt(m_member));
    LiveClient byProject(m_server->port(), jwt(m_owner));
    QVERIFY(byDevice.waitConnected());
    QVERIFY(byProject.waitConnected());
    byDevice.send(subscribeMessage({m_device.slug}));
    byProject.send(subscribeMessage({m_project.id ? m_project.slug : QString()}));
    QVERIFY(!byDevice.take("subscribed").isEmpty());
    QCOMPARE(byProject.take("subscribed").value("targets").toArray(), QJsonArray {m_project.slug});

    auto http = m_server->clientFor(m_member);
    QJsonArray both = points(m_stream2, m_t0 + 100 * isotime::kMicrosPerSecond, 2, m_seq);
    for (const QJsonValue &p : points(m_otherDeviceStream, m_t0, 4, m_seq))
        both.append(p);
    m_seq += 4;
    QCOMPARE(http->post("/api/v1/data/", both).status, 201);
    // The device subscriber gets its device's stream only; the project subscriber both streams.
    const QJsonObject d = byDevice.take("data");
    QCOMPARE(d.value("stream").toString(), m_stream2);
    QCOMPARE(d.value("points").toArray().size(), 2);
    QStringList projectStreams;
    for (int i = 0; i < 2; ++i)
        projectStreams << byProject.take("data").value("stream").toString();
    projectStreams.sort();
    QStringList expected {m_stream2, m_otherDeviceStream};
    expected.sort();
    QCOMPARE(projectStreams, expected);
    QTest::qWait(200);
    QCOMPARE(byDevice.take("data", 0), QJsonObject());
}

void TstLive::eventsArePushed()
{
    const QJsonObject extra {
        {"pressure", 3.5},
        {"note",
         QStringLiteral("tab\there\nnext line\r\\ back\\slash, \"quoted\", long enough to span words")}};
    LiveClient client(m_server->port(), jwt(m_member));
    QVERIFY(client.waitConnected());
    client.send(subscribeMessage({m_stream}));
    QVERIFY(!client.take("subscribed").isEmpty());
    const HttpReply r =
        m_server->clientFor(m_member)->post("/api/v1/event/",
                                            QJsonObject {{"stream", m_stream},
                                                         {"timestamp", "2026-03-03T00:00:00Z"},
                                                         {"streamer_local_id", 5},
                                                         {"extra_data", extra}});
    QVERIFY2(r.status == 201, r.body.constData());
    const QJsonObject e = client.take("event");
    QVERIFY2(!e.isEmpty(), "no event message");
    const QJsonObject event = e.value("events").toArray().at(0).toObject();
    QCOMPARE(event.value("streamer_local_id").toInt(), 5);
    QCOMPARE(event.value("extra_data").toObject(), extra);
    // The same message read back from the live log (a resume from just before it): the text survives the
    // log's storage (PostgreSQL's COPY escapes tabs, line ends and backslashes).
    LiveClient resumed(m_server->port(), jwt(m_member));
    QVERIFY(resumed.waitConnected());
    resumed.send(subscribeMessage({m_stream}, e.value("cursor").toInteger() - 1));
    const QJsonObject again = resumed.take("event");
    QVERIFY2(!again.isEmpty(), "no event in the backlog");
    QCOMPARE(again.value("cursor").toInteger(), e.value("cursor").toInteger());
    QCOMPARE(again.value("events").toArray().at(0).toObject().value("extra_data").toObject(), extra);
}

void TstLive::pointFieldsSurviveTheLog_data()
{
    // Points as posted (the stream is added): the live log keeps them in a compact form and renders
    // them again, so every field must come back as it went in, pushed live and read back as backlog.
    QTest::addColumn<QByteArray>("posted");
    QTest::newRow("every field") << QByteArray(
        R"([{"timestamp": "2026-04-01T10:00:00.123456Z", "device_timestamp": 86400, "streamer_local_id": 900001,
             "int_value": -5, "type": "Num", "status": "drt", "dirty_ts": true}])");
    QTest::newRow("value with type ITR") << QByteArray(
        R"([{"timestamp": "2026-04-01T11:00:00Z", "value": -12.25, "type": "ITR", "streamer_local_id": 900002}])");
    QTest::newRow("going backwards") << QByteArray(
        R"([{"timestamp": "2026-04-02T00:00:00Z", "int_value": 1099511627776, "streamer_local_id": 900010},
            {"timestamp": "2026-04-01T23:59:59.000001Z", "value": 1e-7, "type": "ITR", "streamer_local_id": 900005},
            {"timestamp": "2026-04-01T12:00:00Z", "int_value": 0, "streamer_local_id": 900003,
             "device_timestamp": 0, "status": "cln"}])");
}

void TstLive::pointFieldsSurviveTheLog()
{
    QFETCH(QByteArray, posted);
    QJsonArray list = QJsonDocument::fromJson(posted).array();
    QVERIFY(!list.isEmpty());
    for (auto it = list.begin(); it != list.end(); ++it) {
        QJsonObject o = it->toObject();
        o.insert("stream", m_stream2);
        *it = o;
    }
    LiveClient client(m_server->port(), jwt(m_member));
    QVERIFY(client.waitConnected());
    client.send(subscribeMessage({m_stream2}));
    QVERIFY(!client.take("subscribed").isEmpty());
    auto http = m_server->clientFor(m_member);
    const HttpReply reply = http->post("/api/v1/data/", list);
    QVERIFY2(reply.status == 201, reply.body.constData());
    const QJsonObject live = client.take("data");
    const QJsonArray pts = live.value("points").toArray();
    QCOMPARE(pts.size(), list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject in = list.at(i).toObject();
        const QJsonObject out = pts.at(i).toObject();
        for (const QString &key : in.keys()) {
            if (key == "stream")
                continue;
            QJsonValue expected = in.value(key);
            if (key == "timestamp")
                expected = isotime::toString(*isotime::parse(expected.toString()));
            QVERIFY2(
                out.value(key) == expected,
                qPrintable(
                    QStringLiteral("point %1 %2: %3")
                        .arg(i)
                        .arg(key, QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact)))));
        }
        if (!in.contains("device_timestamp"))
            QVERIFY(out.value("device_timestamp").isNull());
        QVERIFY(out.contains("id") && out.contains("int_value") && out.contains("value")
                && out.contains("type") && out.contains("status") && out.contains("dirty_ts"));
    }
    // The same entry read back as backlog is the same message.
    const qint64 cursor = live.value("cursor").toInteger();
    LiveClient resumed(m_server->port(), jwt(m_member));
    QVERIFY(resumed.waitConnected());
    resumed.send(subscribeMessage({m_stream2}, cursor - 1));
    QVERIFY(!resumed.take("subscribed").isEmpty());
    QCOMPARE(resumed.take("data"), live);
}

void TstLive::authMessage()
{
    // Browsers cannot send headers: the first message authenticates.
    LiveClient client(m_server->port());
    QVERIFY(client.waitConnected());
    client.send(QJsonObject {{"type", "auth"}, {"authorization", QString::fromLatin1(jwt(m_member))}});
    QCOMPARE(client.take("ready").value("user").toString(), m_member.slug);
    client.send(subscribeMessage({m_stream}));
    QVERIFY(!client.take("subscribed").isEmpty());
}

void TstLive::refusals_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("target");
    QTest::addColumn<int>("closeCode");
    QTest::addColumn<QString>("code");
    QTest::newRow("outsider on stream") << "outsider" << m_stream << 4403 << "forbidden";
    QTest::newRow("outsider on device") << "outsider" << m_device.slug << 4403 << "forbidden";
    QTest::newRow("outsider on project") << "outsider" << m_project.slug << 4403 << "forbidden";
    QTest::newRow("outsider on project uuid") << "outsider" << m_project.uuid << 4403 << "forbidden";
    QTest::newRow("unknown device") << "member"
                                    << "d--0000-0000-0000-7777" << 4404 << "not_found";
    QTest::newRow("unknown stream") << "member"
                                    << "s--0000-7777--0000-0000-0000-00e1--5001" << 4404 << "not_found";
    QTest::newRow("not a slug") << "member"
                                << "hello" << 4404 << "not_found";
    QTest::newRow("anonymous") << "anonymous" << m_stream << 4401 << "not_authenticated";
}

void TstLive::refusals()
{
    QFETCH(QString, who);
    QFETCH(QString, target);
    QFETCH(int, closeCode);
    QFETCH(QString, code);
    const QByteArray auth = who == "outsider" ? jwt(m_outsider)
        : who == "member"                     ? jwt(m_member)
                                              : QByteArray();
    LiveClient client(m_server->port(), auth);
    QVERIFY(client.waitConnected());
    // Staff may read everything: the same target works for them (sanity of the rows).
    client.send(subscribeMessage({target}));
    const QJsonObject error = client.take("error");
    QCOMPARE(error.value("code").toString(), code);
    QVERIFY(!error.value("detail").toString().isEmpty());
    QVERIFY(client.waitClosed());
    QCOMPARE(client.closeCode(), closeCode);
    QVERIFY(!client.closeReason().isEmpty());
    if (closeCode == 4403) {
        LiveClient staff(m_server->port(), jwt(m_staff));
        QVERIFY(staff.waitConnected());
        staff.send(subscribeMessage({target}));
        QVERIFY(!staff.take("subscribed").isEmpty());
    }
}

void TstLive::badCredentialsRefuseUpgrade()
{
    LiveClient client(m_server->port(), "JWT not.a.token");
    QVERIFY(!client.waitConnected(3000));
    QCOMPARE(client.socket().state(), QAbstractSocket::UnconnectedState);
    // The API's other routes are untouched by the upgrade handling.
    QCOMPARE(m_server->clientFor(m_member)->get("/api/v1/project/").status, 200);
}

void TstLive::resumeDeliversMissedFirst()
{
    auto http = m_server->clientFor(m_member);
    qint64 last = 0;
    {
        LiveClient client(m_server->port(), jwt(m_member));
        QVERIFY(client.waitConnected());
        client.send(subscribeMessage({m_stream2}));
        QVERIFY(!client.take("subscribed").isEmpty());
        QCOMPARE(
            http->post("/api/v1/data/", points(m_stream2, m_t0 + 1000 * isotime::kMicrosPerSecond, 1, m_seq))
                .status,
            201);
        m_seq += 1;
        last = client.take("data").value("cursor").toInteger();
        QVERIFY(last > 0);
        client.close();
    }
    // While disconnected: three batches on the stream, one elsewhere.
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(http->post("/api/v1/data/",
                            points(m_stream2, m_t0 + (2000 + 10 * i) * isotime::kMicrosPerSecond, 2, m_seq))
                     .status,
                 201);
        m_seq += 2;
    }
    QCOMPARE(http->post("/api/v1/data/", points(m_stream, m_t0 + 3000 * isotime::kMicrosPerSecond, 1, m_seq))
                 .status,
             201);
    m_seq += 1;
    // The log is written at most every live_batch_ms: resume once the hub has passed all four entries, so
    // the three missed ones are the backlog. (Entries not yet passed would follow live, after it.)
    auto db = m_server->context().dataDb().connection();
    QVERIFY(db);
    LiveLogStore log(**db);
    const auto logged = [&] {
        const auto entries = log.after(last, std::nullopt, 10);
        (*db)->finishAll();
        return entries ? entries->size() : size_t(0);
    };
    QTRY_COMPARE(logged(), size_t(4));
    const auto newest = log.newest();
    QVERIFY(newest);
    (*db)->finishAll();
    QTRY_VERIFY(m_server->context().live().position() >= *newest);
    LiveClient client(m_server->port(), jwt(m_member));
    QVERIFY(client.waitConnected());
    client.send(subscribeMessage({m_stream2}, last));
    const QJsonObject subscribed = client.take("subscribed");
    // The backlog comes first, before the acknowledgement: all three, in order, once each.
    const int backlog = subscribed.value("backlog").toInt();
    QCOMPARE(backlog, 3);
    QList<qint64> cursors;
    QElapsedTimer wait;
    wait.start();
    while (cursors.size() < 3 && wait.elapsed() < 5000) {
        const QJsonObject m = client.take("data", 100);
        if (!m.isEmpty())
            cursors << m.value("cursor").toInteger();
    }
    QCOMPARE(cursors.size(), 3);
    QVERIFY(cursors.at(0) > last && cursors.at(0) < cursors.at(1) && cursors.at(1) < cursors.at(2));
    QVERIFY(cursors.at(backlog - 1) <= subscribed.value("cursor").toInteger());
    client.messages().clear();
    // Then live again, after the backlog.
    QCOMPARE(http->post("/api/v1/data/", points(m_stream2, m_t0 + 4000 * isotime::kMicrosPerSecond, 1, m_seq))
                 .status,
             201);
    m_seq += 1;
    QVERIFY(client.take("data").value("cursor").toInteger() > cursors.at(2));
}

// Entries older than live_retention_hours are purged (all but the newest): a client resuming from a cursor
// before them is told of the gap, then gets what is left.
void TstLive::resumeFromPurgedCursorReportsGap()
{
    auto http = m_server->clientFor(m_member);
    LiveClient watcher(m_server->port(), jwt(m_member)); // sees each entry once the hub has passed it
    QVERIFY(watcher.waitConnected());
    watcher.send(subscribeMessage({m_otherDeviceStream}));
    QVERIFY(!watcher.take("subscribed").isEmpty());
    const auto post = [&](qint64 second) {
        const int status =
            http->post("/api/v1/data/",
                       points(m_otherDeviceStream, m_t0 + second * isotime::kMicrosPerSecond, 1, m_seq))
                .status;
        m_seq += 1;
        return status == 201 ? watcher.take("data").value("cursor").toInteger() : qint64(-1);
    };
    const qint64 seen = post(5000);
    const qint64 purged = post(5010);
    const qint64 kept = post(5020);
    QVERIFY(seen > 0 && purged > seen && kept > purged);
    auto db = m_server->context().dataDb().connection();
    QVERIFY(db);
    const auto removed = LiveLogStore(**db).purge(isotime::now() + 1);
    (*db)->finishAll();
    QVERIFY(removed && *removed >= 2);

    LiveClient client(m_server->port(), jwt(m_member));
    QVERIFY(client.waitConnected());
    client.send(subscribeMessage({m_otherDeviceStream}, seen));
    const QJsonObject gap = client.take("gap");
    QCOMPARE(gap.value("after").toInteger(), seen);
    QCOMPARE(gap.value("oldest").toInteger(), kept);
    QCOMPARE(client.take("data").value("cursor").toInteger(), kept);
    QCOMPARE(client.take("subscribed").value("backlog").toInt(), 1);
}

void TstLive::slowConsumerIsCut()
{
    LiveHub &hub = m_server->context().live();
    const qint64 cutsBefore = hub.slowConsumerCuts();
    // A client that sends its subscription and then never reads.
    QTcpSocket slow;
    slow.setReadBufferSize(4096);
    slow.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(slow.waitForConnected(3000));
    slow.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    slow.write(
        "GET /api/v1/live/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: "
        + jwt(m_member) + "\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(slow.bytesAvailable() > 0 && slow.peek(4096).contains("\r\n\r\n"), 5000);
    QVERIFY(slow.peek(4096).startsWith("HTTP/1.1 101"));
    slow.write(clientFrame(QJsonDocument(subscribeMessage({m_stream})).toJson(QJsonDocument::Compact)));
    slow.flush();
    // A healthy subscriber on the same stream keeps getting everything.
    LiveClient healthy(m_server->port(), jwt(m_member));
    QVERIFY(healthy.waitConnected());
    healthy.send(subscribeMessage({m_stream}));
    QVERIFY(!healthy.take("subscribed").isEmpty());
    QTest::qWait(200);

    auto http = m_server->clientFor(m_member);
    int posts = 0;
    QElapsedTimer slowest;
    qint64 worstMs = 0;
    while (hub.slowConsumerCuts() == cutsBefore && posts < 400) {
        slowest.start();
        const HttpReply r =
            http->post("/api/v1/data/",
                       points(m_stream, m_t0 + qint64(100000 + posts * 1000) * isotime::kMicrosPerSecond,
                              1000, 1'000'000 + posts * 1000));
        QCOMPARE(r.status, 201);
        worstMs = std::max(worstMs, slowest.elapsed());
        ++posts;
        QTest::qWait(1);
    }
    QVERIFY2(hub.slowConsumerCuts() > cutsBefore, "the stalled client was never cut");
    qInfo("slow consumer cut after %d posts of 1,000 points; slowest post %lld ms", posts, worstMs);
    // The stalled connection is reset at once (its buffers are freed).
    slow.setReadBufferSize(0);
    QElapsedTimer drain;
    drain.start();
    while (slow.state() == QAbstractSocket::ConnectedState && drain.elapsed() < 3000) {
        slow.waitForReadyRead(100);
        slow.readAll();
    }
    QCOMPARE(hub.sessions(), 1); // the healthy one
    // Reset, not closed behind the megabytes the kernel holds for it (the client's window is shut).
    QCOMPARE(slow.state(), QAbstractSocket::UnconnectedState);
    // The healthy subscriber got every batch.
    int received = 0;
    QElapsedTimer t;
    t.start();
    while (received < posts && t.elapsed() < 20000) {
        if (!healthy.take("data", 1000).isEmpty())
            ++received;
    }
    QCOMPARE(received, posts);
    QVERIFY(!healthy.closed());
}

void TstLive::crossInstanceDelivery()
{
    const auto second = secondInstance();
    QVERIFY2(second->ok(), qPrintable(second->error()));
    LiveClient client(second->port(), jwt(m_member));
    QVERIFY(client.waitConnected());
    client.send(subscribeMessage({m_stream}));
    QVERIFY(!client.take("subscribed").isEmpty());
    QElapsedTimer t;
    t.start();
    QCOMPARE(m_server->clientFor(m_member)
                 ->post("/api/v1/data/", points(m_stream, m_t0 + 9000 * isotime::kMicrosPerSecond, 5, m_seq))
                 .status,
             201);
    m_seq += 5;
    const QJsonObject data = client.take("data", 5000);
    QVERIFY2(!data.isEmpty(), "the other instance never pushed the point");
    QCOMPARE(data.value("points").toArray().size(), 5);
    qInfo("cross-instance delivery after %lld ms", t.elapsed());
}

// Under load the log is written at most every live_batch_ms, each write taking every batch since the last;
// the first batch after a quiet spell is written (and pushed) at once.
void TstLive::busyFeedBatchesLogWrites()
{
    const auto batched = secondInstance(2000);
    QVERIFY2(batched->ok(), qPrintable(batched->error()));
    LiveClient client(batched->port(), jwt(m_member));
    QVERIFY(client.waitConnected());
    client.send(subscribeMessage({m_stream}));
    QVERIFY(!client.take("subscribed").isEmpty());
    const LiveHub &hub = batched->context().live();
    const qint64 writesBefore = hub.logWrites();
    auto http = batched->clientFor(m_member);
    QCOMPARE(http->post("/api/v1/data/", points(m_stream, m_t0 + 12000 * isotime::kMicrosPerSecond, 1, m_seq))
                 .status,
             201);
    m_seq += 1;
    QVERIFY2(!client.take("data", 1500).isEmpty(), "the first batch waited for the batching interval");
    QElapsedTimer t;
    t.start();
    for (int i = 1; i <= 4; ++i) {
        QCOMPARE(http->post("/api/v1/data/",
                            points(m_stream, m_t0 + (12000 + 10 * i) * isotime::kMicrosPerSecond, 1, m_seq))
                     .status,
                 201);
        m_seq += 1;
    }
    QList<qint64> cursors;
    while (cursors.size() < 4 && t.elapsed() < 8000) {
        const QJsonObject m = client.take("data", 100);
        if (!m.isEmpty())
            cursors << m.value("cursor").toInteger();
    }
    QCOMPARE(cursors.size(), 4);
    QVERIFY(std::is_sorted(cursors.cbegin(), cursors.cend()));
    // The first write, then one for the four (or one more, should the posts outlast the interval).
    QVERIFY2(hub.logWrites() - writesBefore <= 3,
             qPrintable(QStringLiteral("%1 writes").arg(hub.logWrites() - writesBefore)));
}

// On PostgreSQL every connection names the server thread that holds it (pg_stat_activity.application_name),
// so the live thread's backend can be told from the HTTP threads'.
void TstLive::connectionsNameTheirThread()
{
    if (!m_server->context().db().dialect().isPostgres())
        QSKIP("application_name is PostgreSQL's");
    // The names of this server's connections to one of its databases.
    const auto names = [](Database &database) {
        QStringList out;
        auto db = database.connection();
        if (!db)
            return out;
        SqlQuery q = (*db)->query("SELECT application_name FROM pg_stat_activity WHERE datname = "
                                  "current_database() AND application_name LIKE 'iotile-%'");
        if (q.exec()) {
            while (q.next())
                out << q.text(0);
        }
        (*db)->finishAll();
        return out;
    };
    const QStringList data = names(m_server->context().dataDb());
    QVERIFY2(data.contains(QStringLiteral("iotile-live")), qPrintable(data.join(QLatin1Char(' '))));
    const QStringList main = names(m_server->context().db());
    QVERIFY2(!main.filter(QRegularExpression(QStringLiteral("^iotile-http-[0-9]+$"))).isEmpty(),
             qPrintable(main.join(QLatin1Char(' '))));
}

void TstLive::lostAccessEndsSubscriptions()
{
    // A member removed from the org while subscribed: the subscriptions end with the reason, the
    // connection stays, and nothing of those targets arrives after the notice.
    const Account leaver =
        m_server->createUser(QStringLiteral("leaver@example.com"), QStringLiteral("password1"));
    Seed seed(*m_server);
    seed.member(m_org, leaver, QStringLiteral("m1"));
    LiveClient client(m_server->port(), jwt(leaver));
    QVERIFY(client.waitConnected());
    client.send(subscribeMessage({m_stream, m_device2.slug}));
    QVERIFY(!client.take("subscribed").isEmpty());
    auto http = m_server->clientFor(m_owner);
    QCOMPARE(http->post("/api/v1/data/", points(m_stream, m_t0 + 9000 * isotime::kMicrosPerSecond, 1, m_seq))
                 .status,
             201);
    m_seq += 1;
    QVERIFY(!client.take("data").isEmpty());

    QCOMPARE(http->del(QStringLiteral("/api/v1/org/%1/members/%2/").arg(m_org.slug, leaver.slug)).status,
             204);
    QSet<QString> ended;
    for (int i = 0; i < 2; ++i) {
        const QJsonObject notice = client.take("unsubscribed", 5000);
        QVERIFY2(!notice.isEmpty(), "no notice that the subscription ended");
        QCOMPARE(notice.value("code").toString(), QStringLiteral("forbidden"));
        QVERIFY(notice.value("detail").toString().startsWith(
            QStringLiteral("You do not have permission to read")));
        ended.insert(notice.value("targets").toArray().at(0).toString());
    }
    QCOMPARE(ended, (QSet<QString> {m_stream, m_device2.slug}));
    client.messages().clear();
    QCOMPARE(http->post("/api/v1/data/", points(m_stream, m_t0 + 9001 * isotime::kMicrosPerSecond, 1, m_seq))
                 .status,
             201);
    m_seq += 1;
    QCOMPARE(http->post("/api/v1/data/",
                        points(m_otherDeviceStream, m_t0 + 9002 * isotime::kMicrosPerSecond, 1, m_seq))
                 .status,
             201);
    m_seq += 1;
    QVERIFY(client.take("data", 1500).isEmpty());
    QVERIFY(!client.closed());
    client.send(QJsonObject {{"type", "ping"}, {"id", 7}});
    QCOMPARE(client.take("pong").value("id").toInt(), 7);
    // A new subscription is refused like any other.
    client.send(subscribeMessage({m_stream}));
    QCOMPARE(client.take("error").value("code").toString(), QStringLiteral("forbidden"));

    // A device moved to a project of an org the member is not in.
    const Device moving = seed.claim(seed.device(0xe3), m_project, m_owner);
    const Org elsewhere = seed.org(QStringLiteral("Elsewhere"), m_owner);
    const Project away = seed.project(elsewhere, QStringLiteral("Away"), m_owner);
    LiveClient member(m_server->port(), jwt(m_member));
    QVERIFY(member.waitConnected());
    member.send(subscribeMessage({moving.slug, m_stream}));
    QVERIFY(!member.take("subscribed").isEmpty());
    QCOMPARE(http->post(QStringLiteral("/api/v1/device/%1/move/").arg(moving.slug),
                        QJsonObject {{"project", away.slug}})
                 .status,
             202);
    const QJsonObject moved = member.take("unsubscribed", 5000);
    QCOMPARE(moved.value("targets").toArray(), QJsonArray {moving.slug});
    QCOMPARE(moved.value("code").toString(), QStringLiteral("forbidden"));
    // The stream of the project the member still reads goes on.
    QCOMPARE(http->post("/api/v1/data/", points(m_stream, m_t0 + 9003 * isotime::kMicrosPerSecond, 1, m_seq))
                 .status,
             201);
    m_seq += 1;
    QVERIFY(!member.take("data").isEmpty());
    QVERIFY(member.take("unsubscribed", 1500).isEmpty());
}

QTEST_MAIN(TstLive)
#include "tst_live.moc"
