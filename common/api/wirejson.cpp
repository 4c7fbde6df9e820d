#include "common/api/wirejson.h"

#include <QTimeZone>

#include <cmath>

namespace iotile::api::wire {

QDateTime dateTime(const QJsonValue &value)
{
    const auto us = micros(value);
    if (!us)
        return {};
    return QDateTime::fromMSecsSinceEpoch(*us / 1000, QTimeZone::utc());
}

std::optional<isotime::Micros> micros(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    return isotime::parse(value.toString());
}

std::optional<double> number(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    if (value.isString()) {
        bool ok = false;
        const double parsed = value.toString().toDouble(&ok);
        if (ok)
            return parsed;
    }
    return std::nullopt;
}

std::optional<qint64> integer(const QJsonValue &value)
{
    const auto parsed = number(value);
    if (!parsed || !(*parsed >= -9.0e18 && *parsed <= 9.0e18))
        return std::nullopt;
    return qint64(std::llround(*parsed));
}

std::optional<Unit> unit(const QJsonValue &value, Unit::Direction direction)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject o = value.toObject();
    Unit result(
        direction, QStringView(), o.value(QLatin1String("unit_full")).toString(),
        o.value(QLatin1String("unit_short")).toString(), integer(o.value(QLatin1String("m"))).value_or(1),
        integer(o.value(QLatin1String("d"))).value_or(1), number(o.value(QLatin1String("o"))).value_or(0.0));
    result.setSlug(o.value(QLatin1String("slug")).toString());
    if (direction == Unit::Direction::Output) {
        result.setDecimalPlaces(int(integer(o.value(QLatin1String("decimal_places"))).value_or(0)));
        const QJsonValue derived = o.value(QLatin1String("derived_units"));
        if (derived.isObject())
            result.setDerivedUnits(derived.toObject());
    }
    return result;
}

} // namespace iotile::api::wire
