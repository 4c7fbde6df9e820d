#include "server/api/variablecontroller.h"

#include "common/slug/projectslug.h"
#include "common/slug/variableslug.h"
#include "server/api/jsonutil.h"
#include "server/api/projectcontroller.h"
#include "server/api/unitjson.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/project.h"
#include "server/domain/variable.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"
#include "server/store/variablestore.h"
#include "server/store/vartypestore.h"

#include <QJsonArray>

namespace iotile {

namespace {

Error restricted400()
{
    return Error(ErrorKind::BadRequest,
                 QJsonObject {{QStringLiteral("error"), QStringLiteral("Restricted Access. Contact Arch")}});
}

Result<QString> slugOfVariable(SqlConnection &db, const std::optional<qint64> &id)
{
    if (!id)
        return QString();
    IOTILE_TRY(v, VariableStore(db).byId(*id));
    return v ? v->slug : QString();
}

// The original's StreamVariable.has_access: staff, anyone for system variables, members of the
// project's org.
Result<Variable> accessibleVariable(SqlConnection &db, Access &access, const QString &text)
{
    const auto slug = VariableSlug::fromLookup(text);
    if (!slug)
        return Error::notFound();
    IOTILE_TRY(variable, VariableStore(db).bySlug(slug->toString()));
    if (!variable)
        return Error::notFound();
    if (variable->orgId) {
        IOTILE_TRY(member, access.isMember(*variable->orgId));
        if (!member)
            return Error::forbidden();
    }
    return *variable;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::large()));
    VariableStore::ListQuery query;
    query.all = ctx.staffMode();
    const QString project = ctx.queryValue(QStringLiteral("project"));
    if (!project.isEmpty()) {
        IOTILE_TRY(p, ProjectController::byUuidOrSlug(*db, project));
        if (!p) {
            query.impossible = true;
        } else {
            query.projectId = p->id;
            // By UUID the original adds the system variables; by slug only the project's own.
            query.includeSystem = !project.startsWith(QLatin1String("p--"))
                || ctx.queryFlag(QStringLiteral("include_templates"));
        }
    }
    if (const QString org = ctx.queryValue(QStringLiteral("org")); !org.isEmpty()) {
        IOTILE_TRY(o, OrgStore(*db).bySlug(org));
        if (!o)
            return Error::notFound();
        query.orgId = o->id;
    }
    query.search = ctx.queryValue(QStringLiteral("search"));
    VariableStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, access, page.offset(), page.limit()));
    UnitJson units(*db);
    QJsonArray results;
    for (const Variable &v : rows) {
        IOTILE_TRY(derived, slugOfVariable(*db, v.derivedVariableId));
        IOTILE_TRY(o, VariableController::variableJson(v, units, derived));
        results.append(o);
    }
    return page.envelope(ctx, count, results);
}

// Reads the writable fields of a variable body into `v` (create and update share it).
Status applyFields(SqlConnection &db, const QJsonObject &body, Variable &v, FieldErrors &errors)
{
    if (const auto name = errors.optionalString(body, QStringLiteral("name"), 30))
        v.name = *name;
    if (const auto about = errors.optionalString(body, QStringLiteral("about"), 60))
        v.about = *about;
    if (const auto f = errors.optionalString(body, QStringLiteral("raw_value_format"), 5))
        v.rawValueFormat = *f;
    if (const auto units = errors.optionalString(body, QStringLiteral("units"), 10))
        v.units = *units;
    if (const auto label = errors.optionalString(body, QStringLiteral("mdo_label"), 10))
        v.mdoLabel = *label;
    if (const auto m = errors.optionalInt(body, QStringLiteral("multiplication_factor")))
        v.m = *m;
    if (const auto d = errors.optionalInt(body, QStringLiteral("division_factor"))) {
        if (*d == 0)
            errors.add(QStringLiteral("division_factor"), QStringLiteral("Ensure this value is not zero."));
        else
            v.d = *d;
    }
    if (const auto o = errors.optionalDouble(body, QStringLiteral("offset")))
        v.o = *o;
    if (const auto p = errors.optionalInt(body, QStringLiteral("decimal_places")))
        v.decimalPlaces = int(*p);
    if (const auto w = errors.optionalBool(body, QStringLiteral("web_only")))
        v.webOnly = *w;
    if (const auto a = errors.optionalBool(body, QStringLiteral("app_only")))
        v.appOnly = *a;
    VarTypeStore types(db);
    if (body.contains(QStringLiteral("var_type"))) {
        const QJsonValue t = body.value(QStringLiteral("var_type"));
        if (t.isNull() || t.toString().isEmpty()) {
            v.varTypeId.reset();
        } else {
            IOTILE_TRY(type, types.bySlug(t.toString()));
            if (!type)
                errors.add(QStringLiteral("var_type"),
                           QStringLiteral("Object with slug=%1 does not exist.").arg(t.toString()));
            else
                v.varTypeId = type->id;
        }
    }
    for (const auto &[field, target] : {std::pair {QStringLiteral("input_unit"), &v.inputUnitId},
                                        std::pair {QStringLiteral("output_unit"), &v.outputUnitId}}) {
        if (!body.contains(field))
            continue;
        const QJsonValue u = body.value(field);
        if (u.isNull() || u.toString().isEmpty()) {
            target->reset();
            continue;
        }
        IOTILE_TRY(unit, types.unitBySlug(u.toString()));
        if (!unit)
            errors.add(field, QStringLiteral("Object with slug=%1 does not exist.").arg(u.toString()));
        else
            *target = unit->id;
    }
    if (body.contains(QStringLiteral("derived_variable"))) {
        const QJsonValue dv = body.value(QStringLiteral("derived_variable"));
        if (dv.isNull() || dv.toString().isEmpty()) {
            v.derivedVariableId.reset();
        } else {
            const auto slug = VariableSlug::fromLookup(dv.toString());
            IOTILE_TRY(other,
                       slug ? VariableStore(db).bySlug(slug->toString())
                            : Result<std::optional<Variable>>(std::optional<Variable>()));
            if (!other)
                errors.add(QStringLiteral("derived_variable"),
                           QStringLiteral("Object with slug=%1 does not exist.").arg(dv.toString()));
            else
                v.derivedVariableId = other->id;
        }
    }
    return Ok {};
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    FieldErrors errors;
    const auto name = errors.requiredString(body, QStringLiteral("name"), 30);
    std::optional<qint64> lid;
    if (!body.contains(QStringLiteral("lid")))
        errors.add(QStringLiteral("lid"), QStringLiteral("This field is required."));
    else
        lid = errors.optionalInt(body, QStringLiteral("lid"));
    if (lid && (*lid < 0 || *lid > 0xFFFF))
        errors.add(QStringLiteral("lid"), QStringLiteral("Ensure this value is between 0 and 65535."));
    const auto projectText = errors.optionalString(body, QStringLiteral("project"));
    if (!projectText)
        errors.add(QStringLiteral("project"), QStringLiteral("This field is required."));
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(project, ProjectController::byUuidOrSlug(*db, *projectText));
    if (!project)
        return Error::field(QStringLiteral("project"),
                            QStringLiteral("Invalid pk \"%1\" - object does not exist.").arg(*projectText));
    // The original let any signed-in user add variables to any project; here it takes the right to modify
    // stream ids in the project's org.
    IOTILE_TRY(allowed, access.can(project->orgId, Permission::ModifyStreamIds));
    if (!allowed)
        return Error::forbidden();
    Variable v;
    v.name = *name;
    v.lid = int(*lid);
    v.projectId = project->id;
    v.orgId = project->orgId;
    v.slug = VariableSlug(ProjectSlug(quint32(project->gid)), quint16(v.lid)).toString();
    v.createdBy = ctx.account().id;
    IOTILE_CHECK(applyFields(*db, body, v, errors));
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(created, VariableStore(*db).create(v));
    IOTILE_TRY(stored, VariableStore(*db).byId(created.id));
    UnitJson units(*db);
    IOTILE_TRY(derived, slugOfVariable(*db, stored->derivedVariableId));
    IOTILE_TRY(o, VariableController::variableJson(*stored, units, derived));
    return HttpResponse::json(o, 201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(variable, accessibleVariable(*db, access, ctx.capture(0)));
    UnitJson units(*db);
    IOTILE_TRY(derived, slugOfVariable(*db, variable.derivedVariableId));
    IOTILE_TRY(o, VariableController::variableJson(variable, units, derived));
    return HttpResponse::json(o);
}

Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(variable, accessibleVariable(*db, access, ctx.capture(0)));
    if (!access.isStaff()) {
        bool allowed = false;
        if (variable.orgId) {
            IOTILE_TRY(can, access.can(*variable.orgId, Permission::ModifyStreamIds));
            allowed = can;
        }
        if (!allowed)
            return Error::forbidden();
    }
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    if (ctx.method() == Put)
        (void)errors.requiredString(body, QStringLiteral("name"), 30);
    IOTILE_CHECK(applyFields(*db, body, variable, errors));
    IOTILE_CHECK(errors.status());
    IOTILE_CHECK(VariableStore(*db).update(variable));
    IOTILE_TRY(stored, VariableStore(*db).byId(variable.id));
    UnitJson units(*db);
    IOTILE_TRY(derived, slugOfVariable(*db, stored->derivedVariableId));
    IOTILE_TRY(o, VariableController::variableJson(*stored, units, derived));
    return HttpResponse::json(o);
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(variable, accessibleVariable(*db, access, ctx.capture(0)));
    if (!ctx.isStaff())
        return restricted400();
    IOTILE_CHECK(VariableStore(*db).remove(variable.id));
    return HttpResponse::noContent();
}

Result<HttpResponse> type(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(variable, accessibleVariable(*db, access, ctx.capture(0)));
    if (!variable.varTypeId)
        return Error::notFound();
    IOTILE_TRY(t, VarTypeStore(*db).byId(*variable.varTypeId));
    if (!t)
        return Error::notFound();
    return HttpResponse::json(UnitJson::varType(*t));
}

} // namespace

Result<QJsonObject> VariableController::variableJson(const Variable &v, UnitJson &units,
                                                     const QString &derivedSlug)
{
    IOTILE_TRY(input, units.unitById(v.inputUnitId));
    IOTILE_TRY(output, units.unitById(v.outputUnitId));
    IOTILE_TRY(typeSlug, units.varTypeSlug(v.varTypeId));
    return QJsonObject {
        {QStringLiteral("id"), v.uuid},
        {QStringLiteral("slug"), v.slug},
        {QStringLiteral("name"), v.name},
        {QStringLiteral("lid"), v.lid},
        {QStringLiteral("project"), json::nullable(v.projectUuid)},
        {QStringLiteral("org"), json::nullable(v.orgSlug)},
        {QStringLiteral("var_type"), typeSlug},
        {QStringLiteral("input_unit"), input},
        {QStringLiteral("output_unit"), output},
        {QStringLiteral("derived_variable"), json::nullable(derivedSlug)},
        {QStringLiteral("about"), v.about},
        {QStringLiteral("created_on"), json::time(v.createdOn)},
        {QStringLiteral("raw_value_format"), v.rawValueFormat},
        {QStringLiteral("units"), v.units},
        {QStringLiteral("multiplication_factor"), double(v.m)},
        {QStringLiteral("division_factor"), double(v.d)},
        {QStringLiteral("offset"), v.o},
        {QStringLiteral("decimal_places"), v.decimalPlaces},
        {QStringLiteral("mdo_label"), v.mdoLabel},
        {QStringLiteral("web_only"), v.webOnly},
        {QStringLiteral("app_only"), v.appOnly},
    };
}

void VariableController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/variable/"), list);
    router.add(Post, QStringLiteral("/api/v1/variable/"), create);
    router.add(Get, QStringLiteral("/api/v1/variable/{slug}/"), retrieve);
    router.add(Put | Patch, QStringLiteral("/api/v1/variable/{slug}/"), update);
    router.add(Delete, QStringLiteral("/api/v1/variable/{slug}/"), destroy);
    router.add(Get, QStringLiteral("/api/v1/variable/{slug}/type/"), type);
}

} // namespace iotile
