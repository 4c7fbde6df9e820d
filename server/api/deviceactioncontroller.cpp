#include "server/api/deviceactioncontroller.h"

#include "common/util/isotime.h"
#include "server/api/devicecontroller.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/device.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/worker/jobqueue.h"

#include <QJsonArray>

namespace iotile {

namespace {

Error busy()
{
    return Error::forbidden(QStringLiteral("Device is busy. Operation cannot be completed at this time"));
}

// The original checks the flag on the device's org only: a device without an org is refused, staff
// included.
Result<bool> orgAllows(Access &access, const Device &device, Permission permission)
{
    if (!device.orgId)
        return false;
    return access.can(*device.orgId, permission);
}

Result<HttpResponse> reset(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    IOTILE_TRY(allowed, orgAllows(access, device, Permission::ResetDevice));
    if (!allowed)
        return Error::forbidden();
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const bool full = errors.optionalBool(body, QStringLiteral("full")).value_or(true);
    const bool properties = errors.optionalBool(body, QStringLiteral("include_properties")).value_or(true);
    const bool notes =
        errors.optionalBool(body, QStringLiteral("include_notes_and_locations")).value_or(true);
    IOTILE_CHECK(errors.status());
    if (device.busy())
        return busy();
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    // Busy resetting until the job is done.
    device.state = QStringLiteral("B0");
    IOTILE_CHECK(DeviceStore(*db).update(device));
    EnqueueOptions options;
    options.createdBy = ctx.account().id;
    IOTILE_TRY(job,
               JobQueue::enqueue(*db, QStringLiteral("DeviceDataResetAction"),
                                 QJsonObject {{QStringLiteral("device_slug"), device.slug},
                                              {QStringLiteral("user"), ctx.account().slug},
                                              {QStringLiteral("full"), full},
                                              {QStringLiteral("include_properties"), properties},
                                              {QStringLiteral("include_notes_and_locations"), notes}},
                                 options));
    IOTILE_CHECK(tx.commit());
    return HttpResponse::json(QJsonObject {{QStringLiteral("reset"), QStringLiteral("scheduled")},
                                           {QStringLiteral("pid"), QStringLiteral("pid:%1").arg(job)}},
                              202);
}

Result<HttpResponse> trim(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    IOTILE_TRY(allowed, orgAllows(access, device, Permission::ModifyDevice));
    if (!allowed)
        return Error::forbidden();
    IOTILE_TRY(body, ctx.dataObject());
    QJsonObject args {{QStringLiteral("device_slug"), device.slug},
                      {QStringLiteral("username"), ctx.account().username}};
    QJsonObject errors;
    std::optional<qint64> start, end;
    for (const auto &[name, bound] :
         {std::pair {QStringLiteral("start"), &start}, std::pair {QStringLiteral("end"), &end}}) {
        const QJsonValue v = body.value(name);
        if (v.isUndefined())
            continue;
        const auto t = v.isString() ? isotime::parse(v.toString()) : std::nullopt;
        if (!t) {
            errors.insert(name, QJsonArray {QStringLiteral("Datetime has wrong format.")});
            continue;
        }
        *bound = *t;
        args.insert(name, isotime::toString(*t));
    }
    if (!errors.isEmpty())
        return Error::fields(errors);
    if (!start && !end)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("At least one of start/end should be defined"));
    if (start && end && *start > *end)
        return Error::field(QStringLiteral("non_field_errors"), QStringLiteral("Start is after end"));
    if (device.busy())
        return busy();
    EnqueueOptions options;
    options.createdBy = ctx.account().id;
    IOTILE_TRY(job, JobQueue::enqueue(*db, QStringLiteral("DeviceDataTrimAction"), args, options));
    (void)job;
    return HttpResponse::json(QJsonObject {{QStringLiteral("trim"), QStringLiteral("scheduled")}}, 202);
}

} // namespace

void DeviceActionController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Post, QStringLiteral("/api/v1/device/{slug}/reset/"), reset);
    router.add(Post, QStringLiteral("/api/v1/device/{slug}/trim/"), trim);
}

} // namespace iotile
