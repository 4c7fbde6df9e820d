#pragma once

#include "common/util/error.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace iotile {

class SqlConnection;
struct VarTypeUnit;
struct VarType;

// Serialises var types and units the way variables, streams and vartype/ show them, with a per-request
// cache (a page of streams shares a handful of units).
class UnitJson
{
public:
    explicit UnitJson(SqlConnection &db)
        : m_db(db)
    { }

    static QJsonObject unit(const VarTypeUnit &unit);
    static QJsonObject varType(const VarType &type);
    // The unit object of an id, or null.
    Result<QJsonValue> unitById(const std::optional<qint64> &id);
    Result<QJsonValue> varTypeSlug(const std::optional<qint64> &id);

private:
    SqlConnection &m_db;
    QHash<qint64, QJsonValue> m_units;
    QHash<qint64, QJsonValue> m_typeSlugs;
};

} // namespace iotile
