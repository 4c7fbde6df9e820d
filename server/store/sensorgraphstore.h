#pragma once

#include "common/util/error.h"
#include "server/domain/sensorgraph.h"

#include <QList>

#include <optional>

namespace iotile {

class SqlConnection;

// Sensor graphs with their variable and display widget templates, and the property templates attached
// to them.
class SensorGraphStore
{
public:
    explicit SensorGraphStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool includeInactive = false;
        std::optional<qint64> createdBy;
        QList<qint64> variableTemplateIds; // graphs having any of these variable templates
        std::optional<QString> orgSlug;
        std::optional<QString> slug;
    };
    Result<qint64> count(const ListQuery &query);
    // A page of graphs, each with its variable and widget templates.
    Result<QList<SensorGraph>> list(const ListQuery &query, qint64 offset, qint64 limit);

    Result<std::optional<SensorGraph>> bySlug(const QString &slug);
    Result<std::optional<SensorGraph>> byId(qint64 id);
    // Another graph already has this (name, version) or this slug.
    Result<bool> versionTaken(const QString &name, int major, int minor, int patch, qint64 exceptId);
    Result<bool> slugTaken(const QString &slug, qint64 exceptId);
    Result<SensorGraph> create(SensorGraph sg);
    Status update(const SensorGraph &sg);
    Status remove(qint64 id);

    Result<QList<VarTemplate>> varTemplates(qint64 sgId);
    Result<std::optional<VarTemplate>> varTemplateById(qint64 id);
    Result<VarTemplate> createVarTemplate(VarTemplate t);
    Status updateVarTemplate(const VarTemplate &t);

    Result<QList<DisplayWidget>> displayWidgets(qint64 sgId);
    Result<std::optional<DisplayWidget>> widgetById(qint64 id);
    Result<DisplayWidget> createWidget(DisplayWidget w);
    Status updateWidget(const DisplayWidget &w);

    // The property templates of one org attached to a graph, by name.
    Result<qint64> countPropertyTemplates(qint64 sgId, qint64 orgId);
    Result<QList<SensorGraphPropertyTemplate>> propertyTemplates(qint64 sgId, qint64 orgId, qint64 offset,
                                                                 qint64 limit);
    Result<bool> propertyTemplateExists(qint64 templateId);
    // Idempotent.
    Status attachPropertyTemplate(qint64 sgId, qint64 templateId);

private:
    Result<std::optional<SensorGraph>> one(const char *where, const QVariant &value);
    SqlConnection &m_db;
};

} // namespace iotile
