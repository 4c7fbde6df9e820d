#include "server/api/filtercontroller.h"

#include "common/slug/deviceslug.h"
#include "common/slug/filterslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/slugify.h"
#include "common/slug/streamslug.h"
#include "common/slug/variableslug.h"
#include "server/api/devicecontroller.h"
#include "server/api/jsonutil.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/device.h"
#include "server/domain/filterengine.h"
#include "server/domain/project.h"
#include "server/domain/stream.h"
#include "server/domain/variable.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/ingest/streamresolver.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/filterstore.h"
#include "server/store/projectstore.h"
#include "server/store/streamstore.h"
#include "server/store/tokenstore.h"
#include "server/store/variablestore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace iotile {

namespace {

const QStringList &operators()
{
    static const QStringList ops = {QStringLiteral("bu"), QStringLiteral("eq"), QStringLiteral("ne"),
                                    QStringLiteral("le"), QStringLiteral("ge"), QStringLiteral("lt"),
                                    QStringLiteral("gt")};
    return ops;
}

QString operatorDisplay(const QString &op)
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("bu"), QStringLiteral("Buffer (no-op)")},
        {QStringLiteral("eq"), QStringLiteral("Equal (==)")},
        {QStringLiteral("ne"), QStringLiteral("Not Equal (!=)")},
        {QStringLiteral("le"), QStringLiteral("Less or equal than (<=)")},
        {QStringLiteral("ge"), QStringLiteral("Greater or equal than (>=)")},
        {QStringLiteral("lt"), QStringLiteral("Less than (<)")},
        {QStringLiteral("gt"), QStringLiteral("Greater than (>)")}};
    return names.value(op, op);
}

Error errorBody(const QString &message)
{
    return Error(ErrorKind::BadRequest, QJsonObject {{QStringLiteral("error"), message}});
}

Error nonField(const QString &message)
{
    return Error::field(QStringLiteral("non_field_errors"), message);
}

// The original checks access on the filter itself but not in its state/transition/trigger/action
// actions (any signed-in user could edit any filter); here every route checks: reading needs the
// filter's project (org membership, or the creator), writing needs can_modify_stream_ids.
Result<StreamFilter> accessibleFilter(RequestContext &ctx, SqlConnection &db, bool write)
{
    IOTILE_TRY(filter, FilterStore(db).bySlug(ctx.capture(0)));
    if (!filter)
        return Error::notFound();
    Access access(ctx.user().get(), db);
    if (access.isStaff())
        return *filter;
    if (write) {
        IOTILE_TRY(can, access.can(filter->orgId, Permission::ModifyStreamIds));
        if (!can)
            return Error::forbidden();
        return *filter;
    }
    IOTILE_TRY(member, access.isMember(filter->orgId));
    if (!member && filter->createdBy != access.userId())
        return Error::forbidden();
    return *filter;
}

QJsonObject actionJson(const FilterAction &a)
{
    return QJsonObject {{QStringLiteral("id"), double(a.id)},
                        {QStringLiteral("type"), a.type},
                        {QStringLiteral("on"), a.on},
                        {QStringLiteral("extra_payload"), a.extra},
                        {QStringLiteral("state"), json::optional(a.stateId)}};
}

QJsonObject triggerJson(const FilterTrigger &t)
{
    return QJsonObject {{QStringLiteral("id"), double(t.id)},
                        {QStringLiteral("operator"), t.op},
                        {QStringLiteral("get_operator_display"), operatorDisplay(t.op)},
                        {QStringLiteral("threshold"), json::optional(t.threshold)},
                        {QStringLiteral("user_threshold"), json::optional(t.userThreshold)},
                        {QStringLiteral("user_output_unit"), json::optional(t.userOutputUnitId)},
                        {QStringLiteral("user_unit_full"), json::nullable(t.userUnitFull)}};
}

QJsonObject stateJson(const FilterState &s, const QList<FilterAction> &actions, bool withSlug)
{
    QJsonArray list;
    for (const FilterAction &a : actions)
        if (a.stateId == s.id)
            list.append(actionJson(a));
    QJsonObject o {{QStringLiteral("id"), double(s.id)},
                   {QStringLiteral("label"), s.label},
                   {QStringLiteral("actions"), list}};
    if (withSlug)
        o.insert(QStringLiteral("slug"), s.slug);
    return o;
}

QJsonObject transitionJson(const FilterTransition &t, const QList<FilterTrigger> &triggers)
{
    QJsonArray list;
    for (const FilterTrigger &trigger : triggers)
        if (trigger.transitionId == t.id)
            list.append(triggerJson(trigger));
    return QJsonObject {{QStringLiteral("id"), t.id},
                        {QStringLiteral("src"), json::optional(t.srcId)},
                        {QStringLiteral("dst"), double(t.dstId)},
                        {QStringLiteral("triggers"), list}};
}

Result<QJsonArray> statesJson(FilterStore &store, qint64 filterId)
{
    IOTILE_TRY(states, store.states(filterId));
    IOTILE_TRY(actions, store.actions(filterId));
    QJsonArray out;
    for (const FilterState &s : states)
        out.append(stateJson(s, actions, true));
    return out;
}

Result<QJsonArray> transitionsJson(FilterStore &store, qint64 filterId)
{
    IOTILE_TRY(transitions, store.transitions(filterId));
    IOTILE_TRY(triggers, store.triggers(filterId));
    QJsonArray out;
    for (const FilterTransition &t : transitions)
        out.append(transitionJson(t, triggers));
    return out;
}

Result<QJsonObject> filterJson(SqlConnection &db, const StreamFilter &f)
{
    FilterStore store(db);
    IOTILE_TRY(states, statesJson(store, f.id));
    IOTILE_TRY(transitions, transitionsJson(store, f.id));
    return QJsonObject {{QStringLiteral("id"), double(f.id)},
                        {QStringLiteral("slug"), f.slug},
                        {QStringLiteral("name"), f.name},
                        {QStringLiteral("input_stream"), json::nullable(f.inputStreamSlug)},
                        {QStringLiteral("project"), f.projectSlug},
                        {QStringLiteral("variable"), f.variableSlug},
                        {QStringLiteral("device"), json::nullable(f.deviceSlug)},
                        {QStringLiteral("active"), f.active},
                        {QStringLiteral("states"), states},
                        {QStringLiteral("transitions"), transitions},
                        {QStringLiteral("created_on"), json::time(f.createdOn)},
                        {QStringLiteral("created_by"), json::optional(f.createdBy)}};
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    FilterStore::ListQuery query;
    query.all = ctx.staffMode();
    if (ctx.hasQuery(QStringLiteral("project"))) {
        const auto id = parseInt(QJsonValue(ctx.queryValue(QStringLiteral("project"))));
        if (!id)
            return Error::field(
                QStringLiteral("project"),
                QStringLiteral("Select a valid choice. That choice is not one of the available "
                               "choices."));
        query.projectId = *id;
    }
    FilterStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const StreamFilter &f : rows) {
        IOTILE_TRY(o, filterJson(*db, f));
        results.append(o);
    }
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    FieldErrors errors;
    const auto name = errors.optionalString(body, QStringLiteral("name"), 50);
    const auto projectText = errors.requiredString(body, QStringLiteral("project"));
    const auto variableText = errors.requiredString(body, QStringLiteral("variable"));
    const auto deviceText = errors.optionalString(body, QStringLiteral("device"));
    IOTILE_CHECK(errors.status());

    auto missing = [](const QString &slug) {
        return QStringLiteral("Object with slug=%1 does not exist.").arg(slug);
    };
    IOTILE_TRY(project, ProjectStore(*db).bySlug(*projectText));
    if (!project)
        errors.add(QStringLiteral("project"), missing(*projectText));
    const auto varSlug = VariableSlug::fromLookup(*variableText);
    IOTILE_TRY(variable,
               varSlug ? VariableStore(*db).bySlug(varSlug->toString())
                       : Result<std::optional<Variable>>(std::optional<Variable>()));
    if (!variable)
        errors.add(QStringLiteral("variable"), missing(*variableText));
    std::optional<Device> device;
    if (deviceText && !deviceText->isEmpty()) {
        const auto devSlug = DeviceSlug::fromLookup(*deviceText);
        IOTILE_TRY(found,
                   devSlug ? DeviceStore(*db).byId(qint64(devSlug->id()))
                           : Result<std::optional<Device>>(std::optional<Device>()));
        if (!found)
            errors.add(QStringLiteral("device"), missing(*deviceText));
        device = found;
    }
    IOTILE_CHECK(errors.status());
    // The original let any member create filters in any project; here it takes can_modify_stream_ids in the
    // project's org, as editing streams does.
    IOTILE_TRY(can, access.can(project->orgId, Permission::ModifyStreamIds));
    if (!can)
        return Error::forbidden();
    // A variable of another project would make a slug that names neither (the original did not check).
    if (variable->projectId && *variable->projectId != project->id)
        return nonField(QStringLiteral("Variable does not belong to the project"));

    const auto projectSlug = ProjectSlug::parse(QStringView(project->slug));
    if (!projectSlug)
        return Error::internal(QStringLiteral("project %1 has a bad slug").arg(project->slug));
    StreamFilter f;
    f.name = name.value_or(QString());
    f.projectId = project->id;
    f.variableId = variable->id;
    f.secret = randomHex(32);
    f.createdBy = access.userId();
    if (device) {
        const StreamSlug streamSlug(*projectSlug, DeviceSlug(quint64(device->id)), quint16(variable->lid));
        IOTILE_TRY(stream, StreamStore(*db).bySlug(streamSlug.toString()));
        if (!stream || stream->blockId)
            return nonField(
                QStringLiteral("Stream corresponding to this device and variable does not exist"));
        f.slug = FilterSlug(streamSlug).toString();
        IOTILE_TRY(existing, FilterStore(*db).bySlug(f.slug));
        if (existing)
            return nonField(QStringLiteral("Filter for this stream already exists"));
        f.deviceId = device->id;
        f.inputStreamId = stream->id;
    } else {
        f.slug = FilterSlug(*projectSlug, quint16(variable->lid)).toString();
        IOTILE_TRY(existing, FilterStore(*db).bySlug(f.slug));
        if (existing)
            return nonField(QStringLiteral("Filter already exists"));
    }
    IOTILE_TRY(stored, FilterStore(*db).create(f));
    FilterEngine::invalidate();
    IOTILE_TRY(out, filterJson(*db, stored));
    return HttpResponse::json(out, 201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(filter, accessibleFilter(ctx, *db, false));
    IOTILE_TRY(out, filterJson(*db, filter));
    return HttpResponse::json(out);
}

// name, and (beyond the original, where it is read-only) active: a filter can be paused.
Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(filter, accessibleFilter(ctx, *db, true));
    FieldErrors errors;
    if (ctx.method() == Put && !body.contains(QStringLiteral("name")))
        errors.add(QStringLiteral("name"), QStringLiteral("This field is required."));
    if (const auto name = errors.optionalString(body, QStringLiteral("name"), 50))
        filter.name = *name;
    if (const auto active = errors.optionalBool(body, QStringLiteral("active")))
        filter.active = *active;
    IOTILE_CHECK(errors.status());
    IOTILE_CHECK(FilterStore(*db).update(filter));
    FilterEngine::invalidate();
    IOTILE_TRY(out, filterJson(*db, filter));
    return HttpResponse::json(out);
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(filter, accessibleFilter(ctx, *db, true));
    IOTILE_CHECK(FilterStore(*db).remove(filter.id));
    FilterEngine::invalidate();
    return HttpResponse::noContent();
}

// The key of the filter's webhook signatures (beyond the original): GET shows it, POST makes a new one.
Result<HttpResponse> secret(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(filter, accessibleFilter(ctx, *db, true));
    if (ctx.method() == Post) {
        filter.secret = randomHex(32);
        IOTILE_CHECK(FilterStore(*db).update(filter));
        FilterEngine::invalidate();
    }
    return HttpResponse::json(QJsonObject {{QStringLiteral("secret"), filter.secret},
                                           {QStringLiteral("header"), QStringLiteral("X-IOTile-Signature")},
                                           {QStringLiteral("algorithm"), QStringLiteral("hmac-sha256")}});
}

// ---- states

Result<HttpResponse> states(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    const bool write = ctx.method() != Get;
    IOTILE_TRY(filter, accessibleFilter(ctx, *db, write));
    FilterStore store(*db);
    if (ctx.method() == Get) {
        IOTILE_TRY(all, store.states(filter.id));
        IOTILE_TRY(actions, store.actions(filter.id));
        QJsonArray out;
        for (const FilterState &s : all)
            out.append(stateJson(s, actions, true));
        return HttpResponse::json(out);
    }
    IOTILE_TRY(body, ctx.dataObject());
    if (ctx.method() == Delete) {
        std::optional<FilterState> state;
        if (body.contains(QStringLiteral("id"))) {
            const auto id = parseInt(body.value(QStringLiteral("id")));
            if (id) {
                IOTILE_TRY(s, store.stateById(filter.id, *id));
                state = s;
            }
        } else if (body.contains(QStringLiteral("label"))) {
            IOTILE_TRY(s, store.stateByLabel(filter.id, body.value(QStringLiteral("label")).toString()));
            state = s;
        } else if (body.contains(QStringLiteral("slug"))) {
            IOTILE_TRY(s, store.stateBySlug(filter.id, body.value(QStringLiteral("slug")).toString()));
            state = s;
        }
        if (!state)
            return Error::notFound();
        IOTILE_CHECK(store.removeState(state->id));
        FilterEngine::invalidate();
        return HttpResponse::noContent();
    }
    FieldErrors errors;
    if (ctx.method() == Put && !body.contains(QStringLiteral("label")))
        return errorBody(QStringLiteral("State label is required"));
    const auto label = errors.requiredString(body, QStringLiteral("label"), 50);
    IOTILE_CHECK(errors.status());
    const QString slug = slugify(*label);
    if (slug.isEmpty())
        return Error::field(QStringLiteral("label"), QStringLiteral("Enter a label with letters or digits."));
    FilterState state;
    if (ctx.method() == Put) {
        IOTILE_TRY(found, store.stateByLabel(filter.id, *label));
        if (!found)
            return Error::notFound();
        state = *found;
    } else {
        state.filterId = filter.id;
        state.label = *label;
        state.slug = slug;
        IOTILE_TRY(created, store.createState(state, ctx.account().id));
        state = created;
        FilterEngine::invalidate();
    }
    IOTILE_TRY(actions, store.actions(filter.id));
    return HttpResponse::json(stateJson(state, actions, false), 201);
}

// ---- triggers

// The threshold kept in internal units: what the user typed in the stream's output unit, reversed through
// its output MDO (project-wide filters: the variable's factors and unit), as the original's serializer.
struct OutputUnits
{
    std::optional<Mdo> mdo;
    std::optional<qint64> unitId;
};

Result<OutputUnits> outputUnits(SqlConnection &db, ServerContext &server, const StreamFilter &filter)
{
    OutputUnits out;
    if (!filter.inputStreamSlug.isEmpty()) {
        const auto slug = StreamSlug::parse(QStringView(filter.inputStreamSlug));
        if (slug) {
            IOTILE_TRY(resolved, server.streams().resolve(db, *slug));
            out.mdo = resolved->outputMdo;
            if (resolved->outputUnit)
                out.unitId = resolved->outputUnit->id;
            return out;
        }
    }
    IOTILE_TRY(variable, VariableStore(db).byId(filter.variableId));
    if (variable) {
        out.mdo = Mdo::create(variable->m, variable->d, variable->o);
        out.unitId = variable->outputUnitId;
    }
    return out;
}

// Reads one trigger body ({operator, user_threshold}); the caller attaches it.
std::optional<FilterTrigger> readTrigger(const QJsonObject &body, const OutputUnits &units,
                                         FieldErrors &errors)
{
    const auto op = errors.requiredString(body, QStringLiteral("operator"));
    if (op && !operators().contains(*op))
        errors.add(QStringLiteral("operator"), QStringLiteral("\"%1\" is not a valid choice.").arg(*op));
    const auto threshold = errors.optionalDouble(body, QStringLiteral("user_threshold"));
    if (!errors.isEmpty())
        return std::nullopt;
    FilterTrigger t;
    t.op = *op;
    t.userThreshold = threshold;
    t.userOutputUnitId = units.unitId;
    // Without output units the value is stored as typed (the original stored null and never fired).
    if (threshold)
        t.threshold = units.mdo ? units.mdo->computeReverse(*threshold) : *threshold;
    return t;
}

Result<HttpResponse> triggers(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(filter, accessibleFilter(ctx, *db, ctx.method() != Get));
    FilterStore store(*db);
    if (ctx.method() == Get) {
        IOTILE_TRY(all, store.triggers(filter.id));
        QJsonArray out;
        for (const FilterTrigger &t : all)
            out.append(triggerJson(t));
        return HttpResponse::json(out);
    }
    IOTILE_TRY(body, ctx.dataObject());
    if (ctx.method() == Delete) {
        if (!body.contains(QStringLiteral("id")))
            return errorBody(QStringLiteral("Trigger id is required"));
        const auto id = parseInt(body.value(QStringLiteral("id")));
        IOTILE_TRY(trigger,
                   id ? store.triggerById(filter.id, *id)
                      : Result<std::optional<FilterTrigger>>(std::optional<FilterTrigger>()));
        if (!trigger)
            return Error::notFound();
        IOTILE_CHECK(store.removeTrigger(trigger->id));
        FilterEngine::invalidate();
        return HttpResponse::noContent();
    }
    IOTILE_TRY(units, outputUnits(*db, ctx.server(), filter));
    FieldErrors errors;
    auto trigger = readTrigger(body, units, errors);
    IOTILE_CHECK(errors.status());
    trigger->filterId = filter.id;
    const QJsonValue transition = body.value(QStringLiteral("transition"));
    if (!transition.isUndefined() && !transition.isNull()) {
        IOTILE_TRY(found, store.transitionById(filter.id, transition.toString()));
        if (!found)
            return nonField(QStringLiteral("Invalid transition"));
        trigger->transitionId = found->id;
    }
    IOTILE_TRY(stored, store.createTrigger(*trigger, ctx.account().id));
    FilterEngine::invalidate();
    return HttpResponse::json(triggerJson(stored), 201);
}

// ---- transitions

Result<std::optional<qint64>> stateRef(FilterStore &store, qint64 filterId, const QJsonValue &value,
                                       bool &bad)
{
    if (value.isNull() || value.isUndefined() || (value.isString() && value.toString().isEmpty()))
        return std::optional<qint64>();
    const auto id = parseInt(value);
    if (!id) {
        bad = true;
        return std::optional<qint64>();
    }
    IOTILE_TRY(state, store.stateById(filterId, *id));
    if (!state)
        bad = true;
    return state ? std::optional<qint64>(state->id) : std::nullopt;
}

Status replaceTriggers(FilterStore &store, const StreamFilter &filter, const FilterTransition &transition,
                       const QJsonValue &list, const OutputUnits &units, qint64 userId, bool replace)
{
    if (!list.isArray())
        return Error::field(QStringLiteral("triggers"), QStringLiteral("Expected a list of items."));
    std::vector<FilterTrigger> parsed;
    FieldErrors errors;
    for (const QJsonValue &item : list.toArray()) {
        auto t = readTrigger(item.toObject(), units, errors);
        if (!t)
            break;
        t->filterId = filter.id;
        t->transitionId = transition.id;
        parsed.push_back(*t);
    }
    if (!errors.isEmpty())
        return Error::fields(QJsonObject {{QStringLiteral("triggers"), QJsonArray {errors.error().body()}}});
    if (replace)
        IOTILE_CHECK(store.removeTriggersOf(transition.id));
    for (const FilterTrigger &t : parsed)
        IOTILE_CHECK(store.createTrigger(t, userId));
    return Ok {};
}

Result<HttpResponse> transitions(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(filter, accessibleFilter(ctx, *db, ctx.method() != Get));
    FilterStore store(*db);
    if (ctx.method() == Get) {
        IOTILE_TRY(all, transitionsJson(store, filter.id));
        return HttpResponse::json(all);
    }
    IOTILE_TRY(body, ctx.dataObject());
    if (ctx.method() == Delete) {
        std::optional<FilterTransition> transition;
        if (body.contains(QStringLiteral("id"))) {
            IOTILE_TRY(t, store.transitionById(filter.id, body.value(QStringLiteral("id")).toString()));
            transition = t;
        } else if (body.contains(QStringLiteral("dst"))) {
            bool bad = false;
            IOTILE_TRY(src, stateRef(store, filter.id, body.value(QStringLiteral("src")), bad));
            IOTILE_TRY(dst, stateRef(store, filter.id, body.value(QStringLiteral("dst")), bad));
            if (!bad && dst) {
                IOTILE_TRY(t, store.transitionBetween(filter.id, src, *dst));
                transition = t;
            }
        }
        if (!transition)
            return Error::notFound();
        IOTILE_CHECK(store.removeTransition(transition->id));
        FilterEngine::invalidate();
        return HttpResponse::noContent();
    }
    if (ctx.method() == Put
        && (!body.contains(QStringLiteral("src")) || !body.contains(QStringLiteral("dst"))))
        return errorBody(QStringLiteral("src and dst are required"));
    if (!body.contains(QStringLiteral("dst")) || body.value(QStringLiteral("dst")).isNull())
        return Error::field(QStringLiteral("dst"), QStringLiteral("This field is required."));
    bool bad = false;
    IOTILE_TRY(src, stateRef(store, filter.id, body.value(QStringLiteral("src")), bad));
    IOTILE_TRY(dst, stateRef(store, filter.id, body.value(QStringLiteral("dst")), bad));
    if (bad || !dst)
        return nonField(QStringLiteral("Src and dst must be states of the filter in serializer context"));
    IOTILE_TRY(units, outputUnits(*db, ctx.server(), filter));
    IOTILE_TRY(existing, store.transitionBetween(filter.id, src, *dst));
    FilterTransition transition;
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    if (ctx.method() == Put) {
        if (!existing)
            return Error::notFound();
        transition = *existing;
        if (body.contains(QStringLiteral("triggers")))
            IOTILE_CHECK(replaceTriggers(store, filter, transition, body.value(QStringLiteral("triggers")),
                                         units, ctx.account().id, true));
    } else {
        if (existing)
            return nonField(QStringLiteral("Transition already exists"));
        FilterTransition t;
        t.filterId = filter.id;
        t.srcId = src;
        t.dstId = *dst;
        IOTILE_TRY(created, store.createTransition(t, ctx.account().id));
        transition = created;
        if (body.contains(QStringLiteral("triggers")))
            IOTILE_CHECK(replaceTriggers(store, filter, transition, body.value(QStringLiteral("triggers")),
                                         units, ctx.account().id, false));
    }
    IOTILE_CHECK(tx.commit());
    FilterEngine::invalidate();
    IOTILE_TRY(triggers, store.triggers(filter.id));
    return HttpResponse::json(transitionJson(transition, triggers), 201);
}

// ---- actions

Result<HttpResponse> actions(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(filter, accessibleFilter(ctx, *db, ctx.method() != Get));
    FilterStore store(*db);
    if (ctx.method() == Get) {
        IOTILE_TRY(all, store.actions(filter.id));
        QJsonArray out;
        for (const FilterAction &a : all)
            out.append(actionJson(a));
        return HttpResponse::json(out);
    }
    IOTILE_TRY(body, ctx.dataObject());
    if (ctx.method() == Delete) {
        if (!body.contains(QStringLiteral("id")))
            return errorBody(QStringLiteral("Action id is required"));
        const auto id = parseInt(body.value(QStringLiteral("id")));
        // The original deleted any action by id, whatever filter it belonged to.
        IOTILE_TRY(action,
                   id ? store.actionById(filter.id, *id)
                      : Result<std::optional<FilterAction>>(std::optional<FilterAction>()));
        if (!action)
            return Error::notFound();
        IOTILE_CHECK(store.removeAction(action->id));
        FilterEngine::invalidate();
        return HttpResponse::noContent();
    }
    FieldErrors errors;
    FilterAction action;
    action.filterId = filter.id;
    const auto type = errors.requiredString(body, QStringLiteral("type"));
    if (type && !FilterEngine::actionTypes().contains(*type))
        errors.add(QStringLiteral("type"), QStringLiteral("\"%1\" is not a valid choice.").arg(*type));
    if (const auto on = errors.optionalString(body, QStringLiteral("on"))) {
        if (*on != QLatin1String("entry") && *on != QLatin1String("exit"))
            errors.add(QStringLiteral("on"), QStringLiteral("\"%1\" is not a valid choice.").arg(*on));
        action.on = *on;
    }
    QJsonValue extra = body.value(QStringLiteral("extra_payload"));
    if (extra.isString()) // form bodies and some clients send the JSON as text
        extra = QJsonDocument::fromJson(extra.toString().toUtf8()).object();
    if (!extra.isUndefined() && !extra.isNull() && !extra.isObject())
        errors.add(QStringLiteral("extra_payload"), QStringLiteral("Expected a JSON object."));
    action.extra = extra.toObject();
    const QJsonValue stateValue = body.value(QStringLiteral("state"));
    if (!stateValue.isUndefined() && !stateValue.isNull()) {
        bool bad = false;
        IOTILE_TRY(state, stateRef(store, filter.id, stateValue, bad));
        // The original accepted a state of any filter.
        if (bad)
            errors.add(QStringLiteral("state"),
                       QStringLiteral("Invalid pk \"%1\" - object does not exist.")
                           .arg(stateValue.isDouble() ? QString::number(qint64(stateValue.toDouble()))
                                                      : stateValue.toString()));
        action.stateId = state;
    }
    IOTILE_CHECK(errors.status());
    if (const QString problem = FilterEngine::validateExtra(*type, action.extra); !problem.isEmpty())
        return Error::field(QStringLiteral("extra_payload"), problem);
    action.type = *type;
    IOTILE_TRY(stored, store.createAction(action, ctx.account().id));
    FilterEngine::invalidate();
    return HttpResponse::json(actionJson(stored), 201);
}

// device/<slug>/filterlog/ (the original read it from DynamoDB): the device's fired transitions.
Result<HttpResponse> deviceLog(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    IOTILE_TRY(rows, FilterStore(*db).logsOfDevice(device.id, 1000));
    QJsonArray logs;
    for (const FilterLogEntry &e : rows)
        logs.append(QJsonObject {{QStringLiteral("uuid"), e.uuid},
                                 {QStringLiteral("target_slug"), e.targetSlug},
                                 {QStringLiteral("timestamp"), json::time(e.ts)},
                                 {QStringLiteral("src"), e.src},
                                 {QStringLiteral("dst"), e.dst},
                                 {QStringLiteral("triggers"), e.triggers}});
    return HttpResponse::json(QJsonObject {{QStringLiteral("device_filter_logs"), logs}});
}

} // namespace

void FilterController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/filter/"), list);
    router.add(Post, QStringLiteral("/api/v1/filter/"), create);
    router.add(Get, QStringLiteral("/api/v1/filter/{slug}/"), retrieve);
    router.add(Put | Patch, QStringLiteral("/api/v1/filter/{slug}/"), update);
    router.add(Delete, QStringLiteral("/api/v1/filter/{slug}/"), destroy);
    router.add(Get | Post, QStringLiteral("/api/v1/filter/{slug}/secret/"), secret);
    router.add(Get | Post | Put | Delete, QStringLiteral("/api/v1/filter/{slug}/state/"), states);
    router.add(Get | Post | Put | Delete, QStringLiteral("/api/v1/filter/{slug}/transition/"), transitions);
    router.add(Get | Post | Delete, QStringLiteral("/api/v1/filter/{slug}/trigger/"), triggers);
    router.add(Get | Post | Delete, QStringLiteral("/api/v1/filter/{slug}/action/"), actions);
    router.add(Get, QStringLiteral("/api/v1/device/{slug}/filterlog/"), deviceLog);
}

} // namespace iotile
