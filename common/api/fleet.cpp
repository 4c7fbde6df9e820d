#include "common/api/fleet.h"

#include "common/api/wirejson.h"

namespace iotile::api {

Fleet Fleet::fromJson(const QJsonObject &o)
{
    Fleet f;
    f.id = wire::integer(o.value(QLatin1String("id"))).value_or(0);
    f.slug = o.value(QLatin1String("slug")).toString();
    f.name = o.value(QLatin1String("name")).toString();
    f.org = o.value(QLatin1String("org")).toString();
    f.description = o.value(QLatin1String("description")).toString();
    f.isNetwork = o.value(QLatin1String("is_network")).toBool();
    f.createdBy = o.value(QLatin1String("created_by")).toString();
    f.createdOn = wire::dateTime(o.value(QLatin1String("created_on")));
    return f;
}

QJsonObject Fleet::toBody() const
{
    return QJsonObject {
        {QStringLiteral("name"), name},
        {QStringLiteral("org"), org},
        {QStringLiteral("description"), description},
        {QStringLiteral("is_network"), isNetwork},
    };
}

} // namespace iotile::api
