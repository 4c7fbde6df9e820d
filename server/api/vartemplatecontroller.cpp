#include "server/api/vartemplatecontroller.h"

#include "server/api/catalogpolicy.h"
#include "server/api/fieldreader.h"
#include "server/api/sensorgraphcontroller.h"
#include "server/domain/sensorgraph.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/sensorgraphstore.h"
#include "server/store/vartypestore.h"

namespace iotile {

namespace {

std::optional<qint64> lookupId(RequestContext &ctx)
{
    bool ok = false;
    const qint64 id = ctx.capture(0).toLongLong(&ok);
    return ok ? std::optional<qint64>(id) : std::nullopt;
}

// `sg`: required, any graph by slug.
Status readGraph(SqlConnection &db, FieldReader &r, qint64 &sgId, QString &sgSlug)
{
    const auto ref = r.reference(QStringLiteral("sg"), true, false);
    if (!ref.present)
        return Ok {};
    IOTILE_TRY(sg, SensorGraphStore(db).bySlug(ref.slug));
    if (!sg)
        r.notFound(QStringLiteral("sg"), ref.slug);
    else {
        sgId = sg->id;
        sgSlug = sg->slug;
    }
    return Ok {};
}

Status readVarType(SqlConnection &db, FieldReader &r, bool required, bool allowNull,
                   std::optional<qint64> &id, QString &slug)
{
    const auto ref = r.reference(QStringLiteral("var_type"), required, allowNull);
    if (!ref.present)
        return Ok {};
    if (ref.isNull) {
        id.reset();
        slug.clear();
        return Ok {};
    }
    IOTILE_TRY(type, VarTypeStore(db).bySlug(ref.slug));
    if (!type)
        r.notFound(QStringLiteral("var_type"), ref.slug);
    else {
        id = type->id;
        slug = type->slug;
    }
    return Ok {};
}

// default_input_unit / default_output_unit: required, null allowed; any unit of that direction.
Status readUnit(SqlConnection &db, FieldReader &r, const QString &field, bool output,
                std::optional<qint64> &id, QString &slug)
{
    const auto ref = r.reference(field, true, true);
    if (!ref.present)
        return Ok {};
    if (ref.isNull) {
        id.reset();
        slug.clear();
        return Ok {};
    }
    IOTILE_TRY(unit, VarTypeStore(db).unitBySlug(ref.slug));
    if (!unit || unit->output != output)
        r.notFound(field, ref.slug);
    else {
        id = unit->id;
        slug = unit->slug;
    }
    return Ok {};
}

Status applyVarTemplate(SqlConnection &db, const QJsonObject &body, bool partial, VarTemplate &t)
{
    FieldReader r(body, partial);
    if (const auto v = r.text(QStringLiteral("label"), 60, false))
        t.label = *v;
    IOTILE_CHECK(readGraph(db, r, t.sgId, t.sgSlug));
    if (const auto v = r.text(QStringLiteral("lid_hex"), 4, false, false))
        t.lidHex = *v;
    if (const auto v = r.text(QStringLiteral("derived_lid_hex"), 4, false))
        t.derivedLidHex = *v;
    IOTILE_CHECK(readVarType(db, r, true, false, t.varTypeId, t.varTypeSlug));
    IOTILE_CHECK(readUnit(db, r, QStringLiteral("default_input_unit"), false, t.defaultInputUnitId,
                          t.defaultInputUnitSlug));
    IOTILE_CHECK(readUnit(db, r, QStringLiteral("default_output_unit"), true, t.defaultOutputUnitId,
                          t.defaultOutputUnitSlug));
    if (const auto v = r.text(QStringLiteral("ctype"), 16, false, false))
        t.ctype = *v;
    if (const auto v = r.integer(QStringLiteral("m")))
        t.m = *v;
    if (const auto v = r.integer(QStringLiteral("d")))
        t.d = *v;
    if (const auto v = r.number(QStringLiteral("o")))
        t.o = *v;
    if (const auto v = r.boolean(QStringLiteral("app_only")))
        t.appOnly = *v;
    if (const auto v = r.boolean(QStringLiteral("web_only")))
        t.webOnly = *v;
    return r.status();
}

Status applyWidget(SqlConnection &db, const QJsonObject &body, bool partial, DisplayWidget &w)
{
    FieldReader r(body, partial);
    if (const auto v = r.text(QStringLiteral("label"), 60, false))
        w.label = *v;
    IOTILE_CHECK(readGraph(db, r, w.sgId, w.sgSlug));
    if (const auto v = r.text(QStringLiteral("lid_hex"), 4, false, false))
        w.lidHex = *v;
    static const QStringList kTypes = {QStringLiteral("val"), QStringLiteral("btn"), QStringLiteral("sbt")};
    if (const auto v = r.choice(QStringLiteral("type"), kTypes, false))
        w.type = *v;
    if (const auto v = r.json(QStringLiteral("args")))
        w.args = *v;
    IOTILE_CHECK(readVarType(db, r, false, true, w.varTypeId, w.varTypeSlug));
    if (const auto v = r.text(QStringLiteral("derived_unit_type"), 20, false))
        w.derivedUnitType = *v;
    if (const auto v = r.boolean(QStringLiteral("show_in_app")))
        w.showInApp = *v;
    if (const auto v = r.boolean(QStringLiteral("show_in_web")))
        w.showInWeb = *v;
    return r.status();
}

Result<HttpResponse> createVarTemplate(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    VarTemplate t;
    IOTILE_CHECK(applyVarTemplate(*db, body, false, t));
    IOTILE_TRY(created, SensorGraphStore(*db).createVarTemplate(t));
    return HttpResponse::json(VarTemplateController::varTemplateJson(created), 201);
}

Result<HttpResponse> updateVarTemplate(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    const auto id = lookupId(ctx);
    if (!id)
        return Error::notFound();
    SensorGraphStore store(*db);
    IOTILE_TRY(t, store.varTemplateById(*id));
    if (!t)
        return Error::notFound();
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_CHECK(applyVarTemplate(*db, body, ctx.method() == Patch, *t));
    IOTILE_CHECK(store.updateVarTemplate(*t));
    return HttpResponse::json(VarTemplateController::varTemplateJson(*t));
}

Result<HttpResponse> createWidget(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    DisplayWidget w;
    IOTILE_CHECK(applyWidget(*db, body, false, w));
    IOTILE_TRY(created, SensorGraphStore(*db).createWidget(w));
    return HttpResponse::json(VarTemplateController::widgetJson(created), 201);
}

Result<HttpResponse> updateWidget(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    const auto id = lookupId(ctx);
    if (!id)
        return Error::notFound();
    SensorGraphStore store(*db);
    IOTILE_TRY(w, store.widgetById(*id));
    if (!w)
        return Error::notFound();
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_CHECK(applyWidget(*db, body, ctx.method() == Patch, *w));
    IOTILE_CHECK(store.updateWidget(*w));
    return HttpResponse::json(VarTemplateController::widgetJson(*w));
}

} // namespace

QJsonObject VarTemplateController::varTemplateJson(const VarTemplate &t)
{
    QJsonObject o = SensorGraphController::varTemplateJson(t);
    o.insert(QStringLiteral("sg"), t.sgSlug);
    return o;
}

QJsonObject VarTemplateController::widgetJson(const DisplayWidget &w)
{
    QJsonObject o = SensorGraphController::widgetJson(w);
    o.insert(QStringLiteral("sg"), w.sgSlug);
    return o;
}

void VarTemplateController::registerRoutes(Router &router, ServerContext &)
{
    // No GET or DELETE, as in the original: those answer 405 (after the permission check).
    using Readers = CatalogPolicy::Readers;
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/vartemplate/"), Readers::Users,
                               {{Post, createVarTemplate}});
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/vartemplate/{id}/"), Readers::Users,
                               {{Put, updateVarTemplate}, {Patch, updateVarTemplate}});
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/widget/"), Readers::Users,
                               {{Post, createWidget}});
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/widget/{id}/"), Readers::Users,
                               {{Put, updateWidget}, {Patch, updateWidget}});
}

} // namespace iotile
