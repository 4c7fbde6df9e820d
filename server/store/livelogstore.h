#pragma once

#include "common/util/error.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace iotile {

class SqlConnection;

// One entry of the live log: a message about one stream, and its position in commit order.
struct LiveLogEntry
{
    enum class Kind : int { Points = 0, Events = 1 };

    qint64 cursor = 0;
    QString stream; // stream slug
    Kind kind = Kind::Points;
    QByteArray body; // the pushed JSON object without its cursor
};

// The SQL of the live feed (table live_log, migration 16, in the data database): appending entries in
// commit order, reading them by cursor, purging old ones.
class LiveLogStore
{
public:
    explicit LiveLogStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // The NOTIFY channel of PostgreSQL instances; the payload is the newest cursor.
    static constexpr const char *kChannel = "iotile_live";

    // Appends entries in one transaction and returns the newest cursor. On PostgreSQL writers take one
    // advisory lock before their ids are drawn, so ids commit in order and a reader that saw cursor N has
    // seen every entry below N for good; NOTIFY then wakes the other instances at commit. (SQLite has
    // one writer at a time anyway.)
    Result<qint64> append(const std::vector<LiveLogEntry> &entries);

    // Entries after `cursor` (up to `upTo` when set), oldest first.
    Result<std::vector<LiveLogEntry>> after(qint64 cursor, std::optional<qint64> upTo, qint64 limit);
    // Newest and oldest cursor still stored (0: none).
    Result<qint64> newest();
    Result<qint64> oldest();
    // Deletes entries created before `cutoff` µs, never the newest (it carries the position).
    Result<qint64> purge(qint64 cutoff);

private:
    SqlConnection &m_db;
};

} // namespace iotile
