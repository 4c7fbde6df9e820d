#pragma once

#include "common/util/error.h"
#include "server/domain/property.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Property templates of orgs and their enum values.
class PropertyTemplateStore
{
public:
    explicit PropertyTemplateStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool all = false; // staff acting as staff; otherwise the caller's orgs
        std::optional<qint64> orgId;
        QString name;
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<PropertyTemplate>> list(const ListQuery &query, const Access &access, qint64 offset,
                                         qint64 limit);
    Result<std::optional<PropertyTemplate>> byId(qint64 id);
    // Inserts; nullopt when the org already has a template of that name.
    Result<std::optional<PropertyTemplate>> create(const PropertyTemplate &t);
    // False when the new (org, name) is taken.
    Result<bool> update(const PropertyTemplate &t);
    Status remove(qint64 id);

    Result<qint64> countEnums(qint64 templateId);
    Result<QList<PropertyEnum>> enums(qint64 templateId, qint64 offset, qint64 limit);
    // The existing value, or a new one (the original's get_or_create).
    Result<PropertyEnum> addEnum(qint64 templateId, const QString &value, qint64 userId);
    // False when the template has no such value.
    Result<bool> removeEnum(qint64 templateId, const QString &value);

private:
    Result<QStringList> enumValues(qint64 templateId);
    Result<std::optional<PropertyEnum>> enumByValue(qint64 templateId, const QString &value);
    SqlConnection &m_db;
};

} // namespace iotile
