#pragma once

#include "common/util/error.h"
#include "server/domain/sensorgraph.h"

#include <QList>

#include <optional>

namespace iotile {

class SqlConnection;

// Sensor graphs with their variable and display widget templates.
class SensorGraphStore
{
public:
    explicit SensorGraphStore(SqlConnection &connection)
        : m_db(connection)
    { }

    Result<std::optional<SensorGraph>> bySlug(const QString &slug);
    Result<std::optional<SensorGraph>> byId(qint64 id);
    Result<QList<VarTemplate>> varTemplates(qint64 sgId);
    Result<QList<DisplayWidget>> displayWidgets(qint64 sgId);

private:
    Result<std::optional<SensorGraph>> one(const char *where, const QVariant &value);
    SqlConnection &m_db;
};

} // namespace iotile
