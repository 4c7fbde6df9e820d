#pragma once

#include "common/units/mdo.h"

#include <QJsonObject>
#include <QString>
#include <QStringView>

#include <optional>
#include <utility>

namespace iotile {

// An input or output unit of a variable type (VarTypeInputUnit / VarTypeOutputUnit): the MDO between it
// and the type's stored unit, plus the display details output units carry.
class Unit final
{
public:
    enum class Direction { Input, Output };

    Unit() = default;
    // The slug is derived as the original's save() does: in--<var type slug>--<slugify(unit_full)>.
    Unit(Direction direction, QStringView varTypeSlug, const QString &unitFull, const QString &unitShort,
         qint64 m = 1, qint64 d = 1, double o = 0.0);

    // "in--<var type slug>--<slugify(unit_full)>" / "out--…".
    static QString inputSlug(QStringView varTypeSlug, QStringView unitFull);
    static QString outputSlug(QStringView varTypeSlug, QStringView unitFull);

    Direction direction() const { return m_direction; }
    const QString &slug() const { return m_slug; }
    // A slug as loaded from storage (it is only recomputed when the unit is saved).
    void setSlug(const QString &slug) { m_slug = slug; }
    const QString &unitFull() const { return m_unitFull; }
    const QString &unitShort() const { return m_unitShort; }
    qint64 m() const { return m_m; }
    qint64 d() const { return m_d; }
    double o() const { return m_o; }
    // Output units only (default 0).
    int decimalPlaces() const { return m_decimalPlaces; }
    void setDecimalPlaces(int places) { m_decimalPlaces = places; }
    // Output units only: {"<derivation type>": {"<name>": {"m": int, "d": int}}}, or null.
    const std::optional<QJsonObject> &derivedUnits() const { return m_derivedUnits; }
    void setDerivedUnits(std::optional<QJsonObject> units) { m_derivedUnits = std::move(units); }

    // nullopt when m or d is 0.
    std::optional<Mdo> mdo() const;
    // The m/d of derived_units[type][name] (no offset). nullopt when absent or not integers != 0. The
    // original's display code indexes derived_units[selection]["m"], one level short of this layout;
    // callers that need that exact behaviour look the selection up themselves.
    std::optional<Mdo> derivedMdo(QStringView derivationType, QStringView name) const;

    // The API object: {"slug", "unit_full", "unit_short", "m", "d", "o"}, output units add
    // "decimal_places" and "derived_units".
    QJsonObject toJson() const;

private:
    Direction m_direction = Direction::Input;
    QString m_slug;
    QString m_unitFull;
    QString m_unitShort;
    qint64 m_m = 1;
    qint64 m_d = 1;
    double m_o = 0.0;
    int m_decimalPlaces = 0;
    std::optional<QJsonObject> m_derivedUnits;
};

} // namespace iotile
