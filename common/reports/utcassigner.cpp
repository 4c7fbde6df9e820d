#include "common/reports/utcassigner.h"

#include "common/reports/reporttime.h"

namespace iotile {

qint64 UtcAssigner::baseTime(qint64 receivedUtc, quint32 sentTimestamp)
{
    return receivedUtc - qint64(sentTimestamp) * ReportTime::kMicrosecondsPerSecond;
}

std::optional<qint64> UtcAssigner::fromRawTime(quint32 rawTime, qint64 baseUtc)
{
    if (rawTime == kUnknownTime)
        return std::nullopt;
    if (isRtc(rawTime))
        return (ReportTime::kY2kUnixSeconds + qint64(rawTime & ~kRtcFlag))
            * ReportTime::kMicrosecondsPerSecond;
    return baseUtc + qint64(rawTime) * ReportTime::kMicrosecondsPerSecond;
}

std::vector<std::optional<qint64>> UtcAssigner::readingTimes(const Report &report, qint64 receivedUtc)
{
    const qint64 base = baseTime(receivedUtc, report.sentTimestamp);
    std::vector<std::optional<qint64>> times;
    times.reserve(report.readings.size());
    for (const IOTileReading &reading : report.readings)
        times.push_back(reading.timestamp ? reading.timestamp : fromRawTime(reading.rawTime, base));
    return times;
}

std::vector<std::optional<qint64>> UtcAssigner::eventTimes(const Report &report, qint64 receivedUtc)
{
    const qint64 base = baseTime(receivedUtc, report.sentTimestamp);
    std::vector<std::optional<qint64>> times;
    times.reserve(report.events.size());
    for (const IOTileEvent &event : report.events)
        times.push_back(isRtc(event.deviceTimestamp) ? fromRawTime(event.deviceTimestamp, base)
                                                     : event.timestamp);
    return times;
}

} // namespace iotile
