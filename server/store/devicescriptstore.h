#pragma once

#include "common/util/error.h"
#include "server/domain/ota.h"

#include <QList>

#include <optional>

namespace iotile {

class SqlConnection;

// OTA device scripts and the link to their file in the BlobStore.
class DeviceScriptStore
{
public:
    explicit DeviceScriptStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool releasedOnly = false;
        std::optional<int> major, minor, patch; // ?version=1.2.3 (a prefix of it)
        QList<qint64> orgIds; // any of them; empty: all
        bool orReleased = false; // with orgIds: released scripts of any org too
    };
    Result<qint64> count(const ListQuery &query);
    Result<QList<DeviceScript>> list(const ListQuery &query, qint64 offset, qint64 limit);

    Result<std::optional<DeviceScript>> byId(qint64 id);
    // Another script with the same org, name and version.
    Result<bool> versionTaken(const DeviceScript &script);
    Result<DeviceScript> create(DeviceScript script);
    Status update(const DeviceScript &script);
    Status remove(qint64 id);
    Result<bool> fileUuidTaken(const QString &uuid);
    Status setFile(qint64 id, const QString &uuid, const QString &name, const QString &key, qint64 by);

private:
    SqlConnection &m_db;
};

} // namespace iotile
