#pragma once

#include "client/data/liveupdates.h"
#include "client/data/timeseriessource.h"

#include <QList>
#include <QPointer>
#include <QWidget>

#include <utility>

class QButtonGroup;
class QLabel;
class QProgressBar;
class QTimer;
class QToolButton;

namespace iotile {

class StreamChart;

// The chart area: time-range presets, reset zoom, export, and the loading of each plotted stream from a
// TimeSeriesSource. When a zoom shows finer detail than the loaded buckets hold, or pans past the
// loaded range, the affected streams are fetched again for what is visible. With live refresh on, the
// preset's window follows the clock: whenever LiveUpdates reports new data, the streams are fetched again
// for the window ending now (unless the user has zoomed or panned away from it); a push source's points are
// appended to the loaded data instead.
class ChartPanel final : public QWidget
{
    Q_OBJECT
public:
    enum class Preset { Hour, Day, Week, Month, Year, All };
    Q_ENUM(Preset)

    explicit ChartPanel(QWidget *parent = nullptr);
    ~ChartPanel() override;

    // Not owned; streams already plotted are loaded again from the new source.
    void setSource(TimeSeriesSource *source);
    TimeSeriesSource *source() const { return m_source; }
    // The clock "now" for presets (0: the real time); the screenshot uses a fixed one.
    void setNow(qint64 msecsSinceEpoch) { m_nowMs = msecsSinceEpoch; }

    void addStream(const QString &slug, const QString &label, const QString &unit);
    void removeStream(const QString &slug);
    void clearStreams();
    QStringList streams() const;
    bool hasStream(const QString &slug) const;

    void setPreset(Preset preset);
    Preset preset() const { return m_preset; }
    static qint64 presetSpanMs(Preset preset);
    // Loads every stream again for the current preset.
    void reload();
    bool isLoading() const;
    StreamChart *chart() const { return m_chart; }

    // Not owned; by default (and after nullptr) a PollingLiveUpdates of the panel's own.
    void setLiveUpdates(LiveUpdates *updates);
    LiveUpdates *liveUpdates() const { return m_live; }
    void setLive(bool on);
    bool isLive() const { return m_liveOn; }
    // Fetches the newest values of these streams now (what a live update does).
    void refreshLive(const QStringList &slugs);
    // Adds pushed points to a stream's raw data (an aggregated stream is fetched again instead) and moves
    // the window along with the clock, as refreshLive() does.
    void appendLive(const QString &slug, const QList<QPointF> &points);

    void exportPng();
    void exportCsv();

signals:
    void loadingChanged(bool loading);
    void statusChanged(const QString &text);
    void errorOccurred(const QString &message);
    void presetChanged(iotile::ChartPanel::Preset preset);
    void liveChanged(bool on);

private:
    struct Entry
    {
        QString slug;
        QString label;
        QString unit;
        quint64 ticket = 0;
        QList<QPointF> pending; // pushed while a load was under way: merged into its answer
    };
    Entry *entry(const QString &slug);
    void request(Entry &entry, qint64 startMs, qint64 endMs);
    void onLoaded(quint64 ticket, const SeriesData &data);
    void onFailed(quint64 ticket, const QString &message);
    void onVisibleRangeChanged();
    void refineVisible();
    void updateStatus();
    qint64 now() const;
    // The preset's window ending at the current time, whole minutes so successive buckets line up.
    std::pair<qint64, qint64> presetWindow() const;
    bool isZoomed() const;
    QString exportPath(const QString &suffix, const QString &filter);

    StreamChart *m_chart;
    QPointer<TimeSeriesSource> m_source;
    QList<Entry> m_entries;
    Preset m_preset = Preset::Day;
    qint64 m_nowMs = 0;
    bool m_rangeFromData = false;
    QButtonGroup *m_presets;
    QLabel *m_status;
    QProgressBar *m_busy;
    QTimer *m_refine;
    bool m_loading = false;
    QPointer<LiveUpdates> m_live;
    LiveUpdates *m_ownLive;
    QToolButton *m_liveButton;
    bool m_liveOn = false;
};

} // namespace iotile
