#pragma once

#include "common/util/error.h"

#include <QByteArray>
#include <QString>
#include <QVariantList>

#include <vector>

namespace iotile {

class SqlConnection;

// Reads rows of stream_chunks (docs/data-chunks.md) through the database's own client library: libpq's
// binary results of prepared statements on PostgreSQL, SQLite's cached statements otherwise. Through
// QtSql a chunk's bytes came as text (hex) that PostgreSQL wrote and Qt parsed, every read was parsed and
// planned again, and every value became a QVariant.
class ChunkReader
{
public:
    // One row of the select list: first_ts, first_seq, last_ts, last_seq, n, points.
    struct Row
    {
        qint64 firstTs = 0, firstSeq = 0, lastTs = 0, lastSeq = 0, count = 0;
        QByteArray points;
    };

    explicit ChunkReader(SqlConnection &db)
        : m_db(db)
    { }

    // Runs `sql` (positional ? placeholders; bound values are integers or text) and appends every row.
    Status read(const QString &sql, const QVariantList &binds, std::vector<Row> &out);

private:
    Status readPostgres(const QString &sql, const QVariantList &binds, std::vector<Row> &out);
    Status readSqlite(const QString &sql, const QVariantList &binds, std::vector<Row> &out);
    Status readQtSql(const QString &sql, const QVariantList &binds, std::vector<Row> &out);

    SqlConnection &m_db;
};

} // namespace iotile
