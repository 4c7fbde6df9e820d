#pragma once

#include "server/http/router.h"
#include "server/ingest/ingesthooks.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QString>

#include <array>
#include <atomic>
#include <memory>
#include <vector>

namespace iotile {

// The counters of one process that /metrics exposes: HTTP requests by route pattern, method and status
// with their latency, points and events stored by ingest path, and requests refused by the rate limits.
// The request path only touches a shard of its own thread (relaxed atomics; a lock only the first time a
// route/method/status combination appears on that thread); a scrape merges the shards.
class Metrics
{
public:
    // Upper bounds of the latency histogram in seconds (Prometheus' default buckets); +Inf is implied.
    static constexpr std::array<double, 11> kLatencyBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                               0.5,   1,    2.5,   5,    10};

    Metrics();
    ~Metrics();
    Metrics(const Metrics &) = delete;
    Metrics &operator=(const Metrics &) = delete;

    // route: the pattern of the matched route (owned by the Router, which outlives this), or nullptr for
    // requests no route matched (404s, redirects, throttled requests).
    void observeRequest(const Route *route, HttpMethod method, int status, qint64 nanoseconds);
    void countIngest(CommittedBatch::Source source, qint64 points, qint64 events);
    enum class Limit { Token, Address };
    void countThrottled(Limit limit);

    // One merged series of the request counters.
    struct RequestSeries
    {
        QString route;
        QByteArray method;
        int status = 0;
        qint64 count = 0;
        qint64 sumNanoseconds = 0;
        std::array<qint64, kLatencyBuckets.size() + 1> buckets {}; // per bucket, not cumulative; last: +Inf
    };
    std::vector<RequestSeries> requests() const;
    qint64 ingestedPoints(CommittedBatch::Source source) const;
    qint64 ingestedEvents(CommittedBatch::Source source) const;
    qint64 throttled(Limit limit) const;

    // Prometheus text format of the counters above (gauges that need a database come from MetricsEndpoint).
    QByteArray renderCounters() const;

    // Since this object was made (with the server's context).
    double uptimeSeconds() const;

private:
    struct Series;
    struct Shard;
    Shard &localShard();

    const quint64 m_instance;
    QElapsedTimer m_started;
    mutable QMutex m_shardsMutex;
    std::vector<std::unique_ptr<Shard>> m_shards;
    static constexpr int kSources = 4;
    std::array<std::atomic<qint64>, kSources> m_points {};
    std::array<std::atomic<qint64>, kSources> m_events {};
    std::array<std::atomic<qint64>, 2> m_throttled {};
};

// Escapes a label value for the Prometheus text format (backslash, double quote, newline).
QByteArray promLabel(const QString &value);

} // namespace iotile
