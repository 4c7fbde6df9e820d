#include "common/api/org.h"

#include "common/api/wirejson.h"

namespace iotile::api {

Org Org::fromJson(const QJsonObject &o)
{
    Org org;
    org.id = o.value(QLatin1String("id")).toString();
    org.name = o.value(QLatin1String("name")).toString();
    org.slug = o.value(QLatin1String("slug")).toString();
    org.about = o.value(QLatin1String("about")).toString();
    org.createdBy = o.value(QLatin1String("created_by")).toString();
    org.createdOn = wire::dateTime(o.value(QLatin1String("created_on")));
    return org;
}

} // namespace iotile::api
