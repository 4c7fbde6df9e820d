#pragma once

#include "common/util/error.h"
#include "server/domain/component.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// Components (the tiles device templates are made of).
class ComponentStore
{
public:
    explicit ComponentStore(SqlConnection &connection)
        : m_db(connection)
    { }

    Result<qint64> count(std::optional<qint64> createdBy);
    Result<QList<Component>> list(std::optional<qint64> createdBy, qint64 offset, qint64 limit);
    Result<std::optional<Component>> bySlug(const QString &slug);
    Result<std::optional<Component>> byId(qint64 id);
    // Another component already has this (SKU, version) or this slug.
    Result<bool> versionTaken(const QString &externalSku, int major, int minor, int patch, qint64 exceptId);
    Result<bool> slugTaken(const QString &slug, qint64 exceptId);

    Result<Component> create(Component c);
    Status update(const Component &c);
    Status remove(qint64 id);

private:
    SqlConnection &m_db;
};

} // namespace iotile
