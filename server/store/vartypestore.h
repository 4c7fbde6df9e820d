#pragma once

#include "common/util/error.h"
#include "server/domain/vartype.h"

#include <QList>

#include <optional>

namespace iotile {

class SqlConnection;

// Var types and their units.
class VarTypeStore
{
public:
    explicit VarTypeStore(SqlConnection &connection)
        : m_db(connection)
    { }

    Result<std::optional<VarType>> byId(qint64 id);
    Result<std::optional<VarType>> bySlug(const QString &slug);
    Result<qint64> count(const QString &search, std::optional<qint64> createdBy);
    Result<QList<VarType>> list(const QString &search, std::optional<qint64> createdBy, qint64 offset,
                                qint64 limit);
    Result<std::optional<VarTypeUnit>> unitById(qint64 id);
    Result<std::optional<VarTypeUnit>> unitBySlug(const QString &slug);
    Result<VarType> create(VarType type);
    Status update(const VarType &type);
    Status remove(qint64 id);
    // Replaces the units of a var type with the given ones (matched by slug: existing ids are kept).
    Status saveUnits(VarType &type);

private:
    Status loadUnits(VarType &type);
    SqlConnection &m_db;
};

} // namespace iotile
