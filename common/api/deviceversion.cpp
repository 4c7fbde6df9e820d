#include "common/api/deviceversion.h"

#include "common/api/wirejson.h"

namespace iotile::api {

DeviceVersion DeviceVersion::fromJson(const QJsonObject &o)
{
    DeviceVersion v;
    v.device = o.value(QLatin1String("device")).toString();
    v.type = o.value(QLatin1String("type")).toString();
    v.tag = wire::integer(o.value(QLatin1String("tag"))).value_or(0);
    v.version = o.value(QLatin1String("version")).toString();
    v.streamerLocalId = wire::integer(o.value(QLatin1String("streamer_local_id"))).value_or(0);
    v.updatedTs = wire::dateTime(o.value(QLatin1String("updated_ts")));
    return v;
}

QString DeviceVersion::displayText() const
{
    return QStringLiteral("%1 (tag %2)").arg(version).arg(tag);
}

} // namespace iotile::api
