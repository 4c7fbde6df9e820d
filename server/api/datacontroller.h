#pragma once

#include "common/util/error.h"
#include "server/store/streamdatastore.h"

#include <QByteArray>

#include <optional>
#include <vector>

namespace iotile {

class PageRequest;
class RequestContext;
class Router;
class ServerContext;
struct DataSelector;

// /api/v1/data/: posting points (JSON, one or a list, all or nothing) and reading them by stream,
// device, block or variable, as pages or a streamed CSV export.
class DataController
{
public:
    static void registerRoutes(Router &router, ServerContext &server);
    // The original's range filters (start, end, timestamp, id_*, streamer_id_*, streamer_ts_*, lastn).
    // clampLastn: stream/<slug>/data/ clamps lastn to 1..100000 silently where data/ answers 400.
    static Status readRangeFilters(const RequestContext &ctx, DataSelector &selector,
                                   std::optional<qint64> &lastn, bool clampLastn);
    // One page of a selection's points into `rows` (nothing when `empty`: the caller's target has no
    // data), validating the page; returns the selection's count.
    static Result<qint64> readPage(StreamDataStore &store, const DataSelector &selector,
                                   std::optional<qint64> lastn, StreamDataStore::Order order,
                                   PageRequest &page, bool empty, std::vector<DataPoint> &rows);
};

} // namespace iotile
