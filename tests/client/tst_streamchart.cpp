#include "client/charts/chartpanel.h"
#include "client/charts/streamchart.h"
#include "client/charts/streamchartview.h"
#include "client/data/demotimeseriessource.h"
#include "common/util/isotime.h"

#include <QAbstractAxis>
#include <QChart>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <cmath>

using namespace iotile;

// The chart widget fed synthetic series (raw and bucketed): what is drawn, the axes, zoom and pan by API,
// wheel, keys and mouse, exports; and the panel loading streams from the demo source with presets and
// finer buckets after a zoom.
class TstStreamChart : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void rawSeries();
    void bucketsWithBand();
    void axesPerUnit();
    void zoomAndPan();
    void wheelKeysAndMouse();
    void exportPng();
    void exportCsv();
    void panelPresets_data();
    void panelPresets();
    void panelAllData();
    void panelRefinesAfterZoom();

private:
    static SeriesData sine(const QString &slug, const QString &unit, qint64 start, qint64 span, int count);

    std::unique_ptr<StreamChart> m_chart;
    static constexpr qint64 kStart = 1'704'067'200'000; // 2024-01-01T00:00:00Z
    static constexpr qint64 kDay = 86'400'000;
};

SeriesData TstStreamChart::sine(const QString &slug, const QString &unit, qint64 start, qint64 span,
                                int count)
{
    SeriesData data;
    data.slug = slug;
    data.label = slug;
    data.unit = unit;
    data.startMs = start;
    data.endMs = start + span;
    data.values.reserve(count);
    for (int i = 0; i < count; ++i) {
        const double x = double(start) + double(span) * i / count;
        data.values.append(QPointF(x, 20 + 5 * std::sin(i * 12.0 / count) + (i % 7) * 0.1));
    }
    return data;
}

void TstStreamChart::init()
{
    m_chart = std::make_unique<StreamChart>();
    m_chart->resize(1000, 500);
    m_chart->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_chart.get()));
    m_chart->setTimeRange(kStart, kStart + kDay);
}

void TstStreamChart::cleanup()
{
    m_chart.reset();
}

void TstStreamChart::rawSeries()
{
    m_chart->setSeries(sine(QStringLiteral("a"), QStringLiteral("C"), kStart, kDay, 200000));
    QCOMPARE(m_chart->slugs(), QStringList {QStringLiteral("a")});
    // Downsampled to the plot's pixel columns: at most four points per column, plus the two edges.
    const int columns = int(m_chart->chart()->plotArea().width());
    QVERIFY(columns > 500);
    QVERIFY2(m_chart->drawnPointCount() > columns && m_chart->drawnPointCount() <= columns * 4 + 2,
             qPrintable(QString::number(m_chart->drawnPointCount())));
    QCOMPARE(m_chart->visibleStart(), kStart);
    QCOMPARE(m_chart->visibleEnd(), kStart + kDay);
    const auto [low, high] = m_chart->valueRange(QStringLiteral("C"));
    QVERIFY2(low <= 15.0 && low > 10.0 && high >= 25.6 && high < 30.0,
             qPrintable(QStringLiteral("%1..%2").arg(low).arg(high)));
    // Few points are handed over as they are.
    m_chart->setSeries(sine(QStringLiteral("a"), QStringLiteral("C"), kStart, kDay, 50));
    QCOMPARE(m_chart->drawnPointCount(), 50);
    QCOMPARE(m_chart->chart()->series().size(), 1);
}

void TstStreamChart::bucketsWithBand()
{
    SeriesData data = sine(QStringLiteral("b"), QStringLiteral("%"), kStart, kDay, 1440);
    data.intervalSeconds = 60;
    for (const QPointF &p : std::as_const(data.values)) {
        data.minimum.append(QPointF(p.x(), p.y() - 2));
        data.maximum.append(QPointF(p.x(), p.y() + 2));
        data.counts.append(60);
    }
    m_chart->setSeries(data);
    // The average line and the min/max band behind it; the band's edges at one point per two columns.
    QCOMPARE(m_chart->chart()->series().size(), 2);
    const int columns = int(m_chart->chart()->plotArea().width());
    QVERIFY2(m_chart->drawnPointCount() > 1440 && m_chart->drawnPointCount() <= 1440 + 2 * (columns / 2 + 2),
             qPrintable(QString::number(m_chart->drawnPointCount())));
    const auto [low, high] = m_chart->valueRange(QStringLiteral("%"));
    QVERIFY(low <= 13.0 && high >= 27.6);
    // Raw data for the same stream drops the band.
    m_chart->setSeries(sine(QStringLiteral("b"), QStringLiteral("%"), kStart, kDay, 100));
    QCOMPARE(m_chart->chart()->series().size(), 1);
}

void TstStreamChart::axesPerUnit()
{
    m_chart->setSeries(sine(QStringLiteral("t1"), QStringLiteral("C"), kStart, kDay, 100));
    m_chart->setSeries(sine(QStringLiteral("t2"), QStringLiteral("C"), kStart, kDay, 100));
    m_chart->setSeries(sine(QStringLiteral("h"), QStringLiteral("%"), kStart, kDay, 100));
    QCOMPARE(m_chart->chart()->axes(Qt::Vertical).size(), 2);
    QCOMPARE(m_chart->chart()->axes(Qt::Horizontal).size(), 1);
    m_chart->removeSeries(QStringLiteral("h"));
    QCOMPARE(m_chart->chart()->axes(Qt::Vertical).size(), 1);
    m_chart->clear();
    QCOMPARE(m_chart->chart()->axes(Qt::Vertical).size(), 0);
    QVERIFY(m_chart->slugs().isEmpty());
    QCOMPARE(m_chart->drawnPointCount(), 0);
}

void TstStreamChart::zoomAndPan()
{
    m_chart->setSeries(sine(QStringLiteral("a"), QStringLiteral("C"), kStart, kDay, 100000));
    QSignalSpy changed(m_chart.get(), &StreamChart::visibleRangeChanged);
    m_chart->zoom(0.5, 0.5);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_chart->visibleStart(), kStart + kDay / 4);
    QCOMPARE(m_chart->visibleEnd(), kStart + 3 * kDay / 4);
    m_chart->pan(0.5);
    QCOMPARE(m_chart->visibleStart(), kStart + kDay / 2);
    QCOMPARE(m_chart->visibleEnd(), kStart + kDay);
    // A zoom anchored at the left edge keeps that edge.
    m_chart->zoom(0.1, 0.0);
    QCOMPARE(m_chart->visibleStart(), kStart + kDay / 2);
    QCOMPARE(m_chart->visibleEnd() - m_chart->visibleStart(), kDay / 20);
    // The value axis follows what is visible: a short stretch of the sine spans less than the whole day.
    const auto [low, high] = m_chart->valueRange(QStringLiteral("C"));
    QVERIFY(high - low < 10);
    // Never narrower than a second.
    m_chart->zoom(1e-9, 0.5);
    QCOMPARE(m_chart->visibleEnd() - m_chart->visibleStart(), qint64(1000));
    m_chart->resetZoom();
    QCOMPARE(m_chart->visibleStart(), kStart);
    QCOMPARE(m_chart->visibleEnd(), kStart + kDay);
    QCOMPARE(m_chart->timeRangeEnd(), kStart + kDay);
}

void TstStreamChart::wheelKeysAndMouse()
{
    m_chart->setSeries(sine(QStringLiteral("a"), QStringLiteral("C"), kStart, kDay, 1000));
    QWidget *viewport = m_chart->view()->viewport();
    const QPointF centre = m_chart->chart()->plotArea().center();
    const qint64 span = kDay;

    QWheelEvent wheel(centre, viewport->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewport, &wheel);
    QCOMPARE(m_chart->visibleEnd() - m_chart->visibleStart(), qint64(std::llround(span * 0.8)));

    m_chart->resetZoom();
    m_chart->view()->setFocus();
    QTest::keyClick(m_chart->view(), Qt::Key_Plus);
    QCOMPARE(m_chart->visibleEnd() - m_chart->visibleStart(), span / 2);
    QTest::keyClick(m_chart->view(), Qt::Key_Right);
    QCOMPARE(m_chart->visibleStart(), kStart + span / 4 + span / 20);
    QTest::keyClick(m_chart->view(), Qt::Key_Home);
    QCOMPARE(m_chart->visibleStart(), kStart);

    // Shift+drag pans: dragging right shows earlier times.
    const QPoint from = centre.toPoint();
    const QPoint to = from + QPoint(int(m_chart->chart()->plotArea().width() / 4), 0);
    QTest::mousePress(viewport, Qt::LeftButton, Qt::ShiftModifier, from);
    QTest::mouseMove(viewport, to);
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::ShiftModifier, to);
    QVERIFY(m_chart->visibleStart() < kStart - span / 5);
    QCOMPARE(m_chart->visibleEnd() - m_chart->visibleStart(), span);

    // A rubber band over the middle half zooms into it.
    m_chart->resetZoom();
    const QRectF area = m_chart->chart()->plotArea();
    const QPoint bandStart(int(area.left() + area.width() / 4), int(area.center().y()));
    const QPoint bandEnd(int(area.left() + 3 * area.width() / 4), int(area.center().y()));
    QTest::mousePress(viewport, Qt::LeftButton, Qt::NoModifier, bandStart);
    QTest::mouseMove(viewport, bandEnd);
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::NoModifier, bandEnd);
    const qint64 zoomed = m_chart->visibleEnd() - m_chart->visibleStart();
    QVERIFY2(std::abs(zoomed - span / 2) < span / 50, qPrintable(QString::number(zoomed)));
}

void TstStreamChart::exportPng()
{
    m_chart->setSeries(sine(QStringLiteral("a"), QStringLiteral("C"), kStart, kDay, 5000));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chart.png"));
    QVERIFY(m_chart->exportPng(path));
    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), m_chart->view()->size() * m_chart->devicePixelRatioF());
    // Not a blank picture: the series' blue is in it.
    bool blue = false;
    for (int y = 0; y < image.height() && !blue; y += 2) {
        for (int x = 0; x < image.width() && !blue; x += 2) {
            const QColor c = image.pixelColor(x, y);
            blue = c.blue() > 140 && c.red() < 120 && c.green() < 150;
        }
    }
    QVERIFY(blue);
    QVERIFY(!m_chart->exportPng(dir.filePath(QStringLiteral("missing/dir/chart.png"))));
}

void TstStreamChart::exportCsv()
{
    SeriesData buckets = sine(QStringLiteral("s--b"), QStringLiteral("%"), kStart, kDay, 24);
    buckets.label = QStringLiteral("Humidity, bay 3");
    buckets.intervalSeconds = 3600;
    for (const QPointF &p : std::as_const(buckets.values)) {
        buckets.minimum.append(QPointF(p.x(), p.y() - 1));
        buckets.maximum.append(QPointF(p.x(), p.y() + 1));
        buckets.counts.append(3600);
    }
    m_chart->setSeries(sine(QStringLiteral("s--a"), QStringLiteral("C"), kStart, kDay, 100));
    m_chart->setSeries(buckets);
    m_chart->setVisibleRange(kStart, kStart + kDay / 2);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("chart.csv"));
    QVERIFY(m_chart->exportCsv(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.first(), QByteArray("stream,label,timestamp,value,min,max,count,unit\r"));
    int a = 0;
    int b = 0;
    for (const QByteArray &line : lines.mid(1)) {
        if (line.startsWith("s--a,"))
            ++a;
        if (line.startsWith("s--b,")) {
            ++b;
            QVERIFY(line.contains(",\"Humidity, bay 3\","));
            QVERIFY(line.endsWith(",3600,%\r"));
        }
    }
    QCOMPARE(a, 51); // the visible half, both ends included
    QCOMPARE(b, 13);
    QVERIFY(lines.at(1).startsWith("s--a,s--a,2024-01-01T00:00:00Z,"));
}

void TstStreamChart::panelPresets_data()
{
    QTest::addColumn<int>("preset");
    QTest::addColumn<qint64>("interval");
    QTest::newRow("1h raw") << int(ChartPanel::Preset::Hour) << qint64(0);
    QTest::newRow("24h minutes") << int(ChartPanel::Preset::Day) << qint64(60);
    QTest::newRow("7d 5 minutes") << int(ChartPanel::Preset::Week) << qint64(300);
    QTest::newRow("30d 15 minutes") << int(ChartPanel::Preset::Month) << qint64(900);
    QTest::newRow("1y 3 hours") << int(ChartPanel::Preset::Year) << qint64(10800);
}

void TstStreamChart::panelPresets()
{
    QFETCH(int, preset);
    QFETCH(qint64, interval);
    DemoTimeSeriesSource source;
    const qint64 now = kStart + 200 * kDay;
    ChartPanel panel;
    panel.resize(1000, 500);
    panel.show();
    panel.setNow(now);
    source.setNow(now);
    panel.setSource(&source);
    QSignalSpy presetSpy(&panel, &ChartPanel::presetChanged);
    panel.setPreset(ChartPanel::Preset(preset));
    QCOMPARE(presetSpy.size(), 1);
    panel.addStream(QStringLiteral("s--1"), QStringLiteral("One"), QStringLiteral("C"));
    panel.addStream(QStringLiteral("s--2"), QStringLiteral("Two"), QStringLiteral("%"));
    panel.addStream(QStringLiteral("s--1"), QStringLiteral("One"), QStringLiteral("C")); // already there
    QCOMPARE(panel.streams().size(), 2);
    QVERIFY(panel.isLoading());
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isLoading(), 10000);
    StreamChart *chart = panel.chart();
    QCOMPARE(chart->slugs().size(), 2);
    const qint64 span = ChartPanel::presetSpanMs(ChartPanel::Preset(preset));
    QCOMPARE(chart->visibleEnd() - chart->visibleStart(), span);
    QVERIFY(chart->visibleEnd() >= now && chart->visibleEnd() - now <= 60000);
    QCOMPARE(chart->series(QStringLiteral("s--1"))->intervalSeconds, interval);
    QVERIFY(chart->drawnPointCount() > 0);
    panel.removeStream(QStringLiteral("s--2"));
    QCOMPARE(chart->slugs(), QStringList {QStringLiteral("s--1")});
}

void TstStreamChart::panelAllData()
{
    DemoTimeSeriesSource source;
    const qint64 now = kStart + 400 * kDay;
    source.setNow(now);
    ChartPanel panel;
    panel.resize(1000, 500);
    panel.setNow(now);
    panel.setSource(&source);
    panel.setPreset(ChartPanel::Preset::All);
    panel.addStream(QStringLiteral("s--1"), QStringLiteral("One"), QStringLiteral("C"));
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isLoading(), 10000);
    // The demo keeps a year of data; "all" shows exactly its extent.
    QCOMPARE(panel.chart()->timeRangeEnd(), now);
    QCOMPARE(panel.chart()->timeRangeStart(), now - 365 * kDay);
}

void TstStreamChart::panelRefinesAfterZoom()
{
    DemoTimeSeriesSource source;
    const qint64 now = kStart + 400 * kDay;
    source.setNow(now);
    ChartPanel panel;
    panel.resize(1000, 500);
    panel.show();
    panel.setNow(now);
    panel.setSource(&source);
    panel.setPreset(ChartPanel::Preset::Year);
    panel.addStream(QStringLiteral("s--1"), QStringLiteral("One"), QStringLiteral("C"));
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isLoading(), 10000);
    QCOMPARE(panel.chart()->series(QStringLiteral("s--1"))->intervalSeconds, qint64(10800));
    // Zoomed to about a day: finer buckets are fetched for what is visible.
    panel.chart()->zoom(1.0 / 365, 0.5);
    QTRY_COMPARE_WITH_TIMEOUT(panel.chart()->series(QStringLiteral("s--1"))->intervalSeconds, qint64(60),
                              5000);
    QTRY_VERIFY_WITH_TIMEOUT(!panel.isLoading(), 5000);
    const SeriesData *data = panel.chart()->series(QStringLiteral("s--1"));
    QVERIFY(data->startMs <= panel.chart()->visibleStart());
    QVERIFY(data->endMs >= panel.chart()->visibleEnd() - 60000);
    // Panning a little stays within what was fetched.
    source.disconnect(&panel);
    panel.chart()->pan(0.2);
    QTest::qWait(500);
    QVERIFY(!panel.isLoading());
}

QTEST_MAIN(TstStreamChart)
#include "tst_streamchart.moc"
