#include "server/api/streamercontroller.h"

#include "common/slug/deviceslug.h"
#include "common/util/isotime.h"
#include "server/api/devicecontroller.h"
#include "server/api/jsonutil.h"
#include "server/api/streamerreportcontroller.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
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

// PUT/PATCH (staff, IsStaffOrReadOnly as the original): device, index, last_id, last_reboot_ts, selector.
// Staff set last_id back so that a device's re-sent readings are taken again.
Result<HttpResponse> update(RequestContext &ctx)
{
    if (!ctx.isStaff())
        return Error::forbidden();
    const bool full = ctx.method() == Put;
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    StreamerStore store(*db);
    IOTILE_TRY(found, store.bySlug(ctx.capture(0)));
    if (!found)
        return Error::notFound();
    Streamer s = *found;
    FieldErrors errors;
    if (full || body.contains(QStringLiteral("device"))) {
        if (const auto text = errors.requiredString(body, QStringLiteral("device"))) {
            std::optional<Device> device;
            if (const auto slug = DeviceSlug::fromLookup(*text)) {
                IOTILE_TRY(d, DeviceStore(*db).byId(qint64(slug->id())));
                device = d;
            }
            if (!device)
                errors.add(QStringLiteral("device"),
                           QStringLiteral("Object with slug=%1 does not exist.").arg(*text));
            else
                s.deviceId = device->id;
        }
    }
    if (full && !body.contains(QStringLiteral("index")))
        errors.add(QStringLiteral("index"), QStringLiteral("This field is required."));
    if (const auto index = errors.optionalInt(body, QStringLiteral("index"))) {
        if (*index < 0 || *index > 0xFFFF)
            errors.add(QStringLiteral("index"), QStringLiteral("Ensure this value is between 0 and 65535."));
        else
            s.index = int(*index);
    }
    if (const auto lastId = errors.optionalInt(body, QStringLiteral("last_id"))) {
        if (*lastId < 0)
            errors.add(QStringLiteral("last_id"),
                       QStringLiteral("Ensure this value is greater than or equal to 0."));
        else
            s.lastId = *lastId;
    }
    if (const auto selector = errors.optionalInt(body, QStringLiteral("selector")))
        s.selector = *selector;
    if (body.contains(QStringLiteral("last_reboot_ts"))) {
        const QJsonValue v = body.value(QStringLiteral("last_reboot_ts"));
        if (v.isNull()) {
            s.lastRebootTs.reset();
        } else if (const auto t = v.isString() ? isotime::parse(v.toString()) : std::nullopt) {
            s.lastRebootTs = *t;
        } else {
            errors.add(QStringLiteral("last_reboot_ts"),
                       QStringLiteral("Datetime has wrong format. Use one of these formats instead: "
                                      "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."));
        }
    }
    IOTILE_CHECK(errors.status());
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_TRY(updated, store.update(s));
    if (!updated)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("The fields device, index must make a unique set."));
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(fresh, store.byId(s.id));
    if (!fresh)
        return Error::notFound();
    return HttpResponse::json(StreamerController::streamerJson(*fresh));
}

// DELETE (staff): the streamer, its reports and their files.
Result<HttpResponse> remove(RequestContext &ctx)
{
    if (!ctx.isStaff())
        return Error::forbidden();
    IOTILE_TRY(db, ctx.db());
    StreamerStore store(*db);
    IOTILE_TRY(found, store.bySlug(ctx.capture(0)));
    if (!found)
        return Error::notFound();
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_TRY(files, store.remove(found->id));
    IOTILE_CHECK(tx.commit());
    for (const QString &key : std::as_const(files)) {
        if (Status s = ctx.server().blobs().remove(key); !s)
            qWarning("streamer %s: report file %s left behind: %s", qPrintable(found->slug), qPrintable(key),
                     qPrintable(s.error().message()));
    }
    return HttpResponse::noContent();
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
    router.add(Put | Patch, QStringLiteral("/api/v1/streamer/{slug}/"), update);
    router.add(Delete, QStringLiteral("/api/v1/streamer/{slug}/"), remove);
    router.add(Get, QStringLiteral("/api/v1/streamer/{slug}/report/"), reports);
    router.add(Get, QStringLiteral("/api/v1/device/{slug}/streamers/"), deviceStreamers);
}

} // namespace iotile
