#include "client/data/downsampler.h"

#include <QElapsedTimer>
#include <QTest>

#include <cmath>

using namespace iotile;

// Client-side reduction of large series: M4 (first/min/max/last per pixel column) keeps every extreme so
// the drawn picture is the same, LTTB keeps the shape in a fixed number of points.
class TstDownsampler : public QObject
{
    Q_OBJECT
private slots:
    void visibleRange_data();
    void visibleRange();
    void minMaxKeepsExtremes_data();
    void minMaxKeepsExtremes();
    void smallSeriesUntouched();
    void envelope_data();
    void envelope();
    void lttb_data();
    void lttb();
    void millionPointsQuickly();

private:
    static QList<QPointF> wave(int count);
};

QList<QPointF> TstDownsampler::wave(int count)
{
    QList<QPointF> points;
    points.reserve(count);
    for (int i = 0; i < count; ++i)
        points.append(QPointF(double(i), std::sin(i / 50.0) * 10 + ((i * 7919) % 13) / 13.0));
    return points;
}

void TstDownsampler::visibleRange_data()
{
    QTest::addColumn<double>("x0");
    QTest::addColumn<double>("x1");
    QTest::addColumn<qsizetype>("first");
    QTest::addColumn<qsizetype>("last");
    QTest::newRow("all") << -5.0 << 200.0 << qsizetype(0) << qsizetype(100);
    QTest::newRow("middle, one beyond each side") << 10.0 << 20.0 << qsizetype(9) << qsizetype(22);
    QTest::newRow("between points") << 10.5 << 10.6 << qsizetype(10) << qsizetype(12);
    QTest::newRow("left of everything") << -10.0 << -5.0 << qsizetype(0) << qsizetype(1);
    QTest::newRow("right of everything") << 500.0 << 600.0 << qsizetype(99) << qsizetype(100);
}

void TstDownsampler::visibleRange()
{
    QFETCH(double, x0);
    QFETCH(double, x1);
    QFETCH(qsizetype, first);
    QFETCH(qsizetype, last);
    const auto range = Downsampler::visibleRange(wave(100), x0, x1);
    QCOMPARE(range.first, first);
    QCOMPARE(range.second, last);
}

void TstDownsampler::minMaxKeepsExtremes_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("columns");
    QTest::newRow("100k into 800 columns") << 100000 << 800;
    QTest::newRow("1M into 1200 columns") << 1000000 << 1200;
    QTest::newRow("5k into 1000 columns") << 5000 << 1000;
}

void TstDownsampler::minMaxKeepsExtremes()
{
    QFETCH(int, count);
    QFETCH(int, columns);
    const QList<QPointF> points = wave(count);
    const double x0 = count * 0.1;
    const double x1 = count * 0.9;
    const QList<QPointF> reduced = Downsampler::minMax(points, x0, x1, columns);
    QVERIFY(reduced.size() <= columns * 4 + 2);
    QVERIFY(std::is_sorted(reduced.cbegin(), reduced.cend(),
                           [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); }));
    // Every column's minimum and maximum of the original survive.
    const double width = (x1 - x0) / columns;
    for (int column = 0; column < columns; column += std::max(1, columns / 50)) {
        double low = INFINITY;
        double high = -INFINITY;
        double reducedLow = INFINITY;
        double reducedHigh = -INFINITY;
        const double from = x0 + column * width;
        const double to = from + width;
        for (const QPointF &p : points) {
            if (p.x() >= from && p.x() < to && qint64((p.x() - x0) * columns / (x1 - x0)) == column) {
                low = std::min(low, p.y());
                high = std::max(high, p.y());
            }
        }
        for (const QPointF &p : reduced) {
            if (p.x() >= from && p.x() < to && qint64((p.x() - x0) * columns / (x1 - x0)) == column) {
                reducedLow = std::min(reducedLow, p.y());
                reducedHigh = std::max(reducedHigh, p.y());
            }
        }
        QCOMPARE(reducedLow, low);
        QCOMPARE(reducedHigh, high);
    }
    // The lines reach the plot's edges.
    QVERIFY(reduced.first().x() < x0);
    QVERIFY(reduced.last().x() > x1);
}

void TstDownsampler::smallSeriesUntouched()
{
    const QList<QPointF> points = wave(300);
    QCOMPARE(Downsampler::minMax(points, 0, 299, 1000), points);
    QCOMPARE(Downsampler::minMax({}, 0, 1, 100), QList<QPointF>());
}

void TstDownsampler::envelope_data()
{
    QTest::addColumn<bool>("upper");
    QTest::newRow("upper edge") << true;
    QTest::newRow("lower edge") << false;
}

void TstDownsampler::envelope()
{
    QFETCH(bool, upper);
    const QList<QPointF> points = wave(20000);
    const QList<QPointF> edge = Downsampler::envelope(points, 0, 19999, 400, upper);
    QVERIFY(edge.size() <= 402);
    // The band's edge still reaches the series' extreme.
    auto byY = [](const QPointF &a, const QPointF &b) { return a.y() < b.y(); };
    if (upper)
        QCOMPARE(std::max_element(edge.cbegin(), edge.cend(), byY)->y(),
                 std::max_element(points.cbegin(), points.cend(), byY)->y());
    else
        QCOMPARE(std::min_element(edge.cbegin(), edge.cend(), byY)->y(),
                 std::min_element(points.cbegin(), points.cend(), byY)->y());
}

void TstDownsampler::lttb_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("threshold");
    QTest::newRow("10k to 500") << 10000 << 500;
    QTest::newRow("1k to 3") << 1000 << 3;
    QTest::newRow("fewer than the threshold") << 100 << 500;
}

void TstDownsampler::lttb()
{
    QFETCH(int, count);
    QFETCH(int, threshold);
    const QList<QPointF> points = wave(count);
    const QList<QPointF> reduced = Downsampler::lttb(points, threshold);
    QCOMPARE(reduced.size(), std::min(count, threshold));
    QCOMPARE(reduced.first(), points.first());
    QCOMPARE(reduced.last(), points.last());
    for (const QPointF &p : reduced)
        QVERIFY(points.contains(p));
}

void TstDownsampler::millionPointsQuickly()
{
    const QList<QPointF> points = wave(1000000);
    QElapsedTimer timer;
    timer.start();
    const QList<QPointF> reduced = Downsampler::minMax(points, 0, 1000000, 1600);
    QVERIFY2(timer.elapsed() < 500, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(reduced.size() <= 1600 * 4 + 2);
}

QTEST_GUILESS_MAIN(TstDownsampler)
#include "tst_downsampler.moc"
