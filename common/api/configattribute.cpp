#include "common/api/configattribute.h"

#include "common/api/wirejson.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace iotile::api {

ConfigAttribute ConfigAttribute::fromJson(const QJsonObject &o)
{
    ConfigAttribute a;
    a.id = wire::integer(o.value(QLatin1String("id"))).value_or(0);
    a.target = o.value(QLatin1String("target")).toString();
    a.name = o.value(QLatin1String("name")).toString();
    a.data = o.value(QLatin1String("data"));
    a.updatedOn = wire::dateTime(o.value(QLatin1String("updated_on")));
    return a;
}

QString ConfigAttribute::dataText() const
{
    if (data.isObject())
        return QString::fromUtf8(QJsonDocument(data.toObject()).toJson(QJsonDocument::Compact));
    if (data.isArray())
        return QString::fromUtf8(QJsonDocument(data.toArray()).toJson(QJsonDocument::Compact));
    if (data.isString())
        return QLatin1Char('"') + data.toString() + QLatin1Char('"');
    if (data.isBool())
        return data.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (data.isDouble())
        return QString::number(data.toDouble());
    return QStringLiteral("null");
}

QJsonObject ConfigAttribute::upsertBody(const QString &target, const QString &name, const QJsonValue &data)
{
    return QJsonObject {
        {QStringLiteral("target"), target},
        {QStringLiteral("name"), name},
        {QStringLiteral("data"), data},
    };
}

} // namespace iotile::api
