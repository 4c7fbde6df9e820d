#pragma once

#include "common/util/error.h"
#include "server/domain/datapoint.h"

#include <QString>
#include <QVariantList>

#include <vector>

namespace iotile {

class SqlConnection;

// Reads stream_data rows (the columns id, stream_id, ts, seq, device_ts, int_value, value, type, status,
// dirty, in that order) through the database's own client library: SQLite's statements and libpq's binary
// results. Through QtSql every value of every row became a QVariant in a cached result, which cost more
// than the database's own work on a 10,000-point page or a CSV export.
class PointReader
{
public:
    explicit PointReader(SqlConnection &db)
        : m_db(db)
    { }

    // Runs `sql` (positional ? placeholders; bound values are integers or text) and appends every row.
    Status read(const QString &sql, const QVariantList &binds, std::vector<DataPoint> &out);

    // Reading ahead (PostgreSQL): send() starts `sql` and returns at once, so the database works while the
    // caller does; receive() then appends its rows. Nothing else may use the connection in between. False
    // where reads are not sent ahead (SQLite reads in this process anyway).
    Result<bool> send(const QString &sql, const QVariantList &binds);
    Status receive(std::vector<DataPoint> &out);

private:
    Status readSqlite(const QByteArray &sql, const QVariantList &binds, std::vector<DataPoint> &out);
    Status readPostgres(const QByteArray &sql, const QVariantList &binds, std::vector<DataPoint> &out);
    Status readQtSql(const QString &sql, const QVariantList &binds, std::vector<DataPoint> &out);

    SqlConnection &m_db;
};

} // namespace iotile
