#include "common/api/account.h"

#include "common/api/wirejson.h"

namespace iotile::api {

Account Account::fromJson(const QJsonObject &o)
{
    Account a;
    a.id = wire::integer(o.value(QLatin1String("id"))).value_or(0);
    a.email = o.value(QLatin1String("email")).toString();
    a.username = o.value(QLatin1String("username")).toString();
    a.slug = o.value(QLatin1String("slug")).toString();
    a.name = o.value(QLatin1String("name")).toString();
    a.tagline = o.value(QLatin1String("tagline")).toString();
    a.isStaff = o.value(QLatin1String("is_staff")).toBool();
    a.createdAt = wire::dateTime(o.value(QLatin1String("created_at")));
    return a;
}

QString Account::displayName() const
{
    return name.trimmed().isEmpty() ? username : name;
}

} // namespace iotile::api
