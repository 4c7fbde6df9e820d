#pragma once

#include "common/util/error.h"
#include "server/domain/datablock.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Data blocks: lookups, lists scoped to the orgs where the caller may access blocks, and block numbers
// that are never handed out twice for one device.
class DataBlockStore
{
public:
    explicit DataBlockStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool all = false; // staff acting as staff
        std::optional<qint64> orgId;
        std::optional<qint64> deviceId;
        QString search; // words matched in title, description, slug (all must match)
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<DataBlock>> list(const ListQuery &query, const Access &access, qint64 offset, qint64 limit);

    Result<std::optional<DataBlock>> bySlug(const QString &slug);
    Result<std::optional<DataBlock>> byId(qint64 id);
    Result<QList<DataBlock>> ofDevice(qint64 deviceId);
    // The device's next block number (its last + 1, counting deleted blocks), taken in the caller's
    // transaction.
    Result<int> reserveNumber(qint64 deviceId);
    Result<DataBlock> create(DataBlock block);
    // Title, description, sensor graph and completion time.
    Status update(const DataBlock &block);
    Status remove(qint64 id);

private:
    SqlConnection &m_db;
};

} // namespace iotile
