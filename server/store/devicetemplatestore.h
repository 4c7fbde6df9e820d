#pragma once

#include "common/util/error.h"
#include "server/domain/devicetemplate.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// Device templates and their component slots.
class DeviceTemplateStore
{
public:
    explicit DeviceTemplateStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool includeInactive = false;
        std::optional<qint64> createdBy;
        std::optional<QString> orgSlug;
    };
    Result<qint64> count(const ListQuery &query);
    // A page of templates, each with its slots.
    Result<QList<DeviceTemplate>> list(const ListQuery &query, qint64 offset, qint64 limit);

    // With slots; inactive templates too (callers decide who may see them).
    Result<std::optional<DeviceTemplate>> bySlug(const QString &slug);
    Result<std::optional<DeviceTemplate>> byId(qint64 id);
    // Another template already has this (SKU, version) or this slug.
    Result<bool> versionTaken(const QString &externalSku, int major, int minor, int patch, qint64 exceptId);
    Result<bool> slugTaken(const QString &slug, qint64 exceptId);

    Result<DeviceTemplate> create(DeviceTemplate t);
    Status update(const DeviceTemplate &t);
    Status remove(qint64 id);

    Result<qint64> countSlots(qint64 templateId);
    Result<QList<DeviceSlot>> slotPage(qint64 templateId, qint64 offset, qint64 limit);
    // Puts the component in the slot of that number: true when the slot was new.
    Result<bool> setSlot(qint64 templateId, int number, qint64 componentId);

private:
    Result<std::optional<DeviceTemplate>> one(const char *where, const QVariant &value);
    SqlConnection &m_db;
};

} // namespace iotile
