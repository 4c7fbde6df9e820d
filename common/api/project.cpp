#include "common/api/project.h"

#include "common/api/wirejson.h"

namespace iotile::api {

Project Project::fromJson(const QJsonObject &o)
{
    Project p;
    p.id = o.value(QLatin1String("id")).toString();
    p.name = o.value(QLatin1String("name")).toString();
    p.slug = o.value(QLatin1String("slug")).toString();
    p.gid = o.value(QLatin1String("gid")).toString();
    p.org = o.value(QLatin1String("org")).toString();
    p.about = o.value(QLatin1String("about")).toString();
    p.createdBy = o.value(QLatin1String("created_by")).toString();
    p.createdOn = wire::dateTime(o.value(QLatin1String("created_on")));
    return p;
}

} // namespace iotile::api
