#include "client/charts/streamchart.h"

#include "client/charts/streamchartview.h"
#include "client/data/csvwriter.h"
#include "client/data/downsampler.h"

#include <QAreaSeries>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QSaveFile>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace iotile {

namespace {

constexpr qint64 kMinSpanMs = 1000;
constexpr qint64 kMaxSpanMs = 200LL * 365 * 86400 * 1000;

// Tableau 10: distinct on light and dark backgrounds.
const QList<QColor> &seriesColors()
{
    static const QList<QColor> colors {QColor(0x4e79a7), QColor(0xf28e2b), QColor(0x59a14f), QColor(0xe15759),
                                       QColor(0x76b7b2), QColor(0xedc948), QColor(0xb07aa1), QColor(0xff9da7),
                                       QColor(0x9c755f), QColor(0xbab0ac)};
    return colors;
}

double niceStep(double raw)
{
    if (!(raw > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : {1.0, 2.0, 2.5, 5.0}) {
        if (factor * magnitude >= raw)
            return factor * magnitude;
    }
    return 10 * magnitude;
}

QDateTime toDateTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms);
}

} // namespace

struct StreamChart::Plot
{
    SeriesData data;
    QLineSeries *line = nullptr;
    QLineSeries *upper = nullptr;
    QLineSeries *lower = nullptr;
    QAreaSeries *band = nullptr;
    QValueAxis *axis = nullptr;
};

StreamChart::StreamChart(QWidget *parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_view(new StreamChartView(m_chart, this))
    , m_time(new QDateTimeAxis(m_chart))
{
    setObjectName(QStringLiteral("streamChart"));
    m_view->setObjectName(QStringLiteral("streamChartView"));
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_time->setTickCount(7);
    m_chart->addAxis(m_time, Qt::AlignBottom);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    setTimeRange(now - 86400000, now);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    connect(m_time, &QDateTimeAxis::rangeChanged, this, &StreamChart::onRangeChanged);
    connect(m_view, &StreamChartView::zoomRequested, this, &StreamChart::zoom);
    connect(m_view, &StreamChartView::panRequested, this, &StreamChart::pan);
    connect(m_view, &StreamChartView::resetRequested, this, &StreamChart::resetZoom);
}

StreamChart::~StreamChart()
{
    // The view owns the chart, and the chart the series and axes.
    disconnect(m_time, nullptr, this, nullptr);
}

StreamChart::Plot *StreamChart::plot(const QString &slug) const
{
    for (const auto &p : m_plots) {
        if (p->data.slug == slug)
            return p.get();
    }
    return nullptr;
}

const SeriesData *StreamChart::series(const QString &slug) const
{
    const Plot *p = plot(slug);
    return p ? &p->data : nullptr;
}

QStringList StreamChart::slugs() const
{
    QStringList out;
    for (const auto &p : m_plots)
        out.append(p->data.slug);
    return out;
}

QValueAxis *StreamChart::axisForUnit(const QString &unit)
{
    if (QValueAxis *axis = m_axes.value(unit))
        return axis;
    auto *axis = new QValueAxis(m_chart);
    axis->setTitleText(unit);
    axis->setLabelFormat(QStringLiteral("%.4g"));
    m_chart->addAxis(axis, m_axes.size() % 2 == 0 ? Qt::AlignLeft : Qt::AlignRight);
    m_axes.insert(unit, axis);
    return axis;
}

void StreamChart::releaseAxis(QValueAxis *axis)
{
    for (const auto &p : m_plots) {
        if (p->axis == axis)
            return;
    }
    m_axes.remove(m_axes.key(axis));
    m_chart->removeAxis(axis);
    delete axis;
}

void StreamChart::attachBand(Plot &p)
{
    if (p.band)
        return;
    p.upper = new QLineSeries(m_chart);
    p.lower = new QLineSeries(m_chart);
    p.band = new QAreaSeries(p.upper, p.lower);
    p.band->setName(tr("%1 min–max").arg(p.data.label));
    // Behind the average line: the band is added first, so the line is drawn over it.
    m_chart->removeSeries(p.line);
    m_chart->addSeries(p.band);
    m_chart->addSeries(p.line);
    for (QAbstractSeries *s :
         {static_cast<QAbstractSeries *>(p.band), static_cast<QAbstractSeries *>(p.line)}) {
        s->attachAxis(m_time);
        s->attachAxis(p.axis);
    }
    for (QLegendMarker *marker : m_chart->legend()->markers(p.band))
        marker->setVisible(false);
}

void StreamChart::detachBand(Plot &p)
{
    if (!p.band)
        return;
    m_chart->removeSeries(p.band);
    delete p.band;
    delete p.upper;
    delete p.lower;
    p.band = nullptr;
    p.upper = p.lower = nullptr;
}

void StreamChart::setSeries(const SeriesData &data)
{
    Plot *p = plot(data.slug);
    if (!p) {
        m_plots.push_back(std::make_unique<Plot>());
        p = m_plots.back().get();
        p->line = new QLineSeries(m_chart);
        p->axis = axisForUnit(data.unit);
        m_chart->addSeries(p->line);
        p->line->attachAxis(m_time);
        p->line->attachAxis(p->axis);
    } else if (p->data.unit != data.unit) {
        QValueAxis *old = p->axis;
        p->line->detachAxis(old);
        if (p->band)
            p->band->detachAxis(old);
        p->axis = axisForUnit(data.unit);
        p->line->attachAxis(p->axis);
        if (p->band)
            p->band->attachAxis(p->axis);
        releaseAxis(old);
    }
    p->data = data;
    p->line->setName(data.title());
    if (data.isAggregated())
        attachBand(*p);
    else
        detachBand(*p);
    applyColors();
    refresh();
}

void StreamChart::removeSeries(const QString &slug)
{
    auto it =
        std::find_if(m_plots.begin(), m_plots.end(), [&](const auto &p) { return p->data.slug == slug; });
    if (it == m_plots.end())
        return;
    std::unique_ptr<Plot> p = std::move(*it);
    m_plots.erase(it);
    detachBand(*p);
    m_chart->removeSeries(p->line);
    delete p->line;
    releaseAxis(p->axis);
    applyColors();
    refresh();
}

void StreamChart::clear()
{
    while (!m_plots.empty())
        removeSeries(m_plots.back()->data.slug);
}

void StreamChart::applyColors()
{
    for (size_t i = 0; i < m_plots.size(); ++i) {
        Plot &p = *m_plots[i];
        const QColor color = seriesColors().at(qsizetype(i % size_t(seriesColors().size())));
        QPen pen(color);
        pen.setWidthF(1.5);
        p.line->setPen(pen);
        if (p.band) {
            QColor fill = color;
            fill.setAlpha(m_dark ? 70 : 55);
            p.band->setBrush(fill);
            p.band->setPen(Qt::NoPen);
        }
    }
}

void StreamChart::setTimeRange(qint64 startMs, qint64 endMs)
{
    m_fullStart = startMs;
    m_fullEnd = std::max(endMs, startMs + kMinSpanMs);
    setVisibleRange(m_fullStart, m_fullEnd);
}

void StreamChart::setVisibleRange(qint64 startMs, qint64 endMs)
{
    const QDateTime from = toDateTime(startMs);
    const QDateTime to = toDateTime(std::max(endMs, startMs + kMinSpanMs));
    if (m_time->min() == from && m_time->max() == to) {
        refresh();
        return;
    }
    m_time->setRange(from, to);
}

qint64 StreamChart::visibleStart() const
{
    return m_time->min().toMSecsSinceEpoch();
}

qint64 StreamChart::visibleEnd() const
{
    return m_time->max().toMSecsSinceEpoch();
}

std::pair<double, double> StreamChart::valueRange(const QString &unit) const
{
    const QValueAxis *axis = m_axes.value(unit);
    return axis ? std::make_pair(axis->min(), axis->max()) : std::make_pair(0.0, 0.0);
}

void StreamChart::zoom(double factor, double anchor)
{
    const qint64 start = visibleStart();
    const double span = double(visibleEnd() - start);
    const double newSpan = std::clamp(span * factor, double(kMinSpanMs), double(kMaxSpanMs));
    const double pivot = double(start) + span * anchor;
    const qint64 newStart = qint64(std::llround(pivot - newSpan * anchor));
    setVisibleRange(newStart, newStart + qint64(newSpan));
}

void StreamChart::pan(double fraction)
{
    const qint64 start = visibleStart();
    const qint64 end = visibleEnd();
    const qint64 shift = qint64(std::llround(double(end - start) * fraction));
    setVisibleRange(start + shift, end + shift);
}

void StreamChart::resetZoom()
{
    setVisibleRange(m_fullStart, m_fullEnd);
}

void StreamChart::onRangeChanged()
{
    if (m_updating)
        return;
    refresh();
    emit visibleRangeChanged(visibleStart(), visibleEnd());
}

void StreamChart::refresh()
{
    m_updating = true;
    const double x0 = double(visibleStart());
    const double x1 = double(visibleEnd());
    // One column per device pixel of the plot; before the first layout the widget's width stands in.
    const int columns =
        std::max(100, int(m_chart->plotArea().width() > 0 ? m_chart->plotArea().width() : width()));
    int drawn = 0;
    for (const auto &p : m_plots) {
        // replace() in one call: appending point by point would redo the series' geometry each time.
        p->line->replace(Downsampler::minMax(p->data.values, x0, x1, columns));
        drawn += int(p->line->count());
        if (p->band) {
            // Half a column's resolution is invisible in a translucent fill and halves its painting time.
            p->upper->replace(Downsampler::envelope(p->data.maximum, x0, x1, columns / 2, true));
            p->lower->replace(Downsampler::envelope(p->data.minimum, x0, x1, columns / 2, false));
            drawn += int(p->upper->count() + p->lower->count());
        }
    }
    m_drawnPoints = drawn;
    fitValueAxes();
    updateTimeFormat();
    m_updating = false;
}

void StreamChart::fitValueAxes()
{
    const double x0 = double(visibleStart());
    const double x1 = double(visibleEnd());
    for (auto it = m_axes.begin(); it != m_axes.end(); ++it) {
        double low = std::numeric_limits<double>::infinity();
        double high = -low;
        for (const auto &p : m_plots) {
            if (p->axis != it.value())
                continue;
            const QList<QLineSeries *> lines {p->line, p->upper, p->lower};
            for (const QLineSeries *line : lines) {
                if (!line)
                    continue;
                for (const QPointF &point : line->points()) {
                    if (point.x() < x0 || point.x() > x1 || !std::isfinite(point.y()))
                        continue;
                    low = std::min(low, point.y());
                    high = std::max(high, point.y());
                }
            }
        }
        if (!std::isfinite(low)) {
            low = 0;
            high = 1;
        } else if (high - low < 1e-9) {
            low -= 1;
            high += 1;
        } else {
            const double pad = (high - low) * 0.05;
            low -= pad;
            high += pad;
        }
        // Round bounds on a 1-2-5 step, about five ticks: QValueAxis::applyNiceNumbers() often doubles the
        // range to find its ticks.
        const double step = niceStep((high - low) / 5);
        low = std::floor(low / step) * step;
        high = std::ceil(high / step) * step;
        it.value()->setRange(low, high);
        it.value()->setTickCount(int(std::lround((high - low) / step)) + 1);
    }
}

void StreamChart::updateTimeFormat()
{
    const qint64 span = visibleEnd() - visibleStart();
    QString format;
    if (span <= 2LL * 60 * 1000)
        format = QStringLiteral("HH:mm:ss");
    else if (span <= 2LL * 86400 * 1000)
        format = QStringLiteral("HH:mm");
    else if (span <= 90LL * 86400 * 1000)
        format = QStringLiteral("MMM d HH:mm");
    else
        format = QStringLiteral("MMM d yyyy");
    if (m_time->format() != format)
        m_time->setFormat(format);
}

void StreamChart::setDark(bool dark)
{
    m_dark = dark;
    m_chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    m_chart->setBackgroundRoundness(0);
    applyColors();
}

Status StreamChart::exportPng(const QString &path)
{
    const QPixmap pixmap = m_view->grab();
    if (pixmap.isNull() || !pixmap.save(path, "PNG"))
        return Error::detail(ErrorKind::Internal, tr("Cannot write %1.").arg(path));
    return {};
}

Status StreamChart::exportCsv(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::detail(ErrorKind::Internal, tr("Cannot write %1: %2").arg(path, file.errorString()));
    const double x0 = double(visibleStart());
    const double x1 = double(visibleEnd());
    {
        CsvWriter csv(&file);
        csv.writeRow({QStringLiteral("stream"), QStringLiteral("label"), QStringLiteral("timestamp"),
                      QStringLiteral("value"), QStringLiteral("min"), QStringLiteral("max"),
                      QStringLiteral("count"), QStringLiteral("unit")});
        for (const auto &p : m_plots) {
            const SeriesData &d = p->data;
            const QByteArray slug = CsvWriter::escape(d.slug);
            const QByteArray label = CsvWriter::escape(d.label);
            const QByteArray unit = CsvWriter::escape(d.unit);
            for (qsizetype i = 0; i < d.values.size(); ++i) {
                const QPointF &point = d.values[i];
                if (point.x() < x0 || point.x() > x1)
                    continue;
                const bool bucket = d.isAggregated() && i < d.minimum.size();
                csv.writeRawRow(
                    {slug, label, CsvWriter::timestamp(qint64(point.x())), CsvWriter::number(point.y()),
                     bucket ? CsvWriter::number(d.minimum[i].y()) : QByteArray(),
                     bucket ? CsvWriter::number(d.maximum[i].y()) : QByteArray(),
                     bucket && i < d.counts.size() ? QByteArray::number(d.counts[i]) : QByteArray(), unit});
            }
        }
        if (!csv.flush())
            return Error::detail(ErrorKind::Internal,
                                 tr("Cannot write %1: %2").arg(path, file.errorString()));
    }
    if (!file.commit())
        return Error::detail(ErrorKind::Internal, tr("Cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace iotile
