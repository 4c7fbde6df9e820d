#pragma once

#include "common/util/error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <string>
#include <vector>

namespace iotile {

class SqlConnection;

// The bulk write path: COPY FROM STDIN through libpq on PostgreSQL (about 50x a per-row INSERT), and a
// reused multi-row prepared INSERT on SQLite. Runs inside the caller's transaction; rows are appended
// column by column, in the order the columns were named.
class BulkInserter
{
public:
    // A column's type in the table, for PostgreSQL's binary COPY.
    enum class Type : quint8 { BigInt, Integer, SmallInt, Double, Boolean, Text };

    // With `types` (one per column), PostgreSQL receives binary COPY: values arrive as it stores them
    // instead of as text it parses (number parsing was a tenth of a COPY of data points). Values added
    // must then suit their column: integers for the integer and boolean columns, doubles for doubles.
    BulkInserter(SqlConnection &connection, QString table, QStringList columns, std::vector<Type> types = {});
    ~BulkInserter();
    BulkInserter(const BulkInserter &) = delete;
    BulkInserter &operator=(const BulkInserter &) = delete;

    void add(qint64 value);
    void add(double value);
    void add(bool value);
    void add(const QString &value);
    void add(QByteArrayView utf8);
    // Bytes for a BYTEA (PostgreSQL, whose column type is then given as Text: binary COPY takes the bytes as
    // they are) or BLOB (SQLite) column. PostgreSQL: only with `types` (text COPY would need escapes).
    void addBytes(QByteArrayView bytes);
    void addNull();
    // Ends the current row; writes a batch when one is full.
    Status endRow();
    // Writes what is left and ends the COPY; the caller then commits its transaction.
    Status finish();
    qint64 rows() const { return m_rows; }

private:
    Status flushPostgres(bool last);
    Status flushSqlite(bool all);
    void separate();
    void appendCopyText(QByteArrayView text);
    Type nextType();
    void putField(const void *bytes, qint32 size); // a length and its bytes

    template<typename T>
    void putBigEndian(T value);

    SqlConnection &m_connection;
    QString m_table;
    QStringList m_columns;
    bool m_postgres;
    qint64 m_rows = 0;
    // PostgreSQL: the COPY data (text format, or binary when the column types are known). A std::string:
    // its append is a capacity check and a copy, where QByteArray 6.4's goes through insert() and its
    // checks (5 % of the server's samples in a bench_reports profile); its clear() keeps the capacity.
    std::string m_buffer;
    std::vector<Type> m_types;
    size_t m_field = 0; // binary: the column the next value is for
    bool m_copyStarted = false;
    bool m_rowOpen = false;
    // SQLite: values of the pending rows.
    std::vector<QVariant> m_values;
    int m_rowsPerStatement = 0;
};

} // namespace iotile
