#pragma once

#include "common/util/error.h"
#include "server/store/migration.h"

namespace iotile {

class Database;
class SqlConnection;

// Brings a database to the newest schema: each pending migration runs in its own transaction and
// records its version, so a failure leaves the schema at the last whole step. Safe when several
// instances start at once (PostgreSQL advisory lock; SQLite's write lock).
class Migrator
{
public:
    // Applies the main-scope migrations to `main` and the data-scope ones to `data` (the same object
    // when stream data shares the main database).
    static Status run(Database &main, Database &data);
    static Result<int> currentVersion(Database &db, SchemaScope scope);
    // The highest recorded version, read with one cached statement (health checks: no DDL, one round
    // trip that also proves the database answers); an error when the schema was never migrated.
    static Result<int> recordedVersion(SqlConnection &connection, SchemaScope scope);
    static int latestVersion(SchemaScope scope);
    // How many known migrations of the scope the database has not recorded.
    static Result<int> pendingCount(Database &db, SchemaScope scope);

private:
    static Status runScope(Database &db, SchemaScope scope);
};

} // namespace iotile
