#include "server/observability/metrics.h"

#include <QMutexLocker>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

namespace iotile {

namespace {

std::atomic<quint64> g_nextInstance {1};

struct SeriesKey
{
    const Route *route;
    HttpMethod method;
    int status;
    bool operator==(const SeriesKey &) const = default;
};

struct SeriesKeyHash
{
    size_t operator()(const SeriesKey &k) const noexcept
    {
        return std::hash<const void *>()(k.route) ^ (size_t(k.method) << 20) ^ size_t(k.status);
    }
};

size_t bucketIndex(qint64 nanoseconds)
{
    const double seconds = double(nanoseconds) / 1e9;
    for (size_t i = 0; i < Metrics::kLatencyBuckets.size(); ++i)
        if (seconds <= Metrics::kLatencyBuckets[i])
            return i;
    return Metrics::kLatencyBuckets.size();
}

QByteArray number(double v)
{
    return QByteArray::number(v, 'g', 10);
}

} // namespace

struct Metrics::Series
{
    std::atomic<qint64> count {0};
    std::atomic<qint64> sumNanoseconds {0};
    std::array<std::atomic<qint64>, kLatencyBuckets.size() + 1> buckets {};
};

// Written by one thread only. The map changes (under `mutex`) only when that thread meets a new key; the
// scrape reads it under the same mutex, while the owner's lookups of existing keys need no lock.
struct Metrics::Shard
{
    QMutex mutex;
    std::unordered_map<SeriesKey, std::unique_ptr<Series>, SeriesKeyHash> series;
};

Metrics::Metrics()
    : m_instance(g_nextInstance.fetch_add(1))
{
    m_started.start();
}

double Metrics::uptimeSeconds() const
{
    return double(m_started.elapsed()) / 1000.0;
}

Metrics::~Metrics() = default;

Metrics::Shard &Metrics::localShard()
{
    // Instance ids are never reused, so a stale entry of a destroyed Metrics can never match.
    struct Entry
    {
        quint64 instance = 0;
        Shard *shard = nullptr;
    };
    thread_local std::array<Entry, 4> cache {};
    thread_local size_t nextSlot = 0;
    for (const Entry &e : cache)
        if (e.instance == m_instance)
            return *e.shard;
    QMutexLocker lock(&m_shardsMutex);
    m_shards.push_back(std::make_unique<Shard>());
    Shard *shard = m_shards.back().get();
    cache[nextSlot] = Entry {m_instance, shard};
    nextSlot = (nextSlot + 1) % cache.size();
    return *shard;
}

void Metrics::observeRequest(const Route *route, HttpMethod method, int status, qint64 nanoseconds)
{
    Shard &shard = localShard();
    const SeriesKey key {route, method, status};
    auto it = shard.series.find(key);
    if (it == shard.series.end()) {
        QMutexLocker lock(&shard.mutex);
        it = shard.series.emplace(key, std::make_unique<Series>()).first;
    }
    Series &s = *it->second;
    s.count.fetch_add(1, std::memory_order_relaxed);
    s.sumNanoseconds.fetch_add(nanoseconds, std::memory_order_relaxed);
    s.buckets[bucketIndex(nanoseconds)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::countIngest(CommittedBatch::Source source, qint64 points, qint64 events)
{
    const size_t i = size_t(source) % kSources;
    if (points)
        m_points[i].fetch_add(points, std::memory_order_relaxed);
    if (events)
        m_events[i].fetch_add(events, std::memory_order_relaxed);
}

void Metrics::countThrottled(Limit limit)
{
    m_throttled[limit == Limit::Token ? 0 : 1].fetch_add(1, std::memory_order_relaxed);
}

std::vector<Metrics::RequestSeries> Metrics::requests() const
{
    std::map<std::tuple<QString, QByteArray, int>, RequestSeries> merged;
    QMutexLocker shardsLock(&m_shardsMutex);
    for (const auto &shard : m_shards) {
        QMutexLocker lock(&shard->mutex);
        for (const auto &[key, series] : shard->series) {
            const QString route = key.route ? key.route->pattern : QStringLiteral("unmatched");
            RequestSeries &out = merged[{route, methodName(key.method), key.status}];
            out.route = route;
            out.method = methodName(key.method);
            out.status = key.status;
            out.count += series->count.load(std::memory_order_relaxed);
            out.sumNanoseconds += series->sumNanoseconds.load(std::memory_order_relaxed);
            for (size_t i = 0; i < out.buckets.size(); ++i)
                out.buckets[i] += series->buckets[i].load(std::memory_order_relaxed);
        }
    }
    std::vector<RequestSeries> result;
    result.reserve(merged.size());
    for (auto &entry : merged)
        result.push_back(std::move(entry.second));
    return result;
}

qint64 Metrics::ingestedPoints(CommittedBatch::Source source) const
{
    return m_points[size_t(source) % kSources].load(std::memory_order_relaxed);
}

qint64 Metrics::ingestedEvents(CommittedBatch::Source source) const
{
    return m_events[size_t(source) % kSources].load(std::memory_order_relaxed);
}

qint64 Metrics::throttled(Limit limit) const
{
    return m_throttled[limit == Limit::Token ? 0 : 1].load(std::memory_order_relaxed);
}

QByteArray promLabel(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

QByteArray Metrics::renderCounters() const
{
    const std::vector<RequestSeries> series = requests();
    QByteArray out;
    out.reserve(4096 + int(series.size()) * 1024);

    out += "# HELP iotile_http_requests_total HTTP requests answered, by route pattern, method and status.\n"
           "# TYPE iotile_http_requests_total counter\n";
    for (const RequestSeries &s : series) {
        out += "iotile_http_requests_total{route=\"" + promLabel(s.route) + "\",method=\"" + s.method
            + "\",status=\"" + QByteArray::number(s.status) + "\"} " + QByteArray::number(s.count) + '\n';
    }

    // The histogram is per route and method (statuses merged), to keep the series count down.
    struct Merged
    {
        qint64 count = 0;
        qint64 sum = 0;
        std::array<qint64, kLatencyBuckets.size() + 1> buckets {};
    };
    std::map<std::pair<QString, QByteArray>, Merged> histograms;
    for (const RequestSeries &s : series) {
        Merged &m = histograms[{s.route, s.method}];
        m.count += s.count;
        m.sum += s.sumNanoseconds;
        for (size_t i = 0; i < m.buckets.size(); ++i)
            m.buckets[i] += s.buckets[i];
    }
    out += "# HELP iotile_http_request_duration_seconds Time from a parsed request to its response, by route "
           "pattern and method.\n"
           "# TYPE iotile_http_request_duration_seconds histogram\n";
    for (const auto &[key, m] : histograms) {
        const QByteArray labels = "route=\"" + promLabel(key.first) + "\",method=\"" + key.second + '"';
        qint64 cumulative = 0;
        for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
            cumulative += m.buckets[i];
            out += "iotile_http_request_duration_seconds_bucket{" + labels + ",le=\""
                + number(kLatencyBuckets[i]) + "\"} " + QByteArray::number(cumulative) + '\n';
        }
        out += "iotile_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} "
            + QByteArray::number(m.count) + '\n';
        out +=
            "iotile_http_request_duration_seconds_sum{" + labels + "} " + number(double(m.sum) / 1e9) + '\n';
        out += "iotile_http_request_duration_seconds_count{" + labels + "} " + QByteArray::number(m.count)
            + '\n';
    }

    static constexpr CommittedBatch::Source kSourcesInOrder[] = {
        CommittedBatch::Source::Json, CommittedBatch::Source::Event, CommittedBatch::Source::Report,
        CommittedBatch::Source::Mqtt};
    out += "# HELP iotile_ingest_points_total Data points committed by ingest path (a retried upload counts "
           "again).\n"
           "# TYPE iotile_ingest_points_total counter\n";
    for (CommittedBatch::Source source : kSourcesInOrder)
        out += QByteArray("iotile_ingest_points_total{path=\"") + CommittedBatch::sourceName(source) + "\"} "
            + QByteArray::number(ingestedPoints(source)) + '\n';
    out += "# HELP iotile_ingest_events_total Stream events committed by ingest path.\n"
           "# TYPE iotile_ingest_events_total counter\n";
    for (CommittedBatch::Source source : kSourcesInOrder)
        out += QByteArray("iotile_ingest_events_total{path=\"") + CommittedBatch::sourceName(source) + "\"} "
            + QByteArray::number(ingestedEvents(source)) + '\n';

    out += "# HELP iotile_http_throttled_total Requests answered 429 by the rate limits, by limit.\n"
           "# TYPE iotile_http_throttled_total counter\n"
           "iotile_http_throttled_total{limit=\"token\"} "
        + QByteArray::number(throttled(Limit::Token))
        + "\n"
          "iotile_http_throttled_total{limit=\"address\"} "
        + QByteArray::number(throttled(Limit::Address)) + '\n';
    return out;
}

} // namespace iotile
