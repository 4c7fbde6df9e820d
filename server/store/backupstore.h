#pragma once

#include "common/util/error.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariant>

#include <optional>

namespace iotile {

class SqlConnection;

// Generic row access for org export/import (backup/orgbackup.h): whole rows of a fixed set of tables as
// JSON objects, and inserts of such rows. Table and column names never come from input: tables are named
// by the caller's fixed list, and an imported row's columns are matched against the target table's own
// columns (unknown ones are rejected), so file contents are only ever bound as values.
class BackupStore
{
public:
    explicit BackupStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // Rows of `table` matching `where` (an SQL condition of the caller's, with ? for `binds`).
    Result<QList<QJsonObject>> rows(const QString &table, const QString &where, const QVariantList &binds);
    // The target table's columns and their types (cached per store).
    Result<QHash<QString, QMetaType::Type>> columns(const QString &table);
    // Inserts a row (column -> JSON value, converted to the column's type). With `returnId`, the new
    // row's id (the table must have an `id` column); otherwise 0.
    Result<qint64> insert(const QString &table, const QJsonObject &row, bool returnId);
    // Sets one integer column of a row by id (self references, filled after every row is in).
    Status setColumn(const QString &table, qint64 id, const QString &column, qint64 value);
    // After rows were inserted with explicit ids: moves the table's id sequence past them (PostgreSQL;
    // SQLite's AUTOINCREMENT follows on its own).
    Status syncIdentity(const QString &table);
    // The id of the row of `table` whose `keyColumn` equals `key`, and the reverse.
    Result<std::optional<qint64>> idBy(const QString &table, const QString &keyColumn, const QString &key);
    Result<std::optional<QString>> keyOf(const QString &table, const QString &keyColumn, qint64 id);

private:
    Result<QHash<QString, QMetaType::Type>> readColumns(const QString &table);
    SqlConnection &m_db;
    QHash<QString, QHash<QString, QMetaType::Type>> m_columns;
};

} // namespace iotile
