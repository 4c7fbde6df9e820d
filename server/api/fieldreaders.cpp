#include "server/api/fieldreaders.h"

#include "common/util/isotime.h"
#include "server/http/requestcontext.h"

#include <charconv>
#include <cmath>

namespace iotile::fields {

namespace {

const QString kDateTimeFormat = QStringLiteral("Datetime has wrong format. Use one of these formats instead: "
                                               "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].");

// Python's str(float): the shortest text that reads back as the same double.
QString shortestText(double value)
{
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    return QString::fromLatin1(buffer, result.ptr - buffer);
}

} // namespace

std::optional<QString> charField(const QJsonObject &body, const QString &name, FieldErrors &errors,
                                 bool required, int maxLength, bool allowBlank)
{
    const QJsonValue v = body.value(name);
    if (v.isUndefined()) {
        if (required)
            errors.add(name, QStringLiteral("This field is required."));
        return std::nullopt;
    }
    if (v.isNull()) {
        errors.add(name, QStringLiteral("This field may not be null."));
        return std::nullopt;
    }
    QString text;
    if (v.isString())
        text = v.toString().trimmed();
    else if (v.isDouble())
        text = v.toDouble() == std::floor(v.toDouble()) && std::fabs(v.toDouble()) < 1e15
            ? QString::number(qint64(v.toDouble()))
            : shortestText(v.toDouble());
    else {
        errors.add(name, QStringLiteral("Not a valid string."));
        return std::nullopt;
    }
    if (text.isEmpty() && !allowBlank) {
        errors.add(name, QStringLiteral("This field may not be blank."));
        return std::nullopt;
    }
    if (maxLength >= 0 && text.size() > maxLength) {
        errors.add(name, QStringLiteral("Ensure this field has no more than %1 characters.").arg(maxLength));
        return std::nullopt;
    }
    return text;
}

std::optional<qint64> dateTime(const QJsonObject &body, const QString &name, FieldErrors &errors,
                               bool required)
{
    const QJsonValue v = body.value(name);
    if (v.isUndefined()) {
        if (required)
            errors.add(name, QStringLiteral("This field is required."));
        return std::nullopt;
    }
    if (v.isNull()) {
        errors.add(name, QStringLiteral("This field may not be null."));
        return std::nullopt;
    }
    const auto parsed = v.isString() ? isotime::parse(v.toString().trimmed()) : std::nullopt;
    if (!parsed)
        errors.add(name, kDateTimeFormat);
    return parsed;
}

std::optional<QString> decimal(const QJsonObject &body, const QString &name, FieldErrors &errors,
                               int maxDigits, int decimalPlaces)
{
    const QJsonValue v = body.value(name);
    if (v.isUndefined())
        return std::nullopt;
    if (v.isNull()) {
        errors.add(name, QStringLiteral("This field may not be null."));
        return std::nullopt;
    }
    QString text;
    if (v.isDouble())
        text = shortestText(v.toDouble());
    else if (v.isString())
        text = v.toString().trimmed();
    else {
        errors.add(name, QStringLiteral("A valid number is required."));
        return std::nullopt;
    }
    bool ok = false;
    const double number = text.toDouble(&ok);
    if (!ok || !std::isfinite(number)) {
        errors.add(name, QStringLiteral("A valid number is required."));
        return std::nullopt;
    }
    if (text.contains(QLatin1Char('e'), Qt::CaseInsensitive)) {
        // Digits are counted on the plain notation of an exponent form.
        text = QString::number(number, 'f', 15);
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
    }
    QString digits = text;
    if (digits.startsWith(QLatin1Char('-')) || digits.startsWith(QLatin1Char('+')))
        digits.remove(0, 1);
    const qsizetype dot = digits.indexOf(QLatin1Char('.'));
    QString whole = dot < 0 ? digits : digits.left(dot);
    QString fraction = dot < 0 ? QString() : digits.mid(dot + 1);
    while (fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    while (whole.size() > 1 && whole.startsWith(QLatin1Char('0')))
        whole.remove(0, 1);
    const int wholeDigits = whole == QLatin1String("0") ? 0 : int(whole.size());
    if (wholeDigits + fraction.size() > maxDigits) {
        errors.add(name,
                   QStringLiteral("Ensure that there are no more than %1 digits in total.").arg(maxDigits));
        return std::nullopt;
    }
    if (fraction.size() > decimalPlaces) {
        errors.add(
            name, QStringLiteral("Ensure that there are no more than %1 decimal places.").arg(decimalPlaces));
        return std::nullopt;
    }
    if (wholeDigits > maxDigits - decimalPlaces) {
        errors.add(name,
                   QStringLiteral("Ensure that there are no more than %1 digits before the decimal point.")
                       .arg(maxDigits - decimalPlaces));
        return std::nullopt;
    }
    return QString::number(number, 'f', decimalPlaces);
}

std::optional<qint64> queryDateTime(const RequestContext &ctx, const QString &name, FieldErrors &errors)
{
    const QString text = ctx.queryValue(name);
    if (text.isEmpty())
        return std::nullopt;
    const auto parsed = isotime::parse(text);
    if (!parsed)
        errors.add(name, QStringLiteral("Enter a valid date/time."));
    return parsed;
}

std::optional<qint64> queryNumber(const RequestContext &ctx, const QString &name, FieldErrors &errors,
                                  const QString &errorKey)
{
    const QString text = ctx.queryValue(name);
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double number = text.toDouble(&ok);
    if (!ok || !std::isfinite(number)) {
        errors.add(errorKey.isEmpty() ? name : errorKey, QStringLiteral("Enter a number."));
        return std::nullopt;
    }
    return qint64(std::floor(number));
}

std::optional<qint64> lookupId(const QString &text)
{
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    for (QChar c : text)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    return text.toLongLong();
}

} // namespace iotile::fields
