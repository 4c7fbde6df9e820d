#pragma once

#include <QJsonValue>
#include <QVariant>

#include <optional>

namespace iotile {

class SqlQuery;

// JSON columns ({JSON}: TEXT on SQLite, JSONB on PostgreSQL) hold any JSON value; JSON null is SQL NULL.
QJsonValue jsonColumn(const SqlQuery &query, int column);
QVariant jsonParameter(const QJsonValue &value);
// A column value read through QtSql as JSON: numbers stay numbers, NULL is null, the rest text.
QJsonValue variantToJson(const QVariant &value);

// The id an executed "INSERT … RETURNING id" returned (nullopt when ON CONFLICT DO NOTHING skipped the
// row). It ends the statement: SQLite keeps an unfinished RETURNING statement, and its write, open.
std::optional<qint64> insertedId(SqlQuery &query);

} // namespace iotile
