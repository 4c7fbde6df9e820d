#include "common/api/datapoint.h"

#include "common/api/wirejson.h"

namespace iotile::api {

DataPoint DataPoint::fromJson(const QJsonObject &o)
{
    DataPoint p;
    p.timestamp = wire::micros(o.value(QLatin1String("timestamp"))).value_or(0);
    p.intValue = wire::integer(o.value(QLatin1String("int_value")));
    p.value = wire::number(o.value(QLatin1String("value")));
    p.outputValue = wire::number(o.value(QLatin1String("output_value")));
    p.displayValue = o.value(QLatin1String("display_value")).toString();
    p.type = o.value(QLatin1String("type")).toString();
    p.streamerLocalId = wire::integer(o.value(QLatin1String("streamer_local_id"))).value_or(0);
    return p;
}

} // namespace iotile::api
