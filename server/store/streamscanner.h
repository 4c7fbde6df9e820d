#pragma once

#include "common/util/error.h"
#include "server/domain/datapoint.h"

#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace iotile {

class SqlConnection;

// Reads every point of one stream in [start, end) in time order, a page at a time, for exports of any
// size. Each page starts after the last one's final key, so points written during the export are read if
// they come after the page being written out. Points live in chunks (docs/data-chunks.md): a page of
// 20,000 points is some 300 rows for the database, and decoding them costs the server less than writing
// them out, so the pages are read one after the other on the caller's connection.
class StreamScanner
{
public:
    static constexpr qint64 kPage = 20000; // points per read at most

    StreamScanner(qint64 key, std::optional<qint64> start, std::optional<qint64> end);
    StreamScanner(const StreamScanner &) = delete;
    StreamScanner &operator=(const StreamScanner &) = delete;

    using Consume = std::function<void(const std::vector<DataPoint> &)>;
    // Reads the next page on `db` and hands it to `consume`. Nothing stays in flight on `db` between calls,
    // so other requests of the thread can use it. False once the last page was consumed.
    Result<bool> next(SqlConnection &db, const Consume &consume);

private:
    qint64 m_key;
    std::optional<qint64> m_start;
    std::optional<qint64> m_end;
    std::optional<std::pair<qint64, qint64>> m_after; // the last page's final key
    bool m_done = false;
};

} // namespace iotile
