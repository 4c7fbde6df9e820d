#include "server/store/pointreader.h"

#include "server/store/database.h"
#include "server/store/dialect.h"
#include "server/store/pghandle.h"

#include <QHash>
#include <QSqlDriver>
#include <QSqlRecord>
#include <QtEndian>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstring>

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

// A binary integer of any width PostgreSQL sends (boolean, smallint, integer, bigint).
qint64 pgInt(const PGresult *r, int row, int column)
{
    const char *v = PQgetvalue(r, row, column);
    switch (PQgetlength(r, row, column)) {
    case 1:
        return qint64(static_cast<unsigned char>(v[0]));
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

double pgDouble(const PGresult *r, int row, int column)
{
    const char *v = PQgetvalue(r, row, column);
    if (PQgetlength(r, row, column) == 4) {
        const quint32 bits = qFromBigEndian<quint32>(v);
        float f;
        std::memcpy(&f, &bits, sizeof f);
        return double(f);
    }
    const quint64 bits = qFromBigEndian<quint64>(v);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

// The select lists by their number of columns.
constexpr const char *kPointColumns =
    "id, stream_id, ts, seq, device_ts, int_value, value, type, status, dirty";
constexpr int kPoint = 10;
constexpr const char *kPackedPointColumns =
    "id, stream_id, ts, seq, device_ts, int_value, value, type + 256 * status + 65536 * dirty::int";
constexpr int kPackedPoint = 8;
constexpr const char *kTimeAndValueColumns = "ts, seq, value";
constexpr int kTimeAndValue = 3;

void unpackFlags(qint64 flags, DataPoint &p)
{
    p.type = PointType(flags & 0xff);
    p.status = PointStatus((flags >> 8) & 0xff);
    p.dirty = (flags >> 16) != 0;
}

Error unknownShape(int columns)
{
    return Error::internal(QStringLiteral("a point read returned %1 columns").arg(columns));
}

Status qtSqlPoint(SqlQuery &q, int columns, DataPoint &p)
{
    if (columns == kTimeAndValue) {
        p.ts = q.int64(0);
        p.seq = q.int64(1);
        if (!q.isNull(2))
            p.value = q.real(2);
        return Ok {};
    }
    if (columns != kPoint && columns != kPackedPoint)
        return unknownShape(columns);
    p.id = q.int64(0);
    p.streamId = q.int64(1);
    p.ts = q.int64(2);
    p.seq = q.int64(3);
    p.deviceTs = q.optionalInt64(4);
    p.intValue = q.optionalInt64(5);
    if (!q.isNull(6))
        p.value = q.real(6);
    if (columns == kPackedPoint) {
        unpackFlags(q.int64(7), p);
    } else {
        p.type = PointType(q.int64(7));
        p.status = PointStatus(q.int64(8));
        p.dirty = q.boolean(9);
    }
    return Ok {};
}

} // namespace

QLatin1StringView PointReader::columns(const Dialect &dialect, Shape shape)
{
    if (shape == Shape::TimeAndValue)
        return QLatin1StringView(kTimeAndValueColumns);
    // SQLite's column reads are calls in this process: it keeps the plain list.
    return QLatin1StringView(dialect.isPostgres() ? kPackedPointColumns : kPointColumns);
}

Status PointReader::read(const QString &sql, const QVariantList &binds, std::vector<DataPoint> &out)
{
    if (m_db.dialect().isPostgres()) {
        if (pgConnection(m_db.db()))
            return readPostgres(sql.toUtf8(), binds, out);
    } else if (m_db.sqliteHandle()) {
        return readSqlite(sql.toUtf8(), binds, out);
    }
    return readQtSql(sql, binds, out);
}

Status PointReader::readSqlite(const QByteArray &sql, const QVariantList &binds, std::vector<DataPoint> &out)
{
    IOTILE_TRY(statement, m_db.sqliteStatement(sql.constData()));
    int index = 1;
    for (const QVariant &v : binds) {
        if (v.typeId() == QMetaType::QString) {
            const QByteArray text = v.toString().toUtf8();
            sqlite3_bind_text(statement, index++, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        } else {
            sqlite3_bind_int64(statement, index++, v.toLongLong());
        }
    }
    const int columns = sqlite3_column_count(statement);
    if (columns != kPoint && columns != kTimeAndValue) {
        sqlite3_clear_bindings(statement);
        return unknownShape(columns);
    }
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        DataPoint p;
        if (columns == kTimeAndValue) {
            p.ts = sqlite3_column_int64(statement, 0);
            p.seq = sqlite3_column_int64(statement, 1);
            if (sqlite3_column_type(statement, 2) != SQLITE_NULL)
                p.value = sqlite3_column_double(statement, 2);
            out.push_back(p);
            continue;
        }
        p.id = sqlite3_column_int64(statement, 0);
        p.streamId = sqlite3_column_int64(statement, 1);
        p.ts = sqlite3_column_int64(statement, 2);
        p.seq = sqlite3_column_int64(statement, 3);
        if (sqlite3_column_type(statement, 4) != SQLITE_NULL)
            p.deviceTs = sqlite3_column_int64(statement, 4);
        if (sqlite3_column_type(statement, 5) != SQLITE_NULL)
            p.intValue = sqlite3_column_int64(statement, 5);
        if (sqlite3_column_type(statement, 6) != SQLITE_NULL)
            p.value = sqlite3_column_double(statement, 6);
        p.type = PointType(sqlite3_column_int64(statement, 7));
        p.status = PointStatus(sqlite3_column_int64(statement, 8));
        p.dirty = sqlite3_column_int64(statement, 9) != 0;
        out.push_back(p);
    }
    // Reset at once: a statement left stepping holds SQLite's read snapshot open.
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    if (rc != SQLITE_DONE)
        return Error::internal(
            QStringLiteral("SQL failed: %1 in: %2")
                .arg(QString::fromUtf8(sqlite3_errmsg(m_db.sqliteHandle())), QString::fromUtf8(sql)));
    return Ok {};
}

namespace {

// The statement's name on this connection, prepared if it is new. Prepared once per connection: planning a
// read over the monthly partitions cost more than running it. Texts carry first pages' limits
// (StreamDataStore::fetch), so they are many: past kMaxPrepared a connection's statements are dropped and
// prepared again as they come.
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
    name = "iotile_points_" + QByteArray::number(generation()) + '_' + QByteArray::number(names.size() + 1);
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

// Appends the rows of a binary result and frees it.
Status takeRows(PGresult *r, std::vector<DataPoint> &out)
{
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        const QString error = QString::fromUtf8(PQresultErrorMessage(r));
        PQclear(r);
        return Error::internal(QStringLiteral("SQL failed: %1").arg(error));
    }
    const int rows = PQntuples(r);
    const int columns = PQnfields(r);
    out.reserve(out.size() + size_t(rows));
    if (columns == kTimeAndValue) {
        for (int i = 0; i < rows; ++i) {
            DataPoint p;
            p.ts = pgInt(r, i, 0);
            p.seq = pgInt(r, i, 1);
            if (!PQgetisnull(r, i, 2))
                p.value = pgDouble(r, i, 2);
            out.push_back(p);
        }
        PQclear(r);
        return Ok {};
    }
    if (columns != kPoint && columns != kPackedPoint) {
        PQclear(r);
        return unknownShape(columns);
    }
    for (int i = 0; i < rows; ++i) {
        DataPoint p;
        p.id = pgInt(r, i, 0);
        p.streamId = pgInt(r, i, 1);
        p.ts = pgInt(r, i, 2);
        p.seq = pgInt(r, i, 3);
        if (!PQgetisnull(r, i, 4))
            p.deviceTs = pgInt(r, i, 4);
        if (!PQgetisnull(r, i, 5))
            p.intValue = pgInt(r, i, 5);
        if (!PQgetisnull(r, i, 6))
            p.value = pgDouble(r, i, 6);
        if (columns == kPackedPoint) {
            unpackFlags(pgInt(r, i, 7), p);
        } else {
            p.type = PointType(pgInt(r, i, 7));
            p.status = PointStatus(pgInt(r, i, 8));
            p.dirty = pgInt(r, i, 9) != 0;
        }
        out.push_back(p);
    }
    PQclear(r);
    return Ok {};
}

} // namespace

Status PointReader::readPostgres(const QByteArray &sql, const QVariantList &binds,
                                 std::vector<DataPoint> &out)
{
    PGconn *pg = pgConnection(m_db.db());
    // QtSql may still hold a statement's pending result on this connection; libpq takes one command at
    // a time.
    m_db.finishAll();
    IOTILE_TRY(name, preparedName(pg, sql));
    const PgBinds values(binds);
    PGresult *r = PQexecPrepared(pg, name.constData(), int(values.values.size()), values.values.data(),
                                 nullptr, nullptr, 1);
    Status s = takeRows(r, out);
    if (!s)
        return Error::internal(s.error().message() + QStringLiteral(" in: ") + QString::fromUtf8(sql));
    return Ok {};
}

Status PointReader::readChunks(const QString &sql, const QVariantList &binds, std::vector<ChunkRow> &out)
{
    PGconn *pg = pgConnection(m_db.db());
    m_db.finishAll();
    const QByteArray text = sql.toUtf8();
    IOTILE_TRY(name, preparedName(pg, text));
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
        ChunkRow &c = out.emplace_back();
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

Result<bool> PointReader::send(const QString &sql, const QVariantList &binds)
{
    PGconn *pg = m_db.dialect().isPostgres() ? pgConnection(m_db.db()) : nullptr;
    if (!pg)
        return false;
    m_db.finishAll();
    // A statement QtSql finished can leave its final (empty) result unread: libpq's blocking calls discard
    // it, but sending another command meets "another command is already in progress".
    while (PGresult *left = PQgetResult(pg))
        PQclear(left);
    const QByteArray text = sql.toUtf8();
    IOTILE_TRY(name, preparedName(pg, text));
    const PgBinds values(binds);
    if (PQsendQueryPrepared(pg, name.constData(), int(values.values.size()), values.values.data(), nullptr,
                            nullptr, 1)
        != 1)
        return Error::internal(QStringLiteral("SQL failed: %1 in: %2")
                                   .arg(QString::fromUtf8(PQerrorMessage(pg)), QString::fromUtf8(text)));
    return true;
}

Status PointReader::receive(std::vector<DataPoint> &out)
{
    PGconn *pg = pgConnection(m_db.db());
    if (!pg)
        return Error::internal(QStringLiteral("no statement was sent ahead"));
    Status status = Ok {};
    bool first = true;
    // Every result is taken, so the connection is free again whatever happened.
    while (PGresult *r = PQgetResult(pg)) {
        if (first && status)
            status = takeRows(r, out);
        else
            PQclear(r);
        first = false;
    }
    if (first)
        return Error::internal(QStringLiteral("no statement was sent ahead"));
    return status;
}

Status PointReader::readQtSql(const QString &sql, const QVariantList &binds, std::vector<DataPoint> &out)
{
    SqlQuery q = m_db.query(sql);
    for (const QVariant &v : binds)
        q.bind(v);
    IOTILE_CHECK(q.exec());
    const int columns = q.raw().record().count();
    while (q.next()) {
        DataPoint p;
        IOTILE_CHECK(qtSqlPoint(q, columns, p));
        out.push_back(p);
    }
    return Ok {};
}

} // namespace iotile
