// Charting a million points: the time from a series in memory to a painted chart (grab() of the view after
// the series is set), then one zoom step and one bucketed year with its min/max band. Prints
// "name: value unit" lines. Run with QT_QPA_PLATFORM=offscreen (or under xvfb-run).
#include "client/charts/streamchart.h"
#include "client/charts/streamchartview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPixmap>

#include <cmath>
#include <cstdio>

using namespace iotile;

namespace {

constexpr qint64 kStart = 1'704'067'200'000; // 2024-01-01T00:00:00Z

// A year at roughly 30 s steps: a daily cycle, a slow drift and noise.
SeriesData millionPoints()
{
    constexpr int count = 1'000'000;
    constexpr double step = 365.0 * 86'400'000 / count;
    SeriesData data;
    data.slug = QStringLiteral("s--0000-0001--0000-0000-0000-0001--5001");
    data.label = QStringLiteral("Temperature");
    data.unit = QStringLiteral("C");
    data.startMs = kStart;
    data.endMs = kStart + 365LL * 86'400'000;
    data.values.reserve(count);
    quint32 noise = 12345;
    for (int i = 0; i < count; ++i) {
        noise = noise * 1664525u + 1013904223u;
        const double t = i * step;
        data.values.append(QPointF(double(kStart) + t,
                                   18 + 6 * std::sin(t / 86'400'000 * 2 * M_PI)
                                       + 3 * std::sin(t / (180.0 * 86'400'000) * 2 * M_PI)
                                       + double(noise >> 8) / double(1 << 24) - 0.5));
    }
    return data;
}

SeriesData yearOfBuckets()
{
    SeriesData data;
    data.slug = QStringLiteral("s--0000-0001--0000-0000-0000-0001--5002");
    data.label = QStringLiteral("Humidity");
    data.unit = QStringLiteral("%");
    data.intervalSeconds = 10800;
    data.startMs = kStart;
    data.endMs = kStart + 365LL * 86'400'000;
    for (int i = 0; i < 2920; ++i) {
        const double x = double(kStart) + i * 10800.0 * 1000;
        const double avg = 50 + 20 * std::sin(i / 8.0);
        data.values.append(QPointF(x, avg));
        data.minimum.append(QPointF(x, avg - 5));
        data.maximum.append(QPointF(x, avg + 5));
        data.counts.append(10800);
    }
    return data;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    StreamChart chart;
    chart.resize(1600, 900);
    chart.setTimeRange(kStart, kStart + 365LL * 86'400'000);
    chart.show();
    QCoreApplication::processEvents();
    chart.view()->grab(); // the empty chart's first layout is not part of the figure

    const SeriesData points = millionPoints();
    QElapsedTimer timer;
    timer.start();
    chart.setSeries(points);
    const QPixmap painted = chart.view()->grab();
    const qint64 first = timer.elapsed();
    if (painted.isNull())
        return 1;
    std::printf("chart_1m_points: %lld ms\n", static_cast<long long>(first));
    std::printf("chart_1m_points_drawn: %d points\n", chart.drawnPointCount());

    timer.restart();
    chart.zoom(0.25, 0.5);
    chart.view()->grab();
    std::printf("chart_1m_points_zoom: %lld ms\n", static_cast<long long>(timer.elapsed()));

    // A year of 3-hour buckets as the aggregate endpoint returns them, on a chart of its own.
    StreamChart buckets;
    buckets.resize(1600, 900);
    buckets.setTimeRange(kStart, kStart + 365LL * 86'400'000);
    buckets.show();
    QCoreApplication::processEvents();
    buckets.view()->grab();
    const SeriesData year = yearOfBuckets();
    timer.restart();
    buckets.setSeries(year);
    buckets.view()->grab();
    std::printf("chart_year_buckets_with_band: %lld ms\n", static_cast<long long>(timer.elapsed()));
    return first < 2000 ? 0 : 2;
}
