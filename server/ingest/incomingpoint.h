#pragma once

#include <QByteArray>
#include <QJsonObject>

#include <optional>
#include <vector>

namespace iotile {

// One data point as a client posted it to /api/v1/data/, before the stream is resolved.
struct IncomingPoint
{
    QByteArray stream;
    qint64 timestamp = 0; // µs UTC
    std::optional<qint64> deviceTimestamp;
    std::optional<qint64> streamerLocalId;
    std::optional<qint64> intValue;
    std::optional<double> value;
    std::optional<QByteArray> type;
    std::optional<QByteArray> status;
    std::optional<bool> dirty;
};

// A parsed POST body: the points, whether it was a list, and DRF-style errors (one object per item for
// lists; empty objects for valid items).
struct IncomingBatch
{
    std::vector<IncomingPoint> points;
    bool isList = false;
    std::vector<QJsonObject> errors; // parallel to points
    bool hasErrors() const;
};

} // namespace iotile
