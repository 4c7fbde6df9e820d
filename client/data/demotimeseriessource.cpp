#include "client/data/demotimeseriessource.h"

#include "client/data/bucketplan.h"

#include <QDateTime>
#include <QHash>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace iotile {

namespace {

constexpr qint64 kRawStepMs = 10'000;
constexpr qint64 kDayMs = 86'400'000;

// A repeatable pseudo-random number in [-1, 1] for a stream and a time step.
double noise(size_t seed, qint64 step)
{
    quint64 x = quint64(step) * 0x9E3779B97F4A7C15ULL ^ quint64(seed);
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return double(x % 20001) / 10000.0 - 1.0;
}

} // namespace

DemoTimeSeriesSource::DemoTimeSeriesSource(QObject *parent)
    : TimeSeriesSource(parent)
{ }

double DemoTimeSeriesSource::valueAt(const QString &slug, qint64 ms)
{
    const size_t seed = qHash(slug);
    const double base = 12.0 + double(seed % 13);
    const double amplitude = 3.0 + double(seed % 5);
    const double phase = double(seed % 628) / 100.0;
    const double t = double(ms);
    return base + amplitude * std::sin(2 * std::numbers::pi * t / kDayMs + phase)
        + 2.0 * std::sin(2 * std::numbers::pi * t / (7 * kDayMs) + phase / 2)
        + 1.5 * std::sin(2 * std::numbers::pi * t / (365.0 * kDayMs)) + 0.6 * noise(seed, ms / kRawStepMs);
}

SeriesData DemoTimeSeriesSource::generate(const SeriesRequest &request, qint64 nowMs)
{
    SeriesData data;
    data.slug = request.slug;
    data.label = request.label;
    data.unit = request.unit;
    qint64 start = request.startMs;
    qint64 end = request.endMs;
    if (start == 0 && end == 0) {
        end = nowMs;
        start = end - 365 * kDayMs;
    }
    data.startMs = start;
    data.endMs = end;
    const BucketPlan plan = request.intervalSeconds < 0 ? BucketPlan::forSpan(end - start, request.maxBuckets)
        : request.intervalSeconds == 0                  ? BucketPlan::raw()
                                                        : BucketPlan::interval(request.intervalSeconds);
    const qint64 firstStep = (start + kRawStepMs - 1) / kRawStepMs * kRawStepMs;
    if (plan.isRaw()) {
        for (qint64 t = firstStep; t < end; t += kRawStepMs)
            data.values.append(QPointF(double(t), valueAt(request.slug, t)));
        return data;
    }
    const qint64 interval = plan.intervalSeconds() * 1000;
    data.intervalSeconds = plan.intervalSeconds();
    // Enough samples per bucket for a believable band without generating every raw point of a year.
    const qint64 step = std::max(kRawStepMs, interval / 60 / kRawStepMs * kRawStepMs);
    for (qint64 bucket = start / interval * interval; bucket < end; bucket += interval) {
        double sum = 0;
        double low = 0;
        double high = 0;
        qint64 count = 0;
        const qint64 from = std::max(bucket, firstStep);
        for (qint64 t = (from + step - 1) / step * step; t < std::min(bucket + interval, end); t += step) {
            const double v = valueAt(request.slug, t);
            low = count == 0 ? v : std::min(low, v);
            high = count == 0 ? v : std::max(high, v);
            sum += v;
            ++count;
        }
        if (count == 0)
            continue;
        data.values.append(QPointF(double(bucket), sum / double(count)));
        data.minimum.append(QPointF(double(bucket), low));
        data.maximum.append(QPointF(double(bucket), high));
        data.counts.append(count * (step / kRawStepMs));
    }
    return data;
}

quint64 DemoTimeSeriesSource::load(const SeriesRequest &request)
{
    const quint64 ticket = nextTicket();
    const qint64 now = m_nowMs > 0 ? m_nowMs : QDateTime::currentMSecsSinceEpoch();
    // Answered from the event loop, like a network source, so callers see the same order of events.
    QTimer::singleShot(0, this, [this, ticket, request, now] {
        if (m_cancelled.remove(ticket))
            return;
        emit loaded(ticket, generate(request, now));
    });
    return ticket;
}

void DemoTimeSeriesSource::cancel(quint64 ticket)
{
    m_cancelled.insert(ticket);
}

} // namespace iotile
