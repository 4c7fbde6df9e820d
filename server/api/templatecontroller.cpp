#include "server/api/templatecontroller.h"

#include "common/slug/slugify.h"
#include "server/api/catalogpolicy.h"
#include "server/api/fieldreader.h"
#include "server/api/jsonutil.h"
#include "server/domain/catalogtemplate.h"
#include "server/domain/project.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"
#include "server/store/templatestore.h"

#include <QJsonArray>

namespace iotile {

namespace {

using Kind = TemplateStore::Kind;

QJsonObject templateJson(const CatalogTemplate &t, Kind kind)
{
    return kind == Kind::Org ? TemplateController::orgTemplateJson(t)
                             : TemplateController::projectTemplateJson(t);
}

QString modelName(Kind kind)
{
    return kind == Kind::Org ? QStringLiteral("Org Template") : QStringLiteral("Project Template");
}

// Inactive templates exist only for staff asking as staff (any non-empty ?staff=).
Result<CatalogTemplate> visibleTemplate(RequestContext &ctx, TemplateStore &store)
{
    IOTILE_TRY(t, store.bySlug(ctx.capture(0)));
    if (!t || (!t->active && !ctx.staffMode()))
        return Error::notFound();
    return *t;
}

Result<HttpResponse> list(RequestContext &ctx, Kind kind)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    TemplateStore::ListQuery query;
    query.includeInactive = ctx.staffMode();
    IOTILE_TRY(createdBy, CatalogPolicy::createdByFilter(ctx, *db));
    query.createdBy = createdBy;
    if (kind == Kind::Project && !ctx.queryValue(QStringLiteral("org__slug")).isEmpty())
        query.orgSlug = ctx.queryValue(QStringLiteral("org__slug"));
    TemplateStore store(*db, kind);
    IOTILE_TRY(count, store.count(query));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, page.offset(), page.limit()));
    QJsonArray results;
    for (const CatalogTemplate &t : rows)
        results.append(templateJson(t, kind));
    return page.envelope(ctx, count, results);
}

// The serializer's writable fields onto `t`; a full write (create, PUT) needs the required ones.
Status applyFields(SqlConnection &db, const QJsonObject &body, bool partial, Kind kind, CatalogTemplate &t)
{
    FieldReader r(body, partial);
    if (const auto name = r.text(QStringLiteral("name"), 50, true, false))
        t.name = *name;
    if (const auto v = r.integer(QStringLiteral("major_version")))
        t.major = int(*v);
    if (const auto v = r.integer(QStringLiteral("minor_version")))
        t.minor = int(*v);
    if (const auto v = r.integer(QStringLiteral("patch_version")))
        t.patch = int(*v);
    if (const auto extra = r.json(QStringLiteral("extra_data"))) {
        if (!extra->isObject())
            r.add(QStringLiteral("extra_data"),
                  QStringLiteral("extra_data must be a valid dictionary object"));
        else
            t.extraData = *extra; // a PATCH replaces the whole object
    }
    if (kind == Kind::Project) {
        const auto org = r.reference(QStringLiteral("org"), true, false);
        if (org.present) {
            IOTILE_TRY(found, OrgStore(db).bySlug(org.slug));
            if (!found || !found->isVendor)
                r.notFound(QStringLiteral("org"), org.slug);
            else {
                t.orgId = found->id;
                t.orgSlug = found->slug;
            }
        }
    }
    IOTILE_CHECK(r.status());
    t.slug = versionedSlug(t.name, t.major, t.minor, t.patch);
    TemplateStore store(db, kind);
    IOTILE_TRY(taken, store.versionTaken(t.name, t.major, t.minor, t.patch, t.id));
    if (taken)
        return Error::field(
            QStringLiteral("non_field_errors"),
            QStringLiteral("The fields name, major_version, minor_version, patch_version must make "
                           "a unique set."));
    IOTILE_TRY(slugTaken, store.slugTaken(t.slug, t.id));
    if (slugTaken)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("%1 with this slug already exists.").arg(modelName(kind)));
    return Ok {};
}

Result<HttpResponse> create(RequestContext &ctx, Kind kind)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    CatalogTemplate t;
    t.createdBy = ctx.account().id;
    IOTILE_CHECK(applyFields(*db, body, false, kind, t));
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_TRY(created, TemplateStore(*db, kind).create(t));
    if (kind == Kind::Project) {
        // The original's post_save hook: every project template has a hidden master project in its org.
        Project master;
        master.name = created.name;
        master.orgId = *created.orgId;
        master.projectTemplateId = created.id;
        master.isTemplate = true;
        master.createdBy = created.createdBy;
        IOTILE_CHECK(ProjectStore(*db).create(master));
    }
    IOTILE_CHECK(tx.commit());
    return HttpResponse::json(templateJson(created, kind), 201);
}

Result<HttpResponse> retrieve(RequestContext &ctx, Kind kind)
{
    IOTILE_TRY(db, ctx.db());
    TemplateStore store(*db, kind);
    IOTILE_TRY(t, visibleTemplate(ctx, store));
    return HttpResponse::json(templateJson(t, kind));
}

Result<HttpResponse> update(RequestContext &ctx, Kind kind)
{
    IOTILE_TRY(db, ctx.db());
    TemplateStore store(*db, kind);
    IOTILE_TRY(t, visibleTemplate(ctx, store));
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_CHECK(applyFields(*db, body, ctx.method() == Patch, kind, t));
    IOTILE_CHECK(store.update(t));
    IOTILE_TRY(stored, store.byId(t.id));
    if (!stored)
        return Error::notFound();
    return HttpResponse::json(templateJson(*stored, kind));
}

Result<HttpResponse> destroy(RequestContext &ctx, Kind kind)
{
    IOTILE_TRY(db, ctx.db());
    TemplateStore store(*db, kind);
    IOTILE_TRY(t, visibleTemplate(ctx, store));
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    // Beyond the original, which leaves the hidden master project behind.
    if (kind == Kind::Project)
        IOTILE_CHECK(store.removeMasterProjects(t.id));
    IOTILE_CHECK(store.remove(t.id));
    IOTILE_CHECK(tx.commit());
    return HttpResponse::noContent();
}

void registerKind(Router &router, const QString &prefix, Kind kind)
{
    using Readers = CatalogPolicy::Readers;
    auto bind = [kind](Result<HttpResponse> (*f)(RequestContext &, Kind)) {
        return [kind, f](RequestContext &ctx) { return f(ctx, kind); };
    };
    CatalogPolicy::addResource(router, prefix, Readers::Users, {{Get, bind(list)}, {Post, bind(create)}});
    CatalogPolicy::addResource(
        router, prefix + QStringLiteral("{slug}/"), Readers::Users,
        {{Get, bind(retrieve)}, {Put, bind(update)}, {Patch, bind(update)}, {Delete, bind(destroy)}});
}

} // namespace

QJsonObject TemplateController::orgTemplateJson(const CatalogTemplate &t)
{
    return QJsonObject {
        {QStringLiteral("id"), double(t.id)},
        {QStringLiteral("name"), t.name},
        {QStringLiteral("slug"), t.slug},
        {QStringLiteral("version"), QStringLiteral("v%1.%2.%3").arg(t.major).arg(t.minor).arg(t.patch)},
        {QStringLiteral("extra_data"), t.extraData.isObject() ? t.extraData : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("created_on"), json::time(t.createdOn)},
    };
}

QJsonObject TemplateController::projectTemplateJson(const CatalogTemplate &t)
{
    QJsonObject o = orgTemplateJson(t);
    o.insert(QStringLiteral("org"), json::nullable(t.orgSlug));
    return o;
}

void TemplateController::registerRoutes(Router &router, ServerContext &)
{
    registerKind(router, QStringLiteral("/api/v1/ot/"), Kind::Org);
    registerKind(router, QStringLiteral("/api/v1/pt/"), Kind::Project);
}

} // namespace iotile
