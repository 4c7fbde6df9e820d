#include "server/api/streamcontroller.h"

#include "common/slug/blockslug.h"
#include "common/slug/deviceslug.h"
#include "common/slug/streamslug.h"
#include "common/slug/variableslug.h"
#include "server/api/jsonutil.h"
#include "server/api/projectcontroller.h"
#include "server/api/unitjson.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/device.h"
#include "server/domain/devicelifecycle.h"
#include "server/domain/project.h"
#include "server/domain/stream.h"
#include "server/domain/variable.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"
#include "server/store/streamstore.h"
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

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::superLarge()));
    StreamStore::ListQuery query;
    query.all = ctx.staffMode();
    using Scope = StreamStore::ListQuery::Scope;
    const QString deviceText = !ctx.queryValue(QStringLiteral("device")).isEmpty()
        ? ctx.queryValue(QStringLiteral("device"))
        : ctx.queryValue(QStringLiteral("device__slug"));
    if (ctx.queryFlag(QStringLiteral("virtual")))
        query.scope = Scope::Virtual;
    else if (!deviceText.isEmpty())
        query.scope = Scope::Everything;
    else if (ctx.queryFlag(QStringLiteral("archived")) || ctx.hasQuery(QStringLiteral("block")))
        query.scope = Scope::Archived;
    else if (ctx.queryFlag(QStringLiteral("all")))
        query.scope = Scope::Everything;

    if (const QString project = ctx.queryValue(QStringLiteral("project")); !project.isEmpty()) {
        IOTILE_TRY(p, ProjectController::byUuidOrSlug(*db, project));
        if (p)
            query.projectId = p->id;
        else
            query.impossible = true;
    }
    for (const char *key : {"org", "org__slug"}) {
        const QString slug = ctx.queryValue(QLatin1String(key));
        if (slug.isEmpty())
            continue;
        IOTILE_TRY(org, OrgStore(*db).bySlug(slug));
        if (!org)
            return Error::notFound();
        query.orgId = org->id;
    }
    if (!deviceText.isEmpty()) {
        if (deviceText.startsWith(QLatin1String("b--"))) {
            const auto block = BlockSlug::parse(QStringView(deviceText));
            if (!block)
                return Error::notFound();
            query.blockId = qint64(block->deviceGroup());
            query.scope = Scope::Archived;
        } else if (deviceText.startsWith(QLatin1String("d--"))) {
            const auto device = DeviceSlug::fromLookup(deviceText);
            if (!device)
                return Error::notFound();
            query.deviceId = qint64(device->id());
        } else {
            return Error::forbidden();
        }
    }
    if (const QString block = ctx.queryValue(QStringLiteral("block")); !block.isEmpty()) {
        const auto slug = BlockSlug::parse(QStringView(block));
        if (!slug)
            return Error::notFound();
        query.blockId = qint64(slug->deviceGroup());
    }
    if (const QString variable = ctx.queryValue(QStringLiteral("variable")); !variable.isEmpty()) {
        const auto slug = VariableSlug::fromLookup(variable);
        IOTILE_TRY(v,
                   slug ? VariableStore(*db).bySlug(slug->toString())
                        : Result<std::optional<Variable>>(std::optional<Variable>()));
        if (!v)
            return Error::notFound();
        query.variableId = v->id;
    }
    if (const QString enabled = ctx.queryValue(QStringLiteral("enabled")); !enabled.isEmpty())
        query.enabled = parseBool(QJsonValue(enabled)).value_or(true);
    StreamStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, access, page.offset(), page.limit()));
    UnitJson units(*db);
    QJsonArray results;
    for (const Stream &s : rows) {
        IOTILE_TRY(o, StreamController::streamJson(*db, s, units));
        results.append(o);
    }
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto variableText = errors.requiredString(body, QStringLiteral("variable"));
    const auto deviceText = errors.optionalString(body, QStringLiteral("device"));
    const auto label = errors.optionalString(body, QStringLiteral("data_label"), 60);
    const auto dataType = errors.optionalString(body, QStringLiteral("data_type"), 2);
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    const auto vslug = VariableSlug::fromLookup(*variableText);
    IOTILE_TRY(variable,
               vslug ? VariableStore(*db).bySlug(vslug->toString())
                     : Result<std::optional<Variable>>(std::optional<Variable>()));
    if (!variable)
        return Error::field(QStringLiteral("variable"),
                            QStringLiteral("Object with slug=%1 does not exist.").arg(*variableText));
    if (!variable->projectId)
        return Error::field(QStringLiteral("variable"), QStringLiteral("System variables have no project."));
    IOTILE_TRY(project, ProjectStore(*db).byId(*variable->projectId));
    if (!project)
        return Error::notFound();
    IOTILE_TRY(allowed, access.can(project->orgId, Permission::ModifyStreamIds));
    if (!allowed)
        return Error::forbidden();
    Stream s;
    if (deviceText && !deviceText->isEmpty()) {
        const auto dslug = DeviceSlug::fromLookup(*deviceText);
        IOTILE_TRY(device,
                   dslug ? DeviceStore(*db).byId(qint64(dslug->id()))
                         : Result<std::optional<Device>>(std::optional<Device>()));
        if (!device || !device->active)
            return Error::field(QStringLiteral("device"),
                                QStringLiteral("Object with slug=%1 does not exist.").arg(*deviceText));
        IOTILE_TRY(deviceAccess, access.canAccessDevice(*device));
        if (!deviceAccess)
            return Error::forbidden();
        if (device->projectId && *device->projectId != project->id)
            return Error::notFound(); // the original: 404 "Project and Variable belong to different projects"
        const StreamSlug slug(ProjectSlug(quint32(project->gid)), DeviceSlug(quint64(device->id)),
                              quint16(variable->lid));
        IOTILE_TRY(existing, StreamStore(*db).bySlug(slug.toString()));
        if (existing)
            return Error::field(QStringLiteral("non_field_errors"),
                                QStringLiteral("A stream with slug %1 already exists.").arg(slug.toString()));
        IOTILE_CHECK(DeviceLifecycle(*db).ensureStream(*device, *project, *variable, ctx.account().id));
        IOTILE_TRY(made, StreamStore(*db).bySlug(slug.toString()));
        s = *made;
    } else {
        // A virtual project stream: no device.
        const StreamSlug slug(ProjectSlug(quint32(project->gid)), quint64(0), quint16(variable->lid));
        IOTILE_TRY(existing, StreamStore(*db).bySlug(slug.toString()));
        if (existing)
            return Error::field(QStringLiteral("non_field_errors"),
                                QStringLiteral("A stream with slug %1 already exists.").arg(slug.toString()));
        s.slug = slug.toString();
        s.projectId = project->id;
        s.variableId = variable->id;
        s.orgId = project->orgId;
        s.varTypeId = variable->varTypeId;
        s.varName = variable->name;
        s.varLid = variable->lid;
        s.inputUnitId = variable->inputUnitId;
        s.outputUnitId = variable->outputUnitId;
        s.rawValueFormat = variable->rawValueFormat;
        s.mdoLabel = variable->mdoLabel;
        s.m = variable->m;
        s.d = variable->d;
        s.o = variable->o;
        s.createdBy = ctx.account().id;
        IOTILE_TRY(made, StreamStore(*db).create(s));
        s = made;
    }
    if (label || dataType) {
        if (label)
            s.dataLabel = *label;
        if (dataType)
            s.dataType = *dataType;
        IOTILE_CHECK(StreamStore(*db).update(s));
    }
    IOTILE_TRY(stored, StreamStore(*db).byId(s.id));
    IOTILE_TRY(varTypeSlug, UnitJson(*db).varTypeSlug(stored->varTypeId));
    return HttpResponse::json(
        QJsonObject {
            {QStringLiteral("id"), stored->uuid},
            {QStringLiteral("project"), project->slug},
            {QStringLiteral("device"),
             stored->deviceId ? QJsonValue(DeviceSlug(quint64(*stored->deviceId)).toString())
                              : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("data_label"), stored->dataLabel},
            {QStringLiteral("variable"), variable->slug},
            {QStringLiteral("var_type"), varTypeSlug},
            {QStringLiteral("data_type"), stored->dataType},
            {QStringLiteral("multiplication_factor"), json::optional(stored->m)},
            {QStringLiteral("division_factor"), json::optional(stored->d)},
            {QStringLiteral("offset"), stored->o ? QJsonValue(*stored->o) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("org"), stored->orgSlug},
            {QStringLiteral("created_on"), json::time(stored->createdOn)},
            {QStringLiteral("slug"), stored->slug},
            {QStringLiteral("created_by"), double(ctx.account().id)}},
        201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(stream, StreamController::readableStream(*db, access, ctx.capture(0)));
    UnitJson units(*db);
    IOTILE_TRY(o, StreamController::streamJson(*db, stream, units));
    return HttpResponse::json(o);
}

Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(stream, StreamController::readableStream(*db, access, ctx.capture(0)));
    if (!access.isStaff() && stream.orgId) {
        IOTILE_TRY(can, access.can(*stream.orgId, Permission::ModifyStreamIds));
        if (!can)
            return Error::forbidden();
    }
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    if (const auto v = errors.optionalString(body, QStringLiteral("data_label"), 60))
        stream.dataLabel = *v;
    if (const auto v = errors.optionalString(body, QStringLiteral("data_type"), 2)) {
        static const QStringList kTypes = {QStringLiteral("00"), QStringLiteral("D0"), QStringLiteral("E0"),
                                           QStringLiteral("E1"), QStringLiteral("E2"), QStringLiteral("E3")};
        if (!kTypes.contains(*v))
            errors.add(QStringLiteral("data_type"), QStringLiteral("\"%1\" is not a valid choice.").arg(*v));
        stream.dataType = *v;
    }
    if (const auto v = errors.optionalString(body, QStringLiteral("var_name"), 60))
        stream.varName = *v;
    if (const auto v = errors.optionalInt(body, QStringLiteral("var_lid")))
        stream.varLid = int(*v);
    if (const auto v = errors.optionalString(body, QStringLiteral("raw_value_format"), 5))
        stream.rawValueFormat = *v;
    if (const auto v = errors.optionalString(body, QStringLiteral("mdo_type"), 1)) {
        if (*v != QLatin1String("V") && *v != QLatin1String("S"))
            errors.add(QStringLiteral("mdo_type"), QStringLiteral("\"%1\" is not a valid choice.").arg(*v));
        stream.mdoType = *v;
    }
    if (const auto v = errors.optionalString(body, QStringLiteral("mdo_label"), 10))
        stream.mdoLabel = *v;
    if (body.contains(QStringLiteral("multiplication_factor")))
        stream.m = errors.optionalInt(body, QStringLiteral("multiplication_factor"));
    if (body.contains(QStringLiteral("division_factor"))) {
        stream.d = errors.optionalInt(body, QStringLiteral("division_factor"));
        if (stream.d && *stream.d == 0)
            errors.add(QStringLiteral("division_factor"), QStringLiteral("Ensure this value is not zero."));
    }
    if (body.contains(QStringLiteral("offset")))
        stream.o = errors.optionalDouble(body, QStringLiteral("offset"));
    if (const auto v = errors.optionalBool(body, QStringLiteral("enabled")))
        stream.enabled = *v;
    VarTypeStore types(*db);
    for (const auto &[field, target] : {std::pair {QStringLiteral("input_unit"), &stream.inputUnitId},
                                        std::pair {QStringLiteral("output_unit"), &stream.outputUnitId}}) {
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
    IOTILE_CHECK(errors.status());
    IOTILE_CHECK(StreamStore(*db).update(stream));
    IOTILE_TRY(stored, StreamStore(*db).byId(stream.id));
    UnitJson units(*db);
    IOTILE_TRY(o, StreamController::streamJson(*db, *stored, units));
    return HttpResponse::json(o);
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(stream, StreamController::readableStream(*db, access, ctx.capture(0)));
    if (!ctx.isStaff())
        return restricted400();
    IOTILE_CHECK(StreamStore(*db).remove(stream.id));
    return HttpResponse::noContent();
}

} // namespace

Result<Stream> StreamController::readableStream(SqlConnection &db, Access &access, const QString &text)
{
    const auto slug = StreamSlug::fromLookup(text);
    if (!slug)
        return Error::notFound();
    IOTILE_TRY(stream, StreamStore(db).bySlug(slug->toString()));
    if (!stream)
        return Error::notFound();
    if (!access.isStaff()) {
        bool allowed = false;
        if (stream->orgId) {
            IOTILE_TRY(can, access.can(*stream->orgId, Permission::ReadStreamData));
            allowed = can;
        }
        if (!allowed)
            return Error::forbidden();
    }
    return *stream;
}

Result<QJsonObject> StreamController::streamJson(SqlConnection &db, const Stream &s, UnitJson &units)
{
    const auto slug = StreamSlug::parse(QStringView(s.slug));
    IOTILE_TRY(input, units.unitById(s.inputUnitId));
    IOTILE_TRY(output, units.unitById(s.outputUnitId));
    IOTILE_TRY(typeSlug, units.varTypeSlug(s.varTypeId));
    QString derived;
    if (s.derivedStreamId) {
        IOTILE_TRY(d, StreamStore(db).byId(*s.derivedStreamId));
        if (d)
            derived = d->slug;
    }
    // project, device, block and variable are read from the slug text, as the original does.
    QJsonValue device(QJsonValue::Null), block(QJsonValue::Null);
    if (slug && slug->block())
        block = slug->block()->toString();
    else if (slug && !slug->isVirtual())
        device = slug->device().toString();
    return QJsonObject {
        {QStringLiteral("id"), s.uuid},
        {QStringLiteral("project_id"), json::nullable(s.projectUuid)},
        {QStringLiteral("project"),
         slug ? QJsonValue(slug->project().toString()) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("device"), device},
        {QStringLiteral("block"), block},
        {QStringLiteral("data_label"), s.dataLabel},
        {QStringLiteral("variable"),
         slug ? QJsonValue(slug->variable().toString()) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("var_type"), typeSlug},
        {QStringLiteral("data_type"), s.dataType},
        {QStringLiteral("var_name"), s.varName},
        {QStringLiteral("var_lid"), s.varLid},
        {QStringLiteral("input_unit"), input},
        {QStringLiteral("output_unit"), output},
        {QStringLiteral("derived_stream"), json::nullable(derived)},
        {QStringLiteral("raw_value_format"), s.rawValueFormat},
        {QStringLiteral("mdo_type"), s.mdoType},
        {QStringLiteral("mdo_label"), s.mdoLabel},
        {QStringLiteral("multiplication_factor"), json::optional(s.m)},
        {QStringLiteral("division_factor"), json::optional(s.d)},
        {QStringLiteral("offset"), s.o ? QJsonValue(*s.o) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("org"), json::nullable(s.orgSlug)},
        {QStringLiteral("created_on"), json::time(s.createdOn)},
        {QStringLiteral("slug"), s.slug},
        {QStringLiteral("enabled"), s.enabled},
    };
}

void StreamController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/stream/"), list);
    router.add(Post, QStringLiteral("/api/v1/stream/"), create);
    router.add(Get, QStringLiteral("/api/v1/stream/{slug}/"), retrieve);
    router.add(Put | Patch, QStringLiteral("/api/v1/stream/{slug}/"), update);
    router.add(Delete, QStringLiteral("/api/v1/stream/{slug}/"), destroy);
}

} // namespace iotile
