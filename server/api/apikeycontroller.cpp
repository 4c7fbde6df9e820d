#include "server/api/apikeycontroller.h"

#include "server/api/fieldreaders.h"
#include "server/api/jsonutil.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/apikeys.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/apikeystore.h"
#include "server/store/database.h"
#include "server/store/orgstore.h"

#include <QJsonArray>

namespace iotile {

namespace {

// The org of the URL for someone who may manage its keys: members see the org (others get "Not found."
// as for org/<slug>/, staff outside it unless asking as staff), and only can_manage_org_and_projects
// holders (and staff) manage keys.
Result<Org> managedOrg(RequestContext &ctx, SqlConnection &db, Access &access)
{
    IOTILE_TRY(org, OrgStore(db).bySlug(ctx.capture(0)));
    if (!org)
        return Error::notFound();
    IOTILE_TRY(member, access.isActiveMember(org->id));
    if (!member && !ctx.staffMode())
        return Error::notFound();
    IOTILE_TRY(allowed, access.can(org->id, Permission::ManageOrgAndProjects));
    if (!allowed)
        return Error::forbidden(QStringLiteral("Access Denied due to lack of sufficient permissions"));
    return *org;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, managedOrg(ctx, *db, access));
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    ApiKeyStore store(*db);
    IOTILE_TRY(count, store.count(org.id));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(keys, store.list(org.id, page.offset(), page.limit()));
    QJsonArray results;
    for (const OrgApiKey &k : keys)
        results.append(ApiKeyController::keyJson(k));
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, managedOrg(ctx, *db, access));
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const QString name =
        fields::charField(body, QStringLiteral("name"), errors, false, 50, true).value_or(QString());
    std::optional<qint64> expiry;
    if (!body.value(QStringLiteral("expiry")).isNull())
        expiry = fields::dateTime(body, QStringLiteral("expiry"), errors, false);
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(issued, ApiKeys::issue(*db, org.id, name, expiry, ctx.account().id));
    issued.key.createdBySlug = ctx.account().slug;
    QJsonObject reply = ApiKeyController::keyJson(issued.key);
    // The only time the secret is shown: only its hash is stored.
    reply.insert(QStringLiteral("key"), issued.fullKey);
    return HttpResponse::json(reply, 201);
}

Result<HttpResponse> revoke(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(org, managedOrg(ctx, *db, access));
    const auto id = fields::lookupId(ctx.capture(1));
    if (!id)
        return Error::notFound();
    IOTILE_TRY(found, ApiKeyStore(*db).revoke(org.id, *id));
    if (!found)
        return Error::notFound();
    return HttpResponse::noContent();
}

} // namespace

QJsonObject ApiKeyController::keyJson(const OrgApiKey &k)
{
    return QJsonObject {{QStringLiteral("id"), double(k.id)},
                        {QStringLiteral("name"), k.name},
                        {QStringLiteral("prefix"), k.prefix},
                        {QStringLiteral("revoked"), k.revoked},
                        {QStringLiteral("expiry"), json::time(k.expiry)},
                        {QStringLiteral("created_on"), json::time(k.createdOn)},
                        {QStringLiteral("created_by"), json::nullable(k.createdBySlug)}};
}

void ApiKeyController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/org/{slug}/apikey/"), list);
    router.add(Post, QStringLiteral("/api/v1/org/{slug}/apikey/"), create);
    router.add(Delete, QStringLiteral("/api/v1/org/{slug}/apikey/{id}/"), revoke);
}

} // namespace iotile
