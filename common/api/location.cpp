#include "common/api/location.h"

#include "common/api/wirejson.h"

namespace iotile::api {

Location Location::fromJson(const QJsonObject &o)
{
    Location l;
    l.id = wire::integer(o.value(QLatin1String("id"))).value_or(0);
    l.target = o.value(QLatin1String("target")).toString();
    l.timestamp = wire::dateTime(o.value(QLatin1String("timestamp")));
    l.lat = wire::number(o.value(QLatin1String("lat"))).value_or(0.0);
    l.lon = wire::number(o.value(QLatin1String("lon"))).value_or(0.0);
    l.user = o.value(QLatin1String("user")).toString();
    return l;
}

} // namespace iotile::api
