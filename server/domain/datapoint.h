#pragma once

#include <QByteArrayView>
#include <QtGlobal>

#include <optional>

namespace iotile {

// The original's StreamData.type values, stored as small integers.
enum class PointType : quint8 { Num = 0, Itr = 1, P0 = 2, P1 = 3, PE = 4 };
// The original's StreamData.status values.
enum class PointStatus : quint8 { Unknown = 0, Clean = 1, Dirty = 2, Utc = 3 };

const char *pointTypeName(PointType type);
std::optional<PointType> pointTypeFromName(QByteArrayView name);
const char *pointStatusName(PointStatus status);
std::optional<PointStatus> pointStatusFromName(QByteArrayView name);

// One stored data point of a stream (by its compact stream key). Times are microseconds since the epoch.
struct DataPoint
{
    qint64 id = 0;
    qint64 streamId = 0;
    qint64 ts = 0;
    qint64 seq = 0; // streamer_local_id (0: not set)
    std::optional<qint64> deviceTs;
    std::optional<qint64> intValue;
    std::optional<double> value;
    PointType type = PointType::Num;
    PointStatus status = PointStatus::Unknown;
    bool dirty = false;
};

} // namespace iotile
