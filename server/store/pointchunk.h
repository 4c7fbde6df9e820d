#pragma once

#include "server/domain/datapoint.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>
#include <vector>

namespace iotile {

// A run of one stream's points in one compact value: the storage of chunked stream data, where a row
// holds up to kMaxPoints points instead of one (a row and its index entry cost the database about as
// much as the points' values; see docs/data-chunks.md). Columns are stored one after the other: ids, times
// and streamer ids as varint deltas (times as delta of delta, so regular sampling costs a byte a point),
// optional columns with a presence mode (none, all, or a bitmap), values as integer deltas when every
// one is a whole number and raw doubles otherwise, and type, status and dirty once when constant. Every
// arithmetic step wraps modulo 2^64, so any 64-bit value survives the trip. The stream key is not stored
// (the row carries it).
class PointChunk
{
public:
    static constexpr size_t kMaxPoints = 64;

    // Points in (ts, seq) order, all of one stream; 1..kMaxPoints of them (more are encoded too; the cap
    // is the writer's choice).
    static QByteArray encode(const DataPoint *points, size_t count);
    // Appends the chunk's points to `out`, with streamId set to `streamId`. False, with `out` as it was,
    // when the value is not a chunk this version wrote (truncated, unknown version or flags, trailing
    // bytes).
    static bool decode(QByteArrayView chunk, qint64 streamId, std::vector<DataPoint> &out);
    // The number of points in a chunk (0 when its header is not valid), without decoding it.
    static size_t count(QByteArrayView chunk);
};

} // namespace iotile
