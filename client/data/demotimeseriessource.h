#pragma once

#include "client/data/timeseriessource.h"

#include <QSet>

namespace iotile {

// Made-up but plausible stream values (a daily cycle, a weekly drift and noise, fixed per stream slug)
// for the offline demo and the screenshot, aggregated the way the server does, until data can come from
// a server with the data API.
class DemoTimeSeriesSource final : public TimeSeriesSource
{
    Q_OBJECT
public:
    explicit DemoTimeSeriesSource(QObject *parent = nullptr);

    // The end of "all data" (default: now); a year of data precedes it.
    void setNow(qint64 msecsSinceEpoch) { m_nowMs = msecsSinceEpoch; }

    quint64 load(const SeriesRequest &request) override;
    void cancel(quint64 ticket) override;

    // The demo value of a stream at a time.
    static double valueAt(const QString &slug, qint64 msecsSinceEpoch);
    static SeriesData generate(const SeriesRequest &request, qint64 nowMs);

private:
    qint64 m_nowMs = 0;
    QSet<quint64> m_cancelled;
};

} // namespace iotile
