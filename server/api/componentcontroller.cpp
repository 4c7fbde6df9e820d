#include "server/api/componentcontroller.h"

#include "common/slug/slugify.h"
#include "server/api/catalogpolicy.h"
#include "server/api/fieldreader.h"
#include "server/api/jsonutil.h"
#include "server/domain/component.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/componentstore.h"
#include "server/store/database.h"

#include <QJsonArray>

namespace iotile {

namespace {

Result<Component> existing(RequestContext &ctx, SqlConnection &db)
{
    IOTILE_TRY(c, ComponentStore(db).bySlug(ctx.capture(0)));
    if (!c)
        return Error::notFound();
    return *c;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    IOTILE_TRY(createdBy, CatalogPolicy::createdByFilter(ctx, *db));
    ComponentStore store(*db);
    IOTILE_TRY(count, store.count(createdBy));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(createdBy, page.offset(), page.limit()));
    QJsonArray results;
    for (const Component &c : rows)
        results.append(ComponentController::componentJson(c));
    return page.envelope(ctx, count, results);
}

Status applyFields(SqlConnection &db, const QJsonObject &body, bool partial, Component &c)
{
    FieldReader r(body, partial);
    if (const auto v = r.text(QStringLiteral("external_sku"), 50, true, false))
        c.externalSku = *v;
    if (const auto v = r.text(QStringLiteral("internal_sku"), 50, false))
        c.internalSku = *v;
    static const QStringList kTypes = {QStringLiteral("BTC"), QStringLiteral("SEN"), QStringLiteral("COM"),
                                       QStringLiteral("IOT")};
    if (const auto v = r.choice(QStringLiteral("type"), kTypes, true))
        c.type = *v;
    if (const auto v = r.text(QStringLiteral("hw_tag"), 20, false))
        c.hwTag = *v;
    if (const auto v = r.text(QStringLiteral("hw_name"), 20, false))
        c.hwName = *v;
    if (const auto v = r.text(QStringLiteral("description"), -1, false))
        c.description = *v;
    if (const auto v = r.integer(QStringLiteral("major_version")))
        c.major = int(*v);
    if (const auto v = r.integer(QStringLiteral("minor_version")))
        c.minor = int(*v);
    if (const auto v = r.integer(QStringLiteral("patch_version")))
        c.patch = int(*v);
    IOTILE_CHECK(r.status());
    c.slug = componentSlug(c.externalSku, c.major, c.minor, c.patch);
    ComponentStore store(db);
    IOTILE_TRY(taken, store.versionTaken(c.externalSku, c.major, c.minor, c.patch, c.id));
    if (taken)
        return Error::field(
            QStringLiteral("non_field_errors"),
            QStringLiteral("The fields external_sku, major_version, minor_version, patch_version "
                           "must make a unique set."));
    IOTILE_TRY(slugTaken, store.slugTaken(c.slug, c.id));
    if (slugTaken)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("Component with this slug already exists."));
    return Ok {};
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Component c;
    c.createdBy = ctx.account().id;
    IOTILE_CHECK(applyFields(*db, body, false, c));
    IOTILE_TRY(created, ComponentStore(*db).create(c));
    return HttpResponse::json(ComponentController::componentJson(created), 201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(c, existing(ctx, *db));
    return HttpResponse::json(ComponentController::componentJson(c));
}

Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(c, existing(ctx, *db));
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_CHECK(applyFields(*db, body, ctx.method() == Patch, c));
    IOTILE_CHECK(ComponentStore(*db).update(c));
    return HttpResponse::json(ComponentController::componentJson(c));
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(c, existing(ctx, *db));
    IOTILE_CHECK(ComponentStore(*db).remove(c.id));
    return HttpResponse::noContent();
}

} // namespace

QJsonObject ComponentController::componentJson(const Component &c)
{
    return QJsonObject {
        {QStringLiteral("id"), c.uuid},
        {QStringLiteral("external_sku"), c.externalSku},
        {QStringLiteral("internal_sku"), c.internalSku},
        {QStringLiteral("slug"), c.slug},
        {QStringLiteral("type"), c.type},
        {QStringLiteral("hw_tag"), c.hwTag},
        {QStringLiteral("hw_name"), c.hwName},
        {QStringLiteral("version"), QStringLiteral("v%1.%2.%3").arg(c.major).arg(c.minor).arg(c.patch)},
        {QStringLiteral("description"), c.description},
        {QStringLiteral("created_on"), json::time(c.createdOn)},
    };
}

void ComponentController::registerRoutes(Router &router, ServerContext &)
{
    using Readers = CatalogPolicy::Readers;
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/component/"), Readers::Users,
                               {{Get, list}, {Post, create}});
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/component/{slug}/"), Readers::Users,
                               {{Get, retrieve}, {Put, update}, {Patch, update}, {Delete, destroy}});
}

} // namespace iotile
