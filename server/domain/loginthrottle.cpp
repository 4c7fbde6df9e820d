#include "server/domain/loginthrottle.h"

#include <algorithm>

namespace iotile {

LoginThrottle::LoginThrottle(int maxFailures, int windowSeconds, int lockoutSeconds)
    : m_maxFailures(maxFailures)
    , m_window(windowSeconds)
    , m_lockout(lockoutSeconds)
{ }

int LoginThrottle::wait(const QHash<QString, Entry> &table, const QString &key, qint64 now) const
{
    const auto it = table.constFind(key);
    if (it == table.constEnd() || it->blockedUntil <= now)
        return 0;
    return int(it->blockedUntil - now);
}

int LoginThrottle::retryAfter(const QString &account, const QString &address, qint64 nowSeconds)
{
    QMutexLocker lock(&m_mutex);
    return std::max(wait(m_accounts, account.toLower(), nowSeconds), wait(m_addresses, address, nowSeconds));
}

void LoginThrottle::fail(QHash<QString, Entry> &table, const QString &key, qint64 now)
{
    Entry &e = table[key];
    if (e.failures == 0 || now - e.firstFailure > m_window) {
        e.failures = 0;
        e.firstFailure = now;
    }
    ++e.failures;
    if (e.failures >= m_maxFailures) {
        const int doublings = std::min(e.failures - m_maxFailures, 20);
        const qint64 lock = std::min<qint64>(qint64(m_lockout) << doublings, std::max(m_window, m_lockout));
        e.blockedUntil = now + lock;
    }
}

void LoginThrottle::recordFailure(const QString &account, const QString &address, qint64 nowSeconds)
{
    QMutexLocker lock(&m_mutex);
    prune(nowSeconds);
    if (!account.isEmpty())
        fail(m_accounts, account.toLower(), nowSeconds);
    // Addresses get more room: many users may share one (a company's NAT).
    if (!address.isEmpty()) {
        Entry &e = m_addresses[address];
        if (e.failures == 0 || nowSeconds - e.firstFailure > m_window) {
            e.failures = 0;
            e.firstFailure = nowSeconds;
        }
        if (++e.failures >= m_maxFailures * 4)
            e.blockedUntil = nowSeconds + m_lockout;
    }
}

void LoginThrottle::recordSuccess(const QString &account, qint64 nowSeconds)
{
    QMutexLocker lock(&m_mutex);
    prune(nowSeconds);
    m_accounts.remove(account.toLower());
}

void LoginThrottle::prune(qint64 now)
{
    if (now - m_lastPrune < 60)
        return;
    m_lastPrune = now;
    const auto stale = [&](const Entry &e) {
        return now - e.firstFailure > m_window && e.blockedUntil <= now;
    };
    m_accounts.removeIf([&](const auto &it) { return stale(it.value()); });
    m_addresses.removeIf([&](const auto &it) { return stale(it.value()); });
}

} // namespace iotile
