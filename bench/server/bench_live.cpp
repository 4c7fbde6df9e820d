// Live push and MQTT ingest figures, against an in-process server (2 HTTP threads) on PostgreSQL when
// IOTILE_TEST_DATABASE_URL names a server, SQLite otherwise:
//  - latency from an HTTP data post to the WebSocket message, with N subscribed connections (p50/p99
//    over every connection and round; measured from the start of the POST and from its 201 answer);
//  - MQTT ingest: 1,000-point JSON messages published at QoS 1 to a mosquitto started here, points/s
//    until all are stored.
// Usage: bench_live [connections, default 1000] [rounds, default 30] [mqtt messages, default 200]
#include "common/util/isotime.h"
#include "server/domain/devicekey.h"
#include "server/store/database.h"
#include "server/store/devicekeystore.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QWebSocket>

#include <mosquitto.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <vector>

using namespace iotile;
using namespace iotile::test;

namespace {

void waitUntil(const std::function<bool()> &done, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

QByteArray pointsJson(const QString &stream, qint64 firstSecond, int count, int firstSeq)
{
    QJsonArray list;
    for (int i = 0; i < count; ++i)
        list.append(
            QJsonObject {{"stream", stream},
                         {"timestamp", isotime::toString((firstSecond + i) * isotime::kMicrosPerSecond)},
                         {"int_value", double(i)},
                         {"streamer_local_id", firstSeq + i}});
    return QJsonDocument(list).toJson(QJsonDocument::Compact);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int connections = argc > 1 ? atoi(argv[1]) : 1000;
    const int rounds = argc > 2 ? atoi(argv[2]) : 30;
    const int mqttMessages = argc > 3 ? atoi(argv[3]) : 200;
    rlimit files {};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);

    TestServer server([](ServerConfig &c) { c.workerThreads = 0; });
    if (!server.ok())
        qFatal("server: %s", qPrintable(server.error()));
    const Account owner = server.createUser(QStringLiteral("bench@example.com"), QStringLiteral("password1"));
    Seed seed(server);
    const Org org = seed.org(QStringLiteral("Bench"), owner);
    const Project project = seed.project(org, QStringLiteral("Bench"), owner);
    const Variable v = seed.variable(project, 0x5001, QStringLiteral("Flow"));
    const Device device = seed.claim(seed.device(0xbe), project, owner);
    const QString stream = seed.stream(device, project, v).slug;
    const QByteArray auth = "JWT " + server.jwtFor(owner);
    std::printf("database: %s\n", server.database().isPostgres() ? "postgresql" : "sqlite");

    // ---- live push latency
    QElapsedTimer clock;
    clock.start();
    std::vector<std::unique_ptr<QWebSocket>> sockets;
    std::atomic<int> subscribed {0};
    std::vector<double> fromStart, fromAnswer;
    qint64 roundStart = 0;
    qint64 roundAnswer = 0;
    int received = 0;
    std::vector<qint64> arrivals;
    for (int i = 0; i < connections; ++i) {
        auto ws = std::make_unique<QWebSocket>();
        QWebSocket *raw = ws.get();
        QObject::connect(raw, &QWebSocket::connected, raw, [raw, &stream] {
            raw->sendTextMessage(QStringLiteral("{\"type\":\"subscribe\",\"targets\":[\"%1\"]}").arg(stream));
        });
        QObject::connect(raw, &QWebSocket::textMessageReceived, raw, [&](const QString &text) {
            if (text.contains(QLatin1String("\"type\":\"subscribed\"")))
                subscribed.fetch_add(1);
            else if (text.contains(QLatin1String("\"type\":\"data\""))) {
                arrivals.push_back(clock.nsecsElapsed());
                ++received;
            }
        });
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/live/").arg(server.port())));
        request.setRawHeader("Authorization", auth);
        raw->open(request);
        sockets.push_back(std::move(ws));
        if (i % 50 == 49)
            waitUntil([&] { return subscribed.load() > i - 10; }, 10000);
    }
    waitUntil([&] { return subscribed.load() == connections; }, 60000);
    std::printf("live_connections_subscribed: %d\n", subscribed.load());
    auto http = server.clientFor(owner);
    for (int r = 0; r < rounds; ++r) {
        received = 0;
        arrivals.clear();
        roundStart = clock.nsecsElapsed();
        const HttpReply reply = http->post(
            QStringLiteral("/api/v1/data/"),
            QJsonObject {{"stream", stream},
                         {"timestamp", isotime::toString((1767225600 + r) * isotime::kMicrosPerSecond)},
                         {"int_value", r}});
        roundAnswer = clock.nsecsElapsed();
        if (reply.status != 201)
            qFatal("post failed: %d", reply.status);
        waitUntil([&] { return received >= subscribed.load(); }, 20000);
        for (qint64 a : arrivals) {
            fromStart.push_back(double(a - roundStart) / 1e6);
            fromAnswer.push_back(std::max(0.0, double(a - roundAnswer) / 1e6));
        }
    }
    std::printf("live_latency_from_post_p50: %.2f ms\n", percentile(fromStart, 0.50));
    std::printf("live_latency_from_post_p99: %.2f ms\n", percentile(fromStart, 0.99));
    std::printf("live_latency_from_201_p50: %.2f ms\n", percentile(fromAnswer, 0.50));
    std::printf("live_latency_from_201_p99: %.2f ms\n", percentile(fromAnswer, 0.99));
    std::printf("live_messages_received: %zu of %lld\n", fromStart.size(), qint64(rounds) * connections);
    for (auto &ws : sockets)
        ws->abort();
    sockets.clear();
    QCoreApplication::processEvents();

    // ---- MQTT ingest
    QTemporaryDir dir;
    quint16 port = 0;
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        port = probe.serverPort();
    }
    {
        DeviceKey key;
        key.deviceId = device.id;
        key.type = QStringLiteral("MQTT");
        key.secret = QStringLiteral("bench-secret");
        (void)DeviceKeyStore(seed.db()).create(key);
    }
    const ServerConfig first = server.config();
    const QString authDir = dir.filePath(QStringLiteral("auth"));
    TestServer ingest([&](ServerConfig &c) {
        c.databaseUrl = first.databaseUrl;
        c.dataDatabaseUrl = first.dataDatabaseUrl;
        c.workerThreads = 0;
        c.mqttUrl = QStringLiteral("mqtt://iotile-server:server-secret@127.0.0.1:%1").arg(port);
        c.mqttAuthDir = authDir;
        c.mqttClientId = QStringLiteral("iotile-bench");
    });
    if (!ingest.ok())
        qFatal("mqtt server: %s", qPrintable(ingest.error()));
    QFile conf(dir.filePath(QStringLiteral("m.conf")));
    conf.open(QIODevice::WriteOnly);
    conf.write(
        QStringLiteral("listener %1 127.0.0.1\nallow_anonymous false\npassword_file %2/passwd\nacl_file "
                       "%2/acl\npersistence false\nuser root\nmax_queued_messages 100000\n")
            .arg(port)
            .arg(authDir)
            .toUtf8());
    conf.close();
    QProcess broker;
    broker.start(QStringLiteral("mosquitto"), {QStringLiteral("-c"), conf.fileName()});
    broker.waitForStarted();
    QThread::msleep(500);
    mosquitto_lib_init();
    mosquitto *pub = mosquitto_new("bench-device", true, nullptr);
    mosquitto_username_pw_set(pub, device.slug.toUtf8().constData(), "bench-secret");
    mosquitto_max_inflight_messages_set(pub, 100);
    if (mosquitto_connect(pub, "127.0.0.1", port, 30) != MOSQ_ERR_SUCCESS)
        qFatal("cannot connect to mosquitto");
    mosquitto_loop_start(pub);
    std::vector<QByteArray> payloads;
    for (int m = 0; m < mqttMessages; ++m)
        payloads.push_back(pointsJson(stream, 1767225600 + 1000000 + qint64(m) * 1000, 1000, 1 + m * 1000));
    QThread::msleep(1500); // the server's subscription is in place
    auto countStored = [&] {
        const HttpReply r = http->get(QStringLiteral("/api/v1/data/?filter=%1&page_size=1").arg(stream));
        return r.object().value("count").toInteger();
    };
    const qint64 before = countStored();
    const qint64 target = before + qint64(mqttMessages) * 1000;
    QElapsedTimer t;
    t.start();
    for (const QByteArray &p : payloads)
        while (mosquitto_publish(pub, nullptr,
                                 ("iotile/device/" + device.slug.toUtf8() + "/data").constData(),
                                 int(p.size()), p.constData(), 1, false)
               != MOSQ_ERR_SUCCESS)
            QThread::msleep(5);
    qint64 stored = before;
    while (stored < target && t.elapsed() < 300000) {
        // Not more often: each poll counts the growing table, work the server does beside the ingest.
        QThread::msleep(200);
        stored = countStored();
    }
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    std::printf("mqtt_points_stored: %lld of %lld\n", stored - before, target - before);
    std::printf("mqtt_ingest_rate: %.0f points/s\n", double(stored - before) / seconds);
    std::printf("mqtt_message_rate: %.1f messages/s\n", double(stored - before) / 1000.0 / seconds);
    mosquitto_disconnect(pub);
    mosquitto_loop_stop(pub, true);
    mosquitto_destroy(pub);
    broker.terminate();
    broker.waitForFinished(3000);
    return 0;
}
