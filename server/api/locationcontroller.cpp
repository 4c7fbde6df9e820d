#include "server/api/locationcontroller.h"

#include "server/api/fieldreaders.h"
#include "server/api/jsonutil.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/note.h"
#include "server/domain/target.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/locationstore.h"

#include <QJsonArray>
#include <QSet>

namespace iotile {

namespace {

bool isLocationTarget(const Target &t)
{
    return t.kind == Target::Kind::Device || t.kind == Target::Kind::Block || t.kind == Target::Kind::Project
        || t.kind == Target::Kind::Stream;
}

// Reading locations takes can_read_device_locations in the target's org (staff always).
Result<bool> canRead(Access &access, const Target &target)
{
    if (access.isStaff())
        return true;
    if (!target.orgId)
        return false;
    return access.can(*target.orgId, Permission::ReadDeviceLocations);
}

Result<HttpResponse> list(RequestContext &ctx)
{
    const QString slug = ctx.queryValue(QStringLiteral("target"));
    if (slug.isEmpty())
        return Error::field(QStringLiteral("target"), QStringLiteral("This field is required."));
    FieldErrors errors;
    LocationStore::ListQuery query;
    query.target = slug;
    query.start = fields::queryDateTime(ctx, QStringLiteral("start"), errors);
    query.end = fields::queryDateTime(ctx, QStringLiteral("end"), errors);
    query.timestamp = fields::queryDateTime(ctx, QStringLiteral("timestamp"), errors);
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::large()));
    // As in the original, a target the caller may not read lists nothing rather than failing.
    IOTILE_TRY(target, Targets::find(*db, slug));
    bool readable = false;
    if (target && isLocationTarget(*target)) {
        IOTILE_TRY(allowed, canRead(access, *target));
        readable = allowed;
    }
    LocationStore store(*db);
    qint64 count = 0;
    if (readable) {
        IOTILE_TRY(n, store.count(query));
        count = n;
    }
    IOTILE_CHECK(page.validate(count));
    QJsonArray results;
    if (readable) {
        IOTILE_TRY(rows, store.list(query, page.offset(), page.limit()));
        for (const Location &l : rows)
            results.append(LocationController::locationJson(l));
    }
    return page.envelope(ctx, count, results);
}

std::optional<Location> readLocation(const QJsonValue &value, bool full, Location location,
                                     QJsonObject &errorsOut)
{
    if (!value.isObject()) {
        errorsOut = QJsonObject {
            {QStringLiteral("non_field_errors"),
             QJsonArray {QStringLiteral("Invalid data. Expected a dictionary, but got %1.")
                             .arg(value.isArray() ? QStringLiteral("list") : QStringLiteral("str"))}}};
        return std::nullopt;
    }
    const QJsonObject body = value.toObject();
    FieldErrors errors;
    if (const auto timestamp = fields::dateTime(body, QStringLiteral("timestamp"), errors, full))
        location.timestamp = *timestamp;
    if (const auto target = fields::charField(body, QStringLiteral("target"), errors, full))
        location.target = *target;
    if (const auto lat = fields::decimal(body, QStringLiteral("lat"), errors, 9, 6))
        location.lat = *lat;
    if (const auto lon = fields::decimal(body, QStringLiteral("lon"), errors, 9, 6))
        location.lon = *lon;
    if (!errors.isEmpty()) {
        errorsOut = errors.error().body().toObject();
        return std::nullopt;
    }
    return location;
}

// Writing takes only access to the target (any member), as in the original.
Result<Target> writableTarget(SqlConnection &db, Access &access, const QString &slug)
{
    IOTILE_TRY(target, Targets::find(db, slug));
    if (!target || !isLocationTarget(*target))
        return Error::forbidden();
    IOTILE_TRY(allowed, Targets::canAccess(access, *target));
    if (!allowed)
        return Error::forbidden();
    return *target;
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(data, ctx.data());
    const bool many = data.isArray();
    const QJsonArray items = many ? data.toArray() : QJsonArray {data};
    Location blank;
    blank.userId = ctx.account().id;
    blank.userSlug = ctx.account().slug;
    QList<Location> locations;
    QJsonArray itemErrors;
    bool failed = false;
    QSet<QString> targets;
    for (const QJsonValue &item : items) {
        QJsonObject errors;
        const auto location = readLocation(item, true, blank, errors);
        failed = failed || !location;
        itemErrors.append(errors);
        if (location) {
            locations.append(*location);
            targets.insert(location->target);
        }
    }
    if (failed)
        return Error(ErrorKind::BadRequest, many ? QJsonValue(itemErrors) : itemErrors.at(0));
    if (targets.size() != 1)
        return Error::bareList(
            QStringLiteral("Found more than one target. All entries must be for same target."));
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(target, writableTarget(*db, access, *targets.constBegin()));
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    LocationStore store(*db);
    QList<Location> created;
    for (const Location &l : std::as_const(locations)) {
        IOTILE_TRY(stored, store.create(l));
        created.append(stored);
    }
    // The device's own position follows the last point posted.
    if (target.isDevice())
        IOTILE_CHECK(store.setDevicePosition(target.id, created.last().lat, created.last().lon));
    IOTILE_CHECK(tx.commit());
    if (many)
        return HttpResponse::json(
            QJsonObject {{QStringLiteral("count"), created.size()},
                         {QStringLiteral("last"), LocationController::locationJson(created.last())}},
            201);
    return HttpResponse::json(LocationController::locationJson(created.first()), 201);
}

Result<HttpResponse> detail(RequestContext &ctx)
{
    bool ok = false;
    const qint64 id = ctx.capture(0).trimmed().toLongLong(&ok);
    if (!ok)
        return Error::bareList(QStringLiteral("Location ID must be a integer"));
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    LocationStore store(*db);
    IOTILE_TRY(location, store.byId(id));
    if (!location)
        return Error::notFound();
    if (!access.isStaff()) {
        IOTILE_TRY(target, Targets::find(*db, location->target));
        bool allowed = false;
        if (target) {
            IOTILE_TRY(readable, canRead(access, *target));
            allowed = readable;
        }
        if (!allowed)
            return Error::forbidden();
    }
    if (ctx.method() == Get)
        return HttpResponse::json(LocationController::locationJson(*location));
    if (ctx.method() == Delete) {
        IOTILE_CHECK(store.remove(location->id));
        return HttpResponse::noContent();
    }
    IOTILE_TRY(body, ctx.data());
    QJsonObject errors;
    const auto changed = readLocation(body, ctx.method() == Put, *location, errors);
    if (!changed)
        return Error::fields(errors);
    // Beyond the original: a location moves only to a target the caller may write to.
    if (changed->target != location->target)
        IOTILE_CHECK(writableTarget(*db, access, changed->target));
    IOTILE_CHECK(store.update(*changed));
    return HttpResponse::json(LocationController::locationJson(*changed));
}

} // namespace

QJsonObject LocationController::locationJson(const Location &l)
{
    return QJsonObject {
        {QStringLiteral("id"), double(l.id)}, {QStringLiteral("timestamp"), json::time(l.timestamp)},
        {QStringLiteral("target"), l.target}, {QStringLiteral("lat"), l.lat},
        {QStringLiteral("lon"), l.lon},       {QStringLiteral("user"), json::nullable(l.userSlug)}};
}

void LocationController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/location/"), list);
    router.add(Post, QStringLiteral("/api/v1/location/"), create);
    router.add(Get | Put | Patch | Delete, QStringLiteral("/api/v1/location/{id}/"), detail);
}

} // namespace iotile
