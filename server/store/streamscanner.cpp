#include "server/store/streamscanner.h"

#include "server/store/chunkstore.h"
#include "server/store/database.h"

#include <limits>

namespace iotile {

StreamScanner::StreamScanner(qint64 key, std::optional<qint64> start, std::optional<qint64> end)
    : m_key(key)
    , m_start(start)
    , m_end(end)
{ }

Result<bool> StreamScanner::next(SqlConnection &db, const Consume &consume)
{
    if (m_done)
        return false;
    std::optional<PointKey> from;
    if (m_after)
        from = m_after->second == std::numeric_limits<qint64>::max()
            ? PointKey {m_after->first + 1, std::numeric_limits<qint64>::min()}
            : PointKey {m_after->first, m_after->second + 1};
    else if (m_start)
        from = PointKey {*m_start, std::numeric_limits<qint64>::min()};
    const std::optional<PointKey> to =
        m_end ? std::optional<PointKey>(PointKey {*m_end, std::numeric_limits<qint64>::min()}) : std::nullopt;
    IOTILE_TRY(page, ChunkStore(db).read(m_key, from, to, false, kPage));
    m_done = qint64(page.size()) < kPage;
    if (!page.empty())
        m_after = std::pair(page.back().ts, page.back().seq);
    consume(page);
    return !m_done;
}

} // namespace iotile
