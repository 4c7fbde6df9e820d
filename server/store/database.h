#pragma once

#include "common/util/error.h"
#include "server/store/dialect.h"

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <memory>
#include <type_traits>

class QThread;

struct sqlite3;
struct sqlite3_stmt;

namespace iotile {

class SqlConnection;

// A prepared statement of the current thread's connection, bound positionally. Handles are cheap: the
// QSqlQuery behind it is prepared once per connection and reused (a PostgreSQL prepare is a round trip).
class SqlQuery
{
public:
    SqlQuery(SqlConnection &connection, QSqlQuery &query)
        : m_connection(&connection)
        , m_query(&query)
    { }

    SqlQuery &bind(const QVariant &value);
    template<typename T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) SqlQuery &bind(T value)
    {
        return bind(QVariant(qint64(value)));
    }
    SqlQuery &bind(bool value) { return bind(QVariant(value)); }
    SqlQuery &bind(double value) { return bind(QVariant(value)); }
    // A null QString would bind as SQL NULL; text columns get '' (bindNull() is explicit).
    SqlQuery &bind(const QString &value)
    {
        return bind(QVariant(value.isNull() ? QStringLiteral("") : value));
    }
    SqlQuery &bind(const char *value) { return bind(QVariant(QString::fromUtf8(value))); }
    SqlQuery &bindNull() { return bind(QVariant()); }
    // Binds a std::optional as its value or NULL.
    template<typename T>
    SqlQuery &bindOptional(const std::optional<T> &value)
    {
        return value ? bind(*value) : bindNull();
    }

    Status exec();
    bool next() { return m_query->next(); }
    QVariant value(int column) const { return m_query->value(column); }
    bool isNull(int column) const { return m_query->isNull(column); }
    qint64 int64(int column) const { return m_query->value(column).toLongLong(); }
    QString text(int column) const { return m_query->value(column).toString(); }
    bool boolean(int column) const;
    double real(int column) const { return m_query->value(column).toDouble(); }
    std::optional<qint64> optionalInt64(int column) const;
    int rowsAffected() const { return m_query->numRowsAffected(); }
    // The first column of the first row (for "SELECT count(*)" and "INSERT ... RETURNING id").
    Result<qint64> scalarInt64();
    // True when the last exec failed on a UNIQUE or PRIMARY KEY constraint.
    bool isUniqueViolation() const;
    QSqlQuery &raw() { return *m_query; }

private:
    SqlConnection *m_connection;
    QSqlQuery *m_query;
    int m_bindIndex = 0;
};

// One database connection owned by one thread, with its prepared statement cache.
class SqlConnection
{
public:
    // writeLock: for SQLite, the database's writer mutex (one writer at a time in this process: waiting
    // on a mutex beats SQLite's sleeping busy handler); null for PostgreSQL.
    SqlConnection(QSqlDatabase db, Dialect dialect, QMutex *writeLock = nullptr);
    ~SqlConnection();
    SqlConnection(const SqlConnection &) = delete;
    SqlConnection &operator=(const SqlConnection &) = delete;

    const Dialect &dialect() const { return m_dialect; }
    QSqlDatabase &db() { return m_db; }

    // A cached prepared statement for this SQL template (dialect tokens are expanded once).
    SqlQuery query(const QString &sqlTemplate);
    SqlQuery query(const char *sqlTemplate) { return query(QString::fromLatin1(sqlTemplate)); }
    // Runs a statement that is not worth caching (DDL, one-off maintenance).
    Status execOnce(const QString &sqlTemplate);

    Status begin();
    Status commit();
    Status rollback();
    bool inTransaction() const { return m_transactionDepth > 0; }
    // SQLite's writer mutex of this process (null for PostgreSQL).
    QMutex *writeLock() const { return m_writeLock; }

    // Ends every statement that may still hold a result: SQLite keeps a read snapshot open until its
    // statement is reset, and a later write from that connection then fails with SQLITE_BUSY_SNAPSHOT.
    // Runs before each statement outside a transaction and after each request, so results must be read
    // out before the next statement runs (nested iteration of two open results is not supported).
    void finishAll(const QSqlQuery *except = nullptr);
    void noteExecuted(QSqlQuery *query);

    // SQLite only: the native handle and a cached native statement, for the few hot paths where QtSql's
    // per-value binding (a QVariant and a formatted placeholder name per value) costs more than SQLite
    // itself. Statements are finalized before the connection closes; callers reset them after use.
    sqlite3 *sqliteHandle();
    Result<sqlite3_stmt *> sqliteStatement(const char *sql);

    // Marks the connection unusable after a lost server; the Database reopens it on next use.
    bool isBroken() const { return m_broken; }
    void noteError(const QSqlError &error);

private:
    void releaseWriteLock();
    QSqlDatabase m_db;
    Dialect m_dialect;
    QHash<QString, QSqlQuery *> m_statements;
    std::unique_ptr<QSqlQuery> m_failed;
    QList<QSqlQuery *> m_open;
    QHash<QByteArray, sqlite3_stmt *> m_native;
    QMutex *m_writeLock = nullptr;
    bool m_holdsWriteLock = false;
    int m_transactionDepth = 0;
    bool m_broken = false;
};

// Rolls back unless committed: every ingest and every multi-statement write runs in one of these.
class Transaction
{
public:
    explicit Transaction(SqlConnection &connection);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    const Status &started() const { return m_started; }
    Status commit();

private:
    SqlConnection &m_connection;
    Status m_started;
    bool m_done = false;
};

// A database reachable by URL (`sqlite:PATH` or `postgresql://user:pass@host:port/db`), handing each
// thread its own connection (QSqlDatabase objects must not cross threads).
class Database
{
public:
    static Result<std::unique_ptr<Database>> open(const QString &url,
                                                  const QString &label = QStringLiteral("main"));
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    const Dialect &dialect() const { return m_dialect; }
    const QString &label() const { return m_label; }
    // The URL with any password removed, for logs and the health endpoint.
    QString displayUrl() const;

    // The calling thread's connection, opened on first use (and reopened after a lost server).
    Result<SqlConnection *> connection();
    // Closes the calling thread's connection; threads call it before they finish.
    void closeThreadConnection();
    // Connections open now, one per thread that used this database (/metrics; operations, issue 8).
    int connectionCount();

private:
    Database(QString url, QString label, Dialect dialect);
    Result<QSqlDatabase> openConnection(const QString &name) const;

    QString m_url;
    QString m_label;
    Dialect m_dialect;
    QString m_driver;
    QMutex m_mutex;
    QMutex m_sqliteWriter;
    QHash<QThread *, SqlConnection *> m_connections;
    quint64 m_serial = 0;
};

} // namespace iotile
