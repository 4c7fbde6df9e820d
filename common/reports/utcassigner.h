#pragma once

#include "common/reports/report.h"

#include <optional>
#include <vector>

namespace iotile {

// Gives readings and events UTC times (microseconds since the Unix epoch) as the original server does;
// pure functions of the report and the upload's received time, for the ingest worker to call.
class UtcAssigner final
{
public:
    static constexpr quint32 kUnknownTime = 0xFFFFFFFF;
    static constexpr quint32 kRtcFlag = 0x80000000;

    // Bit 31 marks seconds since 2000-01-01 from the device's real-time clock; 0xFFFFFFFF is "unknown".
    static bool isRtc(quint32 rawTime) { return (rawTime & kRtcFlag) != 0 && rawTime != kUnknownTime; }
    // When the device's uptime clock started: received time minus the report's sent timestamp.
    static qint64 baseTime(qint64 receivedUtc, quint32 sentTimestamp);
    // RTC time, or base + uptime; std::nullopt for 0xFFFFFFFF.
    static std::optional<qint64> fromRawTime(quint32 rawTime, qint64 baseUtc);

    // Per reading: the time the report carries (flexible dictionaries: used as given), else fromRawTime.
    static std::vector<std::optional<qint64>> readingTimes(const Report &report, qint64 receivedUtc);
    // Per event: the RTC device timestamp wins, then the time the report carries; uptime alone is not
    // enough (the original leaves such events to be matched with data later).
    static std::vector<std::optional<qint64>> eventTimes(const Report &report, qint64 receivedUtc);
};

} // namespace iotile
