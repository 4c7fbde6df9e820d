#pragma once

#include "common/util/error.h"
#include "server/domain/variable.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Project variables (and the project-less system variables).
class VariableStore
{
public:
    explicit VariableStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool all = false;
        bool impossible = false;
        std::optional<qint64> projectId;
        bool includeSystem = false; // with projectId: OR the system variables
        std::optional<qint64> orgId;
        QString search;
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<Variable>> list(const ListQuery &query, const Access &access, qint64 offset, qint64 limit);

    Result<std::optional<Variable>> bySlug(const QString &slug);
    Result<std::optional<Variable>> byId(qint64 id);
    Result<std::optional<Variable>> byProjectLid(qint64 projectId, int lid);
    Result<Variable> create(Variable variable);
    Status update(const Variable &variable);
    Status remove(qint64 id);

private:
    Result<std::optional<Variable>> one(const QString &where, const QVariantList &values);
    SqlConnection &m_db;
};

} // namespace iotile
