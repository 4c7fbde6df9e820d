#include "server/http/ratelimiter.h"

#include "server/http/errormapping.h"
#include "server/http/requestcontext.h"
#include "server/observability/metrics.h"

#include <QElapsedTimer>
#include <QMutexLocker>
#include <QRegularExpression>

#include <cmath>

namespace iotile {

namespace {

constexpr qint64 kNanosPerSecond = 1000000000LL;
// Idle full buckets are dropped at most this often per shard, so memory follows the active clients.
constexpr qint64 kPruneInterval = 60 * kNanosPerSecond;

qint64 monotonicNanoseconds()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.nsecsElapsed();
}

} // namespace

Result<RateLimit> RateLimit::parse(const QString &text)
{
    const QString s = text.trimmed().toLower();
    RateLimit limit;
    if (s.isEmpty() || s == QLatin1String("0") || s == QLatin1String("off") || s == QLatin1String("none"))
        return limit;
    static const QRegularExpression pattern(
        QStringLiteral(R"(^(\d+(?:\.\d+)?)\s*/\s*(\d*)\s*([a-z]+)(?:\s+burst\s+(\d+))?$)"));
    const QRegularExpressionMatch m = pattern.match(s);
    const auto bad = [&] {
        return Error::badRequest(
            QStringLiteral("expected a rate such as \"100/s\", \"6000/min burst 200\" or 0, not \"%1\"")
                .arg(text));
    };
    if (!m.hasMatch())
        return bad();
    const double count = m.captured(1).toDouble();
    const double multiple = m.captured(2).isEmpty() ? 1 : m.captured(2).toDouble();
    const QString unit = m.captured(3);
    double seconds = 0;
    if (unit == QLatin1String("s") || unit == QLatin1String("sec") || unit == QLatin1String("second")
        || unit == QLatin1String("seconds"))
        seconds = 1;
    else if (unit == QLatin1String("m") || unit == QLatin1String("min") || unit == QLatin1String("minute")
             || unit == QLatin1String("minutes"))
        seconds = 60;
    else if (unit == QLatin1String("h") || unit == QLatin1String("hour") || unit == QLatin1String("hours"))
        seconds = 3600;
    else if (unit == QLatin1String("d") || unit == QLatin1String("day") || unit == QLatin1String("days"))
        seconds = 86400;
    else
        return bad();
    if (multiple <= 0)
        return bad();
    if (count <= 0)
        return limit; // "0/s" is off as well
    limit.perSecond = count / (seconds * multiple);
    limit.burst = m.captured(4).isEmpty() ? std::max(1.0, std::floor(count)) : m.captured(4).toDouble();
    if (limit.burst < 1)
        return bad();
    return limit;
}

RateLimiter::RateLimiter(RateLimit perToken, RateLimit perAddress, Metrics *metrics)
    : m_perToken(perToken)
    , m_perAddress(perAddress)
    , m_metrics(metrics)
{ }

void RateLimiter::prune(Shard &shard, const RateLimit &limit, qint64 now)
{
    if (now - shard.lastPrune < kPruneInterval)
        return;
    shard.lastPrune = now;
    for (auto it = shard.buckets.begin(); it != shard.buckets.end();) {
        const double refilled = it->tokens + double(now - it->updated) / kNanosPerSecond * limit.perSecond;
        if (refilled >= limit.burst)
            it = shard.buckets.erase(it); // full again: the same as no bucket at all
        else
            ++it;
    }
}

double RateLimiter::take(Table &table, const RateLimit &limit, const QByteArray &key, qint64 now)
{
    Shard &shard = table[qHash(key) % kShards];
    QMutexLocker lock(&shard.mutex);
    prune(shard, limit, now);
    auto it = shard.buckets.find(key);
    if (it == shard.buckets.end())
        it = shard.buckets.insert(key, Bucket {limit.burst, now});
    Bucket &b = *it;
    b.tokens = std::min(limit.burst, b.tokens + double(now - b.updated) / kNanosPerSecond * limit.perSecond);
    b.updated = now;
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
    }
    return (1 - b.tokens) / limit.perSecond;
}

void RateLimiter::giveBack(Table &table, const RateLimit &limit, const QByteArray &key)
{
    Shard &shard = table[qHash(key) % kShards];
    QMutexLocker lock(&shard.mutex);
    auto it = shard.buckets.find(key);
    if (it != shard.buckets.end())
        it->tokens = std::min(limit.burst, it->tokens + 1);
}

int RateLimiter::acquire(const QByteArray &credential, const QString &address, qint64 now)
{
    const bool byToken = m_perToken.enabled() && !credential.isEmpty();
    if (byToken) {
        if (const double wait = take(m_tokens, m_perToken, credential, now); wait > 0) {
            if (m_metrics)
                m_metrics->countThrottled(Metrics::Limit::Token);
            return std::max(1, int(std::ceil(wait)));
        }
    }
    if (m_perAddress.enabled() && !address.isEmpty()) {
        const QByteArray key = address.toLatin1();
        if (const double wait = take(m_addresses, m_perAddress, key, now); wait > 0) {
            // The request does not happen: the credential's token goes back.
            if (byToken)
                giveBack(m_tokens, m_perToken, credential);
            if (m_metrics)
                m_metrics->countThrottled(Metrics::Limit::Address);
            return std::max(1, int(std::ceil(wait)));
        }
    }
    return 0;
}

HttpResponse RateLimiter::throttledResponse(int wait)
{
    // DRF's Throttled exception, word for word (singular for one second, as its ngettext picks).
    const QString message = QStringLiteral("Request was throttled. Expected available in %1 %2.")
                                .arg(wait)
                                .arg(wait == 1 ? QStringLiteral("second") : QStringLiteral("seconds"));
    return errorResponse(Error::detail(ErrorKind::TooManyRequests, message)
                             .withHeader("Retry-After", QByteArray::number(wait)));
}

std::optional<HttpResponse> RateLimiter::check(const RequestContext &ctx)
{
    if (!enabled())
        return std::nullopt;
    const QString &path = ctx.path();
    if (path == QLatin1String("/api/v1/health/") || path == QLatin1String("/metrics"))
        return std::nullopt;
    // The raw header is the key: no lookup before the limit, and invalid credentials are limited too.
    const QByteArray credential = m_perToken.enabled() ? ctx.header("authorization") : QByteArray();
    const QString address = m_perAddress.enabled() ? ctx.remoteAddressText() : QString();
    if (const int wait = acquire(credential, address, monotonicNanoseconds()); wait > 0)
        return throttledResponse(wait);
    return std::nullopt;
}

} // namespace iotile
