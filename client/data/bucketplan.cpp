#include "client/data/bucketplan.h"

#include <array>

namespace iotile {

namespace {
// Intervals a person reads at a glance; each step at most 5x the previous, so the first one under the
// limit still gives at least 1/5 of it.
constexpr std::array<qint64, 12> kLadder {60,       300,       900,   1800,      3600,      3 * 3600,
                                          6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 30 * 86400};
} // namespace

BucketPlan BucketPlan::forSpan(qint64 spanMs, int maxBuckets)
{
    if (spanMs <= kRawSpanLimitMs)
        return raw();
    for (qint64 seconds : kLadder) {
        if (spanMs / (seconds * 1000) <= maxBuckets)
            return BucketPlan(seconds);
    }
    return BucketPlan(kLadder.back());
}

QString BucketPlan::intervalParameter() const
{
    switch (m_intervalSeconds) {
    case 60:
        return QStringLiteral("1m");
    case 300:
        return QStringLiteral("5m");
    case 3600:
        return QStringLiteral("1h");
    case 86400:
        return QStringLiteral("1d");
    default:
        return QString::number(m_intervalSeconds);
    }
}

QString BucketPlan::describe(qint64 seconds)
{
    if (seconds > 0 && seconds % 86400 == 0)
        return tr("%n day(s)", nullptr, int(seconds / 86400));
    if (seconds > 0 && seconds % 3600 == 0)
        return tr("%n hour(s)", nullptr, int(seconds / 3600));
    if (seconds > 0 && seconds % 60 == 0)
        return tr("%n minute(s)", nullptr, int(seconds / 60));
    return tr("%n second(s)", nullptr, int(seconds));
}

qint64 BucketPlan::bucketCount(qint64 spanMs) const
{
    if (isRaw())
        return 0;
    const qint64 ms = m_intervalSeconds * 1000;
    return (spanMs + ms - 1) / ms;
}

} // namespace iotile
