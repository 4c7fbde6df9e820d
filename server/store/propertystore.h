#pragma once

#include "common/util/error.h"
#include "server/domain/property.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// Properties (name=value pairs by target slug), ordered by name within a target.
class PropertyStore
{
public:
    explicit PropertyStore(SqlConnection &connection)
        : m_db(connection)
    { }

    Result<qint64> count(const QString &target);
    // offset/limit < 0: everything.
    Result<QList<Property>> list(const QString &target, qint64 offset = 0, qint64 limit = -1);
    Result<std::optional<Property>> byId(qint64 id);
    Result<std::optional<Property>> byName(const QString &target, const QString &name);
    // Inserts; nullopt when (target, name) is taken.
    Result<std::optional<Property>> create(Property property);
    // Value, type and creator (the original's upsert records who wrote last).
    Status update(const Property &property);
    Status remove(qint64 id);

private:
    SqlConnection &m_db;
};

} // namespace iotile
