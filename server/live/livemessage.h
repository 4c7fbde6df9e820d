#pragma once

#include "server/ingest/ingesthooks.h"
#include "server/store/livelogstore.h"

#include <QByteArray>

#include <vector>

namespace iotile {

// Live messages: what a committed batch becomes in the live log (one entry per stream and up to kChunk
// points or events) and the JSON text pushed for an entry.
//
// Points are logged in a compact text form and rendered as JSON when pushed. The JSON of 1,000 points is
// about 180 KB; writing it cost PostgreSQL a quarter of what the points' own rows cost, on every ingest,
// whether anyone listened or not. The compact form is about 30 bytes a point:
//     "~1 <source>\n", then one line per point:
//     <id>,<ts>,<device_ts>,<streamer_local_id>,<int_value>,<value>,<type>,<status>,<dirty>\n
// ts and streamer_local_id are differences from the previous line's (the first from 0); an empty field is
// null (an empty id: not known, as COPY reports none); type and status are PointType and PointStatus
// numbers. Events, and points logged before this form, are logged as the JSON object itself.
class LiveMessage
{
public:
    static constexpr size_t kChunk = 1000;

    static std::vector<LiveLogEntry> fromBatch(const CommittedBatch &batch);
    // {"cursor":N,"type":..,...}: the pushed text of a logged entry, its cursor first.
    static QByteArray render(const LiveLogEntry &entry);
};

} // namespace iotile
