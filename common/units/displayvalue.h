#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <optional>

namespace iotile {

// The original's display_value text (StreamDataDisplayHelper.format_value): Python's
// '{0:0.{prec}f}'.format(value), with prec = the variable's decimal_places, or 2 without a variable.
class DisplayValue final
{
public:
    static constexpr int kDefaultDecimalPlaces = 2;

    // Fixed notation, correctly rounded from the binary value like Python ("2.675" with 2 places gives
    // "2.67"); "nan", "inf", "-inf" as Python writes them; "ERR" for a missing value. A negative
    // decimal_places (a ValueError in the original) counts as 0.
    static QString format(std::optional<double> value, int decimalPlaces);
    // format() + " " + units (format_value(..., with_units=True)).
    static QString formatWithUnits(std::optional<double> value, int decimalPlaces, QStringView units);
    // format() for the streaming JSON/CSV writers.
    static void append(QByteArray &out, double value, int decimalPlaces);
};

} // namespace iotile
