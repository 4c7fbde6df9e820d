#include "common/api/aggregatebucket.h"

#include "common/api/wirejson.h"

namespace iotile::api {

AggregateBucket AggregateBucket::fromJson(const QJsonObject &o)
{
    AggregateBucket b;
    b.timestamp = wire::micros(o.value(QLatin1String("timestamp"))).value_or(0);
    b.avg = wire::number(o.value(QLatin1String("avg")));
    b.min = wire::number(o.value(QLatin1String("min")));
    b.max = wire::number(o.value(QLatin1String("max")));
    b.sum = wire::number(o.value(QLatin1String("sum")));
    b.count = wire::integer(o.value(QLatin1String("count"))).value_or(0);
    return b;
}

} // namespace iotile::api
