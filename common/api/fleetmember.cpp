#include "common/api/fleetmember.h"

namespace iotile::api {

FleetMember FleetMember::fromJson(const QJsonObject &o)
{
    FleetMember m;
    m.device = o.value(QLatin1String("device")).toString();
    m.alwaysOn = o.value(QLatin1String("always_on")).toBool();
    m.isAccessPoint = o.value(QLatin1String("is_access_point")).toBool();
    return m;
}

QJsonObject FleetMember::toJson() const
{
    return QJsonObject {
        {QStringLiteral("device"), device},
        {QStringLiteral("always_on"), alwaysOn},
        {QStringLiteral("is_access_point"), isAccessPoint},
    };
}

} // namespace iotile::api
