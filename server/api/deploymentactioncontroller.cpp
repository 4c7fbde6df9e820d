#include "server/api/deploymentactioncontroller.h"

#include "server/api/deploymentrequestcontroller.h"
#include "server/api/deviceversioncontroller.h"
#include "server/api/jsonutil.h"
#include "server/api/otalookup.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/ota.h"
#include "server/domain/rollout.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/deviceversionstore.h"
#include "server/store/otastore.h"

#include <QJsonArray>

namespace iotile {

namespace {

Error restricted()
{
    return Error(ErrorKind::Forbidden,
                 QJsonObject {{QStringLiteral("error"), QStringLiteral("Restricted Access. Contact Arch")}});
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    OtaStore::ActionQuery query;
    // Users list nothing without ?request= or ?device=.
    query.none = !ctx.staffMode() && !ctx.hasQuery(QStringLiteral("request"))
        && !ctx.hasQuery(QStringLiteral("device"));
    OtaStore store(*db);
    if (const QString id = ctx.queryValue(QStringLiteral("request")); !id.isEmpty()) {
        bool ok = false;
        const qint64 requestId = id.toLongLong(&ok);
        IOTILE_TRY(request,
                   ok ? store.requestById(requestId)
                      : Result<std::optional<DeploymentRequest>>(std::nullopt));
        if (!request)
            return Error::notFound();
        IOTILE_TRY(allowed, otalookup::canSeeRequest(access, *request));
        if (!allowed)
            return Error::forbidden();
        query.requestId = request->id;
    }
    if (const QString slug = ctx.queryValue(QStringLiteral("device")); !slug.isEmpty()) {
        IOTILE_TRY(device, otalookup::device(*db, slug));
        if (!device)
            return Error::notFound();
        IOTILE_TRY(allowed, access.canAccessDevice(*device));
        if (!allowed)
            return Error::forbidden();
        query.deviceId = device->id;
    }
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    IOTILE_TRY(count, store.countActions(query));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.listActions(query, page.offset(), page.limit()));
    QJsonArray results;
    for (const DeploymentAction &a : rows)
        results.append(DeploymentActionController::actionJson(a));
    return page.envelope(ctx, count, results);
}

// The writable fields of DeploymentActionSerializer into `action`; `full` for POST and PUT.
Status readAction(SqlConnection &db, const QJsonObject &body, bool full, DeploymentAction &action,
                  std::optional<DeploymentRequest> &request, std::optional<Device> &device)
{
    FieldErrors errors;
    OtaStore store(db);
    if (body.contains(QStringLiteral("deployment")) || full) {
        const QJsonValue v = body.value(QStringLiteral("deployment"));
        if (v.isUndefined()) {
            errors.add(QStringLiteral("deployment"), QStringLiteral("This field is required."));
        } else if (v.isNull()) {
            errors.add(QStringLiteral("deployment"), QStringLiteral("This field may not be null."));
        } else {
            const auto id = parseInt(v);
            IOTILE_TRY(found,
                       id ? store.requestById(*id) : Result<std::optional<DeploymentRequest>>(std::nullopt));
            if (!id)
                errors.add(QStringLiteral("deployment"),
                           QStringLiteral("Incorrect type. Expected pk value, received %1.")
                               .arg(v.isString() ? QStringLiteral("str") : QStringLiteral("dict")));
            else if (!found)
                errors.add(QStringLiteral("deployment"),
                           QStringLiteral("Invalid pk \"%1\" - object does not exist.").arg(*id));
            else {
                action.requestId = found->id;
                request = found;
            }
        }
    }
    if (body.contains(QStringLiteral("device")) || full) {
        if (const auto slug = errors.requiredString(body, QStringLiteral("device"))) {
            IOTILE_TRY(found, otalookup::device(db, *slug));
            if (!found) {
                errors.add(QStringLiteral("device"),
                           QStringLiteral("Object with slug=%1 does not exist.").arg(*slug));
            } else {
                action.deviceId = found->id;
                action.deviceSlug = found->slug;
                device = found;
            }
        }
    }
    if (body.contains(QStringLiteral("last_attempt_on"))) {
        const QJsonValue v = body.value(QStringLiteral("last_attempt_on"));
        if (v.isNull()) {
            action.lastAttemptOn.reset();
        } else if (const auto parsed = v.isString() ? isotime::parse(v.toString()) : std::nullopt) {
            action.lastAttemptOn = *parsed;
        } else {
            errors.add(QStringLiteral("last_attempt_on"),
                       QStringLiteral("Datetime has wrong format. Use one of these formats instead: "
                                      "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."));
        }
    }
    if (const auto ok = errors.optionalBool(body, QStringLiteral("attempt_successful")))
        action.attemptSuccessful = *ok;
    if (body.contains(QStringLiteral("log"))) {
        if (body.value(QStringLiteral("log")).isNull())
            action.log.reset();
        else if (const auto log = errors.optionalString(body, QStringLiteral("log")))
            action.log = *log;
    }
    return errors.status();
}

// After an attempt was reported: a staged rollout stops when its failures pass the threshold.
Status afterAttempt(SqlConnection &db, qint64 requestId)
{
    IOTILE_TRY(request, OtaStore(db).requestById(requestId));
    if (!request || !request->hasRollout())
        return Ok {};
    IOTILE_TRY(aborted, Rollout(db).checkFailures(*request, isotime::now()));
    Q_UNUSED(aborted);
    return Ok {};
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    DeploymentAction action;
    std::optional<DeploymentRequest> request;
    std::optional<Device> device;
    IOTILE_CHECK(readAction(*db, body, true, action, request, device));
    IOTILE_TRY(seesRequest, otalookup::canSeeRequest(access, *request));
    if (!seesRequest)
        return Error::forbidden(QStringLiteral("User has no access to deployment"));
    IOTILE_TRY(seesDevice, access.canAccessDevice(*device));
    if (!seesDevice)
        return Error::forbidden(QStringLiteral("User has no access to device"));
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    OtaStore store(*db);
    IOTILE_TRY(created, store.createAction(action));
    IOTILE_CHECK(afterAttempt(*db, created.requestId));
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, store.actionById(created.id));
    return HttpResponse::json(DeploymentActionController::actionJson(stored.value_or(created)), 201);
}

Result<HttpResponse> detail(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    bool ok = false;
    const qint64 id = ctx.capture(0).toLongLong(&ok);
    if (!ok)
        return Error::notFound();
    OtaStore store(*db);
    IOTILE_TRY(action, store.actionById(id));
    if (!action)
        return Error::notFound();
    if (ctx.method() == Get) {
        IOTILE_TRY(request, store.requestById(action->requestId));
        IOTILE_TRY(allowed, request ? otalookup::canSeeRequest(access, *request) : Result<bool>(false));
        if (!allowed)
            return Error::forbidden();
        return HttpResponse::json(DeploymentActionController::actionJson(*action));
    }
    if (!ctx.staffMode())
        return restricted();
    if (ctx.method() == Delete) {
        IOTILE_CHECK(store.removeAction(action->id));
        return HttpResponse::noContent();
    }
    IOTILE_TRY(body, ctx.dataObject());
    DeploymentAction changed = *action;
    std::optional<DeploymentRequest> request;
    std::optional<Device> device;
    IOTILE_CHECK(readAction(*db, body, ctx.method() == Put, changed, request, device));
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_CHECK(store.updateAction(changed));
    IOTILE_CHECK(afterAttempt(*db, changed.requestId));
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, store.actionById(action->id));
    return HttpResponse::json(DeploymentActionController::actionJson(stored.value_or(changed)));
}

// GET /api/v1/ota/device/<slug>/: DeploymentDeviceInfoSerializer, for claimed, active devices.
Result<HttpResponse> deviceInfo(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, otalookup::device(*db, ctx.capture(0)));
    if (!device || !device->projectId || !device->active)
        return Error::notFound();
    IOTILE_TRY(allowed, access.canAccessDevice(*device));
    if (!allowed)
        return Error::forbidden(QStringLiteral("User has no access to Device"));
    OtaStore store(*db);
    IOTILE_TRY(requests, store.deploymentsForDevice(*device, isotime::now()));
    QJsonArray deployments;
    for (const DeploymentRequest &r : requests) {
        IOTILE_TRY(json, DeploymentRequestController::requestJson(*db, r));
        deployments.append(json);
    }
    IOTILE_TRY(actions, store.actionsOfDevice(device->id));
    QJsonArray attempts;
    for (const DeploymentAction &a : actions)
        attempts.append(QJsonObject {{QStringLiteral("id"), double(a.id)},
                                     {QStringLiteral("deployment"), double(a.requestId)},
                                     {QStringLiteral("last_attempt_on"), json::time(a.lastAttemptOn)},
                                     {QStringLiteral("attempt_successful"), a.attemptSuccessful},
                                     {QStringLiteral("device_confirmation"), a.deviceConfirmation}});
    IOTILE_TRY(current, DeviceVersionStore(*db).latest(device->id));
    QJsonArray versions;
    for (const DeviceVersion &v : current)
        versions.append(DeviceVersionController::currentJson(v));
    return HttpResponse::json(QJsonObject {{QStringLiteral("slug"), device->slug},
                                           {QStringLiteral("template"), json::nullable(device->templateSlug)},
                                           {QStringLiteral("sg"), json::nullable(device->sgSlug)},
                                           {QStringLiteral("deployments"), deployments},
                                           {QStringLiteral("actions"), attempts},
                                           {QStringLiteral("versions"), versions}});
}

} // namespace

QJsonObject DeploymentActionController::actionJson(const DeploymentAction &a)
{
    return QJsonObject {{QStringLiteral("id"), double(a.id)},
                        {QStringLiteral("deployment"), double(a.requestId)},
                        {QStringLiteral("device"), a.deviceSlug},
                        {QStringLiteral("created_on"), json::time(a.createdOn)},
                        {QStringLiteral("last_attempt_on"), json::time(a.lastAttemptOn)},
                        {QStringLiteral("attempt_successful"), a.attemptSuccessful},
                        {QStringLiteral("device_confirmation"), a.deviceConfirmation},
                        {QStringLiteral("log"), a.log ? QJsonValue(*a.log) : QJsonValue()}};
}

void DeploymentActionController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/ota/action/"), list);
    router.add(Post, QStringLiteral("/api/v1/ota/action/"), create);
    router.add(Get | Put | Patch | Delete, QStringLiteral("/api/v1/ota/action/{id}/"), detail);
    router.add(Get, QStringLiteral("/api/v1/ota/device/{slug}/"), deviceInfo);
}

} // namespace iotile
