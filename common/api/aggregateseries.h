#pragma once

#include "common/api/aggregatebucket.h"
#include "common/units/unit.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace iotile::api {

// The answer of stream/<slug>/data/aggregate/: buckets of one interval over [start, end).
struct AggregateSeries
{
    QString stream;
    QString interval; // as the server names it ("1h", "3600")
    qint64 seconds = 0; // the interval in seconds ("interval_seconds", else read from "interval")
    isotime::Micros start = 0;
    isotime::Micros end = 0;
    std::optional<Unit> outputUnit;
    QList<AggregateBucket> buckets;

    static AggregateSeries fromJson(const QJsonObject &object);
    // "1m", "5m", "1h", "1d" or a number of seconds; 0 when unreadable.
    static qint64 intervalSeconds(const QString &interval);
};

} // namespace iotile::api
