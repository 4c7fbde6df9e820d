#pragma once

#include "server/domain/datapoint.h"
#include "server/ingest/ingesthooks.h"
#include "server/ingest/resolvedstream.h"

#include <memory>
#include <vector>

namespace iotile {

// A bulk post once checked and converted, ready to write: its points in internal units and the stream
// each belongs to. Stream keys (DataPoint::streamId) are set when it is written.
struct PreparedBatch
{
    std::vector<DataPoint> points;
    std::vector<const ResolvedStream *> owners; // one per point, kept alive by `streams`
    std::vector<std::shared_ptr<const ResolvedStream>> streams; // each stream of the batch once
    CommittedBatch::Source source = CommittedBatch::Source::Json;
    qint64 userId = 0;
};

} // namespace iotile
