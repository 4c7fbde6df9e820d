#pragma once

#include "common/util/error.h"
#include "server/domain/stream.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Stream ids: the metadata of each stream (units, MDO, labels).
class StreamStore
{
public:
    explicit StreamStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool all = false; // staff acting as staff
        bool impossible = false;
        enum class Scope { Default, Virtual, Archived, Everything } scope = Scope::Default;
        std::optional<qint64> projectId;
        std::optional<qint64> orgId;
        std::optional<qint64> deviceId;
        std::optional<qint64> blockId;
        std::optional<qint64> variableId;
        std::optional<bool> enabled;
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<Stream>> list(const ListQuery &query, const Access &access, qint64 offset, qint64 limit);

    Result<std::optional<Stream>> bySlug(const QString &slug);
    Result<std::optional<Stream>> byId(qint64 id);
    Result<QList<Stream>> ofDevice(qint64 deviceId);
    Result<Stream> create(Stream stream);
    Status update(const Stream &stream);
    Status remove(qint64 id);
    // Deletes a device's (non-archived) streams: unclaim with clean_streams.
    Status removeOfDevice(qint64 deviceId);

private:
    SqlConnection &m_db;
};

} // namespace iotile
