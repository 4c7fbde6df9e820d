#include "server/api/fieldreader.h"

#include <QDate>
#include <QRegularExpression>

namespace iotile {

bool FieldReader::present(const QString &field, bool required, bool allowNull)
{
    const QJsonValue v = m_body.value(field);
    if (v.isUndefined()) {
        if (required && !m_partial)
            add(field, QStringLiteral("This field is required."));
        return false;
    }
    if (v.isNull()) {
        if (!allowNull)
            add(field, QStringLiteral("This field may not be null."));
        return false;
    }
    return true;
}

std::optional<QString> FieldReader::text(const QString &field, int maxLength, bool required, bool allowBlank)
{
    if (!present(field, required))
        return std::nullopt;
    const QJsonValue v = m_body.value(field);
    QString s;
    if (v.isString())
        s = v.toString().trimmed();
    else if (v.isDouble())
        s = QString::number(v.toDouble(), 'g', 17);
    else {
        add(field, QStringLiteral("Not a valid string."));
        return std::nullopt;
    }
    if (s.isEmpty() && !allowBlank) {
        add(field, QStringLiteral("This field may not be blank."));
        return std::nullopt;
    }
    if (maxLength >= 0 && s.size() > maxLength) {
        add(field, QStringLiteral("Ensure this field has no more than %1 characters.").arg(maxLength));
        return std::nullopt;
    }
    return s;
}

std::optional<qint64> FieldReader::integer(const QString &field, qint64 min, qint64 max, bool required)
{
    if (!present(field, required))
        return std::nullopt;
    const QJsonValue v = m_body.value(field);
    std::optional<qint64> n = v.isBool() ? std::nullopt : parseInt(v);
    if (!n && v.isString()) {
        // DRF accepts "12.0" for an integer.
        static const QRegularExpression kDecimal(QStringLiteral("^\\s*(-?\\d+)\\.0*\\s*$"));
        const auto m = kDecimal.match(v.toString());
        if (m.hasMatch())
            n = parseInt(QJsonValue(m.captured(1)));
    }
    if (!n) {
        add(field, QStringLiteral("A valid integer is required."));
        return std::nullopt;
    }
    if (*n > max) {
        add(field, QStringLiteral("Ensure this value is less than or equal to %1.").arg(max));
        return std::nullopt;
    }
    if (*n < min) {
        add(field, QStringLiteral("Ensure this value is greater than or equal to %1.").arg(min));
        return std::nullopt;
    }
    return n;
}

std::optional<double> FieldReader::number(const QString &field)
{
    if (!present(field, false))
        return std::nullopt;
    FieldErrors local;
    const auto d = local.optionalDouble(m_body, field);
    if (!d)
        add(field, QStringLiteral("A valid number is required."));
    return d;
}

std::optional<bool> FieldReader::boolean(const QString &field)
{
    if (!present(field, false))
        return std::nullopt;
    const auto b = parseBool(m_body.value(field));
    if (!b)
        add(field, QStringLiteral("Must be a valid boolean."));
    return b;
}

std::optional<QString> FieldReader::choice(const QString &field, const QStringList &choices, bool required)
{
    if (!present(field, required))
        return std::nullopt;
    const QJsonValue v = m_body.value(field);
    const QString s = v.isDouble() ? QString::number(v.toDouble(), 'g', 17) : v.toString();
    if (!(v.isString() || v.isDouble()) || !choices.contains(s)) {
        add(field, QStringLiteral("\"%1\" is not a valid choice.").arg(s));
        return std::nullopt;
    }
    return s;
}

std::optional<QString> FieldReader::date(const QString &field, bool required)
{
    if (!present(field, required))
        return std::nullopt;
    static const QRegularExpression kDate(QStringLiteral("^(\\d{4})-(\\d{1,2})-(\\d{1,2})$"));
    const auto m = kDate.match(m_body.value(field).toString());
    const QDate date =
        m.hasMatch() ? QDate(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt()) : QDate();
    if (!date.isValid()) {
        add(field, QStringLiteral("Date has wrong format. Use one of these formats instead: YYYY-MM-DD."));
        return std::nullopt;
    }
    return date.toString(Qt::ISODate);
}

std::optional<QJsonValue> FieldReader::json(const QString &field)
{
    if (!m_body.contains(field))
        return std::nullopt;
    return m_body.value(field);
}

FieldReader::Reference FieldReader::reference(const QString &field, bool required, bool allowNull)
{
    Reference r;
    const QJsonValue v = m_body.value(field);
    if (v.isNull() && allowNull) {
        r.present = true;
        r.isNull = true;
        return r;
    }
    if (!present(field, required))
        return r;
    if (v.isString())
        r.slug = v.toString();
    else if (v.isDouble())
        r.slug = QString::number(v.toDouble(), 'g', 17);
    else {
        add(field, QStringLiteral("Invalid value."));
        return r;
    }
    r.present = true;
    return r;
}

void FieldReader::notFound(const QString &field, const QString &slug)
{
    add(field, QStringLiteral("Object with slug=%1 does not exist.").arg(slug));
}

} // namespace iotile
