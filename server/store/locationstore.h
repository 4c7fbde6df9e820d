#pragma once

#include "common/util/error.h"
#include "server/domain/note.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// GPS positions of targets, in timestamp order, and the device's current position.
class LocationStore
{
public:
    explicit LocationStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        QString target;
        std::optional<qint64> start; // timestamp >= start
        std::optional<qint64> end; // timestamp < end
        std::optional<qint64> timestamp; // exact
    };
    Result<qint64> count(const ListQuery &query);
    Result<QList<Location>> list(const ListQuery &query, qint64 offset, qint64 limit);
    Result<std::optional<Location>> byId(qint64 id);
    Result<Location> create(Location location);
    Status update(const Location &location);
    Status remove(qint64 id);
    // The device's own lat/lon (its last known position).
    Status setDevicePosition(qint64 deviceId, const QString &lat, const QString &lon);

private:
    SqlConnection &m_db;
};

} // namespace iotile
