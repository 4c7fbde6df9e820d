#pragma once

#include "server/api/validation.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace iotile {

class RequestContext;

// Readers shared by the metadata controllers (properties, config, notes, locations) for the DRF field
// types they use: trimmed CharFields, DateTimeFields, DecimalFields, integer lookups.
namespace fields {

// A DRF CharField: strings (trimmed) and numbers; null or missing give nullopt, with an error when
// required. Blank strings are errors unless allowBlank.
std::optional<QString> charField(const QJsonObject &body, const QString &name, FieldErrors &errors,
                                 bool required, int maxLength = -1, bool allowBlank = false);
// A DRF DateTimeField (ISO-8601) as microseconds.
std::optional<qint64> dateTime(const QJsonObject &body, const QString &name, FieldErrors &errors,
                               bool required);
// A DRF DecimalField(max_digits, decimal_places) rendered with all its decimal places ("12.100000").
std::optional<QString> decimal(const QJsonObject &body, const QString &name, FieldErrors &errors,
                               int maxDigits, int decimalPlaces);
// A django-filter IsoDateTimeFilter query parameter; absent or empty gives nullopt.
std::optional<qint64> queryDateTime(const RequestContext &ctx, const QString &name, FieldErrors &errors);
// A django-filter NumberFilter query parameter (integral values only here).
std::optional<qint64> queryNumber(const RequestContext &ctx, const QString &name, FieldErrors &errors,
                                  const QString &errorKey = {});
// A primary key from the URL: digits only.
std::optional<qint64> lookupId(const QString &text);

} // namespace fields

} // namespace iotile
