#include "server/api/accountcontroller.h"

#include "common/util/isotime.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/passwordhasher.h"
#include "server/http/authenticator.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/mail/mailer.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/tokenstore.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace iotile {

namespace {

constexpr qint64 kConfirmKeyLifetime = 3 * 86400;
constexpr int kMinPasswordLength = 8;

// Registration and profile edits validate usernames the same way.
void checkUsername(FieldErrors &errors, const QString &username)
{
    if (username.contains(QLatin1Char(' ')))
        errors.add(QStringLiteral("username"), QStringLiteral("Username cannot have spaces"));
}

Status checkPassword(const QString &password)
{
    if (password.size() < kMinPasswordLength)
        return Error::field(
            QStringLiteral("password"),
            QStringLiteral("This password is too short. It must contain at least %1 characters.")
                .arg(kMinPasswordLength));
    return Ok {};
}

// The account addressed by the URL, as the caller may see it: themselves, or anyone for staff acting
// as staff; everyone else's account is "Not found." (the original's queryset scoping).
Result<Account> visibleAccount(RequestContext &ctx, AccountStore &store)
{
    auto account = store.bySlug(ctx.capture(0));
    if (!account)
        return std::move(account).error();
    if (!account->has_value() || ((*account)->id != ctx.account().id && !ctx.staffMode()))
        return Error::notFound();
    return **account;
}

// The account a write addresses: visible as above, and the caller's own. Staff read anyone's account but
// write only their own, as the original's IsAccountOwner has it (no password takeover through the API).
Result<Account> ownAccount(RequestContext &ctx, AccountStore &store)
{
    auto account = visibleAccount(ctx, store);
    if (!account)
        return std::move(account).error();
    if (account->id != ctx.account().id)
        return Error::forbidden();
    return account;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    auto page = PageRequest::from(ctx, PageSizes::standard());
    if (!page)
        return std::move(page).error();
    AccountStore store(**db);
    if (!ctx.staffMode()) {
        // Normally exactly the caller: served from the authenticated account, no query needed.
        if (Status s = page->validate(1); !s)
            return std::move(s).error();
        return page->envelope(ctx, 1, QJsonArray {AccountController::accountJson(ctx.account())});
    }
    auto count = store.count();
    if (!count)
        return std::move(count).error();
    if (Status s = page->validate(*count); !s)
        return std::move(s).error();
    auto accounts = store.list(page->offset(), page->limit());
    if (!accounts)
        return std::move(accounts).error();
    QJsonArray results;
    for (const Account &a : *accounts)
        results.append(AccountController::accountJson(a));
    return page->envelope(ctx, *count, results);
}

Result<HttpResponse> registerAccount(RequestContext &ctx)
{
    auto body = ctx.dataObject();
    if (!body)
        return std::move(body).error();
    FieldErrors errors;
    const auto username = errors.requiredString(*body, QStringLiteral("username"), 40);
    const auto email = errors.requiredEmail(*body, QStringLiteral("email"));
    const auto password = errors.requiredString(*body, QStringLiteral("password"), 200);
    const auto confirm = errors.requiredString(*body, QStringLiteral("confirm_password"), 200);
    const auto name = errors.optionalString(*body, QStringLiteral("name"), 120);
    const auto tagline = errors.optionalString(*body, QStringLiteral("tagline"), 260);
    const auto verified = errors.optionalBool(*body, QStringLiteral("verified_email"));
    if (username)
        checkUsername(errors, *username);
    if (Status s = errors.status(); !s)
        return std::move(s).error();
    if (*password != *confirm)
        return Error::bareList(QStringLiteral("Passwords did not match"));
    if (Status s = checkPassword(*password); !s)
        return std::move(s).error();

    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    AccountStore store(**db);
    auto byName = store.byUsername(*username);
    auto byMail = store.byEmail(*email);
    if (!byName)
        return std::move(byName).error();
    if (!byMail)
        return std::move(byMail).error();
    if (byName->has_value())
        errors.add(QStringLiteral("username"), QStringLiteral("account with this username already exists."));
    if (byMail->has_value())
        errors.add(QStringLiteral("email"), QStringLiteral("account with this email already exists."));
    if (Status s = errors.status(); !s)
        return std::move(s).error();

    ServerContext &server = ctx.server();
    // Staff may create ready-to-use accounts; everyone else confirms the address first (when the server
    // is set to require it).
    const bool preVerified = ctx.isStaff() && verified.value_or(false);
    const bool active = preVerified || !server.config().requireEmailConfirmation;
    Account account;
    account.username = *username;
    account.email = *email;
    account.name = name.value_or(QString());
    account.tagline = tagline.value_or(QString());
    account.passwordHash = server.passwords().hash(*password);
    account.isActive = active;
    account.emailVerified = preVerified;
    auto created = store.create(account);
    if (!created) {
        if (created.error().kind() == ErrorKind::Conflict)
            return Error::field(QStringLiteral("username"),
                                QStringLiteral("account with this username already exists."));
        return std::move(created).error();
    }
    if (!active) {
        auto key = TokenStore(**db).createKey(created->id, TokenStore::KeyPurpose::ConfirmEmail,
                                              kConfirmKeyLifetime);
        if (!key)
            return std::move(key).error();
        const QString link = ctx.origin() + QStringLiteral("/api/v1/auth/confirm-email/?key=") + *key;
        server.mailer().send(MailMessage {
            {created->email},
            QStringLiteral("[%1] Please Confirm Your E-mail Address").arg(server.config().siteName),
            QStringLiteral(
                "Hello %1,\n\nTo activate your %2 account, confirm your e-mail address by opening:\n\n%3\n\n"
                "If you did not sign up, ignore this message.\n")
                .arg(created->username, server.config().siteName, link),
            {}});
    }
    QJsonObject reply {
        {QStringLiteral("id"), double(created->id)},
        {QStringLiteral("slug"), created->slug},
        {QStringLiteral("created_at"), isotime::toString(created->createdAt)},
        {QStringLiteral("username"), created->username},
        {QStringLiteral("email"), created->email},
    };
    if (name)
        reply.insert(QStringLiteral("name"), *name);
    if (tagline)
        reply.insert(QStringLiteral("tagline"), *tagline);
    return HttpResponse::json(reply, 201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    AccountStore store(**db);
    auto account = visibleAccount(ctx, store);
    if (!account)
        return std::move(account).error();
    return HttpResponse::json(AccountController::accountJson(*account));
}

Result<HttpResponse> update(RequestContext &ctx)
{
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    AccountStore store(**db);
    auto account = ownAccount(ctx, store);
    if (!account)
        return std::move(account).error();
    auto body = ctx.dataObject();
    if (!body)
        return std::move(body).error();
    FieldErrors errors;
    const bool full = ctx.method() == Put;
    // Passwords change only through set_password (the original stored them unhashed here).
    std::optional<QString> username, email;
    if (full) {
        username = errors.requiredString(*body, QStringLiteral("username"), 40);
        email = errors.requiredEmail(*body, QStringLiteral("email"));
    } else {
        username = errors.optionalString(*body, QStringLiteral("username"), 40);
        if (body->contains(QStringLiteral("email")))
            email = errors.requiredEmail(*body, QStringLiteral("email"));
    }
    const auto name = errors.optionalString(*body, QStringLiteral("name"), 120);
    const auto tagline = errors.optionalString(*body, QStringLiteral("tagline"), 260);
    if (username) {
        checkUsername(errors, *username);
        if (username->isEmpty())
            errors.add(QStringLiteral("username"), QStringLiteral("This field may not be blank."));
    }
    if (Status s = errors.status(); !s)
        return std::move(s).error();
    if (username && *username != account->username) {
        auto other = store.byUsername(*username);
        if (!other)
            return std::move(other).error();
        if (other->has_value())
            errors.add(QStringLiteral("username"),
                       QStringLiteral("account with this username already exists."));
        account->username = *username;
    }
    if (email && email->compare(account->email, Qt::CaseInsensitive) != 0) {
        auto other = store.byEmail(*email);
        if (!other)
            return std::move(other).error();
        if (other->has_value())
            errors.add(QStringLiteral("email"), QStringLiteral("account with this email already exists."));
    }
    if (email)
        account->email = *email;
    if (Status s = errors.status(); !s)
        return std::move(s).error();
    if (name)
        account->name = *name;
    if (tagline)
        account->tagline = *tagline;
    auto saved = store.update(*account);
    if (!saved)
        return std::move(saved).error();
    ctx.server().auth().invalidate();
    return HttpResponse::json(AccountController::accountJson(*saved));
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    AccountStore store(**db);
    auto account = ownAccount(ctx, store);
    if (!account)
        return std::move(account).error();
    if (Status s = store.remove(account->id); !s)
        return std::move(s).error();
    ctx.server().auth().invalidate();
    return HttpResponse::noContent();
}

Result<HttpResponse> setPassword(RequestContext &ctx)
{
    auto db = ctx.db();
    if (!db)
        return std::move(db).error();
    AccountStore store(**db);
    auto account = ownAccount(ctx, store);
    if (!account)
        return std::move(account).error();
    auto body = ctx.dataObject();
    if (!body)
        return std::move(body).error();
    FieldErrors errors;
    const auto password = errors.requiredString(*body, QStringLiteral("password"), 200);
    const auto oldPassword = errors.optionalString(*body, QStringLiteral("old_password"), 200);
    if (Status s = errors.status(); !s)
        return std::move(s).error();
    if (Status s = checkPassword(*password); !s)
        return std::move(s).error();
    if (oldPassword && !PasswordHasher::verify(*oldPassword, account->passwordHash))
        return Error::field(QStringLiteral("old_password"),
                            QStringLiteral("Your old password was entered incorrectly."));
    // Tokens issued before now stop working (the original kept them); the caller gets a fresh one.
    const qint64 notBefore = isotime::now() / isotime::kMicrosPerSecond * isotime::kMicrosPerSecond;
    if (Status s = store.setPassword(account->id, ctx.server().passwords().hash(*password), notBefore); !s)
        return std::move(s).error();
    ctx.server().auth().invalidate();
    QJsonObject reply {{QStringLiteral("status"), QStringLiteral("password set")}};
    if (account->id == ctx.account().id)
        reply.insert(QStringLiteral("jwt"), QString::fromLatin1(ctx.server().auth().issueJwt(*account)));
    return HttpResponse::json(reply, 201);
}

} // namespace

QJsonObject AccountController::avatarJson(const QString &email)
{
    const QByteArray hash =
        QCryptographicHash::hash(email.trimmed().toLower().toUtf8(), QCryptographicHash::Md5).toHex();
    const QString base = QStringLiteral("https://www.gravatar.com/avatar/") + QString::fromLatin1(hash)
        + QStringLiteral("?d=identicon&s=");
    return QJsonObject {
        {QStringLiteral("tiny"), base + QStringLiteral("28")},
        {QStringLiteral("thumbnail"), base + QStringLiteral("80")},
        {QStringLiteral("medium"), base + QStringLiteral("170")},
    };
}

QJsonObject AccountController::accountJson(const Account &a)
{
    return QJsonObject {
        {QStringLiteral("id"), double(a.id)},
        {QStringLiteral("email"), a.email},
        {QStringLiteral("username"), a.username},
        {QStringLiteral("slug"), a.slug},
        {QStringLiteral("name"), a.name},
        {QStringLiteral("tagline"), a.tagline},
        {QStringLiteral("avatar"), avatarJson(a.email)},
        {QStringLiteral("created_at"), isotime::toString(a.createdAt)},
        {QStringLiteral("updated_at"), isotime::toString(a.updatedAt)},
        {QStringLiteral("is_staff"), a.isStaff},
    };
}

void AccountController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/account/"), list);
    router.add(Post, QStringLiteral("/api/v1/account/"), registerAccount, Auth::Optional);
    router.add(Get, QStringLiteral("/api/v1/account/{slug}/"), retrieve);
    router.add(Put | Patch, QStringLiteral("/api/v1/account/{slug}/"), update);
    router.add(Delete, QStringLiteral("/api/v1/account/{slug}/"), destroy);
    router.add(Post, QStringLiteral("/api/v1/account/{slug}/set_password/"), setPassword);
}

} // namespace iotile
