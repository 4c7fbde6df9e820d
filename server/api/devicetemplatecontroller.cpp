#include "server/api/devicetemplatecontroller.h"

#include "common/slug/slugify.h"
#include "server/api/catalogpolicy.h"
#include "server/api/fieldreader.h"
#include "server/api/jsonutil.h"
#include "server/domain/devicetemplate.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/componentstore.h"
#include "server/store/database.h"
#include "server/store/devicetemplatestore.h"
#include "server/store/orgstore.h"

#include <QJsonArray>

namespace iotile {

namespace {

// Inactive templates exist only for staff asking as staff (any non-empty ?staff=).
Result<DeviceTemplate> visibleTemplate(RequestContext &ctx, SqlConnection &db)
{
    IOTILE_TRY(t, DeviceTemplateStore(db).bySlug(ctx.capture(0)));
    if (!t || (!t->active && !ctx.staffMode()))
        return Error::notFound();
    return *t;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    DeviceTemplateStore::ListQuery query;
    query.includeInactive = ctx.staffMode();
    IOTILE_TRY(createdBy, CatalogPolicy::createdByFilter(ctx, *db));
    query.createdBy = createdBy;
    if (!ctx.queryValue(QStringLiteral("org__slug")).isEmpty())
        query.orgSlug = ctx.queryValue(QStringLiteral("org__slug"));
    DeviceTemplateStore store(*db);
    IOTILE_TRY(count, store.count(query));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, page.offset(), page.limit()));
    QJsonArray results;
    for (const DeviceTemplate &t : rows)
        results.append(DeviceTemplateController::deviceTemplateJson(t));
    return page.envelope(ctx, count, results);
}

Status applyFields(SqlConnection &db, const QJsonObject &body, bool partial, DeviceTemplate &t)
{
    FieldReader r(body, partial);
    if (const auto v = r.text(QStringLiteral("external_sku"), 50, true, false))
        t.externalSku = *v;
    if (const auto v = r.text(QStringLiteral("internal_sku"), 50, false))
        t.internalSku = *v;
    // The model's family has a default but no blank=True: it may be left out, not sent empty.
    if (const auto v = r.text(QStringLiteral("family"), 50, false, false))
        t.family = *v;
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
    if (const auto v = r.integer(QStringLiteral("major_version")))
        t.major = int(*v);
    if (const auto v = r.integer(QStringLiteral("minor_version")))
        t.minor = int(*v);
    if (const auto v = r.integer(QStringLiteral("patch_version")))
        t.patch = int(*v);
    if (const auto v = r.integer(QStringLiteral("os_tag"), 0))
        t.osTag = *v;
    if (const auto v = r.integer(QStringLiteral("os_major_version"), 0))
        t.osMajor = int(*v);
    if (const auto v = r.integer(QStringLiteral("os_minor_version"), 0))
        t.osMinor = int(*v);
    if (const auto v = r.integer(QStringLiteral("hw_tag"), 0))
        t.hwTag = *v;
    if (const auto v = r.integer(QStringLiteral("hw_major_version"), 0))
        t.hwMajor = int(*v);
    if (const auto v = r.date(QStringLiteral("released_on"), true))
        t.releasedOn = *v;
    IOTILE_CHECK(r.status());
    t.slug = versionedSlug(t.externalSku, t.major, t.minor, t.patch);
    DeviceTemplateStore store(db);
    IOTILE_TRY(taken, store.versionTaken(t.externalSku, t.major, t.minor, t.patch, t.id));
    if (taken)
        return Error::field(
            QStringLiteral("non_field_errors"),
            QStringLiteral("The fields external_sku, major_version, minor_version, patch_version "
                           "must make a unique set."));
    IOTILE_TRY(slugTaken, store.slugTaken(t.slug, t.id));
    if (slugTaken)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("Device Template with this slug already exists."));
    return Ok {};
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    DeviceTemplate t;
    t.createdBy = ctx.account().id;
    IOTILE_CHECK(applyFields(*db, body, false, t));
    IOTILE_TRY(created, DeviceTemplateStore(*db).create(t));
    return HttpResponse::json(DeviceTemplateController::deviceTemplateJson(created), 201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(t, visibleTemplate(ctx, *db));
    return HttpResponse::json(DeviceTemplateController::deviceTemplateJson(t));
}

Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(t, visibleTemplate(ctx, *db));
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_CHECK(applyFields(*db, body, ctx.method() == Patch, t));
    IOTILE_CHECK(DeviceTemplateStore(*db).update(t));
    return HttpResponse::json(DeviceTemplateController::deviceTemplateJson(t));
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(t, visibleTemplate(ctx, *db));
    IOTILE_CHECK(DeviceTemplateStore(*db).remove(t.id));
    return HttpResponse::noContent();
}

// dt/<slug>/slot/ finds the template whatever its state, as the original's get_object_or_404 does.
Result<DeviceTemplate> anyTemplate(RequestContext &ctx, SqlConnection &db)
{
    IOTILE_TRY(t, DeviceTemplateStore(db).bySlug(ctx.capture(0)));
    if (!t)
        return Error::notFound();
    return *t;
}

Result<HttpResponse> listSlots(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(t, anyTemplate(ctx, *db));
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    DeviceTemplateStore store(*db);
    IOTILE_TRY(count, store.countSlots(t.id));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.slotPage(t.id, page.offset(), page.limit()));
    QJsonArray results;
    for (const DeviceSlot &s : rows)
        results.append(DeviceTemplateController::slotJson(s));
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> setSlot(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(t, anyTemplate(ctx, *db));
    IOTILE_CHECK(CatalogPolicy::requireSuperuser(ctx));
    IOTILE_TRY(body, ctx.dataObject());
    FieldReader r(body, false);
    const auto number = r.integer(QStringLiteral("number"), FieldReader::kIntMin, FieldReader::kIntMax, true);
    const auto ref = r.reference(QStringLiteral("component"), true, false);
    std::optional<qint64> componentId;
    if (ref.present) {
        IOTILE_TRY(component, ComponentStore(*db).bySlug(ref.slug));
        if (!component)
            r.notFound(QStringLiteral("component"), ref.slug);
        else
            componentId = component->id;
    }
    IOTILE_CHECK(r.status());
    IOTILE_TRY(created, DeviceTemplateStore(*db).setSlot(t.id, int(*number), *componentId));
    return HttpResponse::json(
        QJsonObject {{QStringLiteral("number"), double(*number)}, {QStringLiteral("component"), ref.slug}},
        created ? 201 : 200);
}

} // namespace

QJsonObject DeviceTemplateController::slotJson(const DeviceSlot &s)
{
    return QJsonObject {
        {QStringLiteral("number"), s.number},
        {QStringLiteral("component"), s.componentSlug},
        {QStringLiteral("hw_tag"), s.componentHwTag},
    };
}

QJsonObject DeviceTemplateController::deviceTemplateJson(const DeviceTemplate &t)
{
    QJsonArray slotArray;
    for (const DeviceSlot &s : t.deviceSlots)
        slotArray.append(slotJson(s));
    return QJsonObject {
        {QStringLiteral("id"), t.uuid},
        {QStringLiteral("external_sku"), t.externalSku},
        {QStringLiteral("internal_sku"), t.internalSku},
        {QStringLiteral("family"), t.family},
        {QStringLiteral("slug"), t.slug},
        {QStringLiteral("org"), json::nullable(t.orgSlug)},
        {QStringLiteral("version"), QStringLiteral("v%1.%2.%3").arg(t.major).arg(t.minor).arg(t.patch)},
        {QStringLiteral("os_tag"), double(t.osTag)},
        {QStringLiteral("os_version"), QStringLiteral("v%1.%2").arg(t.osMajor).arg(t.osMinor)},
        {QStringLiteral("hw_tag"), double(t.hwTag)},
        {QStringLiteral("hw_version"), QStringLiteral("v%1").arg(t.hwMajor)},
        {QStringLiteral("slots"), slotArray},
        {QStringLiteral("created_on"), json::time(t.createdOn)},
        {QStringLiteral("released_on"), json::nullable(t.releasedOn)},
    };
}

QJsonObject DeviceTemplateController::blankDeviceTemplateJson()
{
    QJsonObject o {
        {QStringLiteral("external_sku"), QString()},
        {QStringLiteral("internal_sku"), QString()},
        {QStringLiteral("family"), QString()},
    };
    for (const char *key :
         {"org", "major_version", "minor_version", "patch_version", "os_tag", "os_major_version",
          "os_minor_version", "hw_tag", "hw_major_version", "released_on"})
        o.insert(QLatin1String(key), QJsonValue(QJsonValue::Null));
    return o;
}

void DeviceTemplateController::registerRoutes(Router &router, ServerContext &)
{
    using Readers = CatalogPolicy::Readers;
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/dt/"), Readers::UsersOrApiKey,
                               {{Get, list}, {Post, create}});
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/dt/{slug}/"), Readers::UsersOrApiKey,
                               {{Get, retrieve}, {Put, update}, {Patch, update}, {Delete, destroy}});
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/dt/{slug}/slot/"), Readers::UsersOrApiKey,
                               {{Get, listSlots}, {Post, setSlot}});
}

} // namespace iotile
