#pragma once

#include "common/util/error.h"
#include "server/domain/project.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Projects: lookups, visibility-scoped lists with the original's filters, gid allocation.
class ProjectStore
{
public:
    explicit ProjectStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool all = false; // staff acting as staff: template masters included
        std::optional<qint64> orgId;
        QString slug;
        QString name;
        std::optional<qint64> createdBy;
        QString propertyName; // projects that have this property (optionally with propertyValue)
        std::optional<QString> propertyValue;
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<Project>> list(const ListQuery &query, const Access &access, qint64 offset, qint64 limit);

    Result<std::optional<Project>> byUuid(const QString &uuid);
    Result<std::optional<Project>> bySlug(const QString &slug);
    Result<std::optional<Project>> byId(qint64 id);
    Result<std::optional<Project>> byGid(qint64 gid);
    // Allocates the next gid (max + 1, never reused while the highest exists) and inserts.
    Result<Project> create(Project project);
    Status update(const Project &project);
    // Moves what hangs off a project (devices, variables, streams) to the org the project now belongs to;
    // access follows their own org column.
    Status reassignOrg(qint64 projectId, qint64 orgId);
    Status remove(qint64 id);
    // project/<uuid>/extra/ counts.
    Result<QJsonObject> counts(qint64 projectId);

private:
    Result<std::optional<Project>> one(const char *where, const QVariant &value);
    SqlConnection &m_db;
};

} // namespace iotile
