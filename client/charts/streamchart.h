#pragma once

#include "client/data/seriesdata.h"
#include "common/util/error.h"

#include <QHash>
#include <QWidget>

#include <memory>
#include <utility>
#include <vector>

QT_BEGIN_NAMESPACE
class QChart;
class QDateTimeAxis;
class QValueAxis;
QT_END_NAMESPACE

namespace iotile {

class StreamChartView;

// Several streams on one time axis (QtCharts, kept inside client/charts): one value axis per unit, a
// min/max band under aggregated series, zoom and pan along time with the value axes fitted to what is
// visible, and only as many points handed to QtCharts as the plot has pixel columns (M4 downsampling), so
// a million points draw as fast as a few thousand.
class StreamChart final : public QWidget
{
    Q_OBJECT
public:
    explicit StreamChart(QWidget *parent = nullptr);
    ~StreamChart() override;

    // Adds the stream, or replaces its data; the visible range stays.
    void setSeries(const SeriesData &data);
    void removeSeries(const QString &slug);
    void clear();
    QStringList slugs() const;
    const SeriesData *series(const QString &slug) const;

    // The range "reset zoom" returns to; also shows it.
    void setTimeRange(qint64 startMs, qint64 endMs);
    qint64 timeRangeStart() const { return m_fullStart; }
    qint64 timeRangeEnd() const { return m_fullEnd; }
    void setVisibleRange(qint64 startMs, qint64 endMs);
    qint64 visibleStart() const;
    qint64 visibleEnd() const;
    // The range of one unit's value axis.
    std::pair<double, double> valueRange(const QString &unit) const;

    void zoom(double factor, double anchor = 0.5);
    void pan(double fraction);
    void resetZoom();

    // Points currently handed to QtCharts, over all series and bands.
    int drawnPointCount() const { return m_drawnPoints; }
    void setDark(bool dark);

    Status exportPng(const QString &path);
    // The loaded data in the visible range at full resolution, one row per point and stream.
    Status exportCsv(const QString &path) const;

    StreamChartView *view() const { return m_view; }
    QChart *chart() const { return m_chart; }

signals:
    void visibleRangeChanged(qint64 startMs, qint64 endMs);

private:
    struct Plot;
    Plot *plot(const QString &slug) const;
    QValueAxis *axisForUnit(const QString &unit);
    void releaseAxis(QValueAxis *axis);
    void attachBand(Plot &plot);
    void detachBand(Plot &plot);
    void applyColors();
    void onRangeChanged();
    void refresh();
    void fitValueAxes();
    void updateTimeFormat();

    QChart *m_chart;
    StreamChartView *m_view;
    QDateTimeAxis *m_time;
    std::vector<std::unique_ptr<Plot>> m_plots;
    QHash<QString, QValueAxis *> m_axes;
    qint64 m_fullStart = 0;
    qint64 m_fullEnd = 0;
    int m_drawnPoints = 0;
    bool m_updating = false;
    bool m_dark = false;
};

} // namespace iotile
