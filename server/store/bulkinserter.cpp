#include "server/store/bulkinserter.h"

#include "server/store/database.h"
#include "server/store/pghandle.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QtEndian>

#include <libpq-fe.h>

#include <bit>
#include <charconv>
#include <cstring>

namespace iotile {

namespace {

constexpr qsizetype kCopyChunk = 1 << 20;
// Binary COPY's signature, flags and header extension length.
constexpr char kBinaryHeader[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
constexpr qsizetype kBinaryHeaderSize = 19;
// A binary COPY field: its length, then the value in network byte order, in one append.
template<typename T>
void appendField(std::string &buffer, T value)
{
    char bytes[4 + sizeof(T)];
    qToBigEndian(qint32(sizeof(T)), bytes);
    qToBigEndian(value, bytes + 4);
    buffer.append(bytes, sizeof bytes);
}

// SQLite allows 32766 host parameters per statement since 3.32; stay well below.
constexpr int kSqliteMaxParameters = 8000;

} // namespace

BulkInserter::BulkInserter(SqlConnection &connection, QString table, QStringList columns,
                           std::vector<Type> types)
    : m_connection(connection)
    , m_table(std::move(table))
    , m_columns(std::move(columns))
    , m_postgres(connection.dialect().isPostgres())
{
    if (m_postgres) {
        m_buffer.reserve(size_t(kCopyChunk) + 4096);
        if (!types.empty() && qsizetype(types.size()) == m_columns.size()) {
            m_types = std::move(types);
            m_buffer.append(kBinaryHeader, kBinaryHeaderSize);
        }
    } else {
        m_rowsPerStatement =
            std::max(1, int(kSqliteMaxParameters / std::max<qsizetype>(1, m_columns.size())));
        m_values.reserve(size_t(m_rowsPerStatement) * size_t(m_columns.size()));
    }
}

BulkInserter::~BulkInserter()
{
    if (m_copyStarted) {
        // Abandoned mid-COPY (an error elsewhere): end it so the connection stays usable; the caller's
        // transaction rollback discards the rows.
        if (PGconn *pg = pgConnection(m_connection.db())) {
            PQputCopyEnd(pg, "abandoned");
            while (PGresult *r = PQgetResult(pg))
                PQclear(r);
        }
    }
}

void BulkInserter::separate()
{
    if (!m_types.empty()) {
        if (!m_rowOpen)
            putBigEndian(qint16(m_types.size())); // a binary row starts with its number of fields
    } else if (m_rowOpen) {
        m_buffer.push_back('\t');
    }
    m_rowOpen = true;
}

BulkInserter::Type BulkInserter::nextType()
{
    separate();
    const Type t = m_field < m_types.size() ? m_types[m_field] : Type::Text;
    ++m_field;
    return t;
}

template<typename T>
void BulkInserter::putBigEndian(T value)
{
    char bytes[sizeof(T)];
    qToBigEndian(value, bytes);
    m_buffer.append(bytes, sizeof(T));
}

void BulkInserter::putField(const void *bytes, qint32 size)
{
    putBigEndian(size);
    m_buffer.append(static_cast<const char *>(bytes), size);
}

void BulkInserter::appendCopyText(QByteArrayView text)
{
    // COPY text format: backslash escapes for the characters that frame rows and columns. Runs without
    // any are appended whole (a live-log JSON body has hardly any; appending byte by byte cost more than
    // the COPY itself).
    const char *run = text.data();
    const char *const end = text.data() + text.size();
    const char *p = run;
    constexpr quint64 kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
    while (p != end) {
        // Eight bytes at a time while none is a control character or a backslash...
        while (end - p >= 8) {
            quint64 w;
            std::memcpy(&w, p, 8);
            const quint64 control = (w - 0x20 * kOnes) & ~w & kHighs;
            const quint64 x = w ^ (quint64('\\') * kOnes);
            const quint64 backslash = (x - kOnes) & ~x & kHighs;
            if (control | backslash)
                break;
            p += 8;
        }
        // ...then byte by byte through the word that has one (or the tail).
        for (const char *stop = std::min(end, p + 8); p != stop; ++p) {
            const char c = *p;
            if (c != '\\' && c != '\t' && c != '\n' && c != '\r')
                continue;
            m_buffer.append(run, p - run);
            const char escaped[2] = {'\\', c == '\\' ? '\\' : c == '\t' ? 't' : c == '\n' ? 'n' : 'r'};
            m_buffer.append(escaped, 2);
            run = p + 1;
        }
    }
    m_buffer.append(run, end - run);
}

void BulkInserter::add(qint64 value)
{
    if (!m_postgres) {
        m_values.emplace_back(value);
        return;
    }
    if (!m_types.empty()) {
        switch (nextType()) {
        case Type::SmallInt:
            appendField(m_buffer, qint16(value));
            return;
        case Type::Integer:
            appendField(m_buffer, qint32(value));
            return;
        case Type::Boolean:
            appendField(m_buffer, quint8(value != 0));
            return;
        case Type::Double:
            appendField(m_buffer, std::bit_cast<quint64>(double(value)));
            return;
        case Type::Text: {
            char buf[24];
            const auto r = std::to_chars(buf, buf + sizeof buf, value);
            putField(buf, qint32(r.ptr - buf));
            return;
        }
        case Type::BigInt:
            appendField(m_buffer, value);
            return;
        }
    }
    separate();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, value);
    m_buffer.append(buf, r.ptr - buf);
}

void BulkInserter::add(double value)
{
    if (!m_postgres) {
        m_values.emplace_back(value);
        return;
    }
    if (!m_types.empty()) {
        nextType(); // a double goes to a double column
        appendField(m_buffer, std::bit_cast<quint64>(value));
        return;
    }
    separate();
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, value);
    m_buffer.append(buf, r.ptr - buf);
}

void BulkInserter::add(bool value)
{
    if (!m_postgres) {
        m_values.emplace_back(qint64(value ? 1 : 0));
        return;
    }
    if (!m_types.empty()) {
        add(qint64(value ? 1 : 0));
        return;
    }
    separate();
    m_buffer.push_back(value ? 't' : 'f');
}

void BulkInserter::add(const QString &value)
{
    if (!m_postgres) {
        m_values.emplace_back(value);
        return;
    }
    add(QByteArrayView(value.toUtf8()));
}

void BulkInserter::addBytes(QByteArrayView bytes)
{
    if (!m_postgres) {
        m_values.emplace_back(bytes.toByteArray());
        return;
    }
    Q_ASSERT(!m_types.empty());
    nextType();
    putField(bytes.data(), qint32(bytes.size()));
}

void BulkInserter::add(QByteArrayView utf8)
{
    if (!m_postgres) {
        m_values.emplace_back(QString::fromUtf8(utf8));
        return;
    }
    if (!m_types.empty()) {
        nextType();
        putField(utf8.data(), qint32(utf8.size()));
        return;
    }
    separate();
    appendCopyText(utf8);
}

void BulkInserter::addNull()
{
    if (!m_postgres) {
        m_values.emplace_back();
        return;
    }
    if (!m_types.empty()) {
        nextType();
        putBigEndian(qint32(-1));
        return;
    }
    separate();
    m_buffer.append("\\N", 2);
}

Status BulkInserter::endRow()
{
    ++m_rows;
    if (m_postgres) {
        if (m_types.empty())
            m_buffer.push_back('\n');
        m_rowOpen = false;
        m_field = 0;
        if (m_buffer.size() >= size_t(kCopyChunk))
            return flushPostgres(false);
        return Ok {};
    }
    if (m_values.size() >= size_t(m_rowsPerStatement) * size_t(m_columns.size()))
        return flushSqlite(false);
    return Ok {};
}

Status BulkInserter::finish()
{
    if (m_postgres && !m_types.empty() && m_rows > 0)
        putBigEndian(qint16(-1)); // binary COPY's trailer
    return m_postgres ? flushPostgres(true) : flushSqlite(true);
}

Status BulkInserter::flushPostgres(bool last)
{
    PGconn *pg = pgConnection(m_connection.db());
    if (!pg)
        return Error::internal(QStringLiteral("no libpq handle for COPY"));
    if (!m_copyStarted) {
        if (last && m_rows == 0)
            return Ok {};
        const QByteArray sql = QStringLiteral("COPY %1 (%2) FROM STDIN%3")
                                   .arg(m_table, m_columns.join(QLatin1Char(',')),
                                        m_types.empty() ? QString() : QStringLiteral(" WITH (FORMAT binary)"))
                                   .toUtf8();
        PGresult *res = PQexec(pg, sql.constData());
        const bool ok = PQresultStatus(res) == PGRES_COPY_IN;
        const QString error = QString::fromUtf8(PQresultErrorMessage(res));
        PQclear(res);
        if (!ok)
            return Error::internal(QStringLiteral("COPY %1 failed to start: %2").arg(m_table, error));
        m_copyStarted = true;
    }
    if (!m_buffer.empty()) {
        if (PQputCopyData(pg, m_buffer.data(), int(m_buffer.size())) != 1)
            return Error::internal(
                QStringLiteral("COPY %1: %2").arg(m_table, QString::fromUtf8(PQerrorMessage(pg))));
        m_buffer.clear();
    }
    if (!last)
        return Ok {};
    m_copyStarted = false;
    if (PQputCopyEnd(pg, nullptr) != 1)
        return Error::internal(
            QStringLiteral("COPY %1 end: %2").arg(m_table, QString::fromUtf8(PQerrorMessage(pg))));
    QString error;
    while (PGresult *res = PQgetResult(pg)) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            error = QString::fromUtf8(PQresultErrorMessage(res));
        PQclear(res);
    }
    if (!error.isEmpty())
        return Error::internal(QStringLiteral("COPY %1: %2").arg(m_table, error.trimmed()));
    return Ok {};
}

Status BulkInserter::flushSqlite(bool all)
{
    const qsizetype columns = m_columns.size();
    const qsizetype pendingRows = qsizetype(m_values.size()) / columns;
    if (pendingRows == 0)
        return Ok {};
    auto insert = [&](qsizetype rows, qsizetype firstValue, bool cached) -> Status {
        QString sql =
            QStringLiteral("INSERT INTO %1 (%2) VALUES ").arg(m_table, m_columns.join(QLatin1Char(',')));
        QString tuple = QLatin1Char('(') + QStringLiteral("?,").repeated(columns);
        tuple.chop(1);
        tuple += QLatin1Char(')');
        sql.reserve(sql.size() + rows * (tuple.size() + 1));
        for (qsizetype r = 0; r < rows; ++r) {
            if (r)
                sql += QLatin1Char(',');
            sql += tuple;
        }
        if (cached) {
            SqlQuery q = m_connection.query(sql);
            for (qsizetype i = 0; i < rows * columns; ++i)
                q.bind(m_values[size_t(firstValue + i)]);
            return q.exec();
        }
        // Remainders vary in size: prepare them once, outside the statement cache.
        QSqlQuery q(m_connection.db());
        if (!q.prepare(sql))
            return Error::internal(QStringLiteral("bulk insert prepare: %1").arg(q.lastError().text()));
        for (qsizetype i = 0; i < rows * columns; ++i)
            q.bindValue(int(i), m_values[size_t(firstValue + i)]);
        if (!q.exec())
            return Error::internal(
                QStringLiteral("bulk insert into %1: %2").arg(m_table, q.lastError().text()));
        return Ok {};
    };
    // Full batches reuse one cached statement; the remainder gets a statement of its own size.
    const qsizetype fullRows = m_rowsPerStatement;
    qsizetype done = 0;
    while (pendingRows - done >= fullRows) {
        if (Status s = insert(fullRows, done * columns, true); !s)
            return s;
        done += fullRows;
    }
    if (all && done < pendingRows) {
        if (Status s = insert(pendingRows - done, done * columns, false); !s)
            return s;
        done = pendingRows;
    }
    m_values.erase(m_values.begin(), m_values.begin() + done * columns);
    return Ok {};
}

} // namespace iotile
