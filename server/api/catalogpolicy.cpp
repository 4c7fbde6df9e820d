#include "server/api/catalogpolicy.h"

#include "server/http/requestcontext.h"
#include "server/store/accountstore.h"

#include <QJsonObject>

#include <memory>

namespace iotile {

namespace {

bool isSafe(HttpMethod method)
{
    return method == Get || method == Head || method == Options;
}

Status check(const RequestContext &ctx, CatalogPolicy::Readers readers)
{
    if (!isSafe(ctx.method()))
        return CatalogPolicy::requireStaff(ctx);
    if (readers == CatalogPolicy::Readers::UsersOrApiKey)
        return CatalogPolicy::requireReader(ctx);
    return ctx.requireUser();
}

} // namespace

Status CatalogPolicy::requireReader(const RequestContext &ctx)
{
    return ctx.requireUser();
}

Status CatalogPolicy::requireStaff(const RequestContext &ctx)
{
    IOTILE_CHECK(ctx.requireUser());
    if (!ctx.isStaff())
        return Error::forbidden();
    return Ok {};
}

Status CatalogPolicy::requireSuperuser(const RequestContext &ctx)
{
    IOTILE_CHECK(requireStaff(ctx));
    if (!ctx.account().isSuperuser)
        return Error(ErrorKind::BadRequest, QJsonValue(QStringLiteral("Illegal Method")));
    return Ok {};
}

void CatalogPolicy::addResource(Router &router, const QString &pattern, Readers readers,
                                std::initializer_list<Method> methods)
{
    HttpMethods handled = 0;
    for (const Method &m : methods) {
        handled |= m.method;
        // Reads open to API keys let anonymous requests through to requireReader(); everything else
        // needs a user before the handler runs.
        const Auth auth =
            isSafe(m.method) && readers == Readers::UsersOrApiKey ? Auth::Optional : Auth::Required;
        router.add(
            m.method, pattern,
            [readers, handler = m.handler](RequestContext &ctx) -> Result<HttpResponse> {
                IOTILE_CHECK(check(ctx, readers));
                return handler(ctx);
            },
            auth);
    }
    const HttpMethods allowed = handled | ((handled & Get) ? HttpMethods(Head) : HttpMethods(0)) | Options;
    const HttpMethods rest = (Get | Post | Put | Patch | Delete | Options) & ~handled;
    if (!rest)
        return;
    const Auth auth = readers == Readers::UsersOrApiKey ? Auth::Optional : Auth::Required;
    router.add(
        rest, pattern,
        [readers, allowed](RequestContext &ctx) -> Result<HttpResponse> {
            IOTILE_CHECK(check(ctx, readers));
            if (ctx.method() == Options) {
                HttpResponse r = HttpResponse::json(QJsonObject {});
                r.addHeader("Allow", Router::allowHeader(allowed));
                return r;
            }
            Error e = Error::detail(ErrorKind::MethodNotAllowed,
                                    QStringLiteral("Method \"%1\" not allowed.")
                                        .arg(QString::fromLatin1(methodName(ctx.method()))));
            e.withHeader("Allow", Router::allowHeader(allowed));
            return e;
        },
        auth);
}

Result<std::optional<qint64>> CatalogPolicy::createdByFilter(const RequestContext &ctx, SqlConnection &db)
{
    const QString text = ctx.queryValue(QStringLiteral("created_by"));
    if (text.isEmpty())
        return std::optional<qint64>();
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    std::optional<Account> user;
    if (ok) {
        IOTILE_TRY(found, AccountStore(db).byId(id));
        user = found;
    }
    if (!user)
        return Error::field(
            QStringLiteral("created_by"),
            QStringLiteral("Select a valid choice. That choice is not one of the available choices."));
    return std::optional<qint64>(id);
}

} // namespace iotile
