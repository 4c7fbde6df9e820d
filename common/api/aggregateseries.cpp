#include "common/api/aggregateseries.h"

#include "common/api/wirejson.h"

#include <QJsonArray>

namespace iotile::api {

AggregateSeries AggregateSeries::fromJson(const QJsonObject &o)
{
    AggregateSeries s;
    s.stream = o.value(QLatin1String("stream")).toString();
    const QJsonValue interval = o.value(QLatin1String("interval"));
    s.interval = interval.isDouble() ? QString::number(qint64(interval.toDouble())) : interval.toString();
    s.seconds =
        wire::integer(o.value(QLatin1String("interval_seconds"))).value_or(intervalSeconds(s.interval));
    s.start = wire::micros(o.value(QLatin1String("start"))).value_or(0);
    s.end = wire::micros(o.value(QLatin1String("end"))).value_or(0);
    s.outputUnit = wire::unit(o.value(QLatin1String("output_unit")), Unit::Direction::Output);
    const QJsonArray results = o.value(QLatin1String("results")).toArray();
    s.buckets.reserve(results.size());
    for (const QJsonValue &item : results)
        s.buckets.append(AggregateBucket::fromJson(item.toObject()));
    return s;
}

qint64 AggregateSeries::intervalSeconds(const QString &interval)
{
    if (interval.isEmpty())
        return 0;
    qint64 factor = 1;
    QString digits = interval;
    switch (interval.back().toLatin1()) {
    case 's':
        digits.chop(1);
        break;
    case 'm':
        factor = 60;
        digits.chop(1);
        break;
    case 'h':
        factor = 3600;
        digits.chop(1);
        break;
    case 'd':
        factor = 86400;
        digits.chop(1);
        break;
    default:
        break;
    }
    bool ok = false;
    const qint64 count = digits.toLongLong(&ok);
    return ok && count > 0 ? count * factor : 0;
}

} // namespace iotile::api
