#pragma once

#include "common/util/error.h"
#include "server/domain/device.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Devices: lookups, visibility-scoped lists with the original's filters, claim state.
class DeviceStore
{
public:
    explicit DeviceStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool all = false; // staff acting as staff
        bool includeInactive = false; // ?all=1
        std::optional<qint64> projectId;
        bool impossible = false; // a filter that matches nothing (e.g. an invalid project)
        std::optional<qint64> orgId;
        std::optional<qint64> templateId;
        std::optional<qint64> sgId;
        QString externalId;
        bool claimedOnly = false;
        QString propertyName;
        std::optional<QString> propertyValue;
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<Device>> list(const ListQuery &query, const Access &access, qint64 offset, qint64 limit);

    Result<std::optional<Device>> byId(qint64 id);
    Result<std::optional<Device>> bySlug(const QString &slug);
    // The next free id (max + 1) for devices created without one.
    Result<qint64> nextId();
    Result<Device> create(Device device);
    // Saves every column (claim state included).
    Status update(const Device &device);
    Status remove(qint64 id);

private:
    Result<std::optional<Device>> one(const char *where, const QVariant &value);
    SqlConnection &m_db;
};

} // namespace iotile
