#include "server/api/deviceversioncontroller.h"

#include "server/api/devicecontroller.h"
#include "server/api/jsonutil.h"
#include "server/api/otalookup.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/ota.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/deviceversionstore.h"

#include <QJsonArray>

namespace iotile {

namespace {

const QStringList kTypes = {QStringLiteral("os"), QStringLiteral("app")};

Error restricted()
{
    return Error(ErrorKind::Forbidden,
                 QJsonObject {{QStringLiteral("error"), QStringLiteral("Restricted Access. Contact Arch")}});
}

// ?device= (404 unknown, 403 without access), ?type=, ?latest=
Status readFilters(RequestContext &ctx, SqlConnection &db, Access &access,
                   DeviceVersionStore::ListQuery &query)
{
    if (const QString slug = ctx.queryValue(QStringLiteral("device")); !slug.isEmpty()) {
        IOTILE_TRY(device, otalookup::device(db, slug));
        if (!device)
            return Error::notFound();
        IOTILE_TRY(allowed, access.canAccessDevice(*device));
        if (!allowed)
            return Error::forbidden();
        query.deviceId = device->id;
    }
    if (const QString type = ctx.queryValue(QStringLiteral("type")); !type.isEmpty()) {
        if (!kTypes.contains(type))
            return Error::field(
                QStringLiteral("type"),
                QStringLiteral("Select a valid choice. %1 is not one of the available choices.").arg(type));
        query.type = type;
    }
    if (const QString latest = ctx.queryValue(QStringLiteral("latest")); !latest.isEmpty()) {
        const auto flag = parseBool(latest);
        if (!flag)
            return Error::field(QStringLiteral("latest"), QStringLiteral("Enter a valid boolean."));
        query.latest = *flag;
    }
    return Ok {};
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    DeviceVersionStore::ListQuery query;
    query.all = ctx.staffMode();
    IOTILE_CHECK(readFilters(ctx, *db, access, query));
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    DeviceVersionStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const DeviceVersion &v : rows)
        results.append(DeviceVersionController::versionJson(v));
    return page.envelope(ctx, count, results);
}

// The writable fields (device, type, tag, major_version, minor_version, streamer_local_id, updated_ts).
Status readVersion(SqlConnection &db, const QJsonObject &body, bool full, DeviceVersion &v)
{
    FieldErrors errors;
    if (body.contains(QStringLiteral("device")) || full) {
        if (const auto slug = errors.requiredString(body, QStringLiteral("device"))) {
            IOTILE_TRY(device, otalookup::device(db, *slug));
            if (!device)
                errors.add(QStringLiteral("device"),
                           QStringLiteral("Object with slug=%1 does not exist.").arg(*slug));
            else
                v.deviceId = device->id;
        }
    }
    if (body.contains(QStringLiteral("type")) || full) {
        if (const auto type = errors.requiredString(body, QStringLiteral("type"))) {
            if (!kTypes.contains(*type))
                errors.add(QStringLiteral("type"),
                           QStringLiteral("\"%1\" is not a valid choice.").arg(*type));
            else
                v.type = *type;
        }
    }
    if (full && !body.contains(QStringLiteral("tag")))
        errors.add(QStringLiteral("tag"), QStringLiteral("This field is required."));
    const struct
    {
        const char *field;
        qint64 max;
    } numbers[] = {{"tag", 2147483647LL},
                   {"major_version", 2147483647LL},
                   {"minor_version", 2147483647LL},
                   {"streamer_local_id", 9223372036854775807LL}};
    for (const auto &n : numbers) {
        const QString field = QLatin1String(n.field);
        const auto value = errors.optionalInt(body, field);
        if (!value)
            continue;
        if (*value < 0 || *value > n.max) {
            errors.add(field, QStringLiteral("Ensure this value is greater than or equal to 0."));
            continue;
        }
        if (field == QLatin1String("tag"))
            v.tag = *value;
        else if (field == QLatin1String("major_version"))
            v.major = int(*value);
        else if (field == QLatin1String("minor_version"))
            v.minor = int(*value);
        else
            v.streamerLocalId = *value;
    }
    if (body.contains(QStringLiteral("updated_ts"))) {
        const QJsonValue ts = body.value(QStringLiteral("updated_ts"));
        if (ts.isNull()) {
            v.updatedTs.reset();
        } else if (const auto parsed = ts.isString() ? isotime::parse(ts.toString()) : std::nullopt) {
            v.updatedTs = *parsed;
        } else {
            errors.add(QStringLiteral("updated_ts"),
                       QStringLiteral("Datetime has wrong format. Use one of these formats instead: "
                                      "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."));
        }
    }
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(taken, DeviceVersionStore(db).taken(v));
    if (taken)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("The fields device, type, tag, major_version, minor_version, "
                                           "streamer_local_id must make a unique set."));
    return Ok {};
}

Result<HttpResponse> create(RequestContext &ctx)
{
    if (!ctx.staffMode())
        return restricted();
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    DeviceVersion v;
    IOTILE_CHECK(readVersion(*db, body, true, v));
    DeviceVersionStore store(*db);
    IOTILE_TRY(created, store.create(v));
    IOTILE_TRY(stored, store.byId(created.id));
    return HttpResponse::json(DeviceVersionController::versionJson(stored.value_or(created)), 201);
}

Result<HttpResponse> detail(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    bool ok = false;
    const qint64 id = ctx.capture(0).toLongLong(&ok);
    if (!ok)
        return Error::notFound();
    DeviceVersionStore store(*db);
    if (ctx.method() != Get && !ctx.staffMode())
        return restricted();
    DeviceVersionStore::ListQuery query;
    query.all = ctx.staffMode();
    query.id = id;
    IOTILE_TRY(rows, store.list(query, access, 0, 1));
    if (rows.isEmpty())
        return Error::notFound();
    const DeviceVersion &found = rows.first();
    if (ctx.method() == Get)
        return HttpResponse::json(DeviceVersionController::versionJson(found));
    if (ctx.method() == Delete) {
        IOTILE_CHECK(store.remove(found.id));
        return HttpResponse::noContent();
    }
    IOTILE_TRY(body, ctx.dataObject());
    DeviceVersion changed = found;
    IOTILE_CHECK(readVersion(*db, body, ctx.method() == Put, changed));
    IOTILE_CHECK(store.update(changed));
    IOTILE_TRY(stored, store.byId(found.id));
    return HttpResponse::json(DeviceVersionController::versionJson(stored.value_or(changed)));
}

// GET /api/v1/device/<slug>/versions/: the device's current version per type, not paginated.
Result<HttpResponse> ofDevice(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    IOTILE_TRY(current, DeviceVersionStore(*db).latest(device.id));
    QJsonArray out;
    for (const DeviceVersion &v : current)
        out.append(DeviceVersionController::currentJson(v));
    return HttpResponse::json(out);
}

} // namespace

QJsonObject DeviceVersionController::versionJson(const DeviceVersion &v)
{
    return QJsonObject {{QStringLiteral("device"), v.deviceSlug},
                        {QStringLiteral("type"), v.type},
                        {QStringLiteral("tag"), double(v.tag)},
                        {QStringLiteral("version"), v.version()},
                        {QStringLiteral("streamer_local_id"), double(v.streamerLocalId)},
                        {QStringLiteral("updated_ts"), json::time(v.updatedTs)},
                        {QStringLiteral("created_on"), json::time(v.createdOn)}};
}

QJsonObject DeviceVersionController::currentJson(const DeviceVersion &v)
{
    return QJsonObject {{QStringLiteral("type"), v.type},
                        {QStringLiteral("tag"), double(v.tag)},
                        {QStringLiteral("version"), v.version()},
                        {QStringLiteral("streamer_local_id"), double(v.streamerLocalId)},
                        {QStringLiteral("updated_ts"), json::time(v.updatedTs)}};
}

void DeviceVersionController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/ota/version/"), list);
    router.add(Post, QStringLiteral("/api/v1/ota/version/"), create);
    router.add(Get | Put | Patch | Delete, QStringLiteral("/api/v1/ota/version/{id}/"), detail);
    router.add(Get, QStringLiteral("/api/v1/device/{slug}/versions/"), ofDevice);
}

} // namespace iotile
