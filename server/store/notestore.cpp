#include "server/store/notestore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

#include <algorithm>

namespace iotile {

namespace {

constexpr const char *kSelect = "SELECT n.id, n.target, n.timestamp, n.note, n.type, n.user_id, a.username, "
                                "a.slug, a.email, n.attachment, "
                                "n.created_on FROM notes n LEFT JOIN accounts a ON a.id = n.user_id";

Note readNote(SqlQuery &q)
{
    Note n;
    n.id = q.int64(0);
    n.target = q.text(1);
    n.timestamp = q.int64(2);
    if (!q.isNull(3))
        n.note = q.text(3);
    n.type = q.text(4);
    n.userId = q.optionalInt64(5);
    n.username = q.text(6);
    n.userSlug = q.text(7);
    n.userEmail = q.text(8);
    n.attachment = jsonColumn(q, 9);
    n.createdOn = q.int64(10);
    return n;
}

QString whereClause(const NoteStore::ListQuery &query)
{
    QString where = QStringLiteral(" WHERE n.target = ?");
    if (query.start)
        where += QStringLiteral(" AND n.timestamp >= ?");
    if (query.end)
        where += QStringLiteral(" AND n.timestamp < ?");
    if (query.idMin)
        where += QStringLiteral(" AND n.id >= ?");
    if (query.idMax)
        where += QStringLiteral(" AND n.id <= ?");
    if (query.timestamp)
        where += QStringLiteral(" AND n.timestamp = ?");
    return where;
}

void bindWhere(SqlQuery &q, const NoteStore::ListQuery &query)
{
    q.bind(query.target);
    for (const auto &v : {query.start, query.end, query.idMin, query.idMax, query.timestamp})
        if (v)
            q.bind(*v);
}

} // namespace

Result<qint64> NoteStore::total(const ListQuery &query)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM notes n") + whereClause(query));
    bindWhere(q, query);
    return q.scalarInt64();
}

Result<qint64> NoteStore::count(const ListQuery &query)
{
    IOTILE_TRY(n, total(query));
    return query.lastN ? std::min(n, *query.lastN) : n;
}

Result<QList<Note>> NoteStore::list(const ListQuery &query, qint64 offset, qint64 limit)
{
    if (query.lastN) {
        // The last N in timestamp order are the rows after the first (total - N).
        IOTILE_TRY(n, total(query));
        const qint64 kept = std::min(n, *query.lastN);
        limit = std::max<qint64>(0, std::min(limit, kept - offset));
        offset += n - kept;
    }
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + whereClause(query)
                            + QStringLiteral(" ORDER BY n.timestamp, n.id LIMIT ? OFFSET ?"));
    bindWhere(q, query);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<Note> rows;
    while (q.next())
        rows.append(readNote(q));
    return rows;
}

Result<std::optional<Note>> NoteStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + QStringLiteral(" WHERE n.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<Note>();
    return std::optional<Note>(readNote(q));
}

Result<Note> NoteStore::create(Note note)
{
    note.createdOn = isotime::now();
    SqlQuery q =
        m_db.query("INSERT INTO notes (target, timestamp, note, type, user_id, attachment, created_on) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(note.target).bind(note.timestamp);
    q.bind(note.note ? QVariant(*note.note) : QVariant());
    q.bind(note.type).bindOptional(note.userId).bind(jsonParameter(note.attachment)).bind(note.createdOn);
    IOTILE_TRY(id, q.scalarInt64());
    note.id = id;
    return note;
}

Status NoteStore::update(const Note &note)
{
    SqlQuery q = m_db.query("UPDATE notes SET target = ?, timestamp = ?, note = ? WHERE id = ?");
    q.bind(note.target).bind(note.timestamp);
    q.bind(note.note ? QVariant(*note.note) : QVariant());
    q.bind(note.id);
    return q.exec();
}

Status NoteStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM notes WHERE id = ?");
    q.bind(id);
    return q.exec();
}

} // namespace iotile
