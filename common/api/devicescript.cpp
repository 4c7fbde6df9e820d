#include "common/api/devicescript.h"

#include "common/api/wirejson.h"

namespace iotile::api {

DeviceScript DeviceScript::fromJson(const QJsonObject &o)
{
    DeviceScript s;
    s.slug = o.value(QLatin1String("slug")).toString();
    s.gid = wire::integer(o.value(QLatin1String("gid"))).value_or(0);
    s.name = o.value(QLatin1String("name")).toString();
    s.org = o.value(QLatin1String("org")).toString();
    s.version = o.value(QLatin1String("version")).toString();
    s.released = o.value(QLatin1String("released")).toBool();
    // released_on is a date ("2024-05-01") in the original, not a time.
    s.releasedOn = QDate::fromString(o.value(QLatin1String("released_on")).toString().left(10), Qt::ISODate);
    return s;
}

QString DeviceScript::displayName() const
{
    return version.isEmpty() ? name : name + QLatin1Char(' ') + version;
}

} // namespace iotile::api
