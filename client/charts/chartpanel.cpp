#include "client/charts/chartpanel.h"

#include "client/charts/streamchart.h"
#include "client/data/bucketplan.h"
#include "client/data/pollingliveupdates.h"

#include <QButtonGroup>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QStandardPaths>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdlib>

namespace iotile {

namespace {

constexpr qint64 kHourMs = 3600 * 1000LL;
constexpr qint64 kDayMs = 24 * kHourMs;

// Adds points to raw values kept in time order; a point already there (same time and value, e.g. both
// loaded and pushed) is not added twice.
void mergePoints(QList<QPointF> &values, const QList<QPointF> &points)
{
    for (const QPointF &p : points) {
        if (values.isEmpty() || p.x() > values.last().x()) {
            values.append(p);
            continue;
        }
        auto at = std::lower_bound(values.begin(), values.end(), p.x(),
                                   [](const QPointF &v, double x) { return v.x() < x; });
        bool duplicate = false;
        for (auto it = at; it != values.end() && it->x() == p.x(); ++it)
            duplicate = duplicate || it->y() == p.y();
        if (!duplicate)
            values.insert(at, p);
    }
}

} // namespace

ChartPanel::ChartPanel(QWidget *parent)
    : QWidget(parent)
    , m_chart(new StreamChart(this))
    , m_presets(new QButtonGroup(this))
    , m_status(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_refine(new QTimer(this))
    , m_ownLive(new PollingLiveUpdates(this))
    , m_liveButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("chartPanel"));
    auto *bar = new QHBoxLayout;
    bar->setSpacing(2);
    const QList<std::pair<Preset, QString>> presets {
        {Preset::Hour, tr("1h")},   {Preset::Day, tr("24h")}, {Preset::Week, tr("7d")},
        {Preset::Month, tr("30d")}, {Preset::Year, tr("1y")}, {Preset::All, tr("All")},
    };
    for (const auto &[preset, text] : presets) {
        auto *button = new QToolButton(this);
        button->setText(text);
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setObjectName(QStringLiteral("preset%1").arg(int(preset)));
        button->setToolTip(tr("Show the last %1").arg(text));
        m_presets->addButton(button, int(preset));
        bar->addWidget(button);
    }
    m_presets->button(int(m_preset))->setChecked(true);
    bar->addSpacing(12);
    auto *reset = new QToolButton(this);
    reset->setText(tr("Reset Zoom"));
    reset->setAutoRaise(true);
    reset->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    reset->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addWidget(reset);
    m_liveButton->setObjectName(QStringLiteral("liveToggle"));
    m_liveButton->setText(tr("Live"));
    m_liveButton->setCheckable(true);
    m_liveButton->setAutoRaise(true);
    m_liveButton->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_liveButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_liveButton->setToolTip(tr("Keep the chart current: fetch the newest values as they arrive"));
    bar->addWidget(m_liveButton);
    bar->addSpacing(12);
    m_status->setObjectName(QStringLiteral("chartStatus"));
    bar->addWidget(m_status, 1);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setMaximumHeight(12);
    m_busy->setTextVisible(false);
    m_busy->hide();
    bar->addWidget(m_busy);
    auto *png = new QToolButton(this);
    png->setText(tr("PNG…"));
    png->setToolTip(tr("Export the chart as a PNG image"));
    png->setAutoRaise(true);
    auto *csv = new QToolButton(this);
    csv->setText(tr("CSV…"));
    csv->setToolTip(tr("Export the visible data as CSV"));
    csv->setAutoRaise(true);
    bar->addWidget(png);
    bar->addWidget(csv);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_chart, 1);

    m_refine->setSingleShot(true);
    m_refine->setInterval(300);
    connect(m_refine, &QTimer::timeout, this, &ChartPanel::refineVisible);
    connect(m_presets, &QButtonGroup::idClicked, this, [this](int id) { setPreset(Preset(id)); });
    connect(reset, &QToolButton::clicked, m_chart, &StreamChart::resetZoom);
    connect(png, &QToolButton::clicked, this, &ChartPanel::exportPng);
    connect(csv, &QToolButton::clicked, this, &ChartPanel::exportCsv);
    connect(m_chart, &StreamChart::visibleRangeChanged, this, &ChartPanel::onVisibleRangeChanged);
    connect(m_liveButton, &QToolButton::toggled, this, &ChartPanel::setLive);
    setLiveUpdates(m_ownLive);
    updateStatus();
}

ChartPanel::~ChartPanel()
{
    if (m_live)
        m_live->disconnect(this);
    if (m_source) {
        for (const Entry &e : std::as_const(m_entries))
            m_source->cancel(e.ticket);
    }
}

void ChartPanel::setSource(TimeSeriesSource *source)
{
    if (m_source) {
        for (const Entry &e : std::as_const(m_entries))
            m_source->cancel(e.ticket);
        m_source->disconnect(this);
    }
    m_source = source;
    if (source) {
        connect(source, &TimeSeriesSource::loaded, this, &ChartPanel::onLoaded);
        connect(source, &TimeSeriesSource::failed, this, &ChartPanel::onFailed);
    }
    reload();
}

qint64 ChartPanel::now() const
{
    return m_nowMs > 0 ? m_nowMs : QDateTime::currentMSecsSinceEpoch();
}

qint64 ChartPanel::presetSpanMs(Preset preset)
{
    switch (preset) {
    case Preset::Hour:
        return kHourMs;
    case Preset::Day:
        return kDayMs;
    case Preset::Week:
        return 7 * kDayMs;
    case Preset::Month:
        return 30 * kDayMs;
    case Preset::Year:
        return 365 * kDayMs;
    case Preset::All:
        break;
    }
    return 0;
}

ChartPanel::Entry *ChartPanel::entry(const QString &slug)
{
    for (Entry &e : m_entries) {
        if (e.slug == slug)
            return &e;
    }
    return nullptr;
}

QStringList ChartPanel::streams() const
{
    QStringList out;
    for (const Entry &e : m_entries)
        out.append(e.slug);
    return out;
}

bool ChartPanel::hasStream(const QString &slug) const
{
    return streams().contains(slug);
}

void ChartPanel::addStream(const QString &slug, const QString &label, const QString &unit)
{
    if (entry(slug))
        return;
    m_entries.append(Entry {slug, label, unit, 0, {}});
    if (m_live)
        m_live->watch(streams());
    Entry &e = m_entries.last();
    if (m_preset == Preset::All)
        request(e, 0, 0);
    else
        request(e, m_chart->visibleStart(), m_chart->visibleEnd());
}

void ChartPanel::removeStream(const QString &slug)
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].slug == slug) {
            if (m_source)
                m_source->cancel(m_entries[i].ticket);
            m_entries.removeAt(i);
            break;
        }
    }
    m_chart->removeSeries(slug);
    if (m_live)
        m_live->watch(streams());
    updateStatus();
}

void ChartPanel::clearStreams()
{
    const QStringList slugs = streams();
    for (const QString &slug : slugs)
        removeStream(slug);
}

void ChartPanel::setPreset(Preset preset)
{
    m_preset = preset;
    if (QAbstractButton *button = m_presets->button(int(preset)))
        button->setChecked(true);
    emit presetChanged(preset);
    reload();
}

std::pair<qint64, qint64> ChartPanel::presetWindow() const
{
    // Whole minutes, so the buckets of successive reloads line up.
    const qint64 end = (now() / 60000 + 1) * 60000;
    return {end - presetSpanMs(m_preset), end};
}

bool ChartPanel::isZoomed() const
{
    // A pixel's worth of difference is rounding, not a zoom.
    const qint64 slack = std::max<qint64>(1, (m_chart->timeRangeEnd() - m_chart->timeRangeStart()) / 2000);
    return std::abs(m_chart->visibleStart() - m_chart->timeRangeStart()) > slack
        || std::abs(m_chart->visibleEnd() - m_chart->timeRangeEnd()) > slack;
}

void ChartPanel::reload()
{
    if (m_preset == Preset::All) {
        m_rangeFromData = true;
        for (Entry &e : m_entries)
            request(e, 0, 0);
    } else {
        m_rangeFromData = false;
        const auto [start, end] = presetWindow();
        m_chart->setTimeRange(start, end);
        for (Entry &e : m_entries)
            request(e, start, end);
    }
    updateStatus();
}

void ChartPanel::request(Entry &e, qint64 startMs, qint64 endMs)
{
    if (!m_source)
        return;
    if (e.ticket)
        m_source->cancel(e.ticket);
    SeriesRequest r;
    r.slug = e.slug;
    r.label = e.label;
    r.unit = e.unit;
    r.startMs = startMs;
    r.endMs = endMs;
    e.ticket = m_source->load(r);
    updateStatus();
}

void ChartPanel::onLoaded(quint64 ticket, const SeriesData &data)
{
    for (Entry &e : m_entries) {
        if (e.ticket != ticket)
            continue;
        e.ticket = 0;
        const QList<QPointF> pushed = std::exchange(e.pending, {});
        if (m_rangeFromData && data.endMs > data.startMs) {
            // "All": the range grows to cover every stream's data as it arrives.
            const bool first = m_chart->slugs().isEmpty();
            const qint64 start = first ? data.startMs : std::min(m_chart->timeRangeStart(), data.startMs);
            const qint64 end = first ? data.endMs : std::max(m_chart->timeRangeEnd(), data.endMs);
            m_chart->setTimeRange(start, end);
        }
        if (!pushed.isEmpty() && !data.isAggregated()) {
            // Points pushed while this load was under way may be newer than what it read.
            SeriesData merged = data;
            mergePoints(merged.values, pushed);
            m_chart->setSeries(merged);
        } else {
            m_chart->setSeries(data);
        }
        break;
    }
    updateStatus();
}

void ChartPanel::onFailed(quint64 ticket, const QString &message)
{
    for (Entry &e : m_entries) {
        if (e.ticket == ticket) {
            e.ticket = 0;
            emit errorOccurred(
                tr("Could not load %1: %2").arg(e.label.isEmpty() ? e.slug : e.label, message));
        }
    }
    updateStatus();
}

void ChartPanel::onVisibleRangeChanged()
{
    m_refine->start();
}

void ChartPanel::refineVisible()
{
    const qint64 start = m_chart->visibleStart();
    const qint64 end = m_chart->visibleEnd();
    const qint64 span = end - start;
    const BucketPlan wanted = BucketPlan::forSpan(span);
    for (Entry &e : m_entries) {
        const SeriesData *data = m_chart->series(e.slug);
        if (e.ticket || !data)
            continue;
        const bool finer =
            data->isAggregated() && (wanted.isRaw() || wanted.intervalSeconds() < data->intervalSeconds);
        const bool outside = start < data->startMs || end > data->endMs;
        if (!finer && !outside)
            continue;
        // Half a span to each side, so that panning a little needs no new request.
        const qint64 padded = span / 2;
        const qint64 to = std::min(end + padded, now());
        request(e, start - padded, std::max(to, end));
    }
}

void ChartPanel::setLiveUpdates(LiveUpdates *updates)
{
    if (m_live) {
        m_live->stop();
        m_live->disconnect(this);
    }
    m_live = updates ? updates : m_ownLive;
    updates = m_live;
    connect(updates, &LiveUpdates::newData, this, &ChartPanel::refreshLive);
    connect(updates, &LiveUpdates::pointsArrived, this, &ChartPanel::appendLive);
    updates->watch(streams());
    if (m_liveOn)
        updates->start();
}

void ChartPanel::setLive(bool on)
{
    if (on == m_liveOn)
        return;
    m_liveOn = on;
    {
        const QSignalBlocker block(m_liveButton);
        m_liveButton->setChecked(on);
    }
    if (m_live) {
        if (on)
            m_live->start();
        else
            m_live->stop();
    }
    // Switching on shows the present at once rather than after the first interval.
    if (on)
        refreshLive(streams());
    updateStatus();
    emit liveChanged(on);
}

void ChartPanel::refreshLive(const QStringList &slugs)
{
    if (!m_liveOn || !m_source)
        return;
    if (m_preset == Preset::All) {
        for (Entry &e : m_entries) {
            if (slugs.contains(e.slug) && !e.ticket)
                request(e, 0, 0);
        }
        return;
    }
    // Someone looking at a zoomed part of the past keeps it; the chart follows again after Reset Zoom.
    if (isZoomed()) {
        updateStatus();
        return;
    }
    const auto [start, end] = presetWindow();
    if (start != m_chart->timeRangeStart() || end != m_chart->timeRangeEnd())
        m_chart->setTimeRange(start, end);
    for (Entry &e : m_entries) {
        // A slow answer still on its way is not cancelled by the next tick: it would never arrive.
        if (slugs.contains(e.slug) && !e.ticket)
            request(e, start, end);
    }
}

void ChartPanel::appendLive(const QString &slug, const QList<QPointF> &points)
{
    Entry *e = entry(slug);
    if (!m_liveOn || !e || points.isEmpty())
        return;
    if (e->ticket) {
        e->pending.append(points);
        return;
    }
    const SeriesData *loaded = m_chart->series(slug);
    if (!loaded || loaded->isAggregated()) {
        // Buckets are the server's to compute: fetch the window again (not stacked on a running load).
        refreshLive({slug});
        return;
    }
    SeriesData data = *loaded;
    mergePoints(data.values, points);
    const qint64 last = qint64(data.values.last().x());
    if (m_preset == Preset::All) {
        data.endMs = std::max(data.endMs, last);
        if (!isZoomed() && last > m_chart->timeRangeEnd())
            m_chart->setTimeRange(m_chart->timeRangeStart(), last);
    } else if (!isZoomed()) {
        // The window follows the clock; what fell out of it is dropped so a long session stays small.
        const auto [start, end] = presetWindow();
        if (start != m_chart->timeRangeStart() || end != m_chart->timeRangeEnd())
            m_chart->setTimeRange(start, end);
        const auto keep = std::lower_bound(data.values.begin(), data.values.end(), double(start),
                                           [](const QPointF &v, double x) { return v.x() < x; });
        data.values.erase(data.values.begin(), keep);
        data.startMs = start;
        data.endMs = std::max(end, last);
    } else {
        data.endMs = std::max(data.endMs, last);
    }
    m_chart->setSeries(data);
    updateStatus();
}

bool ChartPanel::isLoading() const
{
    for (const Entry &e : m_entries) {
        if (e.ticket)
            return true;
    }
    return false;
}

void ChartPanel::updateStatus()
{
    const bool loading = isLoading();
    m_busy->setVisible(loading);
    if (loading != m_loading) {
        m_loading = loading;
        emit loadingChanged(loading);
    }
    QString text;
    if (m_entries.isEmpty()) {
        text = tr("Tick streams in the explorer to chart them.");
    } else if (loading) {
        text = tr("Loading…");
    } else {
        qint64 interval = 0;
        qint64 points = 0;
        for (const QString &slug : m_chart->slugs()) {
            const SeriesData *data = m_chart->series(slug);
            interval = std::max(interval, data->intervalSeconds);
            points += data->size();
        }
        text = interval > 0
            ? tr("%n stream(s), averages over %1 with min/max", nullptr, int(m_entries.size()))
                  .arg(BucketPlan::describe(interval))
            : tr("%n stream(s), raw values", nullptr, int(m_entries.size()));
        text += QStringLiteral(" · ") + tr("%1 points loaded").arg(QLocale().toString(points));
    }
    if (m_liveOn && !m_entries.isEmpty()) {
        text += QStringLiteral(" · ")
            + (m_preset != Preset::All && isZoomed() ? tr("live paused while zoomed") : tr("live"));
    }
    m_status->setText(text);
    emit statusChanged(text);
}

QString ChartPanel::exportPath(const QString &suffix, const QString &filter)
{
    const QString directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString name =
        QStringLiteral("iotile-chart-%1.%2")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")), suffix);
    return QFileDialog::getSaveFileName(this, tr("Export Chart"), directory + QLatin1Char('/') + name,
                                        filter);
}

void ChartPanel::exportPng()
{
    const QString path = exportPath(QStringLiteral("png"), tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (Status s = m_chart->exportPng(path); !s)
        emit errorOccurred(s.error().message());
}

void ChartPanel::exportCsv()
{
    const QString path = exportPath(QStringLiteral("csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (Status s = m_chart->exportCsv(path); !s)
        emit errorOccurred(s.error().message());
}

} // namespace iotile
