#include "server/api/validation.h"

#include <QJsonArray>

#include <cmath>

namespace iotile {

void FieldErrors::add(const QString &field, const QString &message)
{
    QJsonArray list = m_errors.value(field).toArray();
    list.append(message);
    m_errors.insert(field, list);
}

Status FieldErrors::status() const
{
    if (isEmpty())
        return Ok {};
    return error();
}

std::optional<QString> FieldErrors::requiredString(const QJsonObject &body, const QString &field,
                                                   int maxLength)
{
    const QJsonValue v = body.value(field);
    if (v.isUndefined()) {
        add(field, QStringLiteral("This field is required."));
        return std::nullopt;
    }
    if (v.isNull()) {
        add(field, QStringLiteral("This field may not be null."));
        return std::nullopt;
    }
    auto s = optionalString(body, field, maxLength);
    if (s && s->trimmed().isEmpty()) {
        add(field, QStringLiteral("This field may not be blank."));
        return std::nullopt;
    }
    return s;
}

std::optional<QString> FieldErrors::optionalString(const QJsonObject &body, const QString &field,
                                                   int maxLength)
{
    const QJsonValue v = body.value(field);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    QString s;
    if (v.isString())
        s = v.toString();
    else if (v.isDouble())
        s = QString::number(v.toDouble(), 'g', 17);
    else if (v.isBool())
        s = v.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    else {
        add(field, QStringLiteral("Not a valid string."));
        return std::nullopt;
    }
    if (maxLength >= 0 && s.size() > maxLength) {
        add(field, QStringLiteral("Ensure this field has no more than %1 characters.").arg(maxLength));
        return std::nullopt;
    }
    return s;
}

std::optional<bool> FieldErrors::optionalBool(const QJsonObject &body, const QString &field)
{
    const QJsonValue v = body.value(field);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    auto b = parseBool(v);
    if (!b)
        add(field, QStringLiteral("Must be a valid boolean."));
    return b;
}

std::optional<qint64> FieldErrors::optionalInt(const QJsonObject &body, const QString &field)
{
    const QJsonValue v = body.value(field);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    auto n = parseInt(v);
    if (!n)
        add(field, QStringLiteral("A valid integer is required."));
    return n;
}

std::optional<double> FieldErrors::optionalDouble(const QJsonObject &body, const QString &field)
{
    const QJsonValue v = body.value(field);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().trimmed().toDouble(&ok);
        if (ok && std::isfinite(d))
            return d;
    }
    add(field, QStringLiteral("A valid number is required."));
    return std::nullopt;
}

std::optional<QString> FieldErrors::requiredEmail(const QJsonObject &body, const QString &field)
{
    auto s = requiredString(body, field, 254);
    if (!s)
        return std::nullopt;
    if (!isValidEmail(s->trimmed())) {
        add(field, QStringLiteral("Enter a valid email address."));
        return std::nullopt;
    }
    return s->trimmed();
}

bool isValidEmail(const QString &email)
{
    if (email.size() > 254 || email.count(QLatin1Char('@')) != 1)
        return false;
    const qsizetype at = email.indexOf(QLatin1Char('@'));
    const QString local = email.left(at);
    const QString domain = email.mid(at + 1);
    if (local.isEmpty() || domain.size() < 3 || !domain.contains(QLatin1Char('.'))
        || domain.startsWith(QLatin1Char('.')) || domain.endsWith(QLatin1Char('.'))
        || domain.contains(QStringLiteral("..")))
        return false;
    for (QChar c : email)
        if (c.isSpace() || c == QLatin1Char('<') || c == QLatin1Char('>') || c == QLatin1Char(',')
            || c == QLatin1Char(';'))
            return false;
    return true;
}

std::optional<bool> parseBool(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool();
    if (value.isDouble()) {
        if (value.toDouble() == 1)
            return true;
        if (value.toDouble() == 0)
            return false;
        return std::nullopt;
    }
    if (value.isString()) {
        const QString s = value.toString().trimmed().toLower();
        if (s == QLatin1String("true") || s == QLatin1String("1") || s == QLatin1String("yes")
            || s == QLatin1String("on") || s == QLatin1String("t") || s == QLatin1String("y"))
            return true;
        if (s == QLatin1String("false") || s == QLatin1String("0") || s == QLatin1String("no")
            || s == QLatin1String("off") || s == QLatin1String("f") || s == QLatin1String("n"))
            return false;
    }
    return std::nullopt;
}

std::optional<qint64> parseInt(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.007199254740992e15)
            return qint64(d);
        return std::nullopt;
    }
    if (value.isString()) {
        bool ok = false;
        const qint64 n = value.toString().trimmed().toLongLong(&ok);
        if (ok)
            return n;
    }
    return std::nullopt;
}

} // namespace iotile
