#pragma once

#include "common/util/error.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace iotile {

// Collects serializer-style field errors ({"field": ["message", ...]}) while a body is checked, so a
// client learns about every bad field at once.
class FieldErrors
{
public:
    void add(const QString &field, const QString &message);
    bool isEmpty() const { return m_errors.isEmpty(); }
    bool has(const QString &field) const { return m_errors.contains(field); }
    Error error() const { return Error::fields(m_errors); }
    Status status() const;

    // Readers that record "This field is required." / type errors and return what they could read.
    std::optional<QString> requiredString(const QJsonObject &body, const QString &field, int maxLength = -1);
    std::optional<QString> optionalString(const QJsonObject &body, const QString &field, int maxLength = -1);
    std::optional<bool> optionalBool(const QJsonObject &body, const QString &field);
    std::optional<qint64> optionalInt(const QJsonObject &body, const QString &field);
    std::optional<double> optionalDouble(const QJsonObject &body, const QString &field);
    std::optional<QString> requiredEmail(const QJsonObject &body, const QString &field);

private:
    QJsonObject m_errors;
};

bool isValidEmail(const QString &email);
// DRF's BooleanField inputs: true/false, 1/0, "true"/"false", "yes"/"no", "on"/"off" (any case).
std::optional<bool> parseBool(const QJsonValue &value);
// An integer from a JSON number or a numeric string (form bodies send strings).
std::optional<qint64> parseInt(const QJsonValue &value);

} // namespace iotile
