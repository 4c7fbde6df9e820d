#include "server/api/authcontroller.h"

#include "common/util/isotime.h"
#include "server/api/accountcontroller.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/loginthrottle.h"
#include "server/domain/passwordhasher.h"
#include "server/http/authenticator.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/mail/mailer.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/tokenstore.h"

#include <QJsonArray>

namespace iotile {

namespace {

constexpr qint64 kResetKeyLifetime = 86400;

qint64 nowSeconds()
{
    return isotime::now() / isotime::kMicrosPerSecond;
}

Error throttled(int seconds)
{
    return Error::detail(
               ErrorKind::TooManyRequests,
               QStringLiteral("Too many failed login attempts. Try again in %1 seconds.").arg(seconds))
        .withHeader("Retry-After", QByteArray::number(seconds));
}

Error nonField(const QString &message)
{
    return Error::field(QStringLiteral("non_field_errors"), message);
}

// Password check shared by login and api-jwt-auth, with throttling of repeated failures per account and
// per client address. Inactive accounts fail like a wrong password (as in the original).
Result<std::optional<Account>> checkCredentials(RequestContext &ctx, SqlConnection &db, const QString &login,
                                                const QString &password)
{
    ServerContext &server = ctx.server();
    const QString address = ctx.remoteAddressText();
    if (const int wait = server.loginThrottle().retryAfter(login, address, nowSeconds()); wait > 0)
        return throttled(wait);
    AccountStore store(db);
    auto account = store.byLogin(login);
    if (!account)
        return std::move(account).error();
    const bool ok = account->has_value() && (*account)->isActive
        && PasswordHasher::verify(password, (*account)->passwordHash);
    if (!ok) {
        server.loginThrottle().recordFailure(login, address, nowSeconds());
        return std::optional<Account>();
    }
    server.loginThrottle().recordSuccess(login, nowSeconds());
    Account a = **account;
    a.lastLogin = isotime::now();
    (void)store.setLastLogin(a.id, *a.lastLogin);
    if (server.passwords().needsRehash(a.passwordHash))
        (void)store.setPassword(a.id, server.passwords().hash(password), a.jwtNotBefore);
    return std::optional<Account>(std::move(a));
}

Result<HttpResponse> login(RequestContext &ctx)
{
    if (ctx.isAuthenticated())
        return Error(ErrorKind::Forbidden, QJsonValue(QStringLiteral("Already Logged-in")));
    auto body = ctx.dataObject();
    if (!body)
        return std::move(body).error();
    FieldErrors errors;
    const auto email = errors.requiredEmail(*body, QStringLiteral("email"));
    const auto password = errors.requiredString(*body, QStringLiteral("password"), 200);
    if (Status s = errors.status(); !s)
        return std::move(s).error();
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    auto account = checkCredentials(ctx, **db, *email, *password);
    if (!account)
        return std::move(account).error();
    if (!account->has_value())
        return Error(ErrorKind::Unauthorized,
                     QJsonValue(QStringLiteral("Username/password combination invalid.")));
    auto token = TokenStore(**db).apiToken((*account)->id);
    if (!token)
        return std::move(token).error();
    QJsonObject reply = AccountController::accountJson(**account);
    reply.insert(QStringLiteral("token"), *token);
    reply.insert(QStringLiteral("jwt"), QString::fromLatin1(ctx.server().auth().issueJwt(**account)));
    return HttpResponse::json(reply);
}

Result<HttpResponse> logout(RequestContext &ctx)
{
    // Beyond the original (which only ended a browser session): the JWT used here stops working.
    if (ctx.authScheme() == AuthScheme::Jwt) {
        auto db = ctx.db();
        if (!db)
            return std::move(db).error();
        const QByteArray header = ctx.header("authorization");
        const QByteArray token = header.mid(header.indexOf(' ') + 1).trimmed();
        auto payload = ctx.server().auth().decodeJwt(token, false);
        if (payload) {
            const QString jti = payload->value(QLatin1String("jti")).toString();
            if (!jti.isEmpty()) {
                if (Status s = TokenStore(**db).revokeJwt(
                        jti, ctx.account().id, qint64(payload->value(QLatin1String("exp")).toDouble()));
                    !s)
                    return std::move(s).error();
                ctx.server().auth().invalidate();
            }
        }
    }
    return HttpResponse::noContent();
}

Result<HttpResponse> apiToken(RequestContext &ctx)
{
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    auto token = TokenStore(**db).apiToken(ctx.account().id);
    if (!token)
        return std::move(token).error();
    return HttpResponse::json(QJsonObject {
        {QStringLiteral("token"), *token},
        {QStringLiteral("jwt"), QString::fromLatin1(ctx.server().auth().issueJwt(ctx.account()))},
    });
}

Result<HttpResponse> revokeApiToken(RequestContext &ctx)
{
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    if (Status s = TokenStore(**db).revokeApiToken(ctx.account().id); !s)
        return std::move(s).error();
    ctx.server().auth().invalidate();
    return HttpResponse::noContent();
}

Result<HttpResponse> userInfo(RequestContext &ctx)
{
    if (!ctx.isAuthenticated())
        return Error(ErrorKind::Forbidden, QJsonValue(QStringLiteral("User not recognized.")));
    QJsonObject reply = AccountController::accountJson(ctx.account());
    reply.insert(QStringLiteral("jwt"), QString::fromLatin1(ctx.server().auth().issueJwt(ctx.account())));
    return HttpResponse::json(reply);
}

Result<HttpResponse> jwtObtain(RequestContext &ctx)
{
    auto body = ctx.dataObject();
    if (!body)
        return std::move(body).error();
    FieldErrors errors;
    const auto login = errors.requiredString(*body, QStringLiteral("username"), 254);
    const auto password = errors.requiredString(*body, QStringLiteral("password"), 200);
    if (Status s = errors.status(); !s)
        return std::move(s).error();
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    auto account = checkCredentials(ctx, **db, login->trimmed(), *password);
    if (!account)
        return std::move(account).error();
    if (!account->has_value())
        return nonField(QStringLiteral("Unable to log in with provided credentials."));
    return HttpResponse::json(QJsonObject {
        {QStringLiteral("token"), QString::fromLatin1(ctx.server().auth().issueJwt(**account))}});
}

// The checks api-jwt-verify and api-jwt-refresh share; failures are 400 with non_field_errors.
Result<std::pair<QJsonObject, Account>> validToken(RequestContext &ctx, const QString &token)
{
    auto payload = ctx.server().auth().decodeJwt(token.toLatin1(), true);
    if (!payload) {
        const QString detail = payload.error().message();
        return nonField(detail);
    }
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    auto account = AccountStore(**db).byId(qint64(payload->value(QLatin1String("user_id")).toDouble()));
    if (!account)
        return std::move(account).error();
    if (!account->has_value() || (*account)->username != payload->value(QLatin1String("username")).toString())
        return nonField(QStringLiteral("User doesn't exist."));
    if (!(*account)->isActive)
        return nonField(QStringLiteral("User account is disabled."));
    const QString jti = payload->value(QLatin1String("jti")).toString();
    const qint64 iat = qint64(payload->value(QLatin1String("iat")).toDouble());
    if (iat * isotime::kMicrosPerSecond < (*account)->jwtNotBefore)
        return nonField(QStringLiteral("Signature has been revoked."));
    if (!jti.isEmpty()) {
        auto revoked = TokenStore(**db).isJwtRevoked(jti);
        if (!revoked)
            return std::move(revoked).error();
        if (*revoked)
            return nonField(QStringLiteral("Signature has been revoked."));
    }
    return std::make_pair(*payload, **account);
}

Result<HttpResponse> jwtVerify(RequestContext &ctx)
{
    auto body = ctx.dataObject();
    if (!body)
        return std::move(body).error();
    FieldErrors errors;
    const auto token = errors.requiredString(*body, QStringLiteral("token"));
    if (Status s = errors.status(); !s)
        return std::move(s).error();
    auto valid = validToken(ctx, *token);
    if (!valid)
        return std::move(valid).error();
    return HttpResponse::json(QJsonObject {{QStringLiteral("token"), *token}});
}

Result<HttpResponse> jwtRefresh(RequestContext &ctx)
{
    auto body = ctx.dataObject();
    if (!body)
        return std::move(body).error();
    FieldErrors errors;
    const auto token = errors.requiredString(*body, QStringLiteral("token"));
    if (Status s = errors.status(); !s)
        return std::move(s).error();
    auto valid = validToken(ctx, *token);
    if (!valid)
        return std::move(valid).error();
    const QJsonValue origIat = valid->first.value(QLatin1String("orig_iat"));
    if (!origIat.isDouble())
        return nonField(QStringLiteral("orig_iat field is required."));
    if (qint64(origIat.toDouble()) + ctx.server().config().jwtRefreshWindowSeconds < nowSeconds())
        return nonField(QStringLiteral("Refresh has expired."));
    const QByteArray fresh = ctx.server().auth().issueJwt(valid->second, qint64(origIat.toDouble()));
    return HttpResponse::json(QJsonObject {{QStringLiteral("token"), QString::fromLatin1(fresh)}});
}

Result<HttpResponse> confirmEmail(RequestContext &ctx)
{
    QString key = ctx.queryValue(QStringLiteral("key"));
    if (ctx.method() == Post) {
        auto body = ctx.dataObject();
        if (!body)
            return std::move(body).error();
        FieldErrors errors;
        auto k = errors.requiredString(*body, QStringLiteral("key"), 128);
        if (Status s = errors.status(); !s)
            return std::move(s).error();
        key = *k;
    }
    if (key.isEmpty())
        return Error::field(QStringLiteral("key"), QStringLiteral("This field is required."));
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    auto user = TokenStore(**db).consumeKey(key, TokenStore::KeyPurpose::ConfirmEmail);
    if (!user)
        return std::move(user).error();
    if (!user->has_value())
        return Error::badRequest(QStringLiteral("Invalid or expired confirmation key."));
    if (Status s = AccountStore(**db).setActive(**user, true, true); !s)
        return std::move(s).error();
    ctx.server().auth().invalidate();
    return HttpResponse::json(
        QJsonObject {{QStringLiteral("detail"), QStringLiteral("E-mail address confirmed.")}});
}

Result<HttpResponse> passwordReset(RequestContext &ctx)
{
    auto body = ctx.dataObject();
    if (!body)
        return std::move(body).error();
    FieldErrors errors;
    const auto email = errors.requiredEmail(*body, QStringLiteral("email"));
    if (Status s = errors.status(); !s)
        return std::move(s).error();
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    auto account = AccountStore(**db).byEmail(*email);
    if (!account)
        return std::move(account).error();
    // Same answer whether or not the address has an account: the original's 400 told strangers which
    // addresses are registered.
    if (account->has_value() && (*account)->isActive) {
        auto key = TokenStore(**db).createKey((*account)->id, TokenStore::KeyPurpose::ResetPassword,
                                              kResetKeyLifetime);
        if (!key)
            return std::move(key).error();
        const ServerConfig &config = ctx.server().config();
        ctx.server().mailer().send(MailMessage {
            {(*account)->email},
            QStringLiteral("[%1] Password Reset E-mail").arg(config.siteName),
            QStringLiteral(
                "Hello %1,\n\nYou (or someone else) asked to reset the password of your %2 account.\n"
                "Use this key with POST /api/v1/auth/password/reset/confirm/ {\"key\", "
                "\"password\"}:\n\n%3\n\n"
                "The key is valid for 24 hours. If you did not ask for it, ignore this message.\n")
                .arg((*account)->username, config.siteName, *key),
            {}});
    }
    return HttpResponse::json(
        QJsonObject {{QStringLiteral("detail"), QStringLiteral("Password reset e-mail has been sent.")}});
}

Result<HttpResponse> passwordResetConfirm(RequestContext &ctx)
{
    auto body = ctx.dataObject();
    if (!body)
        return std::move(body).error();
    FieldErrors errors;
    const auto key = errors.requiredString(*body, QStringLiteral("key"), 128);
    const auto password = errors.requiredString(*body, QStringLiteral("password"), 200);
    if (Status s = errors.status(); !s)
        return std::move(s).error();
    if (password->size() < 8)
        return Error::field(
            QStringLiteral("password"),
            QStringLiteral("This password is too short. It must contain at least 8 characters."));
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    auto user = TokenStore(**db).consumeKey(*key, TokenStore::KeyPurpose::ResetPassword);
    if (!user)
        return std::move(user).error();
    if (!user->has_value())
        return Error::badRequest(QStringLiteral("Invalid or expired password reset key."));
    const qint64 notBefore = isotime::now() / isotime::kMicrosPerSecond * isotime::kMicrosPerSecond;
    if (Status s =
            AccountStore(**db).setPassword(**user, ctx.server().passwords().hash(*password), notBefore);
        !s)
        return std::move(s).error();
    ctx.server().auth().invalidate();
    return HttpResponse::json(QJsonObject {
        {QStringLiteral("detail"), QStringLiteral("Password has been reset with the new password.")}});
}

} // namespace

void AuthController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Post, QStringLiteral("/api/v1/auth/login/"), login, Auth::Optional);
    router.add(Post, QStringLiteral("/api/v1/auth/logout/"), logout);
    router.add(Get, QStringLiteral("/api/v1/auth/token/"), apiToken);
    router.add(Delete, QStringLiteral("/api/v1/auth/token/"), revokeApiToken);
    router.add(Get, QStringLiteral("/api/v1/auth/user-info/"), userInfo, Auth::Optional);
    router.add(Post, QStringLiteral("/api/v1/auth/api-jwt-auth/"), jwtObtain, Auth::Optional);
    router.add(Post, QStringLiteral("/api/v1/auth/api-jwt-verify/"), jwtVerify, Auth::Optional);
    router.add(Post, QStringLiteral("/api/v1/auth/api-jwt-refresh/"), jwtRefresh, Auth::Optional);
    router.add(Get | Post, QStringLiteral("/api/v1/auth/confirm-email/"), confirmEmail, Auth::Optional);
    router.add(Post, QStringLiteral("/api/v1/auth/password/reset/"), passwordReset, Auth::Optional);
    router.add(Post, QStringLiteral("/api/v1/auth/password/reset/confirm/"), passwordResetConfirm,
               Auth::Optional);
}

} // namespace iotile
