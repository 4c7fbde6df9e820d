#pragma once

#include "common/units/unit.h"
#include "common/util/isotime.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

// Lenient readers for the wire JSON: a client keeps working when the server adds or omits a field.
namespace iotile::api::wire {

// An ISO-8601 text as a UTC QDateTime; invalid when absent or unreadable.
QDateTime dateTime(const QJsonValue &value);
std::optional<isotime::Micros> micros(const QJsonValue &value);
// A JSON number, or a decimal string such as the original's "12.100000" for lat/lon.
std::optional<double> number(const QJsonValue &value);
std::optional<qint64> integer(const QJsonValue &value);
// A unit object ({"slug", "unit_full", "unit_short", "m", "d", "o", ...}); nullopt for null.
std::optional<Unit> unit(const QJsonValue &value, Unit::Direction direction);

} // namespace iotile::api::wire
