#pragma once

#include "server/ingest/ingesthooks.h"
#include "server/store/livelogstore.h"

#include <QByteArray>

#include <vector>

namespace iotile {

// The JSON of live messages: what a committed batch becomes in the live log (one entry per stream and
// up to kChunk points or events), and the pushed text with its cursor.
class LiveMessage
{
public:
    static constexpr size_t kChunk = 1000;

    static std::vector<LiveLogEntry> fromBatch(const CommittedBatch &batch);
    // {"type":..,"cursor":N,...}: the cursor goes in front of the stored body's fields.
    static QByteArray withCursor(qint64 cursor, const QByteArray &body);
};

} // namespace iotile
