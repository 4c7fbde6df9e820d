#include "common/api/note.h"

#include "common/api/wirejson.h"

namespace iotile::api {

Note Note::fromJson(const QJsonObject &o)
{
    Note n;
    n.id = wire::integer(o.value(QLatin1String("id"))).value_or(0);
    n.target = o.value(QLatin1String("target")).toString();
    n.timestamp = wire::dateTime(o.value(QLatin1String("timestamp")));
    n.text = o.value(QLatin1String("note")).toString();
    n.type = o.value(QLatin1String("type")).toString();
    n.user = o.value(QLatin1String("user_info")).toObject().value(QLatin1String("username")).toString();
    return n;
}

QJsonObject Note::createBody(const QString &target, const QDateTime &timestamp, const QString &text)
{
    return QJsonObject {
        {QStringLiteral("target"), target},
        {QStringLiteral("timestamp"), timestamp.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("note"), text},
    };
}

} // namespace iotile::api
