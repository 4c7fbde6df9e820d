#pragma once

#include "common/util/error.h"
#include "server/domain/datapoint.h"
#include "server/store/parallelreader.h"
#include "server/store/pointreader.h"

#include <QString>
#include <QVariantList>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace iotile {

class Dialect;
class SqlConnection;

// Reads every point of one stream in [start, end) in time order, a page at a time, for exports of any
// size. A database reads a page on one core, and read one after the other (each page starting after the
// last one's final key) the database's core was an export's limit. Once the first page shows how dense
// the stream is, the rest is cut into time slices of about a page each; their reads are independent, so
// the next ones run on the caller's connection and on the helper's while the caller writes out the last.
// A slice fuller than a page goes on from its last key before anything after it, so a wrong guess costs
// a read, never a point. Rows written during the export are read if they fall in a slice not read yet;
// those newer than the stream's newest point when the slices were cut fall in the last slice, which has no
// upper bound but `end`.
class StreamScanner
{
public:
    static constexpr qint64 kPage = 20000; // rows per read at most

    // `helper` may be null (every read on the caller's connection).
    StreamScanner(ParallelReader *helper, qint64 key, std::optional<qint64> start, std::optional<qint64> end,
                  PointReader::Shape shape);
    StreamScanner(const StreamScanner &) = delete;
    StreamScanner &operator=(const StreamScanner &) = delete;

    using Consume = std::function<void(const std::vector<DataPoint> &)>;
    // Gets the next page (read ahead, or read now on `db`), starts the reads of the pages after it, hands
    // the page to `consume` while they run, and collects what `db` read before returning: nothing stays in
    // flight on `db` between calls, so other requests of the thread can use it. False once the last page
    // was consumed. A page may be empty (a slice in a gap of the stream).
    Result<bool> next(SqlConnection &db, const Consume &consume);

private:
    struct Slice
    {
        std::optional<std::pair<qint64, qint64>> after; // rows after this (ts, seq) ...
        std::optional<qint64> from; // ... or from this ts on (neither: from the stream's first point)
        std::optional<qint64> to; // rows before this ts
        bool last = false; // the remainder of the stream: no slice comes after it
        bool continued = false; // the rest of a slice fuller than a page
    };
    struct Pending
    {
        Slice slice;
        std::optional<std::vector<DataPoint>> rows; // read
        std::shared_ptr<ParallelReader::Read> helperRead; // being read by the helper
        bool onConnection = false; // sent on the caller's connection in this call
    };

    QString sql(const Slice &slice, const Dialect &dialect, QVariantList &binds) const;
    Status plan(SqlConnection &db, const std::vector<DataPoint> &firstPage);
    std::optional<Slice> nextSlice();
    void learn(const Slice &slice, const std::vector<DataPoint> &rows);
    Result<bool> issue(SqlConnection &db);

    ParallelReader *m_helper;
    qint64 m_key;
    std::optional<qint64> m_end;
    PointReader::Shape m_shape;
    std::deque<Pending> m_pending; // in time order
    bool m_planned = false;
    bool m_lastPlanned = false; // the slice without an upper bound is in m_pending or read
    std::optional<std::pair<qint64, qint64>> m_planAfter; // where the first planned slice starts
    qint64 m_planFrom = 0; // where the next planned slice starts
    qint64 m_planUntil = 0; // the newest point when the slices were planned
    double m_width = 0; // µs of the stream that hold about a page's target
};

} // namespace iotile
