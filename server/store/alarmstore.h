#pragma once

#include "common/util/error.h"
#include "server/domain/alarm.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Alarms: raise with de-duplication, acknowledge, clear, and the lists per org, project or device.
class AlarmStore
{
public:
    explicit AlarmStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // Inserts a new alarm, or counts up the active one of the same rule and target (last seen, message,
    // details and severity take the new values). Returns the alarm's id and whether it is new.
    struct Raised
    {
        qint64 id = 0;
        bool created = false;
    };
    Result<Raised> raise(const Alarm &alarm, qint64 now);

    struct ListQuery
    {
        bool all = false; // staff asking as staff
        std::optional<qint64> projectId;
        std::optional<qint64> deviceId;
        std::optional<bool> active;
        std::optional<bool> acknowledged;
        QStringList severities;
        QString target;
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<Alarm>> list(const ListQuery &query, const Access &access, qint64 offset, qint64 limit);
    Result<std::optional<Alarm>> byId(qint64 id);

    // False when the alarm was acknowledged already (or cleared, for clear()).
    Result<bool> acknowledge(qint64 id, qint64 userId, const QString &comment, qint64 now);
    Result<bool> clear(qint64 id, std::optional<qint64> userId, const QString &comment, qint64 now);
    // Clears the active, auto-clearing alarms that this stream raised in this state of this filter
    // (the stream left the state). Returns how many.
    Result<qint64> clearFromSource(qint64 filterId, qint64 stateId, const QString &stream, qint64 now);
    Status remove(qint64 id);

private:
    SqlConnection &m_db;
};

} // namespace iotile
