#include "server/ingest/reporttimeline.h"

#include "common/reports/utcassigner.h"

namespace iotile {

namespace {

constexpr qint64 kSecond = 1000000;

} // namespace

void ReportTimeline::assignSimple(std::vector<TimelineEntry> &entries, qint64 receivedUtc,
                                  quint32 sentTimestamp)
{
    const qint64 base = UtcAssigner::baseTime(receivedUtc, sentTimestamp);
    for (TimelineEntry &e : entries) {
        const std::optional<qint64> ts = UtcAssigner::fromRawTime(e.rawTime, base);
        // 0xFFFFFFFF: the device did not know; the upload's time is the best guess there is.
        e.ts = ts.value_or(receivedUtc);
        e.dirty = !ts.has_value();
        e.status = UtcAssigner::isRtc(e.rawTime) ? PointStatus::Utc : PointStatus::Unknown;
    }
}

void ReportTimeline::assignV2(std::vector<TimelineEntry> &entries, qint64 receivedUtc, quint32 sentTimestamp,
                              std::optional<qint64> previousBase)
{
    if (entries.empty())
        return;
    qint64 endOfBlock = receivedUtc;
    std::optional<qint64> base = UtcAssigner::baseTime(receivedUtc, sentTimestamp);
    bool noReboots = true;
    bool trips = false;
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
        TimelineEntry &e = *it;
        if (e.rawTime == UtcAssigner::kUnknownTime) {
            e.ts = receivedUtc;
            e.status = PointStatus::Dirty;
            e.dirty = true;
            continue;
        }
        if (UtcAssigner::isRtc(e.rawTime)) {
            e.ts = *UtcAssigner::fromRawTime(e.rawTime, 0);
            e.status = PointStatus::Utc;
            e.dirty = false;
            continue;
        }
        if (e.lid == kTripStartLid || e.lid == kTripEndLid) {
            trips = true;
            continue;
        }
        if (!base)
            base = endOfBlock - qint64(e.rawTime) * kSecond;
        e.ts = *base + qint64(e.rawTime) * kSecond;
        e.status = noReboots ? PointStatus::Clean : PointStatus::Dirty;
        e.dirty = !noReboots;
        if (e.lid == kRebootLid) {
            noReboots = false;
            // Nothing better is known: the block to the left ends just before this one began.
            endOfBlock = *base - kSecond;
            base.reset();
        }
    }
    if (trips)
        assignTrips(entries);
    if (entries.front().status == PointStatus::Dirty && previousBase) {
        for (TimelineEntry &e : entries) {
            if (e.lid == kRebootLid)
                break;
            e.ts = *previousBase + qint64(e.rawTime) * kSecond;
            e.status = PointStatus::Clean;
            e.dirty = false;
        }
    }
}

void ReportTimeline::assignTrips(std::vector<TimelineEntry> &entries)
{
    // Streamers of trip data carry no reboots: the phone writes the epoch into trip start/end, and later
    // readings count on from the trip start (uptimes that go down mean the device restarted meanwhile).
    std::optional<qint64> base;
    qint64 carried = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        TimelineEntry &e = entries[i];
        if (e.lid == kTripStartLid) {
            e.ts = qint64(e.value) * kSecond;
            base = e.ts - qint64(e.rawTime) * kSecond;
            e.status = PointStatus::Utc;
            e.dirty = false;
        } else if (e.lid == kTripEndLid) {
            e.ts = qint64(e.value) * kSecond;
            e.status = PointStatus::Utc;
            e.dirty = false;
        } else if (base && !UtcAssigner::isRtc(e.rawTime)) {
            if (i > 0 && e.rawTime < entries[i - 1].rawTime)
                carried += entries[i - 1].rawTime;
            e.ts = *base + (qint64(e.rawTime) + carried) * kSecond;
        }
    }
}

} // namespace iotile
