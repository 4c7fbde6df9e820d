#include "client/charts/chartpanel.h"
#include "client/charts/streamchart.h"
#include "client/data/liveupdates.h"
#include "client/data/pollingliveupdates.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace iotile;

namespace {

// Records what the chart asks for; answers at once with two points at the ends of the range, or not at
// all while held.
class RecordingSource final : public TimeSeriesSource
{
public:
    using TimeSeriesSource::TimeSeriesSource;

    quint64 load(const SeriesRequest &request) override
    {
        const quint64 ticket = nextTicket();
        requests.append(request);
        tickets.append(ticket);
        if (!hold) {
            QTimer::singleShot(0, this, [this, ticket, request] {
                SeriesData data;
                data.slug = request.slug;
                data.label = request.label;
                data.startMs = request.startMs ? request.startMs : 1'704'067'200'000;
                data.endMs = request.endMs ? request.endMs : 1'704'153'600'000;
                data.values = {QPointF(double(data.startMs), 1.0), QPointF(double(data.endMs), 2.0)};
                data.intervalSeconds = aggregated ? 60 : 0;
                emit loaded(ticket, data);
            });
        }
        return ticket;
    }
    void cancel(quint64) override { ++cancels; }

    QList<SeriesRequest> requests;
    QList<quint64> tickets;
    int cancels = 0;
    bool hold = false;
    bool aggregated = false;
};

// A push source stand-in: says "new data" when the test tells it to.
class ManualLiveUpdates final : public LiveUpdates
{
public:
    using LiveUpdates::LiveUpdates;

    void watch(const QStringList &slugs) override { watched = slugs; }
    void start() override { active = true; }
    void stop() override { active = false; }
    bool isActive() const override { return active; }
    bool carriesPoints() const override { return true; }
    void push(const QStringList &slugs) { emit newData(slugs); }
    void pushPoints(const QString &slug, const QList<QPointF> &points) { emit pointsArrived(slug, points); }

    QStringList watched;
    bool active = false;
};

} // namespace

// The chart's live refresh: the toggle, the window that follows the clock when new data is reported,
// what it leaves alone (a zoomed view, requests still under way), and the timer-driven source.
class TstChartLive : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void toggleAndWatchList();
    void slidesWindowOnNewData();
    void onlyReportedStreams();
    void keepsZoomedView();
    void doesNotStackRequests();
    void allDataPreset();
    void offIgnoresUpdates();
    void polling();
    void appendsPushedPoints();
    void pushedPointsDuringLoad();
    void aggregatedRefetches();

private:
    bool settle();

    std::unique_ptr<RecordingSource> m_source;
    std::unique_ptr<ManualLiveUpdates> m_live;
    std::unique_ptr<ChartPanel> m_panel;
    static constexpr qint64 kNow = 1'704'067'200'000 + 30 * 60'000; // 2024-01-01T00:30:00Z
    static constexpr qint64 kMinute = 60'000;
};

void TstChartLive::init()
{
    m_source = std::make_unique<RecordingSource>();
    m_live = std::make_unique<ManualLiveUpdates>();
    m_panel = std::make_unique<ChartPanel>();
    m_panel->resize(900, 400);
    m_panel->show();
    m_panel->setNow(kNow);
    m_panel->setSource(m_source.get());
    m_panel->setPreset(ChartPanel::Preset::Hour);
    m_panel->setLiveUpdates(m_live.get());
    m_panel->addStream(QStringLiteral("s--1"), QStringLiteral("One"), QStringLiteral("C"));
    m_panel->addStream(QStringLiteral("s--2"), QStringLiteral("Two"), QStringLiteral("C"));
    QVERIFY(settle());
    m_source->requests.clear();
}

void TstChartLive::cleanup()
{
    m_panel.reset();
    m_live.reset();
    m_source.reset();
}

bool TstChartLive::settle()
{
    return QTest::qWaitFor([this] { return !m_panel->isLoading(); }, 5000);
}

void TstChartLive::toggleAndWatchList()
{
    QCOMPARE(m_live->watched, (QStringList {"s--1", "s--2"}));
    auto *button = m_panel->findChild<QToolButton *>(QStringLiteral("liveToggle"));
    QVERIFY(button);
    QSignalSpy changed(m_panel.get(), &ChartPanel::liveChanged);
    button->click();
    QVERIFY(m_panel->isLive());
    QVERIFY(m_live->active);
    QCOMPARE(changed.size(), 1);
    // Switching on fetches the present at once.
    QCOMPARE(m_source->requests.size(), 2);
    QVERIFY(settle());
    QVERIFY(
        m_panel->findChild<QLabel *>(QStringLiteral("chartStatus"))->text().endsWith(QStringLiteral("live")));
    m_panel->removeStream(QStringLiteral("s--2"));
    QCOMPARE(m_live->watched, QStringList {"s--1"});
    m_panel->setLive(false);
    QVERIFY(!m_live->active);
    QVERIFY(!button->isChecked());

    // Without a source of its own given, the panel polls.
    ChartPanel plain;
    QVERIFY(qobject_cast<PollingLiveUpdates *>(plain.liveUpdates()));
}

void TstChartLive::slidesWindowOnNewData()
{
    m_panel->setLive(true);
    QVERIFY(settle());
    const qint64 end = m_panel->chart()->timeRangeEnd();
    m_source->requests.clear();

    // Five minutes later new points arrive: the hour window now ends five minutes later.
    m_panel->setNow(kNow + 5 * kMinute);
    m_live->push({QStringLiteral("s--1"), QStringLiteral("s--2")});
    QCOMPARE(m_source->requests.size(), 2);
    QCOMPARE(m_source->requests[0].endMs, end + 5 * kMinute);
    QCOMPARE(m_source->requests[0].endMs - m_source->requests[0].startMs, 60 * kMinute);
    QCOMPARE(m_panel->chart()->timeRangeEnd(), end + 5 * kMinute);
    QVERIFY(settle());
    QCOMPARE(m_panel->chart()->series(QStringLiteral("s--1"))->endMs, end + 5 * kMinute);
}

void TstChartLive::onlyReportedStreams()
{
    m_panel->setLive(true);
    QVERIFY(settle());
    m_source->requests.clear();
    m_live->push({QStringLiteral("s--2"), QStringLiteral("s--9")});
    QCOMPARE(m_source->requests.size(), 1);
    QCOMPARE(m_source->requests[0].slug, QStringLiteral("s--2"));
}

void TstChartLive::keepsZoomedView()
{
    m_panel->setLive(true);
    QVERIFY(settle());
    m_panel->chart()->zoom(0.25, 0.2);
    const qint64 visibleStart = m_panel->chart()->visibleStart();
    QTest::qWait(400); // the panel's refine timer may fetch the zoomed part once
    QVERIFY(settle());
    m_source->requests.clear();

    m_panel->setNow(kNow + 5 * kMinute);
    m_live->push({QStringLiteral("s--1"), QStringLiteral("s--2")});
    QCOMPARE(m_source->requests.size(), 0);
    QCOMPARE(m_panel->chart()->visibleStart(), visibleStart);
    QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("chartStatus"))
                ->text()
                .contains(QStringLiteral("paused")));

    // Back at the whole window, it follows again.
    m_panel->chart()->resetZoom();
    m_live->push({QStringLiteral("s--1")});
    QCOMPARE(m_source->requests.size(), 1);
}

void TstChartLive::doesNotStackRequests()
{
    m_panel->setLive(true);
    QVERIFY(settle());
    m_source->hold = true;
    m_source->requests.clear();
    m_live->push({QStringLiteral("s--1")});
    m_live->push({QStringLiteral("s--1")});
    m_live->push({QStringLiteral("s--1")});
    QCOMPARE(m_source->requests.size(), 1);
    QCOMPARE(m_source->cancels, 0);
}

void TstChartLive::allDataPreset()
{
    m_panel->setPreset(ChartPanel::Preset::All);
    QVERIFY(settle());
    m_panel->setLive(true);
    QVERIFY(settle());
    m_source->requests.clear();
    m_live->push({QStringLiteral("s--1")});
    QCOMPARE(m_source->requests.size(), 1);
    QCOMPARE(m_source->requests[0].startMs, 0);
    QCOMPARE(m_source->requests[0].endMs, 0);
}

void TstChartLive::offIgnoresUpdates()
{
    QVERIFY(!m_panel->isLive());
    m_live->push({QStringLiteral("s--1")});
    QCOMPARE(m_source->requests.size(), 0);
}

void TstChartLive::polling()
{
    PollingLiveUpdates polling;
    QSignalSpy spy(&polling, &LiveUpdates::newData);
    polling.setInterval(20);
    polling.start();
    QTest::qWait(100);
    QCOMPARE(spy.size(), 0); // nothing watched, nothing said
    polling.watch({QStringLiteral("s--1")});
    QVERIFY(spy.wait(2000));
    QCOMPARE(spy.at(0).at(0).toStringList(), QStringList {"s--1"});
    polling.stop();
    QVERIFY(!polling.isActive());
    spy.clear();
    QTest::qWait(100);
    QCOMPARE(spy.size(), 0);
}

void TstChartLive::appendsPushedPoints()
{
    m_panel->setLive(true);
    QVERIFY(settle());
    m_source->requests.clear();
    const SeriesData before = *m_panel->chart()->series(QStringLiteral("s--1"));
    QCOMPARE(before.size(), 2);
    const double last = before.values.last().x();
    // New points, one older than the last loaded one, one already loaded: merged in order, once each.
    m_live->pushPoints(QStringLiteral("s--1"),
                       {QPointF(last - kMinute, 5.0), before.values.last(), QPointF(last + 1000, 7.0)});
    QCOMPARE(m_source->requests.size(), 0);
    const SeriesData *after = m_panel->chart()->series(QStringLiteral("s--1"));
    QCOMPARE(after->size(), 4);
    QCOMPARE(after->values.at(1), QPointF(last - kMinute, 5.0));
    QCOMPARE(after->values.last(), QPointF(last + 1000, 7.0));
    QCOMPARE(m_panel->chart()->series(QStringLiteral("s--2"))->size(), 2);
    // Not live: pushed points are left alone.
    m_panel->setLive(false);
    m_live->pushPoints(QStringLiteral("s--1"), {QPointF(last + 2000, 8.0)});
    QCOMPARE(m_panel->chart()->series(QStringLiteral("s--1"))->size(), 4);
}

void TstChartLive::pushedPointsDuringLoad()
{
    m_panel->setLive(true);
    QVERIFY(settle());
    m_source->hold = true;
    m_panel->reload();
    QVERIFY(m_panel->isLoading());
    const qint64 end = m_panel->chart()->timeRangeEnd();
    m_live->pushPoints(QStringLiteral("s--1"), {QPointF(double(end + 1000), 9.0)});
    // The answer of the running load gets the pushed point merged in.
    m_source->hold = false;
    SeriesData data;
    data.slug = QStringLiteral("s--1");
    data.startMs = m_panel->chart()->timeRangeStart();
    data.endMs = end;
    data.values = {QPointF(double(end - 1000), 3.0)};
    // init() forgot the earlier requests, not their tickets: the lists line up at their ends.
    const qsizetype offset = m_source->tickets.size() - m_source->requests.size();
    quint64 ticket = 0;
    for (qsizetype i = 0; i < m_source->requests.size(); ++i) {
        if (m_source->requests[i].slug == data.slug)
            ticket = m_source->tickets[offset + i];
    }
    emit m_source->loaded(ticket, data);
    const SeriesData *shown = m_panel->chart()->series(QStringLiteral("s--1"));
    QCOMPARE(shown->size(), 2);
    QCOMPARE(shown->values.last(), QPointF(double(end + 1000), 9.0));
}

void TstChartLive::aggregatedRefetches()
{
    m_source->aggregated = true;
    m_panel->reload();
    QVERIFY(settle());
    QVERIFY(m_panel->chart()->series(QStringLiteral("s--1"))->isAggregated());
    m_panel->setLive(true);
    QVERIFY(settle());
    m_source->requests.clear();
    // Buckets come from the server: a pushed point makes the stream load again.
    m_live->pushPoints(QStringLiteral("s--2"), {QPointF(double(kNow), 1.0)});
    QCOMPARE(m_source->requests.size(), 1);
    QCOMPARE(m_source->requests[0].slug, QStringLiteral("s--2"));
}

QTEST_MAIN(TstChartLive)
#include "tst_chartlive.moc"
