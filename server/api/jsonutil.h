#pragma once

#include "common/util/isotime.h"

#include <QJsonValue>
#include <QString>

#include <optional>

// Small conversions every serializer needs: the original renders missing links as null.
namespace iotile::json {

inline QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

inline QString time(qint64 micros)
{
    return isotime::toString(micros);
}

inline QJsonValue time(const std::optional<qint64> &micros)
{
    return micros ? QJsonValue(isotime::toString(*micros)) : QJsonValue(QJsonValue::Null);
}

template<typename T>
QJsonValue optional(const std::optional<T> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

inline QJsonValue optional(const std::optional<qint64> &value)
{
    return value ? QJsonValue(double(*value)) : QJsonValue(QJsonValue::Null);
}

} // namespace iotile::json
