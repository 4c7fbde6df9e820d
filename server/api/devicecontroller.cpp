#include "server/api/devicecontroller.h"

#include "common/slug/deviceslug.h"
#include "server/api/jsonutil.h"
#include "server/api/projectcontroller.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/device.h"
#include "server/domain/devicelifecycle.h"
#include "server/domain/project.h"
#include "server/domain/searchindex.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"
#include "server/store/sensorgraphstore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace iotile {

namespace {

Error restricted()
{
    return Error(ErrorKind::Forbidden,
                 QJsonObject {{QStringLiteral("error"), QStringLiteral("Restricted Access. Contact Arch")}});
}

Error busy()
{
    return Error::forbidden(QStringLiteral("Device is busy. Operation cannot be completed at this time"));
}

Result<std::optional<qint64>> templateIdBySlug(SqlConnection &db, const QString &slug)
{
    SqlQuery q = db.query("SELECT id FROM device_templates WHERE slug = ?");
    q.bind(slug);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.int64(0));
}

Result<std::optional<qint64>> sgIdBySlug(SqlConnection &db, const QString &slug)
{
    SqlQuery q = db.query("SELECT id FROM sensor_graphs WHERE slug = ?");
    q.bind(slug);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.int64(0));
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::large()));
    DeviceStore::ListQuery query;
    query.all = ctx.staffMode();
    query.includeInactive = ctx.queryFlag(QStringLiteral("all"));
    const QString project = ctx.queryValue(QStringLiteral("project"));
    if (!project.isEmpty()) {
        IOTILE_TRY(p, ProjectController::byUuidOrSlug(*db, project));
        if (p)
            query.projectId = p->id;
        else
            query.impossible = true; // the original answers an empty list for an invalid project
    }
    const QString orgSlug = ctx.queryValue(QStringLiteral("org__slug"));
    if (!orgSlug.isEmpty()) {
        IOTILE_TRY(org, OrgStore(*db).bySlug(orgSlug));
        if (org)
            query.orgId = org->id;
        else
            query.impossible = true;
    }
    if (const QString dt = ctx.queryValue(QStringLiteral("dt")); !dt.isEmpty()) {
        IOTILE_TRY(id, templateIdBySlug(*db, dt));
        if (!id)
            return Error::notFound();
        query.templateId = id;
    }
    if (const QString sg = ctx.queryValue(QStringLiteral("sg")); !sg.isEmpty()) {
        IOTILE_TRY(id, sgIdBySlug(*db, sg));
        if (!id)
            return Error::notFound();
        query.sgId = id;
    }
    query.externalId = ctx.queryValue(QStringLiteral("external_id"));
    // The original keeps only claimed devices for any value of ?claimed=, false included.
    query.claimedOnly = ctx.hasQuery(QStringLiteral("claimed"));
    const QString property = ctx.queryValue(QStringLiteral("property"));
    if (!property.isEmpty()) {
        const qsizetype sep = property.indexOf(QStringLiteral("__"));
        query.propertyName = sep < 0 ? property : property.left(sep);
        if (sep >= 0)
            query.propertyValue = property.mid(sep + 2);
    }
    DeviceStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const Device &d : rows)
        results.append(DeviceController::deviceJson(d));
    return page.envelope(ctx, count, results);
}

// Fields shared by create (staff serializer) and update (user or staff serializer).
Status applyFields(RequestContext &ctx, SqlConnection &db, const QJsonObject &body, Device &device,
                   bool staffSerializer, FieldErrors &errors)
{
    if (const auto label = errors.optionalString(body, QStringLiteral("label"), 100))
        device.label = *label;
    if (const auto externalId = errors.optionalString(body, QStringLiteral("external_id"), 24))
        device.externalId = *externalId;
    const auto active = errors.optionalBool(body, QStringLiteral("active"));
    if (body.contains(QStringLiteral("state"))) {
        const auto state = errors.optionalString(body, QStringLiteral("state"), 2);
        static const QStringList kStates = {QStringLiteral("N0"), QStringLiteral("N1"), QStringLiteral("B0"),
                                            QStringLiteral("B1")};
        if (state && !kStates.contains(*state))
            errors.add(QStringLiteral("state"), QStringLiteral("\"%1\" is not a valid choice.").arg(*state));
        else if (state && !staffSerializer) {
            device.state = *state;
            // Sending state without active derives it, as the original does.
            if (!active)
                device.active = *state != QLatin1String("N0");
        }
    }
    if (active)
        device.active = *active;
    for (const char *key : {"lat", "lon"}) {
        const QString name = QLatin1String(key);
        if (!body.contains(name))
            continue;
        const QJsonValue v = body.value(name);
        if (v.isNull()) {
            (name == QLatin1String("lat") ? device.lat : device.lon).reset();
            continue;
        }
        const auto number = errors.optionalDouble(body, name);
        if (number)
            (name == QLatin1String("lat") ? device.lat : device.lon) = QString::number(*number, 'f', 6);
    }
    if (body.contains(QStringLiteral("sg"))) {
        const QJsonValue v = body.value(QStringLiteral("sg"));
        if (v.isNull()) {
            device.sgId.reset();
        } else {
            IOTILE_TRY(id, sgIdBySlug(db, v.toString()));
            if (!id)
                errors.add(QStringLiteral("sg"),
                           QStringLiteral("Object with slug=%1 does not exist.").arg(v.toString()));
            else
                device.sgId = id;
        }
    }
    // Users cannot change the template: the original ignores it silently without the staff serializer.
    if (staffSerializer && body.contains(QStringLiteral("template"))) {
        const QString slug = body.value(QStringLiteral("template")).toString();
        IOTILE_TRY(id, templateIdBySlug(db, slug));
        if (!id)
            errors.add(QStringLiteral("template"),
                       QStringLiteral("Object with slug=%1 does not exist.").arg(slug));
        else
            device.templateId = id;
    }
    (void)ctx;
    return Ok {};
}

Result<HttpResponse> create(RequestContext &ctx)
{
    if (!ctx.staffMode())
        return restricted();
    IOTILE_TRY(body, ctx.dataObject());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    FieldErrors errors;
    Device device;
    if (!body.contains(QStringLiteral("template")))
        errors.add(QStringLiteral("template"), QStringLiteral("This field is required."));
    const auto id = errors.optionalInt(body, QStringLiteral("id"));
    if (id && (*id <= 0 || *id >= (qint64(1) << 48)))
        errors.add(QStringLiteral("id"), QStringLiteral("Device ids are 48-bit positive integers."));
    IOTILE_CHECK(applyFields(ctx, *db, body, device, true, errors));
    std::optional<Project> project;
    if (const auto p = errors.optionalString(body, QStringLiteral("project")); p && !p->isEmpty()) {
        IOTILE_TRY(found, ProjectController::byUuidOrSlug(*db, *p));
        if (!found)
            errors.add(QStringLiteral("project"),
                       QStringLiteral("Invalid pk \"%1\" - object does not exist.").arg(*p));
        project = found;
    }
    IOTILE_CHECK(errors.status());
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    DeviceStore store(*db);
    if (id) {
        device.id = *id;
    } else {
        IOTILE_TRY(next, store.nextId());
        device.id = next;
    }
    device.createdBy = ctx.account().id;
    IOTILE_TRY(created, store.create(device));
    if (project) {
        IOTILE_TRY(canClaim, access.can(project->orgId, Permission::ClaimDevices));
        if (!canClaim)
            return Error::forbidden(QStringLiteral("No claim permissions"));
        IOTILE_CHECK(DeviceLifecycle(*db).claim(created, *project, ctx.account().id));
    }
    IOTILE_CHECK(SearchIndex::refresh(*db, created.slug));
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, store.byId(created.id));
    return HttpResponse::json(DeviceController::deviceJson(*stored), 201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    return HttpResponse::json(DeviceController::deviceJson(device));
}

Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    if (!access.isStaff()) {
        bool allowed = false;
        if (device.orgId) {
            IOTILE_TRY(can, access.can(*device.orgId, Permission::ModifyDevice));
            allowed = can;
        }
        if (!allowed)
            return Error::forbidden(QStringLiteral("User is not allowed to modify device"));
    }
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    IOTILE_CHECK(applyFields(ctx, *db, body, device, ctx.staffMode(), errors));
    IOTILE_CHECK(errors.status());
    IOTILE_CHECK(DeviceStore(*db).update(device));
    IOTILE_CHECK(SearchIndex::refresh(*db, device.slug));
    IOTILE_TRY(stored, DeviceStore(*db).byId(device.id));
    return HttpResponse::json(DeviceController::deviceJson(*stored));
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    if (!ctx.staffMode())
        return restricted();
    IOTILE_TRY(db, ctx.db());
    const auto slug = DeviceSlug::fromLookup(ctx.capture(0));
    if (!slug)
        return Error::notFound();
    DeviceStore store(*db);
    IOTILE_TRY(device, store.byId(qint64(slug->id())));
    if (!device)
        return Error::notFound();
    IOTILE_CHECK(store.remove(device->id));
    IOTILE_CHECK(SearchIndex::refresh(*db, device->slug));
    return HttpResponse::noContent();
}

Result<HttpResponse> claimable(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    const QJsonValue slugs = body.value(QStringLiteral("slugs"));
    if (!slugs.isArray())
        return Error::field(QStringLiteral("slugs"), QStringLiteral("This field is required."));
    IOTILE_TRY(db, ctx.db());
    DeviceStore store(*db);
    QJsonArray results;
    for (const QJsonValue &v : slugs.toArray()) {
        const QString text = v.toString();
        IOTILE_TRY(device, store.bySlug(text));
        if (!device)
            continue; // unknown slugs are left out
        results.append(QJsonObject {{QStringLiteral("slug"), device->slug},
                                    {QStringLiteral("claimable"), !device->projectId}});
    }
    return HttpResponse::json(
        QJsonObject {{QStringLiteral("count"), results.size()}, {QStringLiteral("results"), results}}, 202);
}

Result<HttpResponse> claim(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto deviceSlug = errors.requiredString(body, QStringLiteral("device"), 22);
    const auto projectText = errors.requiredString(body, QStringLiteral("project"), 36);
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    // The device slug must be exact here (no normalisation), as in the original.
    IOTILE_TRY(device, DeviceStore(*db).bySlug(*deviceSlug));
    if (!device)
        return Error::notFound();
    if (!projectText->startsWith(QLatin1String("p--")) && projectText->size() != 36)
        return Error::badRequest(QStringLiteral("Project is not a Valid Slug or UUID"));
    IOTILE_TRY(project, ProjectController::byUuidOrSlug(*db, *projectText));
    if (!project)
        return Error::notFound();
    IOTILE_TRY(allowed, access.can(project->orgId, Permission::ClaimDevices));
    if (!allowed)
        return Error::forbidden(QStringLiteral("No claim permissions"));
    if (device->projectId)
        return Error::badRequest(QStringLiteral("Device is not claimable"));
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_CHECK(DeviceLifecycle(*db).claim(*device, *project, ctx.account().id));
    IOTILE_CHECK(SearchIndex::refresh(*db, device->slug));
    IOTILE_CHECK(tx.commit());
    return HttpResponse::json(QJsonObject {{QStringLiteral("claimed"), true},
                                           {QStringLiteral("device"), device->slug},
                                           {QStringLiteral("project"), project->slug},
                                           {QStringLiteral("project_id"), project->uuid}},
                              202);
}

Result<HttpResponse> unclaim(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    if (!access.isStaff()) {
        bool allowed = false;
        if (device.orgId) {
            IOTILE_TRY(can, access.can(*device.orgId, Permission::ClaimDevices));
            allowed = can;
        }
        if (!allowed)
            return Error::forbidden(QStringLiteral("No unclaim permissions"));
    }
    if (device.busy())
        return busy();
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const QString label = errors.optionalString(body, QStringLiteral("label"), 100)
                              .value_or(QStringLiteral("Device (%1)").arg(device.id));
    const bool cleanStreams = errors.optionalBool(body, QStringLiteral("clean_streams")).value_or(false);
    IOTILE_CHECK(errors.status());
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_CHECK(DeviceLifecycle(*db).unclaim(device, label, cleanStreams));
    IOTILE_CHECK(SearchIndex::refresh(*db, device.slug));
    IOTILE_CHECK(tx.commit());
    return HttpResponse::json(
        QJsonObject {
            {QStringLiteral("unclaimed"), device.slug},
            {QStringLiteral("msg"), QStringLiteral("Unclaimed task was scheduled for %1").arg(device.slug)}},
        202);
}

// Beyond the original (a web form there): move a claimed device and its streams to another project.
Result<HttpResponse> move(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto projectText = errors.requiredString(body, QStringLiteral("project"), 36);
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(target, ProjectController::byUuidOrSlug(*db, *projectText));
    if (!target)
        return Error::field(QStringLiteral("project"),
                            QStringLiteral("Object with slug=%1 does not exist.").arg(*projectText));
    // Moving takes the claim right on both sides.
    for (const std::optional<qint64> &orgId : {device.orgId, std::optional<qint64>(target->orgId)}) {
        if (!orgId)
            continue;
        IOTILE_TRY(can, access.can(*orgId, Permission::ClaimDevices));
        if (!can)
            return Error::forbidden(QStringLiteral("No claim permissions"));
    }
    if (device.busy())
        return busy();
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    DeviceLifecycle lifecycle(*db);
    if (!device.projectId)
        IOTILE_CHECK(lifecycle.claim(device, *target, ctx.account().id));
    else if (*device.projectId != target->id) {
        IOTILE_CHECK(lifecycle.move(device, *target));
        IOTILE_CHECK(lifecycle.createStreams(device, *target, ctx.account().id));
    }
    IOTILE_CHECK(SearchIndex::refresh(*db, device.slug));
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, DeviceStore(*db).byId(device.id));
    return HttpResponse::json(DeviceController::deviceJson(*stored), 202);
}

Result<HttpResponse> upgrade(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto firmware = errors.requiredString(body, QStringLiteral("firmware"), 10);
    IOTILE_CHECK(errors.status());
    return HttpResponse::json(
        QJsonObject {{QStringLiteral("slug"), device.slug},
                     {QStringLiteral("msg"),
                      QStringLiteral("Device %1 firmware upgraded to %2").arg(device.slug, *firmware)}},
        202);
}

// The device status row, created on first access (as the original's).
Result<QJsonObject> statusJson(SqlConnection &db, qint64 deviceId)
{
    SqlQuery insert =
        db.query("INSERT INTO device_status (device_id) VALUES (?) ON CONFLICT (device_id) DO NOTHING");
    insert.bind(deviceId);
    IOTILE_CHECK(insert.exec());
    SqlQuery q = db.query(
        "SELECT last_report_ts, last_known_id, last_known_state, health_check_enabled, health_check_period, "
        "notification_recipients FROM device_status WHERE device_id = ?");
    q.bind(deviceId);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return Error::internal(QStringLiteral("device status row missing"));
    const std::optional<qint64> lastReport = q.optionalInt64(0);
    const bool enabled = q.boolean(3);
    const qint64 period = q.int64(4);
    QString alert = QStringLiteral("OK");
    if (!enabled)
        alert = QStringLiteral("DSBL");
    else if (!lastReport)
        alert = QStringLiteral("UNK");
    else if (isotime::now() - *lastReport > period * isotime::kMicrosPerSecond)
        alert = QStringLiteral("FAIL");
    const QJsonArray recipients = QJsonDocument::fromJson(q.text(5).toUtf8()).array();
    return QJsonObject {{QStringLiteral("alert"), alert},
                        {QStringLiteral("last_report_ts"), json::time(lastReport)},
                        {QStringLiteral("last_known_id"), double(q.int64(1))},
                        {QStringLiteral("last_known_state"), q.text(2)},
                        {QStringLiteral("health_check_enabled"), enabled},
                        {QStringLiteral("health_check_period"), double(period)},
                        {QStringLiteral("notification_recipients"), recipients}};
}

Result<HttpResponse> health(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    if (ctx.method() == Patch) {
        IOTILE_TRY(body, ctx.dataObject());
        FieldErrors errors;
        const auto enabled = errors.optionalBool(body, QStringLiteral("health_check_enabled"));
        const auto period = errors.optionalInt(body, QStringLiteral("health_check_period"));
        if (period && *period < 1)
            errors.add(QStringLiteral("health_check_period"),
                       QStringLiteral("Ensure this value is greater than or equal to 1."));
        QJsonArray recipients;
        const bool hasRecipients = body.contains(QStringLiteral("notification_recipients"));
        if (hasRecipients) {
            const QJsonValue v = body.value(QStringLiteral("notification_recipients"));
            if (!v.isArray())
                errors.add(QStringLiteral("notification_recipients"),
                           QStringLiteral("Expected a list of items."));
            for (const QJsonValue &r : v.toArray()) {
                if (!r.isString() || r.toString().size() > 64)
                    errors.add(QStringLiteral("notification_recipients"),
                               QStringLiteral("Ensure this field has no more than 64 characters."));
                recipients.append(r);
            }
        }
        IOTILE_CHECK(errors.status());
        IOTILE_TRY(current, statusJson(*db, device.id));
        SqlQuery q = db->query("UPDATE device_status SET health_check_enabled = ?, health_check_period = ?, "
                               "notification_recipients = ? WHERE device_id = ?");
        q.bind(enabled.value_or(current.value(QLatin1String("health_check_enabled")).toBool()));
        q.bind(period.value_or(qint64(current.value(QLatin1String("health_check_period")).toDouble())));
        q.bind(QString::fromUtf8(
            QJsonDocument(hasRecipients ? recipients
                                        : current.value(QLatin1String("notification_recipients")).toArray())
                .toJson(QJsonDocument::Compact)));
        q.bind(device.id);
        IOTILE_CHECK(q.exec());
        IOTILE_TRY(updated, statusJson(*db, device.id));
        return HttpResponse::json(QJsonObject {
            {QStringLiteral("health_check_enabled"), updated.value(QLatin1String("health_check_enabled"))},
            {QStringLiteral("health_check_period"), updated.value(QLatin1String("health_check_period"))},
            {QStringLiteral("notification_recipients"),
             updated.value(QLatin1String("notification_recipients"))}});
    }
    IOTILE_TRY(status, statusJson(*db, device.id));
    return HttpResponse::json(status);
}

} // namespace

Result<Device> DeviceController::accessibleDevice(RequestContext &, SqlConnection &db, Access &access,
                                                  const QString &text)
{
    const auto slug = DeviceSlug::fromLookup(text);
    if (!slug)
        return Error::notFound();
    IOTILE_TRY(device, DeviceStore(db).byId(qint64(slug->id())));
    if (!device)
        return Error::notFound();
    IOTILE_TRY(allowed, access.canAccessDevice(*device));
    if (!allowed)
        return Error::forbidden();
    return *device;
}

QJsonObject DeviceController::deviceJson(const Device &d)
{
    return QJsonObject {
        {QStringLiteral("id"), double(d.id)},
        {QStringLiteral("slug"), d.slug},
        {QStringLiteral("gid"), d.slug.mid(8)},
        {QStringLiteral("label"), d.label},
        {QStringLiteral("active"), d.active},
        {QStringLiteral("external_id"), d.externalId},
        {QStringLiteral("sg"), json::nullable(d.sgSlug)},
        {QStringLiteral("template"), json::nullable(d.templateSlug)},
        {QStringLiteral("org"), json::nullable(d.orgSlug)},
        {QStringLiteral("project"), json::nullable(d.projectUuid)},
        {QStringLiteral("lat"), d.lat ? QJsonValue(*d.lat) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("lon"), d.lon ? QJsonValue(*d.lon) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("state"), d.state},
        {QStringLiteral("busy"), d.busy()},
        {QStringLiteral("created_on"), json::time(d.createdOn)},
        {QStringLiteral("claimed_by"), json::nullable(d.claimedBySlug)},
        {QStringLiteral("claimed_on"), json::time(d.claimedOn)},
    };
}

void DeviceController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/device/"), list);
    router.add(Post, QStringLiteral("/api/v1/device/"), create);
    router.add(Post, QStringLiteral("/api/v1/device/claimable/"), claimable);
    router.add(Post, QStringLiteral("/api/v1/device/claim/"), claim);
    router.add(Get, QStringLiteral("/api/v1/device/{slug}/"), retrieve);
    router.add(Put | Patch, QStringLiteral("/api/v1/device/{slug}/"), update);
    router.add(Delete, QStringLiteral("/api/v1/device/{slug}/"), destroy);
    router.add(Post, QStringLiteral("/api/v1/device/{slug}/unclaim/"), unclaim);
    router.add(Post, QStringLiteral("/api/v1/device/{slug}/move/"), move);
    router.add(Post, QStringLiteral("/api/v1/device/{slug}/upgrade/"), upgrade);
    router.add(Get | Patch, QStringLiteral("/api/v1/device/{slug}/health/"), health);
    router.add(Get, QStringLiteral("/api/v1/device/{slug}/status/"), health);
}

} // namespace iotile
