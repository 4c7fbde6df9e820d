#include "server/api/propertytemplatecontroller.h"

#include "server/api/fieldreaders.h"
#include "server/api/jsonutil.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/property.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/orgstore.h"
#include "server/store/propertytemplatestore.h"

#include <QJsonArray>

namespace iotile {

namespace {

Error lacking()
{
    return Error::forbidden(QStringLiteral("Access Denied due to lack of sufficient permissions"));
}

QJsonObject enumJson(const PropertyEnum &e)
{
    return QJsonObject {{QStringLiteral("id"), double(e.id)},
                        {QStringLiteral("org"), e.orgSlug},
                        {QStringLiteral("value"), e.value},
                        {QStringLiteral("template"), double(e.templateId)},
                        {QStringLiteral("created_by"), json::nullable(e.createdBySlug)}};
}

// Beyond the original (any member, even of another org, could write): templates are org settings.
Status requireManager(Access &access, qint64 orgId)
{
    IOTILE_TRY(allowed, access.can(orgId, Permission::ManageOrgAndProjects));
    if (!allowed)
        return lacking();
    return Ok {};
}

// The template of the URL as the caller may see it: templates of the caller's orgs (staff asking as staff:
// all); anything else is "Not found.".
Result<PropertyTemplate> visibleTemplate(RequestContext &ctx, SqlConnection &db, Access &access)
{
    const auto id = fields::lookupId(ctx.capture(0));
    if (!id)
        return Error::notFound();
    IOTILE_TRY(t, PropertyTemplateStore(db).byId(*id));
    if (!t)
        return Error::notFound();
    if (!ctx.staffMode()) {
        IOTILE_TRY(member, access.isActiveMember(t->orgId));
        if (!member)
            return Error::notFound();
    }
    return *t;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    PropertyTemplateStore::ListQuery query;
    query.all = ctx.staffMode();
    if (const QString org = ctx.queryValue(QStringLiteral("org")); !org.isEmpty()) {
        IOTILE_TRY(found, OrgStore(*db).bySlug(org));
        if (!found)
            return Error::notFound();
        query.orgId = found->id;
    }
    query.name = ctx.queryValue(QStringLiteral("name"));
    PropertyTemplateStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const PropertyTemplate &t : rows)
        results.append(PropertyTemplateController::templateJson(t));
    return page.envelope(ctx, count, results);
}

// Reads the writable fields into `t`; `full` when every required field must be there (POST, PUT).
Status readTemplate(SqlConnection &db, const QJsonObject &body, bool full, PropertyTemplate &t,
                    FieldErrors &errors)
{
    if (const auto org = fields::charField(body, QStringLiteral("org"), errors, full)) {
        IOTILE_TRY(found, OrgStore(db).bySlug(*org));
        if (!found)
            errors.add(QStringLiteral("org"),
                       QStringLiteral("Object with slug=%1 does not exist.").arg(*org));
        else
            t.orgId = found->id;
    }
    if (const auto type = fields::charField(body, QStringLiteral("type"), errors, false)) {
        if (*type != QLatin1String("int") && *type != QLatin1String("str") && *type != QLatin1String("bool"))
            errors.add(QStringLiteral("type"), QStringLiteral("\"%1\" is not a valid choice.").arg(*type));
        else
            t.type = *type;
    }
    if (const auto name = fields::charField(body, QStringLiteral("name"), errors, full, 48))
        t.name = *name;
    if (const auto def = fields::charField(body, QStringLiteral("default"), errors, false, 256, true))
        t.defaultValue = *def;
    if (body.contains(QStringLiteral("extra")))
        t.extra = body.value(QStringLiteral("extra"));
    return Ok {};
}

Error notUnique()
{
    return Error::field(QStringLiteral("non_field_errors"),
                        QStringLiteral("The fields org, name must make a unique set."));
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    FieldErrors errors;
    PropertyTemplate t;
    IOTILE_CHECK(readTemplate(*db, body, true, t, errors));
    IOTILE_CHECK(errors.status());
    IOTILE_CHECK(requireManager(access, t.orgId));
    t.createdBy = ctx.account().id;
    IOTILE_TRY(created, PropertyTemplateStore(*db).create(t));
    if (!created)
        return notUnique();
    return HttpResponse::json(PropertyTemplateController::templateJson(*created), 201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(t, visibleTemplate(ctx, *db, access));
    return HttpResponse::json(PropertyTemplateController::templateJson(t));
}

Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(t, visibleTemplate(ctx, *db, access));
    IOTILE_CHECK(requireManager(access, t.orgId));
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    IOTILE_CHECK(readTemplate(*db, body, ctx.method() == Put, t, errors));
    IOTILE_CHECK(errors.status());
    IOTILE_CHECK(requireManager(access, t.orgId)); // moving it to another org takes rights there too
    IOTILE_TRY(saved, PropertyTemplateStore(*db).update(t));
    if (!saved)
        return notUnique();
    IOTILE_TRY(stored, PropertyTemplateStore(*db).byId(t.id));
    return HttpResponse::json(PropertyTemplateController::templateJson(*stored));
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(t, visibleTemplate(ctx, *db, access));
    IOTILE_CHECK(requireManager(access, t.orgId));
    IOTILE_CHECK(PropertyTemplateStore(*db).remove(t.id));
    return HttpResponse::noContent();
}

Result<HttpResponse> enums(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(t, visibleTemplate(ctx, *db, access));
    PropertyTemplateStore store(*db);
    if (ctx.method() == Get) {
        IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
        IOTILE_TRY(count, store.countEnums(t.id));
        IOTILE_CHECK(page.validate(count));
        IOTILE_TRY(rows, store.enums(t.id, page.offset(), page.limit()));
        QJsonArray results;
        for (const PropertyEnum &e : rows)
            results.append(enumJson(e));
        return page.envelope(ctx, count, results);
    }
    IOTILE_CHECK(requireManager(access, t.orgId));
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto value = fields::charField(body, QStringLiteral("value"), errors, true, 64);
    IOTILE_CHECK(errors.status());
    if (ctx.method() == Post) {
        IOTILE_TRY(e, store.addEnum(t.id, *value, ctx.account().id));
        return HttpResponse::json(enumJson(e), 201);
    }
    IOTILE_TRY(removed, store.removeEnum(t.id, *value));
    if (!removed)
        return Error(ErrorKind::NotFound,
                     QJsonObject {{QStringLiteral("error"),
                                   QStringLiteral("Enum Value not found in Property Template")}});
    return HttpResponse::noContent();
}

} // namespace

QJsonObject PropertyTemplateController::templateJson(const PropertyTemplate &t)
{
    return QJsonObject {{QStringLiteral("id"), double(t.id)},
                        {QStringLiteral("org"), t.orgSlug},
                        {QStringLiteral("type"), t.type},
                        {QStringLiteral("name"), t.name},
                        {QStringLiteral("default"), t.defaultValue},
                        {QStringLiteral("enums"), QJsonArray::fromStringList(t.enums)},
                        {QStringLiteral("extra"), t.extra},
                        {QStringLiteral("created_by"), json::nullable(t.createdBySlug)}};
}

void PropertyTemplateController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/propertytemplate/"), list);
    router.add(Post, QStringLiteral("/api/v1/propertytemplate/"), create);
    router.add(Get, QStringLiteral("/api/v1/propertytemplate/{id}/"), retrieve);
    router.add(Put | Patch, QStringLiteral("/api/v1/propertytemplate/{id}/"), update);
    router.add(Delete, QStringLiteral("/api/v1/propertytemplate/{id}/"), destroy);
    router.add(Get | Post | Delete, QStringLiteral("/api/v1/propertytemplate/{id}/enum/"), enums);
}

} // namespace iotile
