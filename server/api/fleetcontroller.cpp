#include "server/api/fleetcontroller.h"

#include "common/slug/fleetslug.h"
#include "server/api/jsonutil.h"
#include "server/api/otalookup.h"
#include "server/api/validation.h"
#include "server/domain/access.h"
#include "server/domain/fleet.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/fleetstore.h"
#include "server/store/otastore.h"

#include <QJsonArray>

namespace iotile {

namespace {

constexpr int kNameMax = 50;

Error errorBody(ErrorKind kind, const QString &message)
{
    return Error(kind, QJsonObject {{QStringLiteral("error"), message}});
}

Error noOtaRight()
{
    return Error::forbidden(QStringLiteral("User has no permissions to manage devices"));
}

// The fleet of the URL: staff acting as staff, or an active member of its org; 404 for everyone else
// (the original's queryset of the caller's fleets).
Result<Fleet> visibleFleet(RequestContext &ctx, SqlConnection &db, Access &access)
{
    IOTILE_TRY(fleet, otalookup::fleet(db, ctx.capture(0)));
    if (!fleet)
        return Error::notFound();
    if (ctx.staffMode())
        return *fleet;
    IOTILE_TRY(member, access.isActiveMember(fleet->orgId));
    if (!member)
        return Error::notFound();
    return *fleet;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    FleetStore::ListQuery query;
    query.all = ctx.staffMode();
    if (const QString slug = ctx.queryValue(QStringLiteral("org")); !slug.isEmpty()) {
        IOTILE_TRY(org, otalookup::org(*db, slug));
        if (!org)
            return Error::notFound();
        query.orgId = org->id;
    }
    if (const QString slug = ctx.queryValue(QStringLiteral("device")); !slug.isEmpty()) {
        IOTILE_TRY(device, otalookup::device(*db, slug));
        if (!device)
            return Error::notFound();
        query.deviceId = device->id;
    }
    if (const QString flag = ctx.queryValue(QStringLiteral("is_network")); !flag.isEmpty()) {
        const auto value = parseBool(flag);
        if (!value)
            return Error::field(QStringLiteral("is_network"), QStringLiteral("Enter a valid boolean."));
        query.isNetwork = value;
    }
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    FleetStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const Fleet &f : rows)
        results.append(FleetController::fleetJson(f));
    return page.envelope(ctx, count, results);
}

// name, org, description, is_network of a POST (full) or PUT/PATCH body into `fleet`.
Status readFleet(SqlConnection &db, const QJsonObject &body, bool full, Fleet &fleet)
{
    FieldErrors errors;
    if (body.contains(QStringLiteral("name")) || full) {
        if (const auto name = errors.requiredString(body, QStringLiteral("name"), kNameMax))
            fleet.name = name->trimmed();
    }
    if (const auto description = errors.optionalString(body, QStringLiteral("description")))
        fleet.description = description->trimmed();
    if (const auto network = errors.optionalBool(body, QStringLiteral("is_network")))
        fleet.isNetwork = *network;
    if (body.contains(QStringLiteral("org")) || full) {
        if (const auto slug = errors.requiredString(body, QStringLiteral("org"))) {
            IOTILE_TRY(org, otalookup::org(db, *slug));
            if (!org)
                errors.add(QStringLiteral("org"),
                           QStringLiteral("Object with slug=%1 does not exist.").arg(*slug));
            else
                fleet.orgId = org->id;
        }
    }
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(taken, FleetStore(db).nameTaken(fleet.orgId, fleet.name, fleet.id));
    if (taken)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("The fields org, name must make a unique set."));
    return Ok {};
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    Fleet fleet;
    IOTILE_CHECK(readFleet(*db, body, true, fleet));
    IOTILE_TRY(allowed, access.can(fleet.orgId, Permission::ManageOta));
    if (!allowed)
        return noOtaRight();
    fleet.createdBy = ctx.account().id;
    IOTILE_TRY(created, FleetStore(*db).create(fleet));
    IOTILE_TRY(stored, FleetStore(*db).byId(created.id));
    return HttpResponse::json(FleetController::fleetJson(stored.value_or(created)), 201);
}

Result<HttpResponse> detail(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(fleet, visibleFleet(ctx, *db, access));
    if (ctx.method() == Get)
        return HttpResponse::json(FleetController::fleetJson(fleet));
    // Beyond the original, where any member could edit or delete a fleet: changing one takes the
    // right to manage OTA, as creating one does.
    IOTILE_TRY(allowed, otalookup::canManageFleet(access, fleet));
    if (!allowed)
        return noOtaRight();
    FleetStore store(*db);
    if (ctx.method() == Delete) {
        // The original nulls the fleet of its deployments, silently widening an open one to the whole
        // org: refuse while any is open.
        IOTILE_TRY(open, OtaStore(*db).countOpenRequestsOfFleet(fleet.id));
        if (open > 0)
            return Error::badRequest(
                QStringLiteral("The fleet is the target of %1 open deployment request(s): complete or delete "
                               "them first.")
                    .arg(open));
        IOTILE_CHECK(store.remove(fleet.id));
        return HttpResponse::noContent();
    }
    IOTILE_TRY(body, ctx.dataObject());
    Fleet changed = fleet;
    IOTILE_CHECK(readFleet(*db, body, ctx.method() == Put, changed));
    if (changed.orgId != fleet.orgId) {
        // Moving a fleet takes the right in both orgs, and its members must follow the org rule.
        IOTILE_TRY(target, access.can(changed.orgId, Permission::ManageOta));
        if (!target)
            return noOtaRight();
        IOTILE_TRY(members, store.countMembers(fleet.id));
        if (members > 0)
            return Error::field(QStringLiteral("org"),
                                QStringLiteral("A fleet with members cannot move to another org."));
    }
    IOTILE_CHECK(store.update(changed));
    IOTILE_TRY(stored, store.byId(fleet.id));
    return HttpResponse::json(FleetController::fleetJson(stored.value_or(changed)));
}

Result<HttpResponse> devices(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(fleet, visibleFleet(ctx, *db, access));
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    FleetStore store(*db);
    IOTILE_TRY(count, store.countMembers(fleet.id));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.members(fleet.id, page.offset(), page.limit()));
    QJsonArray results;
    for (const FleetMember &m : rows)
        results.append(FleetController::memberJson(m));
    return page.envelope(ctx, count, results);
}

// register/ and deregister/: the body names a device the caller may access.
Result<HttpResponse> membership(RequestContext &ctx, bool add)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(fleet, visibleFleet(ctx, *db, access));
    IOTILE_TRY(allowed, otalookup::canManageFleet(access, fleet));
    if (!allowed)
        return noOtaRight();
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    FleetMember member;
    member.fleetId = fleet.id;
    const auto slug = errors.requiredString(body, QStringLiteral("device"));
    if (const auto on = errors.optionalBool(body, QStringLiteral("always_on")))
        member.alwaysOn = *on;
    if (const auto ap = errors.optionalBool(body, QStringLiteral("is_access_point")))
        member.isAccessPoint = *ap;
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(device, otalookup::device(*db, *slug));
    if (!device)
        return otalookup::missing(QStringLiteral("device"), *slug);
    member.deviceId = device->id;
    member.deviceSlug = device->slug;
    IOTILE_TRY(reachable, access.canAccessDevice(*device));
    if (!reachable)
        return errorBody(ErrorKind::Forbidden, QStringLiteral("User has no access to Device"));
    FleetStore store(*db);
    IOTILE_TRY(present, store.isMember(fleet.id, device->id));
    if (!add) {
        if (!present)
            return errorBody(ErrorKind::BadRequest, QStringLiteral("Device not found"));
        IOTILE_CHECK(store.removeMember(fleet.id, device->id));
        return HttpResponse::json(FleetController::memberJson(member), 202);
    }
    // The original's model rule (FleetMembership.clean), which its API never ran.
    if (device->orgId != fleet.orgId)
        return errorBody(ErrorKind::BadRequest, QStringLiteral("Device and Fleet must be part of same Org"));
    if (present)
        return errorBody(ErrorKind::BadRequest,
                         QStringLiteral("Device %1 already exists in fleet").arg(device->slug));
    IOTILE_CHECK(store.addMember(member));
    return HttpResponse::json(FleetController::memberJson(member), 201);
}

} // namespace

QJsonObject FleetController::fleetJson(const Fleet &f)
{
    return QJsonObject {{QStringLiteral("id"), double(f.id)},
                        {QStringLiteral("name"), f.name},
                        {QStringLiteral("slug"), FleetSlug(quint64(f.id)).toString()},
                        {QStringLiteral("org"), f.orgSlug},
                        {QStringLiteral("description"), f.description},
                        {QStringLiteral("created_on"), json::time(f.createdOn)},
                        {QStringLiteral("created_by"), json::nullable(f.createdBySlug)},
                        {QStringLiteral("is_network"), f.isNetwork}};
}

QJsonObject FleetController::memberJson(const FleetMember &m)
{
    return QJsonObject {{QStringLiteral("device"), m.deviceSlug},
                        {QStringLiteral("always_on"), m.alwaysOn},
                        {QStringLiteral("is_access_point"), m.isAccessPoint}};
}

void FleetController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/fleet/"), list);
    router.add(Post, QStringLiteral("/api/v1/fleet/"), create);
    router.add(Get | Put | Patch | Delete, QStringLiteral("/api/v1/fleet/{slug}/"), detail);
    router.add(Get, QStringLiteral("/api/v1/fleet/{slug}/devices/"), devices);
    router.add(Post, QStringLiteral("/api/v1/fleet/{slug}/register/"),
               [](RequestContext &ctx) { return membership(ctx, true); });
    router.add(Post, QStringLiteral("/api/v1/fleet/{slug}/deregister/"),
               [](RequestContext &ctx) { return membership(ctx, false); });
}

} // namespace iotile
