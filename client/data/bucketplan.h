#pragma once

#include <QCoreApplication>
#include <QString>

namespace iotile {

// How to ask for a time range: raw points when the span is short, else server-side buckets of a "nice"
// interval chosen so that between about 1,000 and 4,000 of them are drawn.
class BucketPlan final
{
    Q_DECLARE_TR_FUNCTIONS(iotile::BucketPlan)
public:
    // Up to this span the raw points are fetched (six hours of 1 Hz data is 21,600 points).
    static constexpr qint64 kRawSpanLimitMs = 6 * 3600 * 1000LL;
    static constexpr int kMaxBuckets = 4000;

    static BucketPlan forSpan(qint64 spanMs, int maxBuckets = kMaxBuckets);
    static BucketPlan raw() { return BucketPlan(0); }
    static BucketPlan interval(qint64 seconds) { return BucketPlan(seconds); }

    bool isRaw() const { return m_intervalSeconds == 0; }
    qint64 intervalSeconds() const { return m_intervalSeconds; }
    // The aggregate endpoint's interval parameter: "1m", "5m", "1h", "1d", or seconds.
    QString intervalParameter() const;
    qint64 bucketCount(qint64 spanMs) const;
    // "1 hour", "15 minutes", "2 days": an interval as a person says it.
    static QString describe(qint64 seconds);

private:
    explicit BucketPlan(qint64 seconds)
        : m_intervalSeconds(seconds)
    { }
    qint64 m_intervalSeconds;
};

} // namespace iotile
