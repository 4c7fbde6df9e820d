#include "client/charts/chartpanel.h"
#include "client/charts/streamchart.h"
#include "client/data/apitimeseriessource.h"
#include "client/live/livefeed.h"
#include "common/api/apiclient.h"
#include "common/util/isotime.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// The chart's live mode over the server's WebSocket push, against a real server: points posted through the
// REST API appear in the chart's data in the stream's output units, a dropped connection resumes after its
// last cursor without a gap or a duplicate, the watched streams follow the chart, and a server that refuses
// the socket leaves the chart polling.
class TstLiveFeed : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void pushedPointsAppearInChart();
    void reconnectResumesWithoutGap();
    void watchFollowsTheChart();
    void newTokenReconnects();
    void serverGoneEndsInPolling();
    void refusedSocketFallsBackToPolling_data();
    void refusedSocketFallsBackToPolling();

private:
    std::unique_ptr<api::ApiClient> client(const Account &account) const;
    // Posts int values at consecutive seconds from `fromMs` (stored as is, shown times ten).
    void post(const QString &stream, qint64 fromMs, const QList<int> &values);
    bool waitForValues(const QString &stream, int count, int ms = 10000);
    QList<double> chartValues(const QString &stream) const;
    bool startLive();

    std::unique_ptr<TestServer> m_server;
    Account m_member, m_owner;
    QString m_stream, m_stream2;
    std::unique_ptr<api::ApiClient> m_api;
    std::unique_ptr<ApiTimeSeriesSource> m_source;
    std::unique_ptr<LiveFeed> m_feed;
    std::unique_ptr<ChartPanel> m_panel;
    qint64 m_nextMs = 0; // each test posts at later times than the one before
};

void TstLiveFeed::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    const Account &owner = m_owner;
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    Seed seed(*m_server);
    const Org org = seed.org(QStringLiteral("Live"), owner);
    seed.member(org, m_member, QStringLiteral("m1"));
    const Project project = seed.project(org, QStringLiteral("Tanks"), owner);
    // Output unit: ten times the stored value.
    const VarType level = seed.varType(QStringLiteral("Level"), 1, 1, 10, 1);
    const Variable v1 = seed.variable(project, 0x5001, QStringLiteral("Level"), &level);
    const Variable v2 = seed.variable(project, 0x5002, QStringLiteral("Flow"));
    const Device device = seed.claim(seed.device(0x71), project, owner);
    m_stream = seed.stream(device, project, v1).slug;
    m_stream2 = seed.stream(device, project, v2).slug;
    // The chart's hour window ends now: the points are a few minutes old.
    m_nextMs = (QDateTime::currentMSecsSinceEpoch() / 1000 - 20 * 60) * 1000;
}

void TstLiveFeed::cleanupTestCase()
{
    m_server.reset();
}

void TstLiveFeed::init()
{
    m_api = client(m_member);
    m_source = std::make_unique<ApiTimeSeriesSource>(m_api.get());
    m_feed = std::make_unique<LiveFeed>(m_api.get());
    m_feed->setReconnectDelay(300);
    m_panel = std::make_unique<ChartPanel>();
    m_panel->resize(900, 400);
    m_panel->show();
    m_panel->setSource(m_source.get());
    m_panel->setPreset(ChartPanel::Preset::Hour);
    m_panel->setLiveUpdates(m_feed.get());
}

void TstLiveFeed::cleanup()
{
    m_panel.reset();
    m_feed.reset();
    m_source.reset();
    m_api.reset();
}

std::unique_ptr<api::ApiClient> TstLiveFeed::client(const Account &account) const
{
    auto api = std::make_unique<api::ApiClient>();
    api->setBaseUrl(QUrl(m_server->baseUrl()));
    api->setToken(m_server->jwtFor(account));
    return api;
}

void TstLiveFeed::post(const QString &stream, qint64 fromMs, const QList<int> &values)
{
    QJsonArray points;
    for (qsizetype i = 0; i < values.size(); ++i)
        points.append(QJsonObject {{"stream", stream},
                                   {"timestamp", isotime::toString((fromMs + i * 1000) * 1000)},
                                   {"int_value", values[i]}});
    const HttpReply r = m_server->clientFor(m_member)->post(QStringLiteral("/api/v1/data/"), points);
    QVERIFY2(r.status == 201, r.body.constData());
}

QList<double> TstLiveFeed::chartValues(const QString &stream) const
{
    QList<double> out;
    if (const SeriesData *data = m_panel->chart()->series(stream)) {
        for (const QPointF &p : data->values)
            out.append(p.y());
    }
    return out;
}

bool TstLiveFeed::waitForValues(const QString &stream, int count, int ms)
{
    return QTest::qWaitFor([&] { return chartValues(stream).size() >= count; }, ms);
}

bool TstLiveFeed::startLive()
{
    m_panel->setLive(true);
    // Subscribed, and the fetch that covers the time before the subscription is done.
    return QTest::qWaitFor([&] { return m_feed->mode() == LiveFeed::Mode::Push; }, 10000)
        && QTest::qWaitFor([&] { return !m_panel->isLoading(); }, 10000)
        && (QTest::qWait(200), !m_panel->isLoading());
}

void TstLiveFeed::pushedPointsAppearInChart()
{
    const qint64 t0 = m_nextMs;
    m_nextMs += 60'000;
    post(m_stream, t0, {1, 2});
    m_panel->addStream(m_stream, QStringLiteral("Level"), QStringLiteral("s"));
    QVERIFY(QTest::qWaitFor([&] { return !m_panel->isLoading(); }, 10000));
    QCOMPARE(chartValues(m_stream), (QList<double> {10.0, 20.0}));
    QCOMPARE(m_feed->watched(), QStringList {m_stream});

    QSignalSpy pushed(m_feed.get(), &LiveUpdates::pointsArrived);
    QSignalSpy fetched(m_source.get(), &TimeSeriesSource::loaded);
    QVERIFY(startLive());
    fetched.clear();
    post(m_stream, t0 + 10'000, {3, 4, 5});
    QVERIFY(QTest::qWaitFor([&] { return !pushed.isEmpty(); }, 10000));
    QCOMPARE(pushed.at(0).at(0).toString(), m_stream);
    const auto points = pushed.at(0).at(1).value<QList<QPointF>>();
    QCOMPARE(points.size(), 3);
    QCOMPARE(points.at(0), QPointF(double(t0 + 10'000), 30.0));
    // Appended to what was loaded, in output units, without another fetch.
    QVERIFY(waitForValues(m_stream, 5));
    QCOMPARE(chartValues(m_stream), (QList<double> {10.0, 20.0, 30.0, 40.0, 50.0}));
    QCOMPARE(fetched.size(), 0);
    QVERIFY(
        m_panel->findChild<QLabel *>(QStringLiteral("chartStatus"))->text().contains(QStringLiteral("live")));

    // Switched off: nothing more is appended.
    m_panel->setLive(false);
    QCOMPARE(m_feed->mode(), LiveFeed::Mode::Off);
    post(m_stream, t0 + 20'000, {6});
    QTest::qWait(300);
    QCOMPARE(chartValues(m_stream).size(), 5);
}

void TstLiveFeed::reconnectResumesWithoutGap()
{
    const qint64 t0 = m_nextMs;
    m_nextMs += 60'000;
    m_panel->addStream(m_stream2, QStringLiteral("Flow"), QString());
    QVERIFY(startLive());
    const int loaded = int(chartValues(m_stream2).size());
    post(m_stream2, t0, {1, 2});
    QVERIFY(waitForValues(m_stream2, loaded + 2));
    const qint64 cursor = m_feed->lastCursor();
    QVERIFY(cursor > 0);

    // The connection drops; points arrive at the server meanwhile, and more after the reconnect.
    QSignalSpy modes(m_feed.get(), &LiveFeed::modeChanged);
    QSignalSpy fetched(m_source.get(), &TimeSeriesSource::loaded);
    m_feed->dropConnection();
    QVERIFY(QTest::qWaitFor([&] { return m_feed->mode() == LiveFeed::Mode::Reconnecting; }, 5000));
    post(m_stream2, t0 + 5'000, {3, 4});
    post(m_stream2, t0 + 7'000, {5});
    QVERIFY(QTest::qWaitFor([&] { return m_feed->mode() == LiveFeed::Mode::Push; }, 10000));
    post(m_stream2, t0 + 9'000, {6});
    QVERIFY(waitForValues(m_stream2, loaded + 6));
    QTest::qWait(300);
    // Every point once, in order: the missed ones came from the server's log (no fetch was needed).
    const QList<double> values = chartValues(m_stream2);
    QCOMPARE(values.mid(loaded), (QList<double> {1, 2, 3, 4, 5, 6}));
    QCOMPARE(fetched.size(), 0);
    QVERIFY(m_feed->lastCursor() > cursor);
    QVERIFY(modes.size() >= 2);
}

void TstLiveFeed::watchFollowsTheChart()
{
    const qint64 t0 = m_nextMs;
    m_nextMs += 60'000;
    m_panel->addStream(m_stream, QStringLiteral("Level"), QStringLiteral("s"));
    QVERIFY(startLive());
    QSignalSpy pushed(m_feed.get(), &LiveUpdates::pointsArrived);
    // A stream added while live is subscribed on the open connection.
    m_panel->addStream(m_stream2, QStringLiteral("Flow"), QString());
    QCOMPARE(m_feed->watched(), (QStringList {m_stream, m_stream2}));
    QVERIFY(QTest::qWaitFor([&] { return !m_panel->isLoading(); }, 10000));
    QTest::qWait(200);
    const int before = int(chartValues(m_stream2).size());
    post(m_stream2, t0, {7});
    QVERIFY(waitForValues(m_stream2, before + 1));
    QCOMPARE(chartValues(m_stream2).last(), 7.0);
    // A removed stream is unsubscribed: its points no longer come.
    m_panel->removeStream(m_stream2);
    QCOMPARE(m_feed->watched(), QStringList {m_stream});
    QTest::qWait(200);
    pushed.clear();
    post(m_stream2, t0 + 1000, {8});
    post(m_stream, t0 + 2000, {9});
    QVERIFY(QTest::qWaitFor([&] { return !pushed.isEmpty(); }, 10000));
    QTest::qWait(200);
    for (const QList<QVariant> &args : std::as_const(pushed))
        QCOMPARE(args.at(0).toString(), m_stream);
    QCOMPARE(chartValues(m_stream).last(), 90.0);
}

void TstLiveFeed::newTokenReconnects()
{
    const qint64 t0 = m_nextMs;
    m_nextMs += 60'000;
    m_panel->addStream(m_stream2, QStringLiteral("Flow"), QString());
    QVERIFY(startLive());
    const int loaded = int(chartValues(m_stream2).size());
    // Another user signs in on the same client: the feed reconnects with their token and misses nothing.
    QSignalSpy modes(m_feed.get(), &LiveFeed::modeChanged);
    m_api->setToken(m_server->jwtFor(m_owner));
    post(m_stream2, t0, {1});
    QVERIFY(
        QTest::qWaitFor([&] { return modes.size() >= 2 && m_feed->mode() == LiveFeed::Mode::Push; }, 10000));
    QCOMPARE(modes.at(0).at(0).value<LiveFeed::Mode>(), LiveFeed::Mode::Reconnecting);
    post(m_stream2, t0 + 1000, {2});
    QVERIFY(waitForValues(m_stream2, loaded + 2));
    QCOMPARE(chartValues(m_stream2).mid(loaded), (QList<double> {1, 2}));
    // Signed out: no push without credentials.
    m_api->setToken({});
    QCOMPARE(m_feed->mode(), LiveFeed::Mode::Polling);
}

void TstLiveFeed::serverGoneEndsInPolling()
{
    // The feed talks to a second instance on the same databases, which then shuts down for good.
    const ServerConfig first = m_server->config();
    auto second = std::make_unique<TestServer>([&first](ServerConfig &c) {
        c.databaseUrl = first.databaseUrl;
        c.dataDatabaseUrl = first.dataDatabaseUrl;
        c.workerThreads = 0;
    });
    QVERIFY2(second->ok(), qPrintable(second->error()));
    api::ApiClient feedApi;
    feedApi.setBaseUrl(QUrl(second->baseUrl()));
    feedApi.setToken(m_server->jwtFor(m_member));
    LiveFeed feed(&feedApi);
    feed.setReconnectDelay(20);
    feed.setPollingInterval(100);
    m_panel->setLiveUpdates(&feed);
    const qint64 t0 = m_nextMs;
    m_nextMs += 60'000;
    m_panel->addStream(m_stream2, QStringLiteral("Flow"), QString());
    m_panel->setLive(true);
    QVERIFY(QTest::qWaitFor([&] { return feed.mode() == LiveFeed::Mode::Push; }, 10000));
    QVERIFY(QTest::qWaitFor([&] { return !m_panel->isLoading(); }, 10000));
    const int before = int(chartValues(m_stream2).size());

    QSignalSpy modes(&feed, &LiveFeed::modeChanged);
    second->stop();
    // Reconnects first, then (nobody answering) polls.
    QVERIFY(QTest::qWaitFor([&] { return feed.mode() == LiveFeed::Mode::Polling; }, 20000));
    QCOMPARE(modes.at(0).at(0).value<LiveFeed::Mode>(), LiveFeed::Mode::Reconnecting);
    post(m_stream2, t0, {5});
    QVERIFY(waitForValues(m_stream2, before + 1));
    QCOMPARE(chartValues(m_stream2).last(), 5.0);
    m_panel->setLive(false);
    m_panel->setLiveUpdates(nullptr);
}

void TstLiveFeed::refusedSocketFallsBackToPolling_data()
{
    QTest::addColumn<bool>("badToken");
    QTest::newRow("credentials refused at the upgrade") << true;
    QTest::newRow("nothing listening") << false;
}

void TstLiveFeed::refusedSocketFallsBackToPolling()
{
    QFETCH(bool, badToken);
    // The feed talks to a server that will not push; the chart's data still comes from the real one.
    auto feedApi = std::make_unique<api::ApiClient>();
    if (badToken) {
        feedApi->setBaseUrl(QUrl(m_server->baseUrl()));
        feedApi->setToken("not.a.token");
    } else {
        feedApi->setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:1/")));
    }
    LiveFeed feed(feedApi.get());
    feed.setPollingInterval(100);
    m_panel->setLiveUpdates(&feed);
    const qint64 t0 = m_nextMs;
    m_nextMs += 60'000;
    m_panel->addStream(m_stream, QStringLiteral("Level"), QStringLiteral("s"));
    QVERIFY(QTest::qWaitFor([&] { return !m_panel->isLoading(); }, 10000));
    const int before = int(chartValues(m_stream).size());
    m_panel->setLive(true);
    QVERIFY(QTest::qWaitFor([&] { return feed.mode() == LiveFeed::Mode::Polling; }, 10000));
    QVERIFY(!feed.carriesPoints());
    // Polling fetches the window again: a new point shows up all the same.
    post(m_stream, t0, {11});
    QVERIFY(waitForValues(m_stream, before + 1));
    QCOMPARE(chartValues(m_stream).last(), 110.0);
    if (badToken) {
        // Signed in properly, the feed gets through and pushes from then on.
        feedApi->setToken(m_server->jwtFor(m_member));
        QVERIFY(QTest::qWaitFor([&] { return feed.mode() == LiveFeed::Mode::Push; }, 10000));
        QSignalSpy pushed(&feed, &LiveUpdates::pointsArrived);
        post(m_stream, t0 + 1000, {12});
        QVERIFY(QTest::qWaitFor([&] { return !pushed.isEmpty(); }, 10000));
        QVERIFY(waitForValues(m_stream, before + 2));
        QCOMPARE(chartValues(m_stream).last(), 120.0);
    }
    m_panel->setLive(false);
    QCOMPARE(feed.mode(), LiveFeed::Mode::Off);
    m_panel->setLiveUpdates(nullptr);
}

QTEST_MAIN(TstLiveFeed)
#include "tst_livefeed.moc"
