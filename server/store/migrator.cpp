#include "server/store/migrator.h"

#include "common/util/isotime.h"
#include "server/store/database.h"

#include <QLoggingCategory>
#include <QSet>

Q_DECLARE_LOGGING_CATEGORY(lcDb)

namespace iotile {

namespace {

const char *scopeName(SchemaScope scope)
{
    return scope == SchemaScope::Main ? "main" : "data";
}

Status ensureVersionTable(SqlConnection &c)
{
    return c.execOnce(QStringLiteral(
        "CREATE TABLE IF NOT EXISTS schema_migrations (scope TEXT NOT NULL, version INTEGER NOT NULL, "
        "name TEXT NOT NULL, applied_at {BIGINT} NOT NULL, PRIMARY KEY (scope, version))"));
}

Result<int> versionIn(SqlConnection &c, SchemaScope scope)
{
    SqlQuery q = c.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE scope = ?");
    q.bind(scopeName(scope));
    auto v = q.scalarInt64();
    if (!v)
        return std::move(v).error();
    return int(*v);
}

// Whether one migration is recorded: migrations are numbered by area and may land out of order, so a
// number below the highest applied one can still be new to a database.
Result<bool> isApplied(SqlConnection &c, SchemaScope scope, int version)
{
    SqlQuery q = c.query("SELECT COUNT(*) FROM schema_migrations WHERE scope = ? AND version = ?");
    q.bind(scopeName(scope)).bind(version);
    auto n = q.scalarInt64();
    if (!n)
        return std::move(n).error();
    return *n > 0;
}

} // namespace

int Migrator::latestVersion(SchemaScope scope)
{
    int latest = 0;
    for (const Migration &m : allMigrations())
        if (m.scope == scope)
            latest = std::max(latest, m.version);
    return latest;
}

Result<int> Migrator::currentVersion(Database &db, SchemaScope scope)
{
    auto c = db.connection();
    if (!c)
        return std::move(c).error();
    if (Status s = ensureVersionTable(**c); !s)
        return std::move(s).error();
    return versionIn(**c, scope);
}

Result<int> Migrator::recordedVersion(SqlConnection &connection, SchemaScope scope)
{
    return versionIn(connection, scope);
}

Result<int> Migrator::pendingCount(Database &db, SchemaScope scope)
{
    auto c = db.connection();
    if (!c)
        return std::move(c).error();
    if (Status s = ensureVersionTable(**c); !s)
        return std::move(s).error();
    // One read of what is recorded, then the known migrations that are not.
    SqlQuery q = (*c)->query("SELECT version FROM schema_migrations WHERE scope = ?");
    q.bind(scopeName(scope));
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    QSet<int> applied;
    while (q.next())
        applied.insert(int(q.int64(0)));
    int pending = 0;
    for (const Migration &m : allMigrations())
        pending += m.scope == scope && !applied.contains(m.version) ? 1 : 0;
    return pending;
}

Status Migrator::runScope(Database &db, SchemaScope scope)
{
    auto c = db.connection();
    if (!c)
        return std::move(c).error();
    SqlConnection &conn = **c;
    if (Status s = ensureVersionTable(conn); !s)
        return s;
    for (const Migration &m : allMigrations()) {
        if (m.scope != scope)
            continue;
        Transaction tx(conn);
        if (!tx.started())
            return tx.started();
        if (conn.dialect().isPostgres()) {
            // One migrator at a time across instances; the lock ends with the transaction.
            if (Status s = conn.execOnce(QStringLiteral("SELECT pg_advisory_xact_lock(7271001)")); !s)
                return s;
        }
        auto applied = isApplied(conn, scope, m.version);
        if (!applied)
            return std::move(applied).error();
        if (*applied)
            continue;
        qCInfo(lcDb, "applying %s migration %04d %s", scopeName(scope), m.version, m.name);
        for (const QString &statement : m.statements) {
            if (Status s = conn.execOnce(statement); !s)
                return Error::internal(QStringLiteral("migration %1 (%2) failed: %3")
                                           .arg(m.version)
                                           .arg(QLatin1String(m.name), s.error().message()));
        }
        if (m.extra) {
            if (Status s = m.extra(conn); !s)
                return Error::internal(QStringLiteral("migration %1 (%2) failed: %3")
                                           .arg(m.version)
                                           .arg(QLatin1String(m.name), s.error().message()));
        }
        SqlQuery record = conn.query(
            "INSERT INTO schema_migrations (scope, version, name, applied_at) VALUES (?, ?, ?, ?)");
        record.bind(scopeName(scope)).bind(m.version).bind(m.name).bind(isotime::now());
        if (Status s = record.exec(); !s)
            return s;
        if (Status s = tx.commit(); !s)
            return s;
    }
    return Ok {};
}

Status Migrator::run(Database &main, Database &data)
{
    if (Status s = runScope(main, SchemaScope::Main); !s)
        return s;
    return runScope(data, SchemaScope::Data);
}

} // namespace iotile
