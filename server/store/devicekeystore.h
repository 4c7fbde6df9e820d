#pragma once

#include "common/util/error.h"
#include "server/domain/devicekey.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// Device keys, one per (device, type).
class DeviceKeyStore
{
public:
    explicit DeviceKeyStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // Inserts; nullopt when the device already has a key of that type.
    Result<std::optional<DeviceKey>> create(DeviceKey key);
    Result<std::optional<DeviceKey>> find(qint64 deviceId, const QString &type);
    // Keys that may be handed out: downloadable and never the a-jwt signing key.
    Result<std::optional<DeviceKey>> downloadable(qint64 deviceId, const QString &type);
    Result<QList<DeviceKey>> downloadableOf(qint64 deviceId);
    // Every key of one type with its device's slug (the MQTT broker's credentials), by device id.
    Result<QList<DeviceKey>> ofType(const QString &type);
    // The stored key of this type, or `candidate` stored now (race-safe get-or-create).
    Result<DeviceKey> findOrCreate(const DeviceKey &candidate);

private:
    SqlConnection &m_db;
};

} // namespace iotile
