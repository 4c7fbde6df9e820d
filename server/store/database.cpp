#include "server/store/database.h"

#include "server/store/commithooks.h"

#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <libpq-fe.h>
#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcDb, "iotile.db")

namespace iotile {

// ---------------------------------------------------------------------------------------------- SqlQuery

SqlQuery &SqlQuery::bind(const QVariant &value)
{
    m_query->bindValue(m_bindIndex++, value);
    return *this;
}

namespace {

// Whether a statement may write (outside a transaction it then needs SQLite's write lock): judged from
// its first keyword, and for a WITH from the verbs it holds.
bool mayWrite(const QString &sql)
{
    qsizetype i = 0;
    while (i < sql.size() && sql.at(i).isSpace())
        ++i;
    const QStringView rest = QStringView(sql).mid(i);
    auto startsWith = [&](const char *word) {
        return rest.startsWith(QLatin1String(word), Qt::CaseInsensitive);
    };
    if (startsWith("SELECT") || startsWith("VALUES") || startsWith("EXPLAIN") || startsWith("PRAGMA"))
        return false;
    if (startsWith("WITH")) {
        for (const char *verb : {"INSERT ", "UPDATE ", "DELETE "})
            if (rest.contains(QLatin1String(verb), Qt::CaseInsensitive))
                return true;
        return false;
    }
    return true;
}

// "iotile-" and the current thread's name, in the characters a libpq connection option takes unquoted.
QString applicationName()
{
    QString name = QStringLiteral("iotile");
    const QString thread = QThread::currentThread()->objectName();
    if (!thread.isEmpty())
        name += QLatin1Char('-') + thread;
    for (QChar &c : name)
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != QLatin1Char('-') && c != QLatin1Char('_'))
            c = QLatin1Char('_');
    return name.left(63);
}

} // namespace

Status SqlQuery::exec()
{
    m_bindIndex = 0;
    std::optional<QMutexLocker<QMutex>> writer;
    if (!m_connection->inTransaction()) {
        m_connection->finishAll(m_query);
        // SQLite: a write outside a transaction queues on the process's writer mutex like a transaction
        // does; left to SQLite's sleeping busy handler it would starve behind back-to-back transactions
        // (a login waited seconds while the worker drained a queue of reports).
        if (QMutex *lock = m_connection->writeLock(); lock && mayWrite(m_query->lastQuery()))
            writer.emplace(lock);
    }
    if (m_query->exec()) {
        m_connection->noteExecuted(m_query);
        return Ok {};
    }
    const QSqlError error = m_query->lastError();
    m_connection->noteError(error);
    return Error::internal(
        QStringLiteral("SQL failed: %1 [%2] in: %3")
            .arg(error.text(), error.nativeErrorCode(), m_query->lastQuery().simplified()));
}

bool SqlQuery::boolean(int column) const
{
    const QVariant v = m_query->value(column);
    if (v.typeId() == QMetaType::Bool)
        return v.toBool();
    if (v.typeId() == QMetaType::QString) {
        const QString s = v.toString();
        return s == QLatin1String("t") || s == QLatin1String("true") || s == QLatin1String("1");
    }
    return v.toLongLong() != 0;
}

std::optional<qint64> SqlQuery::optionalInt64(int column) const
{
    if (m_query->isNull(column))
        return std::nullopt;
    return m_query->value(column).toLongLong();
}

Result<qint64> SqlQuery::scalarInt64()
{
    if (Status s = exec(); !s)
        return std::move(s).error();
    if (!m_query->next())
        return Error::internal(QStringLiteral("query returned no row: %1").arg(m_query->lastQuery()));
    const qint64 value = m_query->value(0).toLongLong();
    m_query->finish();
    return value;
}

bool SqlQuery::isUniqueViolation() const
{
    const QString code = m_query->lastError().nativeErrorCode();
    // PostgreSQL SQLSTATE 23505; SQLite extended codes 2067 (UNIQUE), 1555 (PRIMARY KEY), 19 (constraint).
    return code == QLatin1String("23505") || code == QLatin1String("2067") || code == QLatin1String("1555")
        || (code == QLatin1String("19") && m_query->lastError().text().contains(QLatin1String("UNIQUE")));
}

// ------------------------------------------------------------------------------------------ SqlConnection

SqlConnection::SqlConnection(QSqlDatabase db, Dialect dialect, QMutex *writeLock)
    : m_db(std::move(db))
    , m_dialect(dialect)
    , m_writeLock(writeLock)
{ }

SqlConnection::~SqlConnection()
{
    if (m_transactionDepth > 0)
        (void)rollback();
    m_open.clear();
    for (sqlite3_stmt *statement : std::as_const(m_native))
        sqlite3_finalize(statement);
    m_native.clear();
    qDeleteAll(m_statements);
    m_statements.clear();
    m_failed.reset();
    const QString name = m_db.connectionName();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(name);
}

SqlQuery SqlConnection::query(const QString &sqlTemplate)
{
    QSqlQuery *&slot = m_statements[sqlTemplate];
    if (!slot) {
        slot = new QSqlQuery(m_db);
        slot->setForwardOnly(true);
        if (!slot->prepare(m_dialect.expand(sqlTemplate))) {
            // Keep the failed statement out of the cache; exec() reports the error to the caller.
            noteError(slot->lastError());
            qCWarning(lcDb) << "prepare failed:" << slot->lastError().text() << sqlTemplate.simplified();
            // Not cached: the failure may be transient (e.g. inside an aborted PostgreSQL transaction).
            m_open.removeAll(m_failed.get());
            m_failed.reset(slot);
            m_statements.remove(sqlTemplate);
            return SqlQuery(*this, *m_failed);
        }
    } else if (slot->isActive()) {
        slot->finish();
    }
    return SqlQuery(*this, *slot);
}

sqlite3 *SqlConnection::sqliteHandle()
{
    if (m_dialect.isPostgres())
        return nullptr;
    const QVariant handle = m_db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

Result<sqlite3_stmt *> SqlConnection::sqliteStatement(const char *sql)
{
    const QByteArray key = QByteArray::fromRawData(sql, qstrlen(sql));
    if (sqlite3_stmt *cached = m_native.value(key))
        return cached;
    sqlite3 *db = sqliteHandle();
    if (!db)
        return Error::internal(QStringLiteral("no native SQLite handle"));
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
        const QString message = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(statement);
        return Error::internal(QStringLiteral("SQL failed: %1 in: %2").arg(message, QString::fromUtf8(sql)));
    }
    m_native.insert(QByteArray(sql), statement);
    return statement;
}

Status SqlConnection::execOnce(const QString &sqlTemplate)
{
    QSqlQuery q(m_db);
    if (q.exec(m_dialect.expand(sqlTemplate)))
        return Ok {};
    noteError(q.lastError());
    return Error::internal(
        QStringLiteral("SQL failed: %1 in: %2").arg(q.lastError().text(), sqlTemplate.simplified()));
}

Status SqlConnection::begin()
{
    if (m_transactionDepth++ > 0)
        return Ok {};
    // A statement left open on this connection holds an old SQLite snapshot: the first write of the
    // transaction would then fail with SQLITE_BUSY_SNAPSHOT.
    finishAll();
    if (m_dialect.isPostgres())
        return execOnce(QStringLiteral("BEGIN"));
    // SQLite: one writer at a time. Threads of this process queue on a mutex; other processes meet
    // BEGIN IMMEDIATE's lock and busy_timeout (taking the lock up front avoids deadlocking upgrades).
    if (m_writeLock) {
        m_writeLock->lock();
        m_holdsWriteLock = true;
    }
    Status s = execOnce(QStringLiteral("BEGIN IMMEDIATE"));
    if (!s) {
        m_transactionDepth = 0;
        releaseWriteLock();
    }
    return s;
}

void SqlConnection::releaseWriteLock()
{
    if (m_holdsWriteLock) {
        m_holdsWriteLock = false;
        m_writeLock->unlock();
    }
}

Status SqlConnection::commit()
{
    if (m_transactionDepth == 0)
        return Error::internal(QStringLiteral("commit without transaction"));
    if (--m_transactionDepth > 0)
        return Ok {};
    Status s = execOnce(QStringLiteral("COMMIT"));
    if (s) {
        releaseWriteLock();
        commithooks::committed(*this);
    } else {
        ++m_transactionDepth; // still open: the caller rolls back
    }
    return s;
}

Status SqlConnection::rollback()
{
    if (m_transactionDepth == 0)
        return Ok {};
    m_transactionDepth = 0;
    finishAll();
    Status s = execOnce(QStringLiteral("ROLLBACK"));
    releaseWriteLock();
    commithooks::rolledBack(*this);
    return s;
}

void SqlConnection::finishAll(const QSqlQuery *except)
{
    if (m_open.isEmpty())
        return;
    bool keep = false;
    for (QSqlQuery *q : std::as_const(m_open)) {
        if (q == except)
            keep = true;
        else if (q->isActive())
            q->finish();
    }
    m_open.clear();
    if (keep)
        m_open.append(const_cast<QSqlQuery *>(except));
}

void SqlConnection::noteExecuted(QSqlQuery *query)
{
    if (query->isSelect() && !m_open.contains(query))
        m_open.append(query);
}

void SqlConnection::noteError(const QSqlError &)
{
    if (!m_db.isOpen()) {
        m_broken = true;
        return;
    }
    // Error types do not tell (QSQLITE files a failed step as ConnectionError, QPSQL a dropped server as
    // a statement error): ask libpq whether the connection itself is gone.
    if (m_dialect.isPostgres()) {
        const QVariant handle = m_db.driver()->handle();
        if (handle.isValid()
            && (qstrcmp(handle.typeName(), "pg_conn*") == 0 || qstrcmp(handle.typeName(), "PGconn*") == 0)) {
            PGconn *pg = *static_cast<PGconn *const *>(handle.constData());
            if (!pg || PQstatus(pg) == CONNECTION_BAD)
                m_broken = true;
        }
    }
}

// ------------------------------------------------------------------------------------------- Transaction

Transaction::Transaction(SqlConnection &connection)
    : m_connection(connection)
    , m_started(connection.begin())
{ }

Transaction::~Transaction()
{
    if (!m_done && m_started)
        (void)m_connection.rollback();
}

Status Transaction::commit()
{
    if (!m_started)
        return m_started;
    m_done = true;
    Status s = m_connection.commit();
    if (!s)
        (void)m_connection.rollback();
    return s;
}

// ---------------------------------------------------------------------------------------------- Database

Database::Database(QString url, QString label, Dialect dialect)
    : m_url(std::move(url))
    , m_label(std::move(label))
    , m_dialect(dialect)
    , m_driver(dialect.isPostgres() ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"))
{ }

Result<std::unique_ptr<Database>> Database::open(const QString &url, const QString &label)
{
    DialectKind kind;
    if (url.startsWith(QLatin1String("sqlite:")))
        kind = DialectKind::Sqlite;
    else if (url.startsWith(QLatin1String("postgresql://")) || url.startsWith(QLatin1String("postgres://")))
        kind = DialectKind::Postgres;
    else
        return Error::badRequest(
            QStringLiteral(
                "unsupported database URL '%1': use sqlite:PATH or postgresql://user@host:port/name")
                .arg(url));
    std::unique_ptr<Database> db(new Database(url, label, Dialect(kind)));
    // Open this thread's connection now so a wrong URL fails at start-up, not on the first request.
    if (auto c = db->connection(); !c)
        return std::move(c).error();
    return db;
}

Database::~Database()
{
    QMutexLocker lock(&m_mutex);
    for (SqlConnection *c : std::as_const(m_connections))
        delete c;
    m_connections.clear();
}

// Operations (issue 8): the connection gauge of /metrics.
int Database::connectionCount()
{
    QMutexLocker lock(&m_mutex);
    return int(m_connections.size());
}

QString Database::displayUrl() const
{
    if (m_dialect.isSqlite())
        return m_url;
    QUrl u(m_url);
    u.setPassword(QString());
    return u.toString();
}

Result<QSqlDatabase> Database::openConnection(const QString &name) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(m_driver, name);
    if (m_dialect.isSqlite()) {
        db.setDatabaseName(m_url.mid(int(qstrlen("sqlite:"))));
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    } else {
        const QUrl u(m_url);
        db.setHostName(u.host().isEmpty() ? QStringLiteral("127.0.0.1") : u.host());
        db.setPort(u.port(5432));
        db.setDatabaseName(u.path().mid(1));
        db.setUserName(u.userName());
        db.setPassword(u.password());
        QStringList options;
        const QUrlQuery query(u);
        for (const auto &item : query.queryItems(QUrl::FullyDecoded)) {
            if (item.first == QLatin1String("host"))
                db.setHostName(item.second); // a unix socket directory
            else
                options << item.first + QLatin1Char('=') + item.second;
        }
        // Names the thread in pg_stat_activity ("iotile-http-0", "iotile-live"), unless the URL names it.
        if (!query.hasQueryItem(QStringLiteral("application_name")))
            options << QStringLiteral("application_name=") + applicationName();
        db.setConnectOptions(options.join(QLatin1Char(';')));
    }
    if (!db.open()) {
        const QString error = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return Error::unavailable(
            QStringLiteral("cannot open %1 database %2: %3").arg(m_label, displayUrl(), error));
    }
    return db;
}

Result<SqlConnection *> Database::connection()
{
    QThread *thread = QThread::currentThread();
    QMutexLocker lock(&m_mutex);
    SqlConnection *&slot = m_connections[thread];
    if (slot && !slot->isBroken())
        return slot;
    if (slot) {
        qCWarning(lcDb) << "reopening broken" << m_label << "database connection";
        delete slot;
        slot = nullptr;
    }
    const QString name =
        QStringLiteral("iotile-%1-%2-%3").arg(m_label).arg(quintptr(this), 0, 16).arg(++m_serial);
    lock.unlock();
    Result<QSqlDatabase> db = openConnection(name);
    lock.relock();
    if (!db) {
        m_connections.remove(thread);
        return std::move(db).error();
    }
    auto *connection = new SqlConnection(*db, m_dialect, m_dialect.isSqlite() ? &m_sqliteWriter : nullptr);
    if (m_dialect.isSqlite()) {
        for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                                   "PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY"})
            (void)connection->execOnce(QString::fromLatin1(pragma));
    } else {
        (void)connection->execOnce(QStringLiteral("SET TIME ZONE 'UTC'"));
    }
    m_connections[thread] = connection;
    return connection;
}

void Database::closeThreadConnection()
{
    QMutexLocker lock(&m_mutex);
    delete m_connections.take(QThread::currentThread());
}

} // namespace iotile
