#pragma once

#include "common/util/error.h"
#include "server/domain/account.h"
#include "server/http/requestcontext.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QReadWriteLock>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace iotile {

class JwtCodec;
class SqlConnection;
struct ServerConfig;

// The authenticated caller of one request.
struct Caller
{
    std::shared_ptr<const Account> user;
    AuthScheme scheme = AuthScheme::None;
    QString jti; // the JWT's id, for logout
    qint64 tokenExpiry = 0;
};

// Resolves the Authorization header the way the original's authentication classes do, in order:
// "JWT <t>" / "jwt <t>" (scheme case-insensitive), "a-jwt <device token>", "Token <key>"; anything else is
// anonymous. A presented but bad credential is a 401 even where anonymous access is allowed.
// Successful lookups are cached for a few seconds per header value (20k+ authenticated requests/s
// must not each cost a query); any account or token change invalidates the cache of this process.
class Authenticator
{
public:
    Authenticator(const ServerConfig &config, const JwtCodec &jwt);

    Result<Caller> authenticate(const QByteArray &authorization, SqlConnection &db);

    // A JWT for the account: `origIat` is kept from the token being refreshed (180-day window).
    QByteArray issueJwt(const Account &account, std::optional<qint64> origIat = std::nullopt) const;
    // Verifies a token for api-jwt-verify / api-jwt-refresh (400-style messages are the caller's job).
    Result<QJsonObject> decodeJwt(QByteArrayView token, bool checkExpiry) const;

    // Forget cached callers (after any change to accounts, tokens or memberships).
    void invalidate() { m_generation.fetch_add(1, std::memory_order_relaxed); }

    // The device token scheme ("a-jwt") is resolved by the device layer.
    using SchemeResolver = std::function<Result<Caller>(QByteArrayView credential, SqlConnection &db)>;
    void setDeviceTokenResolver(SchemeResolver resolver) { m_deviceResolver = std::move(resolver); }

private:
    Result<Caller> resolve(QByteArrayView scheme, QByteArrayView credential, SqlConnection &db);
    Result<Caller> resolveJwt(QByteArrayView token, SqlConnection &db);
    Result<Caller> resolveToken(QByteArrayView key, SqlConnection &db);

    struct CacheEntry
    {
        Caller caller;
        qint64 cachedUntil = 0; // seconds
        quint64 generation = 0;
    };

    const ServerConfig &m_config;
    const JwtCodec &m_jwt;
    SchemeResolver m_deviceResolver;
    QReadWriteLock m_lock;
    QHash<QByteArray, CacheEntry> m_cache;
    std::atomic<quint64> m_generation {0};
};

} // namespace iotile
