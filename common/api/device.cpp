#include "common/api/device.h"

#include "common/api/wirejson.h"

namespace iotile::api {

Device Device::fromJson(const QJsonObject &o)
{
    Device d;
    d.id = wire::integer(o.value(QLatin1String("id"))).value_or(0);
    d.slug = o.value(QLatin1String("slug")).toString();
    d.gid = o.value(QLatin1String("gid")).toString();
    d.label = o.value(QLatin1String("label")).toString();
    d.active = o.value(QLatin1String("active")).toBool(true);
    d.externalId = o.value(QLatin1String("external_id")).toString();
    d.sensorGraph = o.value(QLatin1String("sg")).toString();
    d.deviceTemplate = o.value(QLatin1String("template")).toString();
    d.org = o.value(QLatin1String("org")).toString();
    d.project = o.value(QLatin1String("project")).toString();
    d.lat = wire::number(o.value(QLatin1String("lat")));
    d.lon = wire::number(o.value(QLatin1String("lon")));
    d.state = o.value(QLatin1String("state")).toString();
    d.busy = o.value(QLatin1String("busy")).toBool();
    d.claimedBy = o.value(QLatin1String("claimed_by")).toString();
    d.createdOn = wire::dateTime(o.value(QLatin1String("created_on")));
    d.claimedOn = wire::dateTime(o.value(QLatin1String("claimed_on")));
    return d;
}

QString Device::displayName() const
{
    return label.trimmed().isEmpty() ? slug : label;
}

} // namespace iotile::api
