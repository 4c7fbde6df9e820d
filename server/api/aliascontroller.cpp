#include "server/api/aliascontroller.h"

#include "server/api/fieldreaders.h"
#include "server/api/jsonutil.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/stream.h"
#include "server/domain/streamalias.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/aliasstore.h"
#include "server/store/database.h"
#include "server/store/orgstore.h"
#include "server/store/streamstore.h"

#include <QJsonArray>

namespace iotile {

namespace {

// The original asks for exactly ?staff=1 on these two views.
bool staffAll(const RequestContext &ctx)
{
    return ctx.isStaff() && ctx.queryValue(QStringLiteral("staff")) == QLatin1String("1");
}

Status requireManage(Access &access, qint64 orgId)
{
    IOTILE_TRY(can, access.can(orgId, Permission::ManageStreamAliases));
    if (!can)
        return Error::forbidden(QStringLiteral("Access Denied due to lack of sufficient permissions"));
    return Ok {};
}

// In the caller's queryset (404 otherwise), then the manage flag (403), as the original's get_object.
Result<StreamAlias> managedAlias(RequestContext &ctx, SqlConnection &db, Access &access)
{
    IOTILE_TRY(alias, AliasStore(db).bySlug(ctx.capture(0)));
    if (!alias)
        return Error::notFound();
    IOTILE_TRY(member, access.isActiveMember(alias->orgId));
    if (!member && !staffAll(ctx))
        return Error::notFound();
    IOTILE_CHECK(requireManage(access, alias->orgId));
    return *alias;
}

Result<HttpResponse> listAliases(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    AliasStore::ListQuery query;
    query.all = staffAll(ctx);
    if (const QString slug = ctx.queryValue(QStringLiteral("org")); !slug.isEmpty()) {
        IOTILE_TRY(org, OrgStore(*db).bySlug(slug));
        if (!org)
            return Error::notFound();
        query.orgId = org->id;
    }
    AliasStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const StreamAlias &a : rows)
        results.append(AliasController::aliasJson(a));
    return page.envelope(ctx, count, results);
}

// name and org of a body; `full` when both must be there (POST, PUT).
Status readAlias(SqlConnection &db, const QJsonObject &body, bool full, StreamAlias &alias, bool &orgGiven)
{
    FieldErrors errors;
    if (const auto name = fields::charField(body, QStringLiteral("name"), errors, full, 100))
        alias.name = *name;
    orgGiven = false;
    if (const auto org = fields::charField(body, QStringLiteral("org"), errors, full)) {
        IOTILE_TRY(found, OrgStore(db).bySlug(*org));
        if (!found) {
            errors.add(QStringLiteral("org"),
                       QStringLiteral("Object with slug=%1 does not exist.").arg(*org));
        } else {
            alias.orgId = found->id;
            alias.orgSlug = found->slug;
            orgGiven = true;
        }
    }
    return errors.status();
}

Result<HttpResponse> createAlias(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    StreamAlias alias;
    bool orgGiven = false;
    IOTILE_CHECK(readAlias(*db, body, true, alias, orgGiven));
    IOTILE_CHECK(requireManage(access, alias.orgId));
    alias.createdOn = isotime::now();
    alias.createdBy = ctx.account().id;
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_TRY(created, AliasStore(*db).create(alias));
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, AliasStore(*db).bySlug(created.slug));
    return HttpResponse::json(AliasController::aliasJson(*stored), 201);
}

Result<HttpResponse> retrieveAlias(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(alias, managedAlias(ctx, *db, access));
    return HttpResponse::json(AliasController::aliasJson(alias));
}

Result<HttpResponse> updateAlias(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(alias, managedAlias(ctx, *db, access));
    IOTILE_TRY(body, ctx.dataObject());
    bool orgGiven = false;
    IOTILE_CHECK(readAlias(*db, body, ctx.method() == Put, alias, orgGiven));
    // Moving an alias takes the right on the new org too.
    if (orgGiven)
        IOTILE_CHECK(requireManage(access, alias.orgId));
    IOTILE_CHECK(AliasStore(*db).update(alias));
    IOTILE_TRY(stored, AliasStore(*db).bySlug(alias.slug));
    return HttpResponse::json(AliasController::aliasJson(*stored));
}

Result<HttpResponse> destroyAlias(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(alias, managedAlias(ctx, *db, access));
    IOTILE_CHECK(AliasStore(*db).remove(alias.id));
    return HttpResponse::noContent();
}

// ------------------------------------------------------------------------------------------------ taps

Result<StreamAliasTap> managedTap(RequestContext &ctx, SqlConnection &db, Access &access)
{
    const auto id = fields::lookupId(ctx.capture(0));
    if (!id)
        return Error::notFound();
    IOTILE_TRY(tap, AliasStore(db).tapById(*id));
    if (!tap)
        return Error::notFound();
    IOTILE_TRY(member, access.isActiveMember(tap->aliasOrgId));
    if (!member && !staffAll(ctx))
        return Error::notFound();
    IOTILE_CHECK(requireManage(access, tap->aliasOrgId));
    return *tap;
}

Result<HttpResponse> listTaps(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    AliasStore::TapQuery query;
    query.all = staffAll(ctx);
    AliasStore store(*db);
    if (const QString target = ctx.queryValue(QStringLiteral("target")); !target.isEmpty()) {
        IOTILE_TRY(alias, store.bySlug(target));
        if (!alias)
            return Error::notFound();
        query.aliasId = alias->id;
    }
    IOTILE_TRY(count, store.countTaps(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.listTaps(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const StreamAliasTap &t : rows)
        results.append(AliasController::tapJson(t));
    return page.envelope(ctx, count, results);
}

// alias, timestamp and stream of a body (`full`: all three required); a stream of an org must be in the
// alias's org.
Status readTap(SqlConnection &db, const QJsonObject &body, bool full, StreamAliasTap &tap, bool &aliasGiven)
{
    FieldErrors errors;
    aliasGiven = false;
    if (const auto slug = fields::charField(body, QStringLiteral("alias"), errors, full)) {
        IOTILE_TRY(alias, AliasStore(db).bySlug(*slug));
        if (!alias) {
            errors.add(QStringLiteral("alias"),
                       QStringLiteral("Object with slug=%1 does not exist.").arg(*slug));
        } else {
            tap.aliasId = alias->id;
            tap.aliasSlug = alias->slug;
            tap.aliasOrgId = alias->orgId;
            aliasGiven = true;
        }
    }
    if (const auto timestamp = fields::dateTime(body, QStringLiteral("timestamp"), errors, full))
        tap.timestamp = *timestamp;
    if (const auto slug = fields::charField(body, QStringLiteral("stream"), errors, full)) {
        IOTILE_TRY(stream, StreamStore(db).bySlug(*slug));
        if (!stream) {
            errors.add(QStringLiteral("stream"),
                       QStringLiteral("Object with slug=%1 does not exist.").arg(*slug));
        } else {
            tap.streamId = stream->id;
            tap.streamSlug = stream->slug;
            tap.streamOrgId = stream->orgId;
        }
    }
    IOTILE_CHECK(errors.status());
    if (tap.streamOrgId && *tap.streamOrgId != tap.aliasOrgId)
        return Error::bareList(QStringLiteral("Stream is not in the Org of Alias"));
    return Ok {};
}

Result<HttpResponse> createTap(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    StreamAliasTap tap;
    bool aliasGiven = false;
    IOTILE_CHECK(readTap(*db, body, true, tap, aliasGiven));
    IOTILE_CHECK(requireManage(access, tap.aliasOrgId));
    tap.createdOn = isotime::now();
    tap.createdBy = ctx.account().id;
    IOTILE_TRY(created, AliasStore(*db).createTap(tap));
    IOTILE_TRY(stored, AliasStore(*db).tapById(created.id));
    return HttpResponse::json(AliasController::tapJson(*stored), 201);
}

Result<HttpResponse> retrieveTap(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(tap, managedTap(ctx, *db, access));
    return HttpResponse::json(AliasController::tapJson(tap));
}

Result<HttpResponse> updateTap(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(tap, managedTap(ctx, *db, access));
    IOTILE_TRY(body, ctx.dataObject());
    bool aliasGiven = false;
    IOTILE_CHECK(readTap(*db, body, ctx.method() == Put, tap, aliasGiven));
    if (aliasGiven)
        IOTILE_CHECK(requireManage(access, tap.aliasOrgId));
    IOTILE_CHECK(AliasStore(*db).updateTap(tap));
    IOTILE_TRY(stored, AliasStore(*db).tapById(tap.id));
    return HttpResponse::json(AliasController::tapJson(*stored));
}

Result<HttpResponse> destroyTap(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(tap, managedTap(ctx, *db, access));
    IOTILE_CHECK(AliasStore(*db).removeTap(tap.id));
    return HttpResponse::noContent();
}

} // namespace

QJsonObject AliasController::aliasJson(const StreamAlias &a)
{
    return QJsonObject {{QStringLiteral("id"), double(a.id)},
                        {QStringLiteral("slug"), a.slug},
                        {QStringLiteral("gid"), a.slug.mid(3)},
                        {QStringLiteral("name"), a.name},
                        {QStringLiteral("org"), a.orgSlug},
                        {QStringLiteral("created_on"), json::time(a.createdOn)},
                        {QStringLiteral("created_by"), json::nullable(a.createdBySlug)}};
}

QJsonObject AliasController::tapJson(const StreamAliasTap &t)
{
    return QJsonObject {{QStringLiteral("id"), double(t.id)},
                        {QStringLiteral("alias"), t.aliasSlug},
                        {QStringLiteral("timestamp"), json::time(t.timestamp)},
                        {QStringLiteral("stream"), t.streamSlug},
                        {QStringLiteral("created_on"), json::time(t.createdOn)},
                        {QStringLiteral("created_by"), json::nullable(t.createdBySlug)}};
}

void AliasController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/alias/"), listAliases);
    router.add(Post, QStringLiteral("/api/v1/alias/"), createAlias);
    router.add(Get, QStringLiteral("/api/v1/alias/{slug}/"), retrieveAlias);
    router.add(Put | Patch, QStringLiteral("/api/v1/alias/{slug}/"), updateAlias);
    router.add(Delete, QStringLiteral("/api/v1/alias/{slug}/"), destroyAlias);
    router.add(Get, QStringLiteral("/api/v1/tap/"), listTaps);
    router.add(Post, QStringLiteral("/api/v1/tap/"), createTap);
    router.add(Get, QStringLiteral("/api/v1/tap/{id}/"), retrieveTap);
    router.add(Put | Patch, QStringLiteral("/api/v1/tap/{id}/"), updateTap);
    router.add(Delete, QStringLiteral("/api/v1/tap/{id}/"), destroyTap);
}

} // namespace iotile
