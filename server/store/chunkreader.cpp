#include "server/store/chunkreader.h"

#include "server/store/database.h"
#include "server/store/dialect.h"
#include "server/store/pghandle.h"

#include <QHash>
#include <QtEndian>

#include <libpq-fe.h>

namespace iotile {

namespace {

// Names of the statements prepared on each libpq connection of this thread (connections belong to one
// thread each), by the connection's address and server process: a reopened connection starts afresh.
using ConnectionId = QPair<const PGconn *, int>;
QHash<ConnectionId, QHash<QByteArray, QByteArray>> &preparedStatements()
{
    thread_local QHash<ConnectionId, QHash<QByteArray, QByteArray>> statements;
    return statements;
}

constexpr qsizetype kMaxPrepared = 64;

// Names of dropped statements are not used again on a connection (this thread's count of drops).
quint64 &generation()
{
    thread_local quint64 drops = 0;
    return drops;
}

// A binary integer of any width PostgreSQL sends (smallint, integer, bigint).
qint64 pgInt(const PGresult *r, int row, int column)
{
    const char *v = PQgetvalue(r, row, column);
    switch (PQgetlength(r, row, column)) {
    case 2:
        return qFromBigEndian<qint16>(v);
    case 4:
        return qFromBigEndian<qint32>(v);
    case 8:
        return qFromBigEndian<qint64>(v);
    default:
        return 0;
    }
}

// The statement's name on this connection, prepared if it is new. Prepared once per connection: planning a
// read over the monthly partitions cost more than running it. Texts carry their reads' limits (ChunkStore),
// so they are many: past kMaxPrepared a connection's statements are dropped and prepared again as they come.
Result<QByteArray> preparedName(PGconn *pg, const QByteArray &sql)
{
    QByteArray numbered;
    numbered.reserve(sql.size() + 16);
    int n = 0;
    for (char c : sql) {
        if (c == '?') {
            numbered.append('$');
            numbered.append(QByteArray::number(++n));
        } else {
            numbered.append(c);
        }
    }
    auto &names = preparedStatements()[ConnectionId(pg, PQbackendPID(pg))];
    QByteArray name = names.value(numbered);
    if (!name.isEmpty())
        return name;
    if (names.size() >= kMaxPrepared) {
        QByteArray drop;
        for (const QByteArray &old : std::as_const(names))
            drop += "DEALLOCATE " + old + ';';
        PQclear(PQexec(pg, drop.constData()));
        names.clear();
        ++generation();
    }
    name = "iotile_chunks_" + QByteArray::number(generation()) + '_' + QByteArray::number(names.size() + 1);
    PGresult *prepared = PQprepare(pg, name.constData(), numbered.constData(), 0, nullptr);
    const bool ok = PQresultStatus(prepared) == PGRES_COMMAND_OK;
    const QString error = QString::fromUtf8(PQresultErrorMessage(prepared));
    PQclear(prepared);
    if (!ok)
        return Error::internal(QStringLiteral("SQL failed: %1 in: %2").arg(error, QString::fromUtf8(sql)));
    names.insert(numbered, name);
    return name;
}

// Bound values as the text libpq sends (the storage lives as long as the object).
struct PgBinds
{
    explicit PgBinds(const QVariantList &binds)
    {
        texts.reserve(size_t(binds.size()));
        for (const QVariant &v : binds) {
            texts.push_back(v.typeId() == QMetaType::QString ? v.toString().toUtf8()
                                                             : QByteArray::number(v.toLongLong()));
            values.push_back(texts.back().constData());
        }
    }
    std::vector<QByteArray> texts;
    std::vector<const char *> values;
};

} // namespace

Status ChunkReader::read(const QString &sql, const QVariantList &binds, std::vector<Row> &out)
{
    if (m_db.dialect().isPostgres() && pgConnection(m_db.db()))
        return readPostgres(sql, binds, out);
    // SQLite runs in this process: a chunk row's few values through QtSql cost little next to its decoding.
    return readQtSql(sql, binds, out);
}

Status ChunkReader::readPostgres(const QString &sql, const QVariantList &binds, std::vector<Row> &out)
{
    PGconn *pg = pgConnection(m_db.db());
    // QtSql may still hold a statement's pending result on this connection; libpq takes one command at
    // a time.
    m_db.finishAll();
    IOTILE_TRY(name, preparedName(pg, sql.toUtf8()));
    const PgBinds values(binds);
    PGresult *r = PQexecPrepared(pg, name.constData(), int(values.values.size()), values.values.data(),
                                 nullptr, nullptr, 1);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQnfields(r) != 6) {
        const QString error = QString::fromUtf8(PQresultErrorMessage(r));
        PQclear(r);
        return Error::internal(QStringLiteral("SQL failed: %1 in: %2").arg(error, sql));
    }
    const int rows = PQntuples(r);
    out.reserve(out.size() + size_t(rows));
    for (int i = 0; i < rows; ++i) {
        Row &c = out.emplace_back();
        c.firstTs = pgInt(r, i, 0);
        c.firstSeq = pgInt(r, i, 1);
        c.lastTs = pgInt(r, i, 2);
        c.lastSeq = pgInt(r, i, 3);
        c.count = pgInt(r, i, 4);
        c.points = QByteArray(PQgetvalue(r, i, 5), PQgetlength(r, i, 5));
    }
    PQclear(r);
    return Ok {};
}

Status ChunkReader::readQtSql(const QString &sql, const QVariantList &binds, std::vector<Row> &out)
{
    SqlQuery q = m_db.query(sql);
    for (const QVariant &v : binds)
        q.bind(v);
    IOTILE_CHECK(q.exec());
    while (q.next())
        out.push_back(
            Row {q.int64(0), q.int64(1), q.int64(2), q.int64(3), q.int64(4), q.value(5).toByteArray()});
    // Ends the statement at once: on SQLite an open statement holds its read snapshot.
    q.raw().finish();
    return Ok {};
}

} // namespace iotile
