#pragma once

#include "common/util/error.h"
#include "server/domain/note.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// Notes of targets, in timestamp order.
class NoteStore
{
public:
    explicit NoteStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        QString target;
        std::optional<qint64> start; // timestamp >= start
        std::optional<qint64> end; // timestamp < end
        std::optional<qint64> idMin;
        std::optional<qint64> idMax;
        std::optional<qint64> timestamp; // exact
        std::optional<qint64> lastN; // only the last N by timestamp
    };
    Result<qint64> count(const ListQuery &query);
    Result<QList<Note>> list(const ListQuery &query, qint64 offset, qint64 limit);
    Result<std::optional<Note>> byId(qint64 id);
    // Inserts and returns the note with its id (in the caller's transaction for bulk posts).
    Result<Note> create(Note note);
    Status update(const Note &note);
    Status remove(qint64 id);

private:
    Result<qint64> total(const ListQuery &query);
    SqlConnection &m_db;
};

} // namespace iotile
