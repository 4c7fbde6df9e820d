#pragma once

#include "common/util/error.h"
#include "server/domain/catalogtemplate.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// Org templates (org_templates) and project templates (project_templates): the same rows apart from the
// project template's org, so one store serves both.
class TemplateStore
{
public:
    enum class Kind { Org, Project };

    TemplateStore(SqlConnection &connection, Kind kind)
        : m_db(connection)
        , m_kind(kind)
    { }

    struct ListQuery
    {
        bool includeInactive = false;
        std::optional<qint64> createdBy;
        std::optional<QString> orgSlug; // project templates only
    };
    Result<qint64> count(const ListQuery &query);
    Result<QList<CatalogTemplate>> list(const ListQuery &query, qint64 offset, qint64 limit);

    Result<std::optional<CatalogTemplate>> bySlug(const QString &slug);
    Result<std::optional<CatalogTemplate>> byId(qint64 id);
    // Another template already has this (name, version) or this slug.
    Result<bool> versionTaken(const QString &name, int major, int minor, int patch, qint64 exceptId);
    Result<bool> slugTaken(const QString &slug, qint64 exceptId);

    Result<CatalogTemplate> create(CatalogTemplate t);
    Status update(const CatalogTemplate &t);
    Status remove(qint64 id);
    // The hidden master projects (is_template) made for a project template.
    Status removeMasterProjects(qint64 templateId);

private:
    QString table() const;
    QString select() const;
    SqlConnection &m_db;
    Kind m_kind;
};

} // namespace iotile
