#include "common/api/genericproperty.h"

#include "common/api/wirejson.h"

namespace iotile::api {

GenericProperty GenericProperty::fromJson(const QJsonObject &o)
{
    GenericProperty p;
    p.id = wire::integer(o.value(QLatin1String("id"))).value_or(0);
    p.name = o.value(QLatin1String("name")).toString();
    p.value = o.value(QLatin1String("value"));
    p.type = o.value(QLatin1String("type")).toString();
    p.isSystem = o.value(QLatin1String("is_system")).toBool();
    p.target = o.value(QLatin1String("target")).toString();
    return p;
}

QString GenericProperty::valueText() const
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    if (value.isDouble())
        return QString::number(qint64(value.toDouble()));
    return value.toString();
}

QJsonObject GenericProperty::newPropertyBody(const QString &name, const QString &type, const QString &text)
{
    QJsonObject body {{QStringLiteral("name"), name}};
    if (type == QLatin1String("int"))
        body.insert(QStringLiteral("int_value"), double(text.trimmed().toLongLong()));
    else if (type == QLatin1String("bool"))
        body.insert(QStringLiteral("bool_value"),
                    text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0
                        || text == QLatin1String("1"));
    else
        body.insert(QStringLiteral("str_value"), text);
    return body;
}

} // namespace iotile::api
