#include "server/app/servercontext.h"
#include "server/http/ratelimiter.h"
#include "server/observability/metrics.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// Rate limits per credential and per client address: the setting's syntax, the token bucket (burst,
// refill, the wait it announces) on a synthetic clock, and over real HTTP the 429 with Retry-After and
// DRF's JSON detail, exemptions (health, /metrics) and proxies (X-Forwarded-For when trusted).
class TstRateLimit : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void bucketRefills();
    void addressRefusalGivesTokenBack();
    void perAddressOverHttp();
    void perTokenOverHttp();
    void exemptPaths();
    void forwardedForWhenTrusted_data();
    void forwardedForWhenTrusted();
    void badSettingFailsStart();
};

namespace {
constexpr qint64 kSecond = 1000000000LL;

void verifyThrottled(const HttpReply &r, int minWait, int maxWait)
{
    QCOMPARE(r.status, 429);
    bool ok = false;
    const int wait = r.header("retry-after").toInt(&ok);
    QVERIFY2(ok, r.header("retry-after").constData());
    QVERIFY2(wait >= minWait && wait <= maxWait, r.header("retry-after").constData());
    QVERIFY(r.header("content-type").startsWith("application/json"));
    QCOMPARE(r.object().value("detail").toString(),
             QStringLiteral("Request was throttled. Expected available in %1 %2.")
                 .arg(wait)
                 .arg(wait == 1 ? QStringLiteral("second") : QStringLiteral("seconds")));
}
} // namespace

void TstRateLimit::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<double>("perSecond");
    QTest::addColumn<double>("burst");
    QTest::newRow("empty") << QString() << true << 0.0 << 0.0;
    QTest::newRow("zero") << QStringLiteral("0") << true << 0.0 << 0.0;
    QTest::newRow("off") << QStringLiteral("off") << true << 0.0 << 0.0;
    QTest::newRow("per second") << QStringLiteral("100/s") << true << 100.0 << 100.0;
    QTest::newRow("burst") << QStringLiteral("100/s burst 200") << true << 100.0 << 200.0;
    QTest::newRow("per minute") << QStringLiteral("6000/min") << true << 100.0 << 6000.0;
    QTest::newRow("spaces, case") << QStringLiteral(" 60 / Minute ") << true << 1.0 << 60.0;
    QTest::newRow("per 10 s") << QStringLiteral("5/10s") << true << 0.5 << 5.0;
    QTest::newRow("per hour") << QStringLiteral("3600/h burst 10") << true << 1.0 << 10.0;
    QTest::newRow("per day") << QStringLiteral("86400/day") << true << 1.0 << 86400.0;
    QTest::newRow("zero rate") << QStringLiteral("0/s") << true << 0.0 << 0.0;
    QTest::newRow("no unit") << QStringLiteral("100") << false << 0.0 << 0.0;
    QTest::newRow("bad unit") << QStringLiteral("100/fortnight") << false << 0.0 << 0.0;
    QTest::newRow("negative") << QStringLiteral("-1/s") << false << 0.0 << 0.0;
    QTest::newRow("zero burst") << QStringLiteral("10/s burst 0") << false << 0.0 << 0.0;
    QTest::newRow("zero multiple") << QStringLiteral("10/0s") << false << 0.0 << 0.0;
    QTest::newRow("garbage") << QStringLiteral("lots") << false << 0.0 << 0.0;
}

void TstRateLimit::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(double, perSecond);
    QFETCH(double, burst);
    const auto limit = RateLimit::parse(text);
    QCOMPARE(bool(limit), valid);
    if (!valid) {
        QVERIFY(limit.error().message().contains(QLatin1String("expected a rate")));
        return;
    }
    QCOMPARE(limit->perSecond, perSecond);
    QCOMPARE(limit->burst, burst);
    QCOMPARE(limit->enabled(), perSecond > 0);
}

void TstRateLimit::bucketRefills()
{
    // 1 request per 2 seconds, bursts of 3.
    RateLimiter limiter(*RateLimit::parse(QStringLiteral("30/min burst 3")), RateLimit {});
    qint64 t = 1000 * kSecond;
    for (int i = 0; i < 3; ++i)
        QCOMPARE(limiter.acquire("Token a", QString(), t), 0);
    QCOMPARE(limiter.acquire("Token a", QString(), t), 2);
    QCOMPARE(limiter.acquire("Token b", QString(), t), 0); // buckets are per credential
    QCOMPARE(limiter.acquire(QByteArray(), QString(), t), 0); // anonymous: no token limit
    t += kSecond;
    QCOMPARE(limiter.acquire("Token a", QString(), t), 1); // half a token back: one second to go
    t += kSecond;
    QCOMPARE(limiter.acquire("Token a", QString(), t), 0);
    QCOMPARE(limiter.acquire("Token a", QString(), t), 2);
    // A long pause refills to the burst, not beyond.
    t += 3600 * kSecond;
    for (int i = 0; i < 3; ++i)
        QCOMPARE(limiter.acquire("Token a", QString(), t), 0);
    QVERIFY(limiter.acquire("Token a", QString(), t) > 0);
}

void TstRateLimit::addressRefusalGivesTokenBack()
{
    Metrics metrics;
    RateLimiter limiter(*RateLimit::parse(QStringLiteral("2/h")), *RateLimit::parse(QStringLiteral("1/h")),
                        &metrics);
    const qint64 t = 10 * kSecond;
    QCOMPARE(limiter.acquire("Token a", QStringLiteral("10.0.0.1"), t), 0);
    QCOMPARE(limiter.acquire("Token a", QStringLiteral("10.0.0.1"), t), 3600); // the address is out
    QCOMPARE(metrics.throttled(Metrics::Limit::Address), 1);
    // The refused request did not spend the token's budget: one left for another address.
    QCOMPARE(limiter.acquire("Token a", QStringLiteral("10.0.0.2"), t), 0);
    QCOMPARE(limiter.acquire("Token a", QStringLiteral("10.0.0.3"), t), 1800);
    QCOMPARE(metrics.throttled(Metrics::Limit::Token), 1);
}

void TstRateLimit::perAddressOverHttp()
{
    TestServer server([](ServerConfig &c) { c.rateLimitPerAddress = QStringLiteral("3/min"); });
    QVERIFY2(server.ok(), qPrintable(server.error()));
    auto client = server.anonymous();
    for (int i = 0; i < 3; ++i)
        QCOMPARE(client->get(QStringLiteral("/api/v1/server/")).status, 200);
    // Every path and method shares the address's bucket, authenticated or not.
    verifyThrottled(client->get(QStringLiteral("/api/v1/org/")), 15, 20);
    const Account user = server.createUser(QStringLiteral("a@example.com"), QStringLiteral("password1"));
    verifyThrottled(server.clientFor(user)->post(QStringLiteral("/api/v1/org/"), QJsonObject {}), 15, 20);
    QCOMPARE(server.context().metrics().throttled(Metrics::Limit::Address), 2);
    // Throttled requests show up in /metrics, as unmatched 429s and in the throttle counter.
    const HttpReply m = client->get(QStringLiteral("/metrics"));
    QCOMPARE(m.status, 200);
    QVERIFY(m.body.contains("iotile_http_throttled_total{limit=\"address\"} 2\n"));
    QVERIFY(
        m.body.contains("iotile_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"429\"} 1\n"));
}

void TstRateLimit::perTokenOverHttp()
{
    TestServer server([](ServerConfig &c) { c.rateLimitPerToken = QStringLiteral("2/h"); });
    QVERIFY2(server.ok(), qPrintable(server.error()));
    const Account alice = server.createUser(QStringLiteral("alice@example.com"), QStringLiteral("password1"));
    const Account bob = server.createUser(QStringLiteral("bob@example.com"), QStringLiteral("password1"));
    auto a = server.clientFor(alice);
    auto b = server.clientFor(bob);
    QCOMPARE(a->get(QStringLiteral("/api/v1/account/")).status, 200);
    QCOMPARE(a->get(QStringLiteral("/api/v1/org/")).status, 200);
    verifyThrottled(a->get(QStringLiteral("/api/v1/account/")), 1700, 1800);
    // Other credentials and anonymous callers from the same address are not affected.
    QCOMPARE(b->get(QStringLiteral("/api/v1/account/")).status, 200);
    auto anon = server.anonymous();
    for (int i = 0; i < 5; ++i)
        QCOMPARE(anon->get(QStringLiteral("/api/v1/server/")).status, 200);
    // An invalid credential is limited like any other (the header is the key, checked before any lookup).
    anon->setAuthorization("Token not-a-real-token");
    QCOMPARE(anon->get(QStringLiteral("/api/v1/org/")).status, 401);
    QCOMPARE(anon->get(QStringLiteral("/api/v1/org/")).status, 401);
    verifyThrottled(anon->get(QStringLiteral("/api/v1/org/")), 1700, 1800);
    QCOMPARE(server.context().metrics().throttled(Metrics::Limit::Token), 2);
}

void TstRateLimit::exemptPaths()
{
    TestServer server([](ServerConfig &c) {
        c.rateLimitPerAddress = QStringLiteral("1/h");
        c.rateLimitPerToken = QStringLiteral("1/h");
    });
    QVERIFY2(server.ok(), qPrintable(server.error()));
    auto client = server.anonymous();
    // Load balancers and Prometheus poll these; limiting them would take an instance out of rotation.
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(client->get(QStringLiteral("/api/v1/health/")).status, 200);
        QCOMPARE(client->get(QStringLiteral("/metrics")).status, 200);
    }
    QCOMPARE(client->get(QStringLiteral("/api/v1/server/")).status, 200);
    verifyThrottled(client->get(QStringLiteral("/api/v1/server/")), 3000, 3600);
}

void TstRateLimit::forwardedForWhenTrusted_data()
{
    QTest::addColumn<bool>("trusted");
    QTest::newRow("trusted proxy") << true;
    QTest::newRow("untrusted") << false;
}

void TstRateLimit::forwardedForWhenTrusted()
{
    QFETCH(bool, trusted);
    TestServer server([trusted](ServerConfig &c) {
        c.rateLimitPerAddress = QStringLiteral("1/h");
        c.trustProxyHeaders = trusted;
    });
    QVERIFY2(server.ok(), qPrintable(server.error()));
    auto client = server.anonymous();
    const auto from = [&](const QByteArray &forwarded) {
        return client->send("GET", QStringLiteral("/api/v1/server/"), {}, {},
                            {{"X-Forwarded-For", forwarded}});
    };
    QCOMPARE(from("203.0.113.7").status, 200);
    // Behind a trusted proxy each client address has its own bucket (the proxy's last hop counts, so a
    // client cannot dodge the limit by sending a header of its own first); untrusted, it is all loopback.
    QCOMPARE(from("198.51.100.1, 203.0.113.8").status, trusted ? 200 : 429);
    QCOMPARE(from("203.0.113.7").status, 429);
    QCOMPARE(from("203.0.113.9, 203.0.113.7").status, 429);
}

void TstRateLimit::badSettingFailsStart()
{
    ServerConfig config;
    QVERIFY(!config.set(QStringLiteral("rate_limit_per_token"), QStringLiteral("100 per second")));
    QVERIFY(!config.set(QStringLiteral("rate_limit_per_address"), QStringLiteral("5/week")));
    QVERIFY(config.set(QStringLiteral("rate_limit_per_address"), QStringLiteral("600/min burst 50")));
    QCOMPARE(config.rateLimitPerAddress, QStringLiteral("600/min burst 50"));
    TestServer server([](ServerConfig &c) { c.rateLimitPerToken = QStringLiteral("nonsense"); });
    QVERIFY(!server.ok());
    QVERIFY2(server.error().contains(QLatin1String("expected a rate")), qPrintable(server.error()));
}

QTEST_GUILESS_MAIN(TstRateLimit)
#include "tst_ratelimit.moc"
