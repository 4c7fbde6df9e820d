#pragma once

#include "common/util/error.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

#include <optional>

namespace iotile {

class SqlConnection;

// Look-ups of `iotile-server import-original` in our database: whether a row with a natural key (a UUID,
// slug, device id or a pair of foreign keys) is there already, so a second run adds nothing twice. Table
// and column names come from the importer's fixed lists, never from the source's data.
class ImportTargetStore
{
public:
    explicit ImportTargetStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // The `idColumn` of the row whose key columns equal the values (all of them), if any.
    Result<std::optional<qint64>> find(const QString &table, const QString &idColumn,
                                       const QList<QPair<QString, QVariant>> &keys);
    // True when `table` has a row with this id (an account id kept from the original must be free).
    Result<bool> idTaken(const QString &table, qint64 id);

private:
    SqlConnection &m_db;
};

} // namespace iotile
