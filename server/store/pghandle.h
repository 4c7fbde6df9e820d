#pragma once

struct pg_conn;
class QSqlDatabase;

namespace iotile {

// libpq's connection under a QtSql PostgreSQL connection (null for other drivers), for the paths QtSql
// has no API for: COPY, and binary results of prepared statements.
pg_conn *pgConnection(QSqlDatabase &db);

} // namespace iotile
