#pragma once

#include "server/domain/datapoint.h"

#include <QtGlobal>

#include <optional>
#include <vector>

namespace iotile {

// One new reading of a binary report on its way to UTC: what the device said, and the time and status
// the engine gives it.
struct TimelineEntry
{
    quint16 lid = 0; // variable id (0x5c00: reboot)
    quint32 seq = 0; // streamer-local reading id
    quint32 rawTime = 0; // device uptime, or RTC seconds since 2000 with bit 31 set
    quint32 value = 0;
    qint64 ts = 0; // µs UTC
    PointStatus status = PointStatus::Unknown;
    bool dirty = false;
};

// How the original's report engines turn device uptimes into UTC. Engines 0 and 1 add each uptime to
// the report's base time (received - sent_timestamp, through UtcAssigner). Engine 2 walks the readings
// backwards from the end of the report: each reboot (0x5c00) starts a block, and the block to its left is
// anchored so that it ends one second before the right block's base; readings left of the right-most
// reboot are dirty, unless the previous report of the streamer gives the left-most block a base of its
// own. RTC readings keep their clock time; trip start/end (0x0e00/0x0e01) carry their epoch as value.
class ReportTimeline final
{
public:
    static constexpr quint16 kRebootLid = 0x5c00;
    static constexpr quint16 kTripStartLid = 0x0e00;
    static constexpr quint16 kTripEndLid = 0x0e01;

    static void assignSimple(std::vector<TimelineEntry> &entries, qint64 receivedUtc, quint32 sentTimestamp);
    // previousBase: received - device_sent_timestamp of the streamer's previous report that stored data.
    static void assignV2(std::vector<TimelineEntry> &entries, qint64 receivedUtc, quint32 sentTimestamp,
                         std::optional<qint64> previousBase);

private:
    static void assignTrips(std::vector<TimelineEntry> &entries);
};

} // namespace iotile
