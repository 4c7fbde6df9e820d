#include "server/api/deploymentrequestcontroller.h"

#include "common/slug/fleetslug.h"
#include "server/api/deviceversioncontroller.h"
#include "server/api/jsonutil.h"
#include "server/api/otalookup.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/ota.h"
#include "server/domain/rollout.h"
#include "server/domain/selectioncriteria.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/deviceversionstore.h"
#include "server/store/otastore.h"
#include "server/worker/rolloutaction.h"

#include <QJsonArray>

namespace iotile {

namespace {

constexpr int kCriterionMax = 64;

Error restricted()
{
    return Error(ErrorKind::Forbidden,
                 QJsonObject {{QStringLiteral("error"), QStringLiteral("Restricted Access. Contact Arch")}});
}

Error noOtaRight()
{
    return Error::forbidden(QStringLiteral("User has no permissions to manage devices"));
}

Result<qint64> requestId(const QString &text)
{
    bool ok = false;
    const qint64 id = text.trimmed().toLongLong(&ok);
    if (!ok || id <= 0)
        return Error::notFound();
    return id;
}

// The request of the URL: anyone who knows its id finds it (the original), then needs its has_access.
Result<DeploymentRequest> visibleRequest(RequestContext &ctx, SqlConnection &db, Access &access)
{
    IOTILE_TRY(id, requestId(ctx.capture(0)));
    IOTILE_TRY(request, OtaStore(db).requestById(id));
    if (!request)
        return Error::notFound();
    IOTILE_TRY(allowed, otalookup::canSeeRequest(access, *request));
    if (!allowed)
        return Error::forbidden();
    return *request;
}

Result<DeploymentRequest> manageableRequest(RequestContext &ctx, SqlConnection &db, Access &access)
{
    IOTILE_TRY(request, visibleRequest(ctx, db, access));
    IOTILE_TRY(allowed, otalookup::canManageRequest(access, request));
    if (!allowed)
        return noOtaRight();
    return request;
}

// ?fleet=a,b ?org=a,b ?scope=global|<fleet>|<org>: the original's DeploymentRequestFilter.
// `scopeOrgs` collects the orgs the filters name (a fleet's org, an org, a scope's org).
Status readFilters(RequestContext &ctx, SqlConnection &db, Access &access, OtaStore::RequestQuery &query,
                   QList<qint64> &scopeOrgs)
{
    using Scope = OtaStore::RequestQuery::Scope;
    if (const QString fleets = ctx.queryValue(QStringLiteral("fleet")); !fleets.isEmpty()) {
        for (const QString &slug : fleets.split(QLatin1Char(','))) {
            IOTILE_TRY(fleet, otalookup::fleet(db, slug));
            if (!fleet)
                return Error::notFound();
            IOTILE_TRY(allowed, otalookup::canSeeFleet(access, *fleet));
            if (!allowed)
                return Error::forbidden();
            query.fleetIds.append(fleet->id);
            scopeOrgs.append(fleet->orgId);
        }
    }
    if (const QString orgs = ctx.queryValue(QStringLiteral("org")); !orgs.isEmpty()) {
        for (const QString &slug : orgs.split(QLatin1Char(','))) {
            IOTILE_TRY(org, otalookup::org(db, slug));
            if (!org)
                return Error::notFound();
            IOTILE_TRY(member, access.isMember(org->id));
            if (!org->isVendor && !member)
                return Error::forbidden();
            query.orgIds.append(org->id);
            scopeOrgs.append(org->id);
        }
    }
    if (const QString scope = ctx.queryValue(QStringLiteral("scope")); !scope.isEmpty()) {
        if (scope == QLatin1String("global")) {
            query.scope = Scope::Global;
            return Ok {};
        }
        IOTILE_TRY(fleet, otalookup::fleet(db, scope));
        if (fleet) {
            IOTILE_TRY(allowed, otalookup::canSeeFleet(access, *fleet));
            if (!allowed) {
                query.none = true;
                return Ok {};
            }
            query.scope = Scope::Fleet;
            query.scopeFleetId = fleet->id;
            query.scopeOrgId = fleet->orgId;
            scopeOrgs.append(fleet->orgId);
            return Ok {};
        }
        IOTILE_TRY(org, otalookup::org(db, scope));
        if (!org)
            return Error::notFound();
        IOTILE_TRY(member, access.isMember(org->id));
        if (!member) {
            query.none = true;
            return Ok {};
        }
        query.scope = Scope::Org;
        query.scopeOrgId = org->id;
        scopeOrgs.append(org->id);
    }
    return Ok {};
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    OtaStore::RequestQuery query;
    if (!ctx.staffMode()) {
        // Users list nothing without a filter, and only released, open deployments with one.
        if (!ctx.hasQuery(QStringLiteral("fleet")) && !ctx.hasQuery(QStringLiteral("org"))
            && !ctx.hasQuery(QStringLiteral("scope")))
            query.none = true;
        query.activeOnly = true;
        query.now = isotime::now();
    }
    QList<qint64> scopeOrgs;
    IOTILE_CHECK(readFilters(ctx, *db, access, query, scopeOrgs));
    // Beyond the original (whose API lists only what gateways act on): with all=1, those who manage the
    // OTA of every org the filters name also see drafts, scheduled and completed requests, as its web
    // pages did.
    if (query.activeOnly && !query.none && !scopeOrgs.isEmpty() && ctx.queryFlag(QStringLiteral("all"))) {
        bool manages = true;
        for (qint64 orgId : std::as_const(scopeOrgs)) {
            IOTILE_TRY(can, access.can(orgId, Permission::ManageOta));
            manages = manages && can;
        }
        if (manages)
            query.activeOnly = false;
    }
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    OtaStore store(*db);
    IOTILE_TRY(count, store.countRequests(query));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.listRequests(query, page.offset(), page.limit()));
    QJsonArray results;
    for (const DeploymentRequest &r : rows) {
        IOTILE_TRY(json, DeploymentRequestController::requestJson(*db, r));
        results.append(json);
    }
    return page.envelope(ctx, count, results);
}

// script, org, fleet, selection_criteria and rollout of a body into `request`; `full` for POST and PUT.
Status readRequest(SqlConnection &db, Access &access, const QJsonObject &body, bool full,
                   DeploymentRequest &request)
{
    FieldErrors errors;
    if (body.contains(QStringLiteral("script")) || full) {
        if (const auto slug = errors.requiredString(body, QStringLiteral("script"))) {
            IOTILE_TRY(script, otalookup::script(db, *slug));
            bool visible = script && (script->released || access.isStaff());
            if (script && !visible) {
                IOTILE_TRY(manages, access.can(script->orgId, Permission::ManageOta));
                visible = manages;
            }
            if (!visible)
                errors.add(QStringLiteral("script"),
                           QStringLiteral("Object with slug=%1 does not exist.").arg(*slug));
            else
                request.scriptId = script->id;
        }
    }
    if (body.contains(QStringLiteral("org")) || full) {
        if (const auto slug = errors.requiredString(body, QStringLiteral("org"))) {
            IOTILE_TRY(org, otalookup::org(db, *slug));
            if (!org) {
                errors.add(QStringLiteral("org"),
                           QStringLiteral("Object with slug=%1 does not exist.").arg(*slug));
            } else {
                request.orgId = org->id;
                request.orgIsVendor = org->isVendor;
            }
        }
    }
    if (body.contains(QStringLiteral("fleet"))) {
        const QJsonValue v = body.value(QStringLiteral("fleet"));
        if (v.isNull() || (v.isString() && v.toString().isEmpty())) {
            request.fleetId.reset();
            request.fleetOrgId.reset();
        } else if (const auto slug = errors.optionalString(body, QStringLiteral("fleet"))) {
            // Any fleet (the serializer's queryset); the rights on its org are checked with the org's.
            IOTILE_TRY(fleet, otalookup::fleet(db, *slug));
            if (!fleet) {
                errors.add(QStringLiteral("fleet"),
                           QStringLiteral("Object with slug=%1 does not exist.").arg(*slug));
            } else {
                request.fleetId = fleet->id;
                request.fleetOrgId = fleet->orgId;
            }
        }
    } else if (full) {
        request.fleetId.reset();
        request.fleetOrgId.reset();
    }
    if (body.contains(QStringLiteral("selection_criteria"))) {
        const QJsonValue v = body.value(QStringLiteral("selection_criteria"));
        QStringList criteria;
        if (!v.isArray()) {
            errors.add(QStringLiteral("selection_criteria"),
                       QStringLiteral("Expected a list of items but got type \"%1\".")
                           .arg(v.isString() ? QStringLiteral("str") : QStringLiteral("dict")));
        } else {
            for (const QJsonValue &item : v.toArray()) {
                const QString text = item.isString() ? item.toString().trimmed() : QString();
                const QString problem =
                    item.isString() ? SelectionCriteria::check(text) : QStringLiteral("Not a valid string.");
                if (!problem.isEmpty())
                    errors.add(QStringLiteral("selection_criteria"), problem);
                else
                    criteria.append(text);
            }
        }
        request.selectionCriteria = criteria;
    } else if (full) {
        request.selectionCriteria.clear();
    }
    std::optional<Error> rolloutError;
    if (body.contains(QStringLiteral("rollout"))) {
        const QJsonValue v = body.value(QStringLiteral("rollout"));
        if (v.isNull()) {
            request.rollout = QJsonValue::Null;
        } else if (auto plan = RolloutPlan::fromJson(v); !plan) {
            rolloutError = plan.error();
        } else {
            request.rollout = plan->toJson();
        }
    }
    if (rolloutError) {
        // The plan's errors are nested under "rollout"; merge them with the flat field errors.
        QJsonObject all = errors.isEmpty() ? QJsonObject {} : errors.error().body().toObject();
        all.insert(QStringLiteral("rollout"),
                   rolloutError->body().toObject().value(QStringLiteral("rollout")));
        return Error::fields(all);
    }
    IOTILE_CHECK(errors.status());
    return Ok {};
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    DeploymentRequest request;
    IOTILE_CHECK(readRequest(*db, access, body, true, request));
    IOTILE_TRY(allowed, access.can(*request.orgId, Permission::ManageOta));
    if (!allowed)
        return noOtaRight();
    // Beyond the original (which only checked the request's org): targeting a fleet takes the right to
    // manage OTA in the fleet's org too, so a vendor cannot push to a customer's fleet on its own.
    if (request.fleetOrgId && *request.fleetOrgId != *request.orgId) {
        IOTILE_TRY(fleetRight, access.can(*request.fleetOrgId, Permission::ManageOta));
        if (!fleetRight)
            return noOtaRight();
    }
    request.createdBy = ctx.account().id;
    OtaStore store(*db);
    IOTILE_TRY(created, store.createRequest(request));
    IOTILE_TRY(stored, store.requestById(created.id));
    IOTILE_TRY(json, DeploymentRequestController::requestJson(*db, stored.value_or(created)));
    return HttpResponse::json(json, 201);
}

Result<HttpResponse> detail(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    if (ctx.method() == Delete) {
        // The original: staff acting as staff, or whoever has write access; others get its 403 body.
        IOTILE_TRY(id, requestId(ctx.capture(0)));
        IOTILE_TRY(found, OtaStore(*db).requestById(id));
        if (!found)
            return Error::notFound();
        IOTILE_TRY(allowed, otalookup::canManageRequest(access, *found));
        if (!ctx.staffMode() && !allowed)
            return restricted();
        IOTILE_CHECK(OtaStore(*db).removeRequest(found->id));
        return HttpResponse::noContent();
    }
    if (ctx.method() == Get) {
        IOTILE_TRY(request, visibleRequest(ctx, *db, access));
        IOTILE_TRY(json, DeploymentRequestController::requestJson(*db, request));
        return HttpResponse::json(json);
    }
    // Beyond the original, where any member could edit a deployment: editing takes write access.
    IOTILE_TRY(request, manageableRequest(ctx, *db, access));
    IOTILE_TRY(body, ctx.dataObject());
    DeploymentRequest changed = request;
    IOTILE_CHECK(readRequest(*db, access, body, ctx.method() == Put, changed));
    if (changed.orgId != request.orgId && changed.orgId) {
        IOTILE_TRY(allowed, access.can(*changed.orgId, Permission::ManageOta));
        if (!allowed)
            return noOtaRight();
    }
    if (changed.fleetId && changed.fleetId != request.fleetId && changed.fleetOrgId != changed.orgId) {
        IOTILE_TRY(allowed, access.can(*changed.fleetOrgId, Permission::ManageOta));
        if (!allowed)
            return noOtaRight();
    }
    const bool started = request.hasRollout() && request.rolloutStatus != rolloutstatus::kScheduled;
    if (started && changed.rollout != request.rollout)
        return Error::field(QStringLiteral("rollout"),
                            QStringLiteral("The rollout has started (%1): its plan can no longer change.")
                                .arg(request.rolloutStatus));
    if (!started)
        changed.rolloutStatus = changed.hasRollout() ? rolloutstatus::kScheduled : QString();
    OtaStore store(*db);
    IOTILE_CHECK(store.updateRequest(changed));
    IOTILE_TRY(stored, store.requestById(request.id));
    IOTILE_TRY(json, DeploymentRequestController::requestJson(*db, stored.value_or(changed)));
    return HttpResponse::json(json);
}

// POST release/: released_on (default now); a rollout starts once that time has come.
Result<HttpResponse> release(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(request, manageableRequest(ctx, *db, access));
    IOTILE_TRY(body, ctx.dataObject());
    qint64 at = isotime::now();
    if (const QJsonValue v = body.value(QStringLiteral("released_on")); !v.isUndefined() && !v.isNull()) {
        const auto parsed = v.isString() ? isotime::parse(v.toString()) : std::nullopt;
        if (!parsed)
            return Error::field(QStringLiteral("released_on"),
                                QStringLiteral("Datetime has wrong format. Use one of these formats instead: "
                                               "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."));
        at = *parsed;
    }
    if (request.completedOn)
        return Error::badRequest(QStringLiteral("The deployment is complete."));
    if (request.hasRollout() && request.rolloutStatus != rolloutstatus::kScheduled)
        return Error::badRequest(
            QStringLiteral("The rollout has started: its release can no longer change."));
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    OtaStore store(*db);
    IOTILE_CHECK(store.setReleased(request.id, at));
    request.releasedOn = at;
    if (request.hasRollout()) {
        const qint64 now = isotime::now();
        IOTILE_TRY(started, Rollout(*db).run(request, now));
        if (started && request.rolloutStatus == rolloutstatus::kInProgress) {
            IOTILE_TRY(wait, Rollout::secondsToNextStep(request, now));
            IOTILE_CHECK(RolloutAction::schedule(*db, request.id, request.rolloutStep, wait));
        } else if (!started) {
            IOTILE_CHECK(RolloutAction::schedule(*db, request.id, request.rolloutStep,
                                                 (at - now + 999'999) / 1'000'000));
        }
    }
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, store.requestById(request.id));
    IOTILE_TRY(json, DeploymentRequestController::requestJson(*db, stored.value_or(request)));
    return HttpResponse::json(json);
}

// POST complete/: completed_on now (devices stop seeing the deployment).
Result<HttpResponse> complete(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(request, manageableRequest(ctx, *db, access));
    OtaStore store(*db);
    if (!request.completedOn)
        IOTILE_CHECK(store.setCompleted(request.id, isotime::now()));
    IOTILE_TRY(stored, store.requestById(request.id));
    IOTILE_TRY(json, DeploymentRequestController::requestJson(*db, stored.value_or(request)));
    return HttpResponse::json(json);
}

// POST rollout/abort/ {"reason"?}: stops a rollout by hand; POST rollout/advance/ {"force"?}: releases
// the next step now when due (force: without waiting for min_step_seconds).
Result<HttpResponse> rolloutCommand(RequestContext &ctx, bool abort)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(request, manageableRequest(ctx, *db, access));
    IOTILE_TRY(body, ctx.dataObject());
    if (!request.hasRollout())
        return Error::badRequest(QStringLiteral("The deployment has no rollout."));
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    Rollout rollout(*db);
    const qint64 now = isotime::now();
    if (abort) {
        if (request.rolloutStatus == rolloutstatus::kAborted || request.completedOn)
            return Error::badRequest(QStringLiteral("The rollout is not running."));
        FieldErrors errors;
        const QString reason = errors.optionalString(body, QStringLiteral("reason"), 200)
                                   .value_or(QStringLiteral("aborted by %1").arg(ctx.account().username));
        IOTILE_CHECK(errors.status());
        IOTILE_TRY(done, rollout.abort(request, reason, now));
        if (!done)
            return Error(
                ErrorKind::Conflict,
                QJsonObject {{QStringLiteral("detail"), QStringLiteral("The rollout changed meanwhile.")}});
    } else {
        FieldErrors errors;
        const bool force = errors.optionalBool(body, QStringLiteral("force")).value_or(false);
        IOTILE_CHECK(errors.status());
        if (request.rolloutStatus != rolloutstatus::kInProgress
            && request.rolloutStatus != rolloutstatus::kScheduled)
            return Error::badRequest(
                QStringLiteral("The rollout is %1: there is no step to release.").arg(request.rolloutStatus));
        IOTILE_TRY(changed, rollout.run(request, now, force));
        Q_UNUSED(changed);
        if (request.rolloutStatus == rolloutstatus::kInProgress) {
            IOTILE_TRY(wait, Rollout::secondsToNextStep(request, now));
            IOTILE_CHECK(RolloutAction::schedule(*db, request.id, request.rolloutStep, wait));
        }
    }
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, OtaStore(*db).requestById(request.id));
    IOTILE_TRY(json, DeploymentRequestController::requestJson(*db, stored.value_or(request)));
    return HttpResponse::json(json);
}

// GET rollout/: the rollout's target devices in rollout order, with the step each belongs to (1-based),
// whether that step is released, and what gateways and the device reported.
Result<HttpResponse> rolloutDevices(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(request, visibleRequest(ctx, *db, access));
    if (!request.hasRollout())
        return Error::badRequest(QStringLiteral("The deployment has no rollout."));
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    OtaStore store(*db);
    IOTILE_TRY(count, store.countRolloutDevices(request.id));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.rolloutDeviceStates(request.id, page.offset(), page.limit()));
    const bool live = request.rolloutStatus == rolloutstatus::kInProgress
        || request.rolloutStatus == rolloutstatus::kRolledOut;
    QJsonArray results;
    for (const OtaStore::RolloutDeviceState &d : rows) {
        const QString outcome = d.attempts == 0 ? QStringLiteral("pending")
            : d.confirmed                       ? QStringLiteral("confirmed")
            : d.succeeded                       ? QStringLiteral("succeeded")
                                                : QStringLiteral("failed");
        results.append(QJsonObject {{QStringLiteral("device"), d.deviceSlug},
                                    {QStringLiteral("position"), d.position},
                                    {QStringLiteral("step"), d.step + 1},
                                    {QStringLiteral("released"), live && d.step < request.rolloutStep},
                                    {QStringLiteral("attempts"), double(d.attempts)},
                                    {QStringLiteral("outcome"), outcome}});
    }
    return page.envelope(ctx, count, results);
}

// GET devices/: the devices the deployment affects, as far as the cloud knows their versions.
Result<HttpResponse> devices(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(request, visibleRequest(ctx, *db, access));
    OtaStore store(*db);
    IOTILE_TRY(candidates, store.candidates(request));
    QList<qint64> ids;
    for (const auto &c : candidates)
        ids.append(c.id);
    IOTILE_TRY(versions, DeviceVersionStore(*db).latestOf(ids));
    const SelectionCriteria criteria = SelectionCriteria::parse(request.selectionCriteria);
    QList<OtaStore::Candidate> affected;
    for (const auto &c : candidates) {
        if (criteria.matches(versions.value(c.id)))
            affected.append(c);
    }
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    IOTILE_CHECK(page.validate(affected.size()));
    QJsonArray results;
    for (qsizetype i = page.offset(); i < affected.size() && i < page.offset() + page.limit(); ++i) {
        const auto &c = affected[i];
        QJsonArray current;
        for (const DeviceVersion &v : versions.value(c.id))
            current.append(DeviceVersionController::currentJson(v));
        results.append(QJsonObject {{QStringLiteral("id"), double(c.id)},
                                    {QStringLiteral("slug"), c.slug},
                                    {QStringLiteral("sg"), json::nullable(c.sgSlug)},
                                    {QStringLiteral("template"), json::nullable(c.templateSlug)},
                                    {QStringLiteral("versions"), current}});
    }
    return page.envelope(ctx, affected.size(), results);
}

} // namespace

Result<QJsonObject> DeploymentRequestController::requestJson(SqlConnection &db, const DeploymentRequest &r)
{
    IOTILE_TRY(rollout, Rollout(db).toJson(r));
    return QJsonObject {
        {QStringLiteral("id"), double(r.id)},
        {QStringLiteral("script"), r.scriptSlug},
        {QStringLiteral("selection_criteria"), QJsonArray::fromStringList(r.selectionCriteria)},
        {QStringLiteral("org"), json::nullable(r.orgSlug)},
        {QStringLiteral("fleet"),
         r.fleetId ? QJsonValue(FleetSlug(quint64(*r.fleetId)).toString()) : QJsonValue()},
        {QStringLiteral("released_on"), json::time(r.releasedOn)},
        {QStringLiteral("completed_on"), json::time(r.completedOn)},
        {QStringLiteral("rollout"), rollout}};
}

void DeploymentRequestController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/ota/request/"), list);
    router.add(Post, QStringLiteral("/api/v1/ota/request/"), create);
    router.add(Get | Put | Patch | Delete, QStringLiteral("/api/v1/ota/request/{id}/"), detail);
    router.add(Get, QStringLiteral("/api/v1/ota/request/{id}/devices/"), devices);
    router.add(Post, QStringLiteral("/api/v1/ota/request/{id}/release/"), release);
    router.add(Post, QStringLiteral("/api/v1/ota/request/{id}/complete/"), complete);
    router.add(Get, QStringLiteral("/api/v1/ota/request/{id}/rollout/"), rolloutDevices);
    router.add(Post, QStringLiteral("/api/v1/ota/request/{id}/rollout/abort/"),
               [](RequestContext &ctx) { return rolloutCommand(ctx, true); });
    router.add(Post, QStringLiteral("/api/v1/ota/request/{id}/rollout/advance/"),
               [](RequestContext &ctx) { return rolloutCommand(ctx, false); });
}

} // namespace iotile
