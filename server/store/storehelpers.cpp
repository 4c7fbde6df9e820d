#include "server/store/storehelpers.h"

#include "server/store/database.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace iotile {

QJsonValue jsonColumn(const SqlQuery &query, int column)
{
    if (query.isNull(column))
        return QJsonValue::Null;
    // QJsonDocument parses objects and arrays only: a scalar is read inside an array.
    const QByteArray text = query.text(column).toUtf8();
    const QJsonArray wrapped = QJsonDocument::fromJson('[' + text + ']').array();
    return wrapped.isEmpty() ? QJsonValue(QJsonValue::Null) : wrapped.at(0);
}

QVariant jsonParameter(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QVariant();
    const QByteArray text = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

QJsonValue variantToJson(const QVariant &v)
{
    if (v.isNull())
        return QJsonValue::Null;
    switch (v.metaType().id()) {
    case QMetaType::Bool:
        return v.toBool();
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        return v.toLongLong();
    case QMetaType::Double:
    case QMetaType::Float:
        return v.toDouble();
    default:
        return v.toString();
    }
}

std::optional<qint64> insertedId(SqlQuery &query)
{
    std::optional<qint64> id;
    if (query.next())
        id = query.int64(0);
    query.raw().finish();
    return id;
}

} // namespace iotile
