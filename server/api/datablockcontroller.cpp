#include "server/api/datablockcontroller.h"

#include "common/slug/blockslug.h"
#include "common/slug/deviceslug.h"
#include "common/util/isotime.h"
#include "server/api/jsonutil.h"
#include "server/api/propertycontroller.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/datablock.h"
#include "server/domain/device.h"
#include "server/domain/property.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/ingest/streamresolver.h"
#include "server/store/database.h"
#include "server/store/datablockstore.h"
#include "server/store/datamaskstore.h"
#include "server/store/devicestore.h"
#include "server/store/orgstore.h"
#include "server/store/propertystore.h"
#include "server/store/streamdatastore.h"
#include "server/store/streameventstore.h"
#include "server/store/streamstore.h"
#include "server/worker/jobqueue.h"

#include <QJsonArray>
#include <QSet>

namespace iotile {

namespace {

constexpr int kMaxBlock = 0xFFFF; // the block number is the top 16 bits of a stream slug's device group

Error restricted()
{
    return Error(ErrorKind::Forbidden,
                 QJsonObject {{QStringLiteral("error"), QStringLiteral("Restricted Access. Contact Arch")}});
}

// DataBlockUpdateSerializer's fields: what PUT/PATCH answer.
QJsonObject updateJson(const DataBlock &b)
{
    return QJsonObject {{QStringLiteral("title"), b.title},
                        {QStringLiteral("description"), b.description},
                        {QStringLiteral("slug"), b.slug},
                        {QStringLiteral("block"), b.block},
                        {QStringLiteral("org"), json::nullable(b.orgSlug)},
                        {QStringLiteral("sg"), json::nullable(b.sgSlug)}};
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    DataBlockStore::ListQuery query;
    query.all = ctx.staffMode();
    const QString orgSlug = ctx.queryValue(QStringLiteral("org"));
    if (!orgSlug.isEmpty()) {
        IOTILE_TRY(org, OrgStore(*db).bySlug(orgSlug));
        if (!org)
            return Error::notFound();
        query.orgId = org->id;
    }
    if (const QString device = ctx.queryValue(QStringLiteral("device")); !device.isEmpty()) {
        IOTILE_TRY(found, DeviceStore(*db).bySlug(device));
        if (!found)
            return Error::notFound();
        query.deviceId = found->id;
    }
    if (ctx.hasQuery(QStringLiteral("q"))) {
        // The original searched its Elasticsearch index within one org; here: words of title,
        // description and slug.
        if (orgSlug.isEmpty())
            return Error::bareList(QStringLiteral("Org argument (org=) is needed for search"));
        query.search = ctx.queryValue(QStringLiteral("q"));
    }
    DataBlockStore store(*db);
    IOTILE_TRY(count, store.count(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(rows, store.list(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const DataBlock &b : rows)
        results.append(DataBlockController::blockJson(b));
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> create(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto title = errors.requiredString(body, QStringLiteral("title"), 100);
    if (title && title->trimmed().isEmpty())
        errors.add(QStringLiteral("title"), QStringLiteral("This field may not be blank."));
    const QString description =
        errors.optionalString(body, QStringLiteral("description")).value_or(QString());
    const auto deviceSlug = errors.requiredString(body, QStringLiteral("device"));
    IOTILE_TRY(db, ctx.db());
    std::optional<Device> device;
    if (deviceSlug) {
        IOTILE_TRY(found, DeviceStore(*db).bySlug(*deviceSlug));
        if (!found)
            errors.add(QStringLiteral("device"),
                       QStringLiteral("Object with slug=%1 does not exist.").arg(*deviceSlug));
        device = found;
    }
    const QJsonValue onComplete = body.value(QStringLiteral("on_complete"));
    if (!onComplete.isUndefined() && !onComplete.isNull() && !onComplete.isObject())
        errors.add(QStringLiteral("on_complete"), QStringLiteral("Value must be valid JSON."));
    IOTILE_CHECK(errors.status());

    Access access(ctx.user().get(), *db);
    IOTILE_TRY(canAccess, access.canAccessDevice(*device));
    bool allowed = canAccess && device->orgId;
    if (allowed) {
        IOTILE_TRY(can, access.can(*device->orgId, Permission::CreateDatablock));
        allowed = can;
    }
    if (!allowed)
        return Error::forbidden(QStringLiteral("No permission to create data blocks"));
    if (device->busy())
        return Error::forbidden(QStringLiteral("Device is busy. Operation cannot be completed at this time"));

    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    DataBlockStore store(*db);
    IOTILE_TRY(number, store.reserveNumber(device->id));
    if (number > kMaxBlock)
        return Error::badRequest(QStringLiteral("Device has no data block numbers left"));
    DataBlock block;
    block.slug = BlockSlug(DeviceSlug(quint64(device->id)), quint16(number)).toString();
    block.title = title->trimmed();
    block.description = description;
    block.deviceId = device->id;
    block.block = number;
    block.orgId = device->orgId;
    block.createdOn = isotime::now();
    block.createdBy = ctx.account().id;
    IOTILE_TRY(created, store.create(block));
    // Busy archiving until the job is done: no other reset, archive or move meanwhile.
    Device busy = *device;
    busy.state = QStringLiteral("B1");
    IOTILE_CHECK(DeviceStore(*db).update(busy));
    QJsonObject args {{QStringLiteral("data_block_slug"), created.slug}};
    if (onComplete.isObject())
        args.insert(QStringLiteral("on_complete"), onComplete);
    EnqueueOptions options;
    options.createdBy = ctx.account().id;
    IOTILE_TRY(job, JobQueue::enqueue(*db, QStringLiteral("ArchiveDeviceDataAction"), args, options));
    IOTILE_CHECK(tx.commit());
    IOTILE_TRY(stored, store.byId(created.id));
    return HttpResponse::json(DataBlockController::blockJson(*stored, QStringLiteral("pid:%1").arg(job)),
                              201);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(block, DataBlockController::accessibleBlock(*db, access, ctx.capture(0)));
    return HttpResponse::json(DataBlockController::blockJson(block));
}

Result<HttpResponse> update(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(block, DataBlockController::accessibleBlock(*db, access, ctx.capture(0)));
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    // Only title and description are writable; device and block are ignored, as in the original.
    const auto title = ctx.method() == Put ? errors.requiredString(body, QStringLiteral("title"), 100)
                                           : errors.optionalString(body, QStringLiteral("title"), 100);
    if (title && title->trimmed().isEmpty())
        errors.add(QStringLiteral("title"), QStringLiteral("This field may not be blank."));
    const auto description = errors.optionalString(body, QStringLiteral("description"));
    IOTILE_CHECK(errors.status());
    if (title)
        block.title = title->trimmed();
    if (description)
        block.description = *description;
    IOTILE_CHECK(DataBlockStore(*db).update(block));
    return HttpResponse::json(updateJson(block));
}

Result<HttpResponse> destroy(RequestContext &ctx)
{
    if (!ctx.isStaff())
        return restricted();
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(block, DataBlockController::accessibleBlock(*db, access, ctx.capture(0)));
    // The block is gone at once; its streams, metadata, data and events go in the background (the
    // original's direct delete left them behind).
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_CHECK(DataBlockStore(*db).remove(block.id));
    QJsonObject args {{QStringLiteral("block_slug"), block.slug},
                      {QStringLiteral("user"), ctx.account().slug},
                      {QStringLiteral("title"), block.title}};
    if (!block.orgSlug.isEmpty())
        args.insert(QStringLiteral("org"), block.orgSlug);
    EnqueueOptions options;
    options.createdBy = ctx.account().id;
    IOTILE_TRY(job, JobQueue::enqueue(*db, QStringLiteral("DataBlockDeleteAction"), args, options));
    (void)job;
    IOTILE_CHECK(tx.commit());
    return HttpResponse::noContent();
}

QJsonObject maskJson(const DataMask &m)
{
    const auto bound = [](const std::optional<qint64> &t) {
        return t ? QJsonValue(isotime::toString(*t, isotime::Style::Seconds)) : QJsonValue(QJsonValue::Null);
    };
    return QJsonObject {{QStringLiteral("start"), bound(m.start)}, {QStringLiteral("end"), bound(m.end)}};
}

// datablock/<slug>/mask/: as device/<slug>/mask/ (the original shares mask_api_helper); a block is never
// busy.
Result<HttpResponse> mask(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(block, DataBlockController::accessibleBlock(*db, access, ctx.capture(0)));
    DataMaskStore store(*db);
    if (ctx.method() == Get) {
        IOTILE_TRY(current, store.of(block.slug));
        return HttpResponse::json(maskJson(current.value_or(DataMask {})));
    }
    bool allowed = access.isStaff();
    if (!allowed && block.orgId) {
        IOTILE_TRY(can, access.can(*block.orgId, Permission::ResetDevice));
        allowed = can;
    }
    if (!allowed)
        return Error::forbidden();
    if (ctx.method() == Delete) {
        IOTILE_CHECK(store.clear(block.slug));
        return HttpResponse::noContent();
    }
    IOTILE_TRY(body, ctx.dataObject());
    DataMask m;
    QJsonObject errors;
    for (const auto &[name, member] : {std::pair {QStringLiteral("start"), &DataMask::start},
                                       std::pair {QStringLiteral("end"), &DataMask::end}}) {
        const QJsonValue v = body.value(name);
        if (v.isUndefined() || v.isNull())
            continue;
        const auto t = isotime::parse(v.toString());
        if (!t)
            errors.insert(name, QJsonArray {QStringLiteral("Datetime has wrong format.")});
        else
            m.*member = *t;
    }
    if (!errors.isEmpty())
        return Error::fields(errors);
    if (!m.start && !m.end)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("At least one of start/end should be defined"));
    if (m.start && m.end && *m.start > *m.end)
        return Error::field(QStringLiteral("non_field_errors"), QStringLiteral("Start is after end"));
    IOTILE_CHECK(store.set(block.slug, m, ctx.account().id));
    QJsonObject reply = maskJson(m);
    reply.insert(QStringLiteral("events"), QJsonArray {});
    reply.insert(QStringLiteral("data"), QJsonArray {});
    return HttpResponse::json(reply, 202);
}

// datablock/<slug>/extra/: the block with its data and event counts per stream.
Result<HttpResponse> extra(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(block, DataBlockController::accessibleBlock(*db, access, ctx.capture(0)));
    const auto slug = BlockSlug::parse(QStringView(block.slug));
    if (!slug)
        return Error::notFound();
    IOTILE_TRY(dataDb, ctx.server().dataDb().connection());
    StreamDataStore data(*dataDb);
    StreamEventStore events(*dataDb);
    IOTILE_TRY(keys, data.keysLike(QStringLiteral("s--%--") + slug->gid() + QStringLiteral("--%")));
    IOTILE_TRY(streams, StreamStore(*db).ofDevice(block.deviceId));
    QSet<QString> withStreamId;
    for (const Stream &s : streams)
        if (s.blockId == qint64(slug->deviceGroup()))
            withStreamId.insert(s.slug);
    QJsonObject counts;
    for (const auto &[key, streamSlug] : keys) {
        DataSelector one;
        one.key = key;
        IOTILE_TRY(points, data.count(one, std::nullopt));
        IOTILE_TRY(n, events.count(one, std::nullopt, true));
        if (points == 0 && n == 0)
            continue;
        QJsonObject entry;
        if (points)
            entry.insert(QStringLiteral("data_cnt"), double(points));
        if (n)
            entry.insert(QStringLiteral("event_cnt"), double(n));
        entry.insert(QStringLiteral("has_streamid"), withStreamId.contains(streamSlug));
        counts.insert(streamSlug, entry);
    }
    return HttpResponse::json(QJsonObject {{QStringLiteral("id"), double(block.id)},
                                           {QStringLiteral("slug"), block.slug},
                                           {QStringLiteral("title"), block.title},
                                           {QStringLiteral("description"), block.description},
                                           {QStringLiteral("created_on"), json::time(block.createdOn)},
                                           {QStringLiteral("stream_counts"), counts}});
}

// datablock/<slug>/properties/ (the original's property mixin): the block's properties.
Result<HttpResponse> properties(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(block, DataBlockController::accessibleBlock(*db, access, ctx.capture(0)));
    if (!access.isStaff() && block.orgId) {
        IOTILE_TRY(can, access.can(*block.orgId, Permission::ReadDeviceProperties));
        if (!can)
            return Error::forbidden(QStringLiteral("User has no access to read properties"));
    }
    IOTILE_TRY(rows, PropertyStore(*db).list(block.slug));
    QJsonArray results;
    for (const Property &p : rows)
        results.append(PropertyController::propertyJson(p));
    return HttpResponse::json(results);
}

} // namespace

Result<DataBlock> DataBlockController::accessibleBlock(SqlConnection &db, Access &access, const QString &slug)
{
    IOTILE_TRY(block, DataBlockStore(db).bySlug(slug));
    if (!block)
        return Error::notFound();
    bool allowed = access.isStaff();
    if (!allowed && block->orgId) {
        IOTILE_TRY(can, access.can(*block->orgId, Permission::AccessDatablock));
        allowed = can;
    }
    if (!allowed)
        return Error::forbidden();
    return *block;
}

QJsonObject DataBlockController::blockJson(const DataBlock &b, const QString &pid)
{
    return QJsonObject {{QStringLiteral("id"), double(b.id)},
                        {QStringLiteral("slug"), b.slug},
                        {QStringLiteral("title"), b.title},
                        {QStringLiteral("description"), b.description},
                        {QStringLiteral("block"), b.block},
                        {QStringLiteral("org"), json::nullable(b.orgSlug)},
                        {QStringLiteral("sg"), json::nullable(b.sgSlug)},
                        {QStringLiteral("created_on"), json::time(b.createdOn)},
                        {QStringLiteral("created_by"), json::nullable(b.createdBySlug)},
                        {QStringLiteral("pid"), pid}};
}

void DataBlockController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/datablock/"), list);
    router.add(Post, QStringLiteral("/api/v1/datablock/"), create);
    router.add(Get, QStringLiteral("/api/v1/datablock/{slug}/"), retrieve);
    router.add(Put | Patch, QStringLiteral("/api/v1/datablock/{slug}/"), update);
    router.add(Delete, QStringLiteral("/api/v1/datablock/{slug}/"), destroy);
    router.add(Get | Patch | Delete, QStringLiteral("/api/v1/datablock/{slug}/mask/"), mask);
    router.add(Get, QStringLiteral("/api/v1/datablock/{slug}/extra/"), extra);
    router.add(Get, QStringLiteral("/api/v1/datablock/{slug}/properties/"), properties);
}

} // namespace iotile
