#include "server/api/streamercontroller.h"

#include "common/slug/deviceslug.h"
#include "server/api/devicecontroller.h"
#include "server/api/jsonutil.h"
#include "server/api/streamerreportcontroller.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/device.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/streamerstore.h"

#include <QJsonArray>

namespace iotile {

namespace {

// The streamer of a URL slug among those the caller may see (staff with ?staff=1: all); 404 otherwise.
Result<Streamer> visibleStreamer(RequestContext &ctx, SqlConnection &db, Access &access)
{
    StreamerStore::ListQuery query;
    query.all = ctx.staffMode();
    query.slug = ctx.capture(0);
    IOTILE_TRY(found, StreamerStore(db).list(query, access, 0, 1));
    if (found.isEmpty())
        return Error::notFound();
    return found.front();
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    StreamerStore::ListQuery query;
    query.all = ctx.staffMode();
    if (const QString device = ctx.queryValue(QStringLiteral("device")); !device.isEmpty()) {
        const auto slug = DeviceSlug::fromLookup(device);
        if (!slug)
            return Error::badRequest(QStringLiteral("Illegal device format. %1").arg(device));
        IOTILE_TRY(found, DeviceStore(*db).byId(qint64(slug->id())));
        if (!found)
            return Error::notFound();
        query.deviceId = found->id;
    }
    if (const QString selector = ctx.queryValue(QStringLiteral("selector")); !selector.isEmpty()) {
        bool ok = false;
        query.selector = selector.toLongLong(&ok);
        if (!ok)
            return Error::field(QStringLiteral("selector"), QStringLiteral("Enter a number."));
    }
    query.slug = ctx.queryValue(QStringLiteral("slug"));
    StreamerStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(streamers, store.list(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const Streamer &s : streamers)
        results.append(StreamerController::streamerJson(s));
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(streamer, visibleStreamer(ctx, *db, access));
    return HttpResponse::json(StreamerController::streamerJson(streamer));
}

Result<HttpResponse> create(RequestContext &ctx)
{
    if (!ctx.isStaff())
        return Error::forbidden();
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    FieldErrors errors;
    const auto deviceText = errors.requiredString(body, QStringLiteral("device"));
    std::optional<Device> device;
    if (deviceText) {
        if (const auto slug = DeviceSlug::fromLookup(*deviceText)) {
            IOTILE_TRY(found, DeviceStore(*db).byId(qint64(slug->id())));
            device = found;
        }
        if (!device)
            errors.add(QStringLiteral("device"),
                       QStringLiteral("Object with slug=%1 does not exist.").arg(*deviceText));
    }
    const auto index = errors.optionalInt(body, QStringLiteral("index"));
    if (!body.contains(QStringLiteral("index")))
        errors.add(QStringLiteral("index"), QStringLiteral("This field is required."));
    else if (index && (*index < 0 || *index > 0xFFFF))
        errors.add(QStringLiteral("index"), QStringLiteral("Ensure this value is between 0 and 65535."));
    const auto selector = errors.optionalInt(body, QStringLiteral("selector"));
    IOTILE_CHECK(errors.status());
    StreamerStore store(*db);
    Streamer s;
    s.deviceId = device->id;
    s.index = int(*index);
    s.selector = selector.value_or(0);
    IOTILE_TRY(engine, store.engineVersionOf(device->id));
    s.processEngineVer = engine;
    s.createdBy = ctx.account().id;
    IOTILE_TRY(created, store.create(s));
    if (!created)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("The fields device, index must make a unique set."));
    return HttpResponse::json(StreamerController::streamerJson(*created), 201);
}

Result<HttpResponse> reports(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(streamer, visibleStreamer(ctx, *db, access));
    IOTILE_TRY(all, StreamerStore(*db).reportsOf(streamer.id));
    QJsonArray out;
    for (const StreamerReport &r : all)
        out.append(StreamerReportController::reportJson(r));
    return HttpResponse::json(out);
}

Result<HttpResponse> deviceStreamers(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    IOTILE_TRY(all, StreamerStore(*db).ofDevice(device.id));
    QJsonArray out;
    for (const Streamer &s : all)
        out.append(StreamerController::streamerJson(s));
    return HttpResponse::json(out);
}

} // namespace

QJsonObject StreamerController::streamerJson(const Streamer &s)
{
    return QJsonObject {
        {QStringLiteral("id"), double(s.id)},
        {QStringLiteral("slug"), s.slug},
        {QStringLiteral("device"), s.deviceSlug},
        {QStringLiteral("process_engine_ver"), s.processEngineVer},
        {QStringLiteral("index"), s.index},
        {QStringLiteral("last_id"), double(s.lastId)},
        {QStringLiteral("last_reboot_ts"), json::time(s.lastRebootTs)},
        {QStringLiteral("is_system"), s.isSystem()},
        {QStringLiteral("selector"), double(s.selector)},
    };
}

void StreamerController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/streamer/"), list);
    router.add(Post, QStringLiteral("/api/v1/streamer/"), create);
    router.add(Get, QStringLiteral("/api/v1/streamer/{slug}/"), retrieve);
    router.add(Get, QStringLiteral("/api/v1/streamer/{slug}/report/"), reports);
    router.add(Get, QStringLiteral("/api/v1/device/{slug}/streamers/"), deviceStreamers);
}

} // namespace iotile
