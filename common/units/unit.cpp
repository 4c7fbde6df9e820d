#include "common/units/unit.h"

#include "common/slug/slugify.h"

#include <QJsonValue>

#include <cmath>

namespace iotile {

namespace {

QString unitSlug(QStringView direction, QStringView varTypeSlug, QStringView unitFull)
{
    QString slug;
    slug += direction;
    slug += u"--";
    slug += varTypeSlug;
    slug += u"--";
    slug += slugify(unitFull);
    return slug;
}

// A JSON number that is an integer (JSON has no separate integer type; 2.0 counts, 2.5 does not).
std::optional<qint64> jsonInteger(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    // Range first: converting a double outside qint64 (or NaN) is undefined.
    if (!(number >= -9.0e18 && number <= 9.0e18) || std::trunc(number) != number)
        return std::nullopt;
    return static_cast<qint64>(number);
}

} // namespace

Unit::Unit(Direction direction, QStringView varTypeSlug, const QString &unitFull, const QString &unitShort,
           qint64 m, qint64 d, double o)
    : m_direction(direction)
    , m_slug(direction == Direction::Input ? inputSlug(varTypeSlug, unitFull)
                                           : outputSlug(varTypeSlug, unitFull))
    , m_unitFull(unitFull)
    , m_unitShort(unitShort)
    , m_m(m)
    , m_d(d)
    , m_o(o)
{ }

QString Unit::inputSlug(QStringView varTypeSlug, QStringView unitFull)
{
    return unitSlug(u"in", varTypeSlug, unitFull);
}

QString Unit::outputSlug(QStringView varTypeSlug, QStringView unitFull)
{
    return unitSlug(u"out", varTypeSlug, unitFull);
}

std::optional<Mdo> Unit::mdo() const
{
    return Mdo::create(m_m, m_d, m_o);
}

std::optional<Mdo> Unit::derivedMdo(QStringView derivationType, QStringView name) const
{
    if (!m_derivedUnits)
        return std::nullopt;
    const QJsonObject entry = m_derivedUnits->value(derivationType).toObject().value(name).toObject();
    const std::optional<qint64> m = jsonInteger(entry.value(QLatin1String("m")));
    const std::optional<qint64> d = jsonInteger(entry.value(QLatin1String("d")));
    if (!m || !d)
        return std::nullopt;
    return Mdo::create(*m, *d);
}

QJsonObject Unit::toJson() const
{
    QJsonObject object {
        {QStringLiteral("slug"), m_slug},
        {QStringLiteral("unit_full"), m_unitFull},
        {QStringLiteral("unit_short"), m_unitShort},
        {QStringLiteral("m"), m_m},
        {QStringLiteral("d"), m_d},
        {QStringLiteral("o"), m_o},
    };
    if (m_direction == Direction::Output) {
        object.insert(QStringLiteral("decimal_places"), m_decimalPlaces);
        object.insert(QStringLiteral("derived_units"),
                      m_derivedUnits ? QJsonValue(*m_derivedUnits) : QJsonValue(QJsonValue::Null));
    }
    return object;
}

} // namespace iotile
