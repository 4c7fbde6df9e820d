#pragma once

#include "common/util/error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <vector>

namespace iotile {

class SqlConnection;

// The bulk write path: COPY FROM STDIN through libpq on PostgreSQL (about 50x a per-row INSERT), and a
// reused multi-row prepared INSERT on SQLite. Runs inside the caller's transaction; rows are appended
// column by column, in the order the columns were named.
class BulkInserter
{
public:
    BulkInserter(SqlConnection &connection, QString table, QStringList columns);
    ~BulkInserter();
    BulkInserter(const BulkInserter &) = delete;
    BulkInserter &operator=(const BulkInserter &) = delete;

    void add(qint64 value);
    void add(double value);
    void add(bool value);
    void add(const QString &value);
    void add(QByteArrayView utf8);
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

    SqlConnection &m_connection;
    QString m_table;
    QStringList m_columns;
    bool m_postgres;
    qint64 m_rows = 0;
    // PostgreSQL: COPY text-format buffer.
    QByteArray m_buffer;
    bool m_copyStarted = false;
    bool m_rowOpen = false;
    // SQLite: values of the pending rows.
    std::vector<QVariant> m_values;
    int m_rowsPerStatement = 0;
};

} // namespace iotile
