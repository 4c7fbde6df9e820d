#include "server/store/streamscanner.h"

#include "server/store/database.h"
#include "server/store/dialect.h"
#include "server/store/streamdatastore.h"

#include <algorithm>

namespace iotile {

namespace {

constexpr qint64 kTarget = StreamScanner::kPage * 3 / 4; // rows a planned slice is cut to hold
constexpr size_t kAhead = 3; // pages read or being read while one is written
constexpr double kMinWidth = 1000; // µs: a millisecond of even the densest stream is a slice's least
constexpr double kMaxWidth = 1e15; // µs, about 31 years: past a stream's newest point anyway

} // namespace

StreamScanner::StreamScanner(ParallelReader *helper, qint64 key, std::optional<qint64> start,
                             std::optional<qint64> end, PointReader::Shape shape)
    : m_helper(helper)
    , m_key(key)
    , m_end(end)
    , m_shape(shape)
{
    Slice first;
    first.from = start;
    first.to = end;
    first.last = true; // until its page shows there is more than a page
    m_pending.push_back({first, std::nullopt, nullptr, false});
}

QString StreamScanner::sql(const Slice &slice, const Dialect &dialect, QVariantList &binds) const
{
    return StreamDataStore::timeOrderSql(dialect, m_key, m_shape == PointReader::Shape::TimeAndValue,
                                         slice.after, slice.from, slice.to, kPage, binds);
}

Status StreamScanner::plan(SqlConnection &db, const std::vector<DataPoint> &firstPage)
{
    m_planned = true;
    const DataPoint &first = firstPage.front(), &last = firstPage.back();
    IOTILE_TRY(extent, StreamDataStore(db).extent(m_key));
    m_planUntil = extent ? extent->second : last.ts;
    if (m_end)
        m_planUntil = std::min(m_planUntil, *m_end - 1); // slices before the last one end within the window
    m_planAfter = std::pair(last.ts, last.seq);
    m_planFrom = last.ts;
    m_width = std::clamp(double(last.ts - first.ts + 1) * double(kTarget) / double(firstPage.size()),
                         kMinWidth, kMaxWidth);
    return Ok {};
}

std::optional<StreamScanner::Slice> StreamScanner::nextSlice()
{
    if (!m_planned || m_lastPlanned)
        return std::nullopt;
    Slice slice;
    if (m_planAfter) {
        slice.after = m_planAfter;
        m_planAfter.reset();
    } else {
        slice.from = m_planFrom;
    }
    const double to = double(m_planFrom) + m_width;
    if (to > double(m_planUntil)) {
        slice.to = m_end;
        slice.last = true;
        m_lastPlanned = true;
    } else {
        slice.to = qint64(to);
        m_planFrom = *slice.to;
    }
    return slice;
}

void StreamScanner::learn(const Slice &slice, const std::vector<DataPoint> &rows)
{
    // The density a slice showed sizes the slices planned after it: at most eight times wider or narrower
    // than it at once (a gap in the stream, a burst).
    if (slice.continued || slice.last || !slice.to || (!slice.after && !slice.from))
        return;
    const qint64 from = slice.after ? slice.after->first : *slice.from;
    const double factor = std::clamp(double(kTarget) / double(std::max<size_t>(rows.size(), 1)), 0.125, 8.0);
    m_width = std::clamp(double(*slice.to - from) * factor, kMinWidth, kMaxWidth);
}

Result<bool> StreamScanner::issue(SqlConnection &db)
{
    while (m_pending.size() < kAhead) {
        std::optional<Slice> slice = nextSlice();
        if (!slice)
            break;
        m_pending.push_back({*slice, std::nullopt, nullptr, false});
    }
    bool helperBusy =
        std::any_of(m_pending.begin(), m_pending.end(), [](const Pending &p) { return bool(p.helperRead); });
    bool sent = false;
    // The first slice not read yet goes to the helper when it is free, the next to the caller's connection.
    for (Pending &p : m_pending) {
        const bool toHelper = m_helper && !helperBusy;
        if (!toHelper && sent)
            break;
        if (p.rows || p.helperRead)
            continue;
        QVariantList binds;
        const QString text = sql(p.slice, db.dialect(), binds);
        if (toHelper) {
            p.helperRead = m_helper->start(text, binds);
            helperBusy = true;
            continue;
        }
        IOTILE_TRY(started, PointReader(db).send(text, binds));
        if (!started)
            break; // SQLite: read when its turn comes
        p.onConnection = true;
        sent = true;
    }
    return sent;
}

Result<bool> StreamScanner::next(SqlConnection &db, const Consume &consume)
{
    if (m_pending.empty())
        return false;
    Pending page = std::move(m_pending.front());
    m_pending.pop_front();
    std::vector<DataPoint> rows;
    if (page.rows) {
        rows = std::move(*page.rows);
    } else if (page.helperRead) {
        IOTILE_TRY(read, page.helperRead->take());
        rows = std::move(read);
    } else {
        QVariantList binds;
        const QString text = sql(page.slice, db.dialect(), binds);
        rows.reserve(size_t(kPage));
        IOTILE_CHECK(PointReader(db).read(text, binds, rows));
    }
    learn(page.slice, rows);
    if (qint64(rows.size()) >= kPage) {
        if (!m_planned) {
            IOTILE_CHECK(plan(db, rows));
        } else {
            // More in this slice than a page: its rest comes before the slices after it.
            Slice rest = page.slice;
            rest.after = std::pair(rows.back().ts, rows.back().seq);
            rest.from.reset();
            rest.continued = true;
            m_pending.push_front({rest, std::nullopt, nullptr, false});
        }
    }
    IOTILE_TRY(sent, issue(db));
    consume(rows);
    if (sent) {
        // Whatever happened, the connection's result is taken, so it is free for the thread's next request.
        for (Pending &p : m_pending) {
            if (!p.onConnection)
                continue;
            p.onConnection = false;
            std::vector<DataPoint> ahead;
            ahead.reserve(size_t(kPage));
            IOTILE_CHECK(PointReader(db).receive(ahead));
            p.rows = std::move(ahead);
        }
    }
    return !m_pending.empty();
}

} // namespace iotile
