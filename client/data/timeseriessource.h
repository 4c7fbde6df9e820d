#pragma once

#include "client/data/seriesdata.h"

#include <QObject>

namespace iotile {

// What a chart or a report asks a time-series source for.
struct SeriesRequest
{
    QString slug;
    QString label;
    QString unit;
    // Both 0: all of the stream's data (the source finds its first and last point).
    qint64 startMs = 0;
    qint64 endMs = 0;
    // -1: chosen by BucketPlan from the span; 0: raw points; > 0: buckets of this many seconds.
    qint64 intervalSeconds = -1;
    int maxBuckets = 4000;
};

// Where stream values come from, asynchronously: the server (ApiTimeSeriesSource) or the built-in demo
// data. Each load() returns a ticket that its answer carries.
class TimeSeriesSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual quint64 load(const SeriesRequest &request) = 0;
    virtual void cancel(quint64 ticket) = 0;

signals:
    void loaded(quint64 ticket, const iotile::SeriesData &data);
    void failed(quint64 ticket, const QString &message);
    void progress(quint64 ticket, qint64 received, qint64 total);

protected:
    quint64 nextTicket() { return ++m_lastTicket; }

private:
    quint64 m_lastTicket = 0;
};

} // namespace iotile
