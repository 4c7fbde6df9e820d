#include "server/api/sensorgraphcontroller.h"

#include "common/slug/slugify.h"
#include "server/api/catalogpolicy.h"
#include "server/api/fieldreader.h"
#include "server/api/jsonutil.h"
#include "server/domain/sensorgraph.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/orgstore.h"
#include "server/store/sensorgraphstore.h"
#include "server/store/templatestore.h"

#include <QJsonArray>

#include <limits>

namespace iotile {

namespace {

// Retrieve, update, delete and the sub-resources find a graph whatever its state, as the original does.
Result<SensorGraph> existing(RequestContext &ctx, SqlConnection &db)
{
    IOTILE_TRY(sg, SensorGraphStore(db).bySlug(ctx.capture(0)));
    if (!sg)
        return Error::notFound();
    return *sg;
}

Error notAChoice(const QString &field, const QString &value)
{
    return Error::field(
        field, QStringLiteral("Select a valid choice. %1 is not one of the available choices.").arg(value));
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    SensorGraphStore store(*db);
    SensorGraphStore::ListQuery query;
    // Unlike ot/, pt/ and dt/, the original wants exactly "1" here.
    query.includeInactive = ctx.isStaff() && ctx.queryValue(QStringLiteral("staff")) == QLatin1String("1");
    IOTILE_TRY(createdBy, CatalogPolicy::createdByFilter(ctx, *db));
    query.createdBy = createdBy;
    const QString field = QStringLiteral("variable_templates");
    for (const QString &value : ctx.query().allQueryItemValues(field, QUrl::FullyDecoded)) {
        if (value.isEmpty())
            continue;
        bool ok = false;
        const qint64 id = value.toLongLong(&ok);
        if (!ok)
            return notAChoice(field, value);
        IOTILE_TRY(t, store.varTemplateById(id));
        if (!t)
            return notAChoice(field, value);
        query.variableTemplateIds.append(id);
    }
    if (!ctx.queryValue(QStringLiteral("org__slug")).isEmpty())
        query.orgSlug = ctx.queryValue(QStringLiteral("org__slug"));
    if (!ctx.queryValue(QStringLiteral("slug")).isEmpty())
        query.slug = ctx.queryValue(QStringLiteral("slug"));
    IOTILE_TRY(count, store.count(query));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, page.offset(), page.limit()));
    QJsonArray results;
    for (const SensorGraph &sg : rows)
        results.append(SensorGraphController::sensorGraphJson(sg));
    return page.envelope(ctx, count, results);
}

Status applyFields(SqlConnection &db, const QJsonObject &body, bool partial, SensorGraph &sg)
{
    FieldReader r(body, partial);
    if (const auto v = r.text(QStringLiteral("name"), 50, true, false))
        sg.name = *v;
    const auto org = r.reference(QStringLiteral("org"), true, false);
    if (org.present) {
        IOTILE_TRY(found, OrgStore(db).bySlug(org.slug));
        if (!found || !found->isVendor)
            r.notFound(QStringLiteral("org"), org.slug);
        else {
            sg.orgId = found->id;
            sg.orgSlug = found->slug;
        }
    }
    const auto pt = r.reference(QStringLiteral("project_template"), false, false);
    if (pt.present) {
        IOTILE_TRY(found, TemplateStore(db, TemplateStore::Kind::Project).bySlug(pt.slug));
        if (!found || !found->active)
            r.notFound(QStringLiteral("project_template"), pt.slug);
        else {
            sg.projectTemplateId = found->id;
            sg.projectTemplateSlug = found->slug;
        }
    }
    if (const auto v = r.json(QStringLiteral("ui_extra")))
        sg.uiExtra = *v;
    if (const auto v = r.integer(QStringLiteral("report_processing_engine_ver"), 0))
        sg.reportProcessingEngineVer = int(*v);
    if (const auto v = r.integer(QStringLiteral("major_version")))
        sg.major = int(*v);
    if (const auto v = r.integer(QStringLiteral("minor_version")))
        sg.minor = int(*v);
    if (const auto v = r.integer(QStringLiteral("patch_version")))
        sg.patch = int(*v);
    if (const auto v = r.integer(QStringLiteral("app_tag"), 0))
        sg.appTag = int(*v);
    if (const auto v = r.integer(QStringLiteral("app_major_version"), 0))
        sg.appMajor = int(*v);
    if (const auto v = r.integer(QStringLiteral("app_minor_version"), 0))
        sg.appMinor = int(*v);
    IOTILE_CHECK(r.status());
    sg.slug = versionedSlug(sg.name, sg.major, sg.minor, sg.patch);
    SensorGraphStore store(db);
    IOTILE_TRY(taken, store.versionTaken(sg.name, sg.major, sg.minor, sg.patch, sg.id));
    if (taken)
        return Error::field(
            QStringLiteral("non_field_errors"),
            QStringLiteral("The fields name, major_version, minor_version, patch_version must make "
                           "a unique set."));
    IOTILE_TRY(slugTaken, store.slugTaken(sg.slug, sg.id));
    if (slugTaken)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("Sensor Graph with this slug already exists."));
    return Ok {};
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    SensorGraph sg;
    sg.createdBy = ctx.account().id;
    IOTILE_CHECK(applyFields(*db, body, false, sg));
    IOTILE_TRY(created, SensorGraphStore(*db).create(sg));
    return HttpResponse::json(SensorGraphController::sensorGraphJson(created), 201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(sg, existing(ctx, *db));
    return HttpResponse::json(SensorGraphController::sensorGraphJson(sg));
}

Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(sg, existing(ctx, *db));
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_CHECK(applyFields(*db, body, ctx.method() == Patch, sg));
    IOTILE_CHECK(SensorGraphStore(*db).update(sg));
    return HttpResponse::json(SensorGraphController::sensorGraphJson(sg));
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(sg, existing(ctx, *db));
    IOTILE_CHECK(SensorGraphStore(*db).remove(sg.id));
    return HttpResponse::noContent();
}

// sg/<slug>/property/: the property templates of ?org=<slug> (default: the graph's own org).
Result<HttpResponse> properties(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(sg, existing(ctx, *db));
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    std::optional<qint64> orgId = sg.orgId;
    if (const QString slug = ctx.queryValue(QStringLiteral("org")); !slug.isEmpty()) {
        IOTILE_TRY(org, OrgStore(*db).bySlug(slug));
        if (!org)
            return Error::notFound();
        orgId = org->id;
    }
    SensorGraphStore store(*db);
    qint64 count = 0;
    if (orgId) {
        IOTILE_TRY(n, store.countPropertyTemplates(sg.id, *orgId));
        count = n;
    }
    IOTILE_CHECK(page.validate(count));
    QJsonArray results;
    if (count > 0) {
        IOTILE_TRY(rows, store.propertyTemplates(sg.id, *orgId, page.offset(), page.limit()));
        for (const SensorGraphPropertyTemplate &t : rows)
            results.append(QJsonObject {
                {QStringLiteral("id"), double(t.id)},
                {QStringLiteral("org"), t.orgSlug},
                {QStringLiteral("type"), t.type},
                {QStringLiteral("name"), t.name},
                {QStringLiteral("default"), t.defaultValue},
                {QStringLiteral("enums"), QJsonArray::fromStringList(t.enums)},
                {QStringLiteral("extra"), t.extra.isUndefined() ? QJsonValue(QJsonValue::Null) : t.extra},
                {QStringLiteral("created_by"), json::nullable(t.createdBySlug)},
            });
    }
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> addProperty(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(sg, existing(ctx, *db));
    IOTILE_CHECK(CatalogPolicy::requireSuperuser(ctx));
    IOTILE_TRY(body, ctx.dataObject());
    FieldReader r(body, false);
    const auto id = r.integer(QStringLiteral("id"), std::numeric_limits<qint64>::min(),
                              std::numeric_limits<qint64>::max(), true);
    IOTILE_CHECK(r.status());
    SensorGraphStore store(*db);
    IOTILE_TRY(exists, store.propertyTemplateExists(*id));
    if (!exists)
        return Error::notFound();
    IOTILE_CHECK(store.attachPropertyTemplate(sg.id, *id));
    return HttpResponse::json(QJsonObject {{QStringLiteral("id"), double(*id)}}, 201);
}

} // namespace

QJsonObject SensorGraphController::varTemplateJson(const VarTemplate &t)
{
    return QJsonObject {
        {QStringLiteral("id"), double(t.id)},
        {QStringLiteral("label"), t.label},
        {QStringLiteral("lid_hex"), t.lidHex},
        {QStringLiteral("derived_lid_hex"), t.derivedLidHex},
        {QStringLiteral("var_type"), json::nullable(t.varTypeSlug)},
        {QStringLiteral("default_input_unit"), json::nullable(t.defaultInputUnitSlug)},
        {QStringLiteral("default_output_unit"), json::nullable(t.defaultOutputUnitSlug)},
        {QStringLiteral("ctype"), t.ctype},
        {QStringLiteral("m"), double(t.m)},
        {QStringLiteral("d"), double(t.d)},
        {QStringLiteral("o"), t.o},
        {QStringLiteral("app_only"), t.appOnly},
        {QStringLiteral("web_only"), t.webOnly},
    };
}

QJsonObject SensorGraphController::widgetJson(const DisplayWidget &w)
{
    return QJsonObject {
        {QStringLiteral("id"), double(w.id)},
        {QStringLiteral("label"), w.label},
        {QStringLiteral("lid_hex"), w.lidHex},
        {QStringLiteral("type"), w.type},
        {QStringLiteral("args"), w.args.isUndefined() ? QJsonValue(QJsonValue::Null) : w.args},
        {QStringLiteral("var_type"), json::nullable(w.varTypeSlug)},
        {QStringLiteral("derived_unit_type"), w.derivedUnitType},
        {QStringLiteral("show_in_app"), w.showInApp},
        {QStringLiteral("show_in_web"), w.showInWeb},
    };
}

QJsonObject SensorGraphController::sensorGraphJson(const SensorGraph &sg)
{
    QJsonArray templates, widgets;
    for (const VarTemplate &t : sg.variableTemplates)
        templates.append(varTemplateJson(t));
    for (const DisplayWidget &w : sg.displayWidgets)
        widgets.append(widgetJson(w));
    // major/minor/patch_version and app_major_version are read back but app_minor_version is not: the
    // original's serializer turned its intended write-only list into one entry by accident.
    return QJsonObject {
        {QStringLiteral("id"), double(sg.id)},
        {QStringLiteral("name"), sg.name},
        {QStringLiteral("slug"), sg.slug},
        {QStringLiteral("org"), json::nullable(sg.orgSlug)},
        {QStringLiteral("project_template"), json::nullable(sg.projectTemplateSlug)},
        {QStringLiteral("variable_templates"), templates},
        {QStringLiteral("display_widget_templates"), widgets},
        {QStringLiteral("ui_extra"), sg.uiExtra.isUndefined() ? QJsonValue(QJsonValue::Null) : sg.uiExtra},
        {QStringLiteral("report_processing_engine_ver"), sg.reportProcessingEngineVer},
        {QStringLiteral("major_version"), sg.major},
        {QStringLiteral("minor_version"), sg.minor},
        {QStringLiteral("patch_version"), sg.patch},
        {QStringLiteral("version"), QStringLiteral("v%1.%2.%3").arg(sg.major).arg(sg.minor).arg(sg.patch)},
        {QStringLiteral("app_tag"), sg.appTag},
        {QStringLiteral("app_major_version"), sg.appMajor},
        {QStringLiteral("app_version"), QStringLiteral("v%1.%2").arg(sg.appMajor).arg(sg.appMinor)},
        {QStringLiteral("created_on"), json::time(sg.createdOn)},
    };
}

QJsonObject SensorGraphController::blankSensorGraphJson()
{
    QJsonObject o {{QStringLiteral("name"), QString()}};
    for (const char *key :
         {"org", "project_template", "ui_extra", "report_processing_engine_ver", "major_version",
          "minor_version", "patch_version", "app_tag", "app_major_version", "app_minor_version"})
        o.insert(QLatin1String(key), QJsonValue(QJsonValue::Null));
    return o;
}

void SensorGraphController::registerRoutes(Router &router, ServerContext &)
{
    using Readers = CatalogPolicy::Readers;
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/sg/"), Readers::UsersOrApiKey,
                               {{Get, list}, {Post, create}});
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/sg/{slug}/"), Readers::UsersOrApiKey,
                               {{Get, retrieve}, {Put, update}, {Patch, update}, {Delete, destroy}});
    CatalogPolicy::addResource(router, QStringLiteral("/api/v1/sg/{slug}/property/"), Readers::UsersOrApiKey,
                               {{Get, properties}, {Post, addProperty}});
}

} // namespace iotile
