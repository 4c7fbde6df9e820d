#include "common/units/displayvalue.h"

#include <charconv>
#include <cmath>
#include <vector>

namespace iotile {

namespace {

// Every double's exact decimal expansion ends within 1074 fractional digits; beyond that Python prints
// zeros, which are appended rather than asked of to_chars.
constexpr int kMaxExactDecimals = 1074;

void appendFixed(QByteArray &out, double value, int decimalPlaces)
{
    if (std::isnan(value)) {
        out.append("nan");
        return;
    }
    if (std::isinf(value)) {
        out.append(value < 0 ? "-inf" : "inf");
        return;
    }
    const int places = qMax(0, decimalPlaces);
    const int exact = qMin(places, kMaxExactDecimals);
    // sign + 309 integer digits + point + fraction
    char stackBuffer[400];
    std::vector<char> heapBuffer;
    char *buffer = stackBuffer;
    size_t capacity = sizeof(stackBuffer);
    if (exact > 300) {
        heapBuffer.resize(static_cast<size_t>(exact) + 400);
        buffer = heapBuffer.data();
        capacity = heapBuffer.size();
    }
    const std::to_chars_result written =
        std::to_chars(buffer, buffer + capacity, value, std::chars_format::fixed, exact);
    if (written.ec != std::errc())
        return;
    out.append(buffer, written.ptr - buffer);
    if (places > exact)
        out.append(QByteArray(places - exact, '0'));
}

} // namespace

QString DisplayValue::format(std::optional<double> value, int decimalPlaces)
{
    if (!value)
        return QStringLiteral("ERR");
    QByteArray out;
    appendFixed(out, *value, decimalPlaces);
    return QString::fromLatin1(out);
}

QString DisplayValue::formatWithUnits(std::optional<double> value, int decimalPlaces, QStringView units)
{
    if (!value)
        return format(value, decimalPlaces); // "ERR", without units, as in the original
    QString text = format(value, decimalPlaces);
    text += u' ';
    text += units;
    return text;
}

void DisplayValue::append(QByteArray &out, double value, int decimalPlaces)
{
    appendFixed(out, value, decimalPlaces);
}

} // namespace iotile
