#include "server/api/productioncontroller.h"

#include "common/slug/deviceslug.h"
#include "server/api/devicecontroller.h"
#include "server/api/jsonutil.h"
#include "server/domain/access.h"
#include "server/domain/apikeys.h"
#include "server/domain/device.h"
#include "server/domain/sensorgraph.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/devicekeystore.h"
#include "server/store/devicestore.h"
#include "server/store/orgstore.h"
#include "server/store/productionstore.h"
#include "server/store/sensorgraphstore.h"

#include <QJsonArray>

#include <cmath>

namespace iotile {

namespace {

// The sensor graphs of virtual devices (the original's AVAILABLE_SENSOR_GRAPH).
const QStringList kVirtualSensorGraphs = {
    QStringLiteral("edge-v1-0-0"),
    QStringLiteral("broker-worker-v1-0-0"),
    QStringLiteral("connector-smt-generic-machine-v1-0-0"),
    QStringLiteral("connector-smt-generic-insp-v1-0-0"),
    QStringLiteral("connector-smt-generic-pnp-v1-0-0"),
    QStringLiteral("forwarder-generic-v1-0-0"),
};
constexpr qint64 kMaxVirtual = 1;

// The org of the request's API key: this view takes nothing else (401 anonymous, 403 for a user).
Result<qint64> keyOrg(RequestContext &ctx)
{
    IOTILE_TRY(org, ApiKeys::orgOfRequest(ctx));
    if (org)
        return *org;
    if (ctx.isAuthenticated())
        return Error::forbidden();
    return Error::unauthorized();
}

Result<QJsonObject> productionJson(SqlConnection &db, const Device &d, bool withKeys)
{
    QJsonObject o {{QStringLiteral("id"), double(d.id)},
                   {QStringLiteral("slug"), d.slug},
                   {QStringLiteral("gid"), d.slug.mid(8)},
                   {QStringLiteral("created_on"), json::time(d.createdOn)},
                   {QStringLiteral("template"), json::nullable(d.templateSlug)},
                   {QStringLiteral("sg"), json::nullable(d.sgSlug)},
                   // Who claimed it stays confidential to the org: only whether it is claimed.
                   {QStringLiteral("claimed"), d.projectId.has_value()}};
    if (withKeys) {
        IOTILE_TRY(keys, DeviceKeyStore(db).downloadableOf(d.id));
        QJsonArray list;
        for (const DeviceKey &k : keys)
            list.append(QJsonObject {{QStringLiteral("type"), k.type}, {QStringLiteral("secret"), k.secret}});
        o.insert(QStringLiteral("keys"), list);
    }
    return o;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(orgId, keyOrg(ctx));
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::large()));
    DeviceStore::ListQuery query;
    query.all = true; // scoped by the key's org below, inactive devices included
    query.orgId = orgId;
    if (const QString dt = ctx.queryValue(QStringLiteral("dt")); !dt.isEmpty()) {
        IOTILE_TRY(id, ProductionStore(*db).deviceTemplateId(dt));
        if (!id)
            return Error::notFound();
        query.templateId = id;
    }
    if (const QString sg = ctx.queryValue(QStringLiteral("sg")); !sg.isEmpty()) {
        IOTILE_TRY(found, SensorGraphStore(*db).bySlug(sg));
        if (!found)
            return Error::notFound();
        query.sgId = found->id;
    }
    // As on device/: any value of ?claimed= keeps the claimed devices only.
    query.claimedOnly = ctx.hasQuery(QStringLiteral("claimed"));
    if (const QString orgSlug = ctx.queryValue(QStringLiteral("org__slug")); !orgSlug.isEmpty()) {
        IOTILE_TRY(org, OrgStore(*db).bySlug(orgSlug));
        if (!org || org->id != orgId)
            query.impossible = true;
    }
    const bool withKeys = ctx.queryValue(QStringLiteral("keys")) == QLatin1String("1");
    Access nobody(nullptr, *db);
    DeviceStore store(*db);
    IOTILE_TRY(count, store.count(query, nobody));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, nobody, page.offset(), page.limit()));
    QJsonArray results;
    for (const Device &d : rows) {
        IOTILE_TRY(o, productionJson(*db, d, withKeys));
        results.append(o);
    }
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(orgId, keyOrg(ctx));
    IOTILE_TRY(db, ctx.db());
    // "d--X" is padded to a full device slug, anything else must be exact.
    QString slug = ctx.capture(0);
    if (slug.startsWith(QLatin1String("d--")) && slug.count(QStringLiteral("--")) == 1)
        if (const auto parsed = DeviceSlug::fromLookup(slug))
            slug = parsed->toString();
    IOTILE_TRY(device, DeviceStore(*db).bySlug(slug));
    if (!device)
        return Error::notFound();
    if (!device->orgId || *device->orgId != orgId)
        return Error::forbidden();
    IOTILE_TRY(o, productionJson(*db, *device, ctx.queryValue(QStringLiteral("keys")) == QLatin1String("1")));
    return HttpResponse::json(o);
}

Result<HttpResponse> createVirtual(RequestContext &ctx)
{
    IOTILE_TRY(orgId, keyOrg(ctx));
    IOTILE_TRY(body, ctx.dataObject());
    // The original's int(request.data.get("qty", 1)).
    qint64 qty = 1;
    if (body.contains(QStringLiteral("qty"))) {
        const QJsonValue v = body.value(QStringLiteral("qty"));
        bool ok = true;
        if (v.isDouble())
            qty = qint64(std::trunc(v.toDouble()));
        else if (v.isBool())
            qty = v.toBool() ? 1 : 0;
        else if (v.isString())
            qty = v.toString().trimmed().toLongLong(&ok);
        else
            ok = false;
        if (!ok)
            return Error(ErrorKind::BadRequest,
                         QJsonObject {{QStringLiteral("error"),
                                       QStringLiteral("If provided, qty must be an integer.")}});
    }
    if (qty < 1 || qty > kMaxVirtual)
        return Error(ErrorKind::BadRequest,
                     QJsonObject {{QStringLiteral("error"),
                                   QStringLiteral("Integer must be between 1 and %1.").arg(kMaxVirtual)}});
    IOTILE_TRY(db, ctx.db());
    QJsonObject errors;
    const auto missing = [&](const char *field) {
        errors.insert(QLatin1String(field), QJsonArray {QStringLiteral("This field is required.")});
    };
    const auto unknown = [&](const char *field, const QString &slug) {
        errors.insert(QLatin1String(field),
                      QJsonArray {QStringLiteral("Object with slug=%1 does not exist.").arg(slug)});
    };
    std::optional<SensorGraph> sg;
    const QString sgSlug = body.value(QStringLiteral("sg")).toString();
    if (!body.contains(QStringLiteral("sg")))
        missing("sg");
    else if (kVirtualSensorGraphs.contains(sgSlug)) {
        IOTILE_TRY(found, SensorGraphStore(*db).bySlug(sgSlug));
        sg = found;
    }
    if (body.contains(QStringLiteral("sg")) && !sg)
        unknown("sg", sgSlug);
    // The user the devices are created and claimed by: an active staff account.
    std::optional<Account> user;
    const QString userSlug = body.value(QStringLiteral("user")).toString();
    if (!body.contains(QStringLiteral("user")))
        missing("user");
    else {
        IOTILE_TRY(found, AccountStore(*db).bySlug(userSlug));
        if (found && found->isActive && found->isStaff)
            user = found;
        else
            unknown("user", userSlug);
    }
    if (!errors.isEmpty())
        return Error(ErrorKind::BadRequest, QJsonArray {errors}); // a list serializer: one entry per device
    IOTILE_TRY(templateId,
               ProductionStore(*db).deviceTemplateId(QStringLiteral("generic-virtual-device-v1-0-0")));
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    DeviceStore store(*db);
    QJsonArray created;
    for (qint64 i = 0; i < qty; ++i) {
        Device d;
        IOTILE_TRY(id, store.nextId());
        d.id = id;
        d.sgId = sg->id;
        d.templateId = templateId;
        d.orgId = orgId;
        d.createdBy = user->id;
        d.claimedBy = user->id;
        IOTILE_TRY(inserted, store.create(d));
        IOTILE_TRY(stored, store.byId(inserted.id));
        created.append(DeviceController::deviceJson(*stored));
    }
    IOTILE_CHECK(tx.commit());
    return HttpResponse::json(created, 201);
}

} // namespace

void ProductionController::registerRoutes(Router &router, ServerContext &)
{
    // Auth::Optional: API-key callers are anonymous to the authenticator; keyOrg() decides.
    router.add(Get, QStringLiteral("/api/v1/production/device/"), list, Auth::Optional);
    router.add(Post, QStringLiteral("/api/v1/production/device/create_virtual/"), createVirtual,
               Auth::Optional);
    router.add(Get, QStringLiteral("/api/v1/production/device/{slug}/"), retrieve, Auth::Optional);
}

} // namespace iotile
