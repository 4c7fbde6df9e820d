#pragma once

#include "common/util/error.h"
#include "server/http/httpresponse.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <array>
#include <optional>

namespace iotile {

class Metrics;
class RequestContext;

// A token bucket's shape, from a setting such as "100/s burst 200", "6000/min" or "0" (off): `count`
// requests per `unit` (s, min, h, day) refill the bucket; `burst` (default: count) is its size.
struct RateLimit
{
    double perSecond = 0;
    double burst = 0;

    bool enabled() const { return perSecond > 0; }
    static Result<RateLimit> parse(const QString &text);
};

// Request rate limits per credential (the Authorization header: a JWT, API token, device or org key) and
// per client address (X-Forwarded-For when trust_proxy_headers is on), kept in memory per process: each
// instance behind a proxy limits on its own. Over a limit the answer is DRF's 429 with Retry-After.
class RateLimiter
{
public:
    RateLimiter(RateLimit perToken, RateLimit perAddress, Metrics *metrics = nullptr);

    bool enabled() const { return m_perToken.enabled() || m_perAddress.enabled(); }
    // The 429 to send, or nothing when the request may go on (it is counted then). Health checks and
    // /metrics are never limited.
    std::optional<HttpResponse> check(const RequestContext &ctx);

    // The core, for tests: seconds until the request would be allowed (0: allowed now and counted).
    // Empty credential or address: that limit does not apply.
    int acquire(const QByteArray &credential, const QString &address, qint64 nowNanoseconds);

    // DRF's throttled answer: {"detail": "Request was throttled. Expected available in N seconds."}.
    static HttpResponse throttledResponse(int waitSeconds);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updated = 0;
    };
    struct Shard
    {
        QMutex mutex;
        QHash<QByteArray, Bucket> buckets;
        qint64 lastPrune = 0;
    };
    static constexpr size_t kShards = 16;
    using Table = std::array<Shard, kShards>;

    // Seconds to wait, or 0 after taking a token.
    static double take(Table &table, const RateLimit &limit, const QByteArray &key, qint64 now);
    static void giveBack(Table &table, const RateLimit &limit, const QByteArray &key);
    static void prune(Shard &shard, const RateLimit &limit, qint64 now);

    RateLimit m_perToken;
    RateLimit m_perAddress;
    Metrics *m_metrics;
    Table m_tokens;
    Table m_addresses;
};

} // namespace iotile
