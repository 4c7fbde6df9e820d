#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/worker/jobqueue.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QRegularExpression>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// GET /metrics over real HTTP: the output is valid Prometheus text (every sample belongs to a family with
// HELP and TYPE, histogram buckets are cumulative and end at the count), and the values move with what
// the server does: requests by route pattern, method and status, ingest counts by path, queue depth.
class TstMetrics : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void formatIsValid();
    void requestCountersMove();
    void histogramIsCumulative();
    void ingestCountersMove();
    void queueGauges();
    void processGauges();
    void notCountedAsRequest();
    void bearerToken_data();
    void bearerToken();
    void disabled();
    void loopbackOnlyWithoutToken_data();
    void loopbackOnlyWithoutToken();

private:
    // sample name with labels (as written) -> value
    QHash<QString, double> scrape(TestServer &server, QByteArray *raw = nullptr);
    std::unique_ptr<TestServer> m_server;
    Account m_owner;
    QString m_stream;
};

QHash<QString, double> TstMetrics::scrape(TestServer &server, QByteArray *raw)
{
    const HttpReply r = server.anonymous()->get(QStringLiteral("/metrics"));
    [&] {
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("text/plain; version=0.0.4"));
    }();
    if (raw)
        *raw = r.body;
    QHash<QString, double> samples;
    for (const QByteArray &line : r.body.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        samples.insert(QString::fromUtf8(line.left(space)), line.mid(space + 1).toDouble());
    }
    return samples;
}

void TstMetrics::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    Seed seed(*m_server);
    const Org org = seed.org(QStringLiteral("Metrics Org"), m_owner);
    const Project project = seed.project(org, QStringLiteral("Metrics Project"), m_owner);
    const Variable v = seed.variable(project, 0x5001, QStringLiteral("Flow"));
    const Device device = seed.claim(seed.device(0xa1), project, m_owner);
    m_stream = seed.stream(device, project, v).slug;
}

void TstMetrics::cleanupTestCase()
{
    m_server.reset();
}

void TstMetrics::formatIsValid()
{
    m_server->anonymous()->get(QStringLiteral("/api/v1/server/"));
    QByteArray raw;
    scrape(*m_server, &raw);
    static const QRegularExpression sample(
        QStringLiteral(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? )"
                       R"((-?[0-9.eE+-]+|\+Inf|NaN)$)"));
    QHash<QString, QString> types;
    QSet<QString> helps;
    for (const QByteArray &bytes : raw.split('\n')) {
        const QString line = QString::fromUtf8(bytes);
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1String("# HELP "))) {
            helps.insert(line.section(QLatin1Char(' '), 2, 2));
            continue;
        }
        if (line.startsWith(QLatin1String("# TYPE "))) {
            const QString name = line.section(QLatin1Char(' '), 2, 2);
            QVERIFY2(!types.contains(name), qPrintable(QStringLiteral("family %1 declared twice").arg(name)));
            types.insert(name, line.section(QLatin1Char(' '), 3, 3));
            continue;
        }
        const QRegularExpressionMatch m = sample.match(line);
        QVERIFY2(m.hasMatch(), qPrintable(line));
        QString family = m.captured(1);
        if (!types.contains(family)) {
            for (const char *suffix : {"_bucket", "_sum", "_count"}) {
                if (family.endsWith(QLatin1String(suffix))) {
                    family.chop(int(qstrlen(suffix)));
                    break;
                }
            }
        }
        QVERIFY2(types.contains(family), qPrintable(QStringLiteral("no TYPE before %1").arg(line)));
        QVERIFY2(helps.contains(family), qPrintable(QStringLiteral("no HELP for %1").arg(family)));
    }
    for (const char *family :
         {"iotile_http_requests_total", "iotile_http_request_duration_seconds", "iotile_ingest_points_total",
          "iotile_ingest_events_total", "iotile_job_queue_depth", "iotile_jobs", "iotile_db_connections",
          "process_resident_memory_bytes", "iotile_uptime_seconds", "iotile_http_throttled_total",
          "iotile_ingest_group_commits_total", "iotile_ingest_group_posts_total",
          "iotile_ingest_queued_posts"})
        QVERIFY2(types.contains(QLatin1String(family)), family);
    QCOMPARE(types.value("iotile_http_request_duration_seconds"), QStringLiteral("histogram"));
    QCOMPARE(types.value("iotile_http_requests_total"), QStringLiteral("counter"));
}

void TstMetrics::requestCountersMove()
{
    const QString ok = QStringLiteral(
        R"(iotile_http_requests_total{route="/api/v1/device/{slug}/",method="GET",status="200"})");
    const QString missing = QStringLiteral(
        R"(iotile_http_requests_total{route="/api/v1/device/{slug}/",method="GET",status="404"})");
    const QString unmatched =
        QStringLiteral(R"(iotile_http_requests_total{route="unmatched",method="GET",status="404"})");
    const auto before = scrape(*m_server);
    auto client = m_server->clientFor(m_owner);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(client->get(QStringLiteral("/api/v1/device/d--0000-0000-0000-00a1/")).status, 200);
    QCOMPARE(client->get(QStringLiteral("/api/v1/device/d--0000-0000-0000-0bad/")).status, 404);
    QCOMPARE(client->get(QStringLiteral("/api/v1/no-such-thing/")).status, 404);
    const auto after = scrape(*m_server);
    QCOMPARE(after.value(ok) - before.value(ok), 3.0);
    QCOMPARE(after.value(missing) - before.value(missing), 1.0);
    QCOMPARE(after.value(unmatched) - before.value(unmatched), 1.0);
}

void TstMetrics::histogramIsCumulative()
{
    auto client = m_server->anonymous();
    for (int i = 0; i < 5; ++i)
        client->get(QStringLiteral("/api/v1/server/"));
    QByteArray raw;
    const auto samples = scrape(*m_server, &raw);
    const QString labels = QStringLiteral(R"(route="/api/v1/server/",method="GET")");
    double previous = 0;
    for (const QByteArray &line : raw.split('\n')) {
        if (!line.startsWith("iotile_http_request_duration_seconds_bucket{" + labels.toUtf8()))
            continue;
        const double v = line.mid(line.lastIndexOf(' ') + 1).toDouble();
        QVERIFY(v >= previous);
        previous = v;
    }
    const double count =
        samples.value(QStringLiteral("iotile_http_request_duration_seconds_count{%1}").arg(labels));
    QVERIFY(count >= 5);
    QCOMPARE(samples.value(
                 QStringLiteral(R"(iotile_http_request_duration_seconds_bucket{%1,le="+Inf"})").arg(labels)),
             count);
    QCOMPARE(previous, count);
    const double sum =
        samples.value(QStringLiteral("iotile_http_request_duration_seconds_sum{%1}").arg(labels));
    QVERIFY(sum > 0 && sum < count * 10);
}

void TstMetrics::ingestCountersMove()
{
    const QString points = QStringLiteral(R"(iotile_ingest_points_total{path="json"})");
    const auto before = scrape(*m_server);
    QJsonArray list;
    const qint64 t0 = *isotime::parse(QByteArrayView("2026-02-01T00:00:00Z"));
    for (int i = 0; i < 25; ++i)
        list.append(QJsonObject {{"stream", m_stream},
                                 {"timestamp", isotime::toString(t0 + qint64(i) * isotime::kMicrosPerSecond)},
                                 {"int_value", i},
                                 {"streamer_local_id", i + 1}});
    const HttpReply r = m_server->clientFor(m_owner)->post(QStringLiteral("/api/v1/data/"), list);
    QVERIFY2(r.status == 201, r.body.constData());
    const auto after = scrape(*m_server);
    QCOMPARE(after.value(points) - before.value(points), 25.0);
    const QString posts =
        QStringLiteral(R"(iotile_http_requests_total{route="/api/v1/data/",method="POST",status="201"})");
    QCOMPARE(after.value(posts) - before.value(posts), 1.0);
    // The bulk post went through the group-commit writers: one more post, in one more transaction.
    for (const char *counter : {"iotile_ingest_group_posts_total", "iotile_ingest_group_commits_total"})
        QCOMPARE(after.value(QLatin1String(counter)) - before.value(QLatin1String(counter)), 1.0);
    QCOMPARE(after.value(QStringLiteral("iotile_ingest_queued_posts")), 0.0);
}

void TstMetrics::queueGauges()
{
    // No job threads here: queued jobs stay queued while the gauges are read.
    TestServer server([](ServerConfig &c) { c.workerThreads = 0; });
    QVERIFY2(server.ok(), qPrintable(server.error()));
    const auto before = scrape(server);
    auto db = server.context().db().connection();
    QVERIFY(db);
    for (int i = 0; i < 4; ++i)
        QVERIFY(JobQueue::enqueue(**db, QStringLiteral("PingAction"), {}));
    // A delayed job is queued but not due: it counts in iotile_jobs, not in the depth.
    EnqueueOptions later;
    later.delay = std::chrono::hours(1);
    QVERIFY(JobQueue::enqueue(**db, QStringLiteral("PingAction"), {}, later));
    const auto after = scrape(server);
    QCOMPARE(after.value(QStringLiteral("iotile_jobs_scrape_ok")), 1.0);
    const QString queued = QStringLiteral(R"(iotile_jobs{action="PingAction",status="queued"})");
    QCOMPARE(after.value(queued) - before.value(queued), 5.0);
    QCOMPARE(after.value(QStringLiteral("iotile_job_queue_depth"))
                 - before.value(QStringLiteral("iotile_job_queue_depth")),
             4.0);
    QVERIFY(after.value(QStringLiteral("iotile_job_queue_oldest_due_seconds")) >= 0);
}

void TstMetrics::processGauges()
{
    const auto s = scrape(*m_server);
    QVERIFY(s.value(QStringLiteral(R"(iotile_db_connections{database="main"})")) >= 1);
    QVERIFY(s.value(QStringLiteral("process_resident_memory_bytes")) > 1024 * 1024);
    QVERIFY(s.value(QStringLiteral("process_cpu_seconds_total")) > 0);
    QVERIFY(s.value(QStringLiteral("process_start_time_seconds")) > 1.6e9);
    QVERIFY(s.value(QStringLiteral("iotile_uptime_seconds")) > 0);
    QVERIFY(s.contains(QStringLiteral(R"(iotile_build_info{version=")") + QStringLiteral(IOTILE_VERSION)
                       + QStringLiteral(R"(",qt=")") + QString::fromLatin1(qVersion())
                       + QStringLiteral("\"}")));
}

void TstMetrics::notCountedAsRequest()
{
    // Scrapes do not show up as requests (they would drown the API's own series at a 15 s interval).
    const auto s = scrape(*m_server);
    for (auto it = s.cbegin(); it != s.cend(); ++it)
        QVERIFY2(!it.key().contains(QLatin1String("/metrics")), qPrintable(it.key()));
}

void TstMetrics::bearerToken_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("status");
    QTest::newRow("none") << QByteArray() << 401;
    QTest::newRow("wrong") << QByteArray("Bearer not-the-token") << 401;
    QTest::newRow("prefix") << QByteArray("Bearer s3cret-scrape-toke") << 401;
    QTest::newRow("jwt scheme") << QByteArray("JWT s3cret-scrape-token") << 401;
    QTest::newRow("right") << QByteArray("Bearer s3cret-scrape-token") << 200;
    QTest::newRow("lower-case scheme") << QByteArray("bearer s3cret-scrape-token") << 200;
}

void TstMetrics::bearerToken()
{
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    static TestServer *server = nullptr;
    static std::unique_ptr<TestServer> owned;
    if (!server) {
        owned = std::make_unique<TestServer>(
            [](ServerConfig &c) { c.metricsToken = QStringLiteral("s3cret-scrape-token"); });
        server = owned.get();
        QVERIFY2(server->ok(), qPrintable(server->error()));
    }
    auto client = server->anonymous();
    client->setAuthorization(authorization);
    const HttpReply r = client->get(QStringLiteral("/metrics"));
    QCOMPARE(r.status, status);
    if (status == 401) {
        QCOMPARE(r.header("www-authenticate"), QByteArray("Bearer realm=\"metrics\""));
        QVERIFY(!r.body.contains("iotile_"));
    } else {
        QVERIFY(r.body.contains("iotile_http_requests_total"));
    }
    if (QByteArray(QTest::currentDataTag()) == "lower-case scheme") {
        owned.reset();
        server = nullptr;
    }
}

void TstMetrics::disabled()
{
    TestServer server([](ServerConfig &c) { c.metricsEnabled = false; });
    QVERIFY2(server.ok(), qPrintable(server.error()));
    QCOMPARE(server.anonymous()->get(QStringLiteral("/metrics")).status, 404);
}

void TstMetrics::loopbackOnlyWithoutToken_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<int>("status");
    QTest::newRow("direct") << QByteArray("X-Whatever") << QByteArray("1") << 200;
    QTest::newRow("x-forwarded-for") << QByteArray("X-Forwarded-For") << QByteArray("203.0.113.5") << 403;
    QTest::newRow("forwarded") << QByteArray("Forwarded") << QByteArray("for=203.0.113.5") << 403;
    QTest::newRow("x-real-ip") << QByteArray("X-Real-IP") << QByteArray("203.0.113.5") << 403;
}

void TstMetrics::loopbackOnlyWithoutToken()
{
    // Without metrics_token a proxy on the same host (its requests come from loopback too) must not
    // publish the figures: anything that carries a proxy's header is refused.
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    QFETCH(int, status);
    const HttpReply r =
        m_server->anonymous()->send("GET", QStringLiteral("/metrics"), {}, {}, {{header, value}});
    QCOMPARE(r.status, status);
    if (status == 403)
        QVERIFY(r.object().value("detail").toString().contains(QLatin1String("metrics_token")));
}

QTEST_GUILESS_MAIN(TstMetrics)
#include "tst_metrics.moc"
