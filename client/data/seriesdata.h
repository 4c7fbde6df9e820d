#pragma once

#include <QList>
#include <QMetaType>
#include <QPointF>
#include <QString>

namespace iotile {

// One stream's values over a time range, ready to draw or write: raw points, or aggregate buckets with
// their min/max band. x is milliseconds since the epoch (UTC), as QDateTimeAxis wants it.
struct SeriesData
{
    QString slug;
    QString label;
    QString unit;
    qint64 startMs = 0; // the range the data was asked for
    qint64 endMs = 0;
    qint64 intervalSeconds = 0; // 0: raw points
    QList<QPointF> values; // the average for buckets
    QList<QPointF> minimum; // buckets only, same x as values
    QList<QPointF> maximum;
    QList<qint64> counts;

    bool isAggregated() const { return intervalSeconds > 0; }
    qsizetype size() const { return values.size(); }
    bool isEmpty() const { return values.isEmpty(); }
    // The label with its unit, "Temperature (°C)".
    QString title() const;
};

} // namespace iotile

Q_DECLARE_METATYPE(iotile::SeriesData)
