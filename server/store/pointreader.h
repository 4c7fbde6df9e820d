#pragma once

#include "common/util/error.h"
#include "server/domain/datapoint.h"

#include <QString>
#include <QVariantList>

#include <vector>

namespace iotile {

class Dialect;
class SqlConnection;

// Reads stream_data rows through the database's own client library: SQLite's statements and libpq's binary
// results. Through QtSql every value of every row became a QVariant in a cached result, which cost more
// than the database's own work on a 10,000-point page or a CSV export. Statements select columns() of
// one of the shapes below; rows are decoded by their number of columns.
class PointReader
{
public:
    enum class Shape {
        Point, // every field of a point
        TimeAndValue, // ts, seq and value only (exports): the rest stays default
    };

    explicit PointReader(SqlConnection &db)
        : m_db(db)
    { }

    // The select list of a shape. On PostgreSQL a point's type, status and dirty flag travel packed in one
    // integer: each column of each row costs the server a send call and libpq a field, and ten columns
    // made about a fifth of a large page's read.
    static QLatin1StringView columns(const Dialect &dialect, Shape shape = Shape::Point);

    // Runs `sql` (positional ? placeholders; bound values are integers or text) and appends every row.
    Status read(const QString &sql, const QVariantList &binds, std::vector<DataPoint> &out);

    // Reading ahead (PostgreSQL): send() starts `sql` and returns at once, so the database works while the
    // caller does; receive() then appends its rows. Nothing else may use the connection in between. False
    // where reads are not sent ahead (SQLite reads in this process anyway).
    Result<bool> send(const QString &sql, const QVariantList &binds);
    Status receive(std::vector<DataPoint> &out);

    // PostgreSQL: rows of chunks (docs/data-chunks.md) as libpq's binary results of a prepared statement:
    // first_ts, first_seq, last_ts, last_seq, n, points. Through QtSql a chunk's bytes came as text (hex)
    // that PostgreSQL wrote and Qt parsed, and every read was parsed and planned again.
    struct ChunkRow
    {
        qint64 firstTs = 0, firstSeq = 0, lastTs = 0, lastSeq = 0, count = 0;
        QByteArray points;
    };
    Status readChunks(const QString &sql, const QVariantList &binds, std::vector<ChunkRow> &out);

private:
    Status readSqlite(const QByteArray &sql, const QVariantList &binds, std::vector<DataPoint> &out);
    Status readPostgres(const QByteArray &sql, const QVariantList &binds, std::vector<DataPoint> &out);
    Status readQtSql(const QString &sql, const QVariantList &binds, std::vector<DataPoint> &out);

    SqlConnection &m_db;
};

} // namespace iotile
