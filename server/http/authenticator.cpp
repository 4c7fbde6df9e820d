#include "server/http/authenticator.h"

#include "common/util/isotime.h"
#include "server/app/serverconfig.h"
#include "server/http/jwtcodec.h"
#include "server/store/accountstore.h"
#include "server/store/tokenstore.h"

#include <QUuid>

namespace iotile {

namespace {

constexpr qint64 kCacheSeconds = 5;
constexpr qsizetype kCacheMax = 20000;

qint64 nowSeconds()
{
    return isotime::now() / isotime::kMicrosPerSecond;
}

bool equalsIgnoreCase(QByteArrayView a, const char *b)
{
    return a.compare(QByteArrayView(b), Qt::CaseInsensitive) == 0;
}

} // namespace

Authenticator::Authenticator(const ServerConfig &config, const JwtCodec &jwt)
    : m_config(config)
    , m_jwt(jwt)
{ }

Result<Caller> Authenticator::authenticate(const QByteArray &authorization, SqlConnection &db)
{
    if (authorization.isEmpty())
        return Caller {};
    const qint64 now = nowSeconds();
    const quint64 generation = m_generation.load(std::memory_order_relaxed);
    {
        QReadLocker lock(&m_lock);
        const auto it = m_cache.constFind(authorization);
        if (it != m_cache.constEnd() && it->generation == generation && it->cachedUntil > now
            && (it->caller.tokenExpiry == 0 || it->caller.tokenExpiry > now))
            return it->caller;
    }
    const QByteArrayView header(authorization);
    const qsizetype space = header.indexOf(' ');
    const QByteArrayView scheme = space < 0 ? header : header.first(space);
    const QByteArrayView credential = space < 0 ? QByteArrayView() : header.sliced(space + 1).trimmed();
    Result<Caller> caller = resolve(scheme, credential, db);
    if (caller && caller->user) {
        QWriteLocker lock(&m_lock);
        if (m_cache.size() >= kCacheMax)
            m_cache.clear();
        m_cache.insert(authorization, CacheEntry {*caller, now + kCacheSeconds, generation});
    }
    return caller;
}

Result<Caller> Authenticator::resolve(QByteArrayView scheme, QByteArrayView credential, SqlConnection &db)
{
    const bool jwt = equalsIgnoreCase(scheme, "jwt");
    const bool device = equalsIgnoreCase(scheme, "a-jwt");
    const bool token = equalsIgnoreCase(scheme, "token");
    if (!jwt && !device && !token)
        return Caller {}; // not ours (Basic, Bearer, Api-Key...): anonymous, as DRF does
    if (credential.isEmpty())
        return Error::unauthorized(QStringLiteral("Invalid Authorization header. No credentials provided."));
    if (credential.contains(' '))
        return Error::unauthorized(
            QStringLiteral("Invalid Authorization header. Credentials string should not contain spaces."));
    if (jwt)
        return resolveJwt(credential, db);
    if (token)
        return resolveToken(credential, db);
    if (!m_deviceResolver)
        return Error::unauthorized(QStringLiteral("No secret key found for device"));
    return m_deviceResolver(credential, db);
}

Result<Caller> Authenticator::resolveJwt(QByteArrayView token, SqlConnection &db)
{
    auto payload = m_jwt.verify(token, nowSeconds());
    if (!payload)
        return std::move(payload).error();
    const qint64 userId = qint64(payload->value(QLatin1String("user_id")).toDouble());
    const QString username = payload->value(QLatin1String("username")).toString();
    const QString jti = payload->value(QLatin1String("jti")).toString();
    const qint64 iat = qint64(payload->value(QLatin1String("iat")).toDouble());
    auto account = AccountStore(db).byId(userId);
    if (!account)
        return std::move(account).error();
    // The original resolves the user by the username claim: a renamed account's tokens stop working.
    if (!account->has_value() || (*account)->username != username)
        return Error::unauthorized(QStringLiteral("Invalid signature."));
    if (!(*account)->isActive)
        return Error::unauthorized(QStringLiteral("User account is disabled."));
    if (iat * isotime::kMicrosPerSecond < (*account)->jwtNotBefore)
        return Error::unauthorized(QStringLiteral("Signature has been revoked."));
    if (!jti.isEmpty()) {
        auto revoked = TokenStore(db).isJwtRevoked(jti);
        if (!revoked)
            return std::move(revoked).error();
        if (*revoked)
            return Error::unauthorized(QStringLiteral("Signature has been revoked."));
    }
    Caller caller;
    caller.user = std::make_shared<const Account>(std::move(**account));
    caller.scheme = AuthScheme::Jwt;
    caller.jti = jti;
    caller.tokenExpiry = qint64(payload->value(QLatin1String("exp")).toDouble());
    return caller;
}

Result<Caller> Authenticator::resolveToken(QByteArrayView key, SqlConnection &db)
{
    auto userId = TokenStore(db).userOfApiToken(QString::fromLatin1(key));
    if (!userId)
        return std::move(userId).error();
    if (!userId->has_value())
        return Error::unauthorized(QStringLiteral("Invalid token."));
    auto account = AccountStore(db).byId(**userId);
    if (!account)
        return std::move(account).error();
    if (!account->has_value())
        return Error::unauthorized(QStringLiteral("Invalid token."));
    if (!(*account)->isActive)
        return Error::unauthorized(QStringLiteral("User inactive or deleted."));
    Caller caller;
    caller.user = std::make_shared<const Account>(std::move(**account));
    caller.scheme = AuthScheme::Token;
    return caller;
}

QByteArray Authenticator::issueJwt(const Account &account, std::optional<qint64> origIat) const
{
    const qint64 now = nowSeconds();
    QJsonObject payload {
        {QStringLiteral("user_id"), double(account.id)},
        {QStringLiteral("username"), account.username},
        {QStringLiteral("email"), account.email},
        {QStringLiteral("exp"), double(now + m_config.jwtLifetimeSeconds)},
        {QStringLiteral("orig_iat"), double(origIat.value_or(now))},
        {QStringLiteral("iat"), double(now)},
        {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
    };
    return m_jwt.sign(payload);
}

Result<QJsonObject> Authenticator::decodeJwt(QByteArrayView token, bool checkExpiry) const
{
    return m_jwt.verify(token, nowSeconds(), checkExpiry);
}

} // namespace iotile
