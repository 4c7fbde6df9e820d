#pragma once

#include "common/util/error.h"
#include "server/domain/ota.h"

#include <QHash>
#include <QList>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Device OS/app versions, and the catalog lookups that follow a version change (the device template of
// an OS tag, the sensor graph of an app tag).
class DeviceVersionStore
{
public:
    explicit DeviceVersionStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool all = false; // staff acting as staff; otherwise active devices of the caller's orgs
        std::optional<qint64> id;
        std::optional<qint64> deviceId;
        QString type;
        bool latest = false; // the most recent version per device and type only
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<DeviceVersion>> list(const ListQuery &query, const Access &access, qint64 offset,
                                      qint64 limit);
    Result<std::optional<DeviceVersion>> byId(qint64 id);

    // Another row with the same device, type, tag, version and streamer id.
    Result<bool> taken(const DeviceVersion &version);
    Result<DeviceVersion> create(DeviceVersion version);
    // Inserts the version, or moves the identical row's updated_ts to this report's (a device that went
    // back to an earlier version without a streamer id reports the same row again); returns its id.
    Result<qint64> upsert(const DeviceVersion &version);
    Status update(const DeviceVersion &version);
    Status remove(qint64 id);

    // The device's most recent version per type ("app" before "os").
    Result<QList<DeviceVersion>> latest(qint64 deviceId);
    // The latest versions of many devices, by device id.
    Result<QHash<qint64, QList<DeviceVersion>>> latestOf(const QList<qint64> &deviceIds);
    Result<std::optional<DeviceVersion>> last(qint64 deviceId, const QString &type);

    // A catalog entry found for a reported version.
    struct CatalogMatch
    {
        qint64 id = 0;
        QString label; // "<name> v1.2.3"
        bool exact = true; // false: only the tag matched (the original's fallback)
    };
    // The active device template (highest version) of an OS tag and version, else of the tag alone.
    Result<std::optional<CatalogMatch>> templateFor(qint64 osTag, int major, int minor);
    // The active sensor graph (highest version) of an app tag and version, else of the tag alone.
    Result<std::optional<CatalogMatch>> sensorGraphFor(qint64 appTag, int major, int minor);
    Status setDeviceTemplate(qint64 deviceId, qint64 templateId);
    Status setDeviceSensorGraph(qint64 deviceId, qint64 sgId);

private:
    Result<std::optional<CatalogMatch>> catalog(const char *exactSql, const char *tagSql, qint64 tag,
                                                int major, int minor);
    SqlConnection &m_db;
};

} // namespace iotile
