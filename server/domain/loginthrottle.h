#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

namespace iotile {

// Slows down password guessing: after `maxFailures` failed logins within `windowSeconds` for one account
// or one client address, further attempts are refused (HTTP 429) for a lockout that doubles with each
// further failure, up to the window. Kept in memory per process: each instance protects itself.
class LoginThrottle
{
public:
    LoginThrottle(int maxFailures, int windowSeconds, int lockoutSeconds);

    // Seconds until the next attempt is allowed for this account or address; 0 when allowed now.
    int retryAfter(const QString &account, const QString &address, qint64 nowSeconds);
    void recordFailure(const QString &account, const QString &address, qint64 nowSeconds);
    void recordSuccess(const QString &account, qint64 nowSeconds);

private:
    struct Entry
    {
        int failures = 0;
        qint64 firstFailure = 0;
        qint64 blockedUntil = 0;
    };
    void fail(QHash<QString, Entry> &table, const QString &key, qint64 now);
    int wait(const QHash<QString, Entry> &table, const QString &key, qint64 now) const;
    void prune(qint64 now);

    QMutex m_mutex;
    QHash<QString, Entry> m_accounts;
    QHash<QString, Entry> m_addresses;
    int m_maxFailures;
    int m_window;
    int m_lockout;
    qint64 m_lastPrune = 0;
};

} // namespace iotile
