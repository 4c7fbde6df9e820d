#include "server/api/datatarget.h"

#include "common/slug/blockslug.h"
#include "common/slug/deviceslug.h"
#include "common/slug/streamslug.h"
#include "common/slug/variableslug.h"
#include "server/api/streamcontroller.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/http/requestcontext.h"
#include "server/ingest/streamresolver.h"
#include "server/store/aliasstore.h"
#include "server/store/database.h"
#include "server/store/datablockstore.h"
#include "server/store/datamaskstore.h"
#include "server/store/devicestore.h"
#include "server/store/variablestore.h"

namespace iotile {

namespace {

Result<bool> allowed(Access &access, const std::optional<qint64> &orgId, Permission permission)
{
    if (access.isStaff())
        return true;
    if (!orgId)
        return false;
    return access.can(*orgId, permission);
}

Status useKeys(DataTarget &t, StreamDataStore &store, const QString &pattern)
{
    IOTILE_TRY(keys, store.keysLike(pattern));
    t.selector.slugPattern = pattern;
    for (const auto &[key, slug] : keys)
        t.slugs.insert(key, slug);
    t.empty = keys.isEmpty();
    return Ok {};
}

} // namespace

Result<DataTarget> DataTarget::fromFilter(RequestContext &ctx, SqlConnection &mainDb, SqlConnection &dataDb,
                                          Access &access, const QString &filter, Permission permission)
{
    DataTarget t;
    StreamDataStore store(dataDb);
    if (filter.startsWith(QLatin1String("s--"))) {
        const auto slug = StreamSlug::fromLookup(filter);
        if (!slug)
            return Error::badRequest(QStringLiteral("Bad Request: Illegal filter/target string"));
        IOTILE_TRY(stream, ctx.server().streams().resolve(mainDb, *slug));
        // The stream's org; without a stream id the device's, for a virtual stream the project's.
        std::optional<qint64> org = stream->meta ? stream->meta->orgId : std::nullopt;
        if (!stream->meta)
            org = stream->deviceExists ? stream->deviceOrgId : stream->projectOrgId;
        IOTILE_TRY(ok, allowed(access, org, permission));
        if (!ok)
            return t;
        IOTILE_TRY(key, store.keyForRead(stream->text));
        if (!key)
            return t;
        t.empty = false;
        t.selector.key = *key;
        t.slugs.insert(*key, stream->text);
        t.stream = stream;
        if (stream->deviceId)
            t.maskTarget = stream->isBlock ? slug->block()->toString()
                                           : DeviceSlug(quint64(*stream->deviceId)).toString();
        return t;
    }
    if (filter.startsWith(QLatin1String("d--")) || filter.startsWith(QLatin1String("b--"))) {
        const bool block = filter.startsWith(QLatin1String("b--"));
        std::optional<quint64> group;
        std::optional<qint64> deviceId;
        if (block) {
            const auto b = BlockSlug::parse(QStringView(filter));
            if (!b)
                return t;
            // A block is read with its own org's permission (its device may have moved on since).
            IOTILE_TRY(row, DataBlockStore(mainDb).bySlug(b->toString()));
            if (!row)
                return t;
            IOTILE_TRY(ok, allowed(access, row->orgId, permission));
            if (!ok)
                return t;
            t.maskTarget = b->toString();
            IOTILE_CHECK(useKeys(t, store, QStringLiteral("s--%--") + b->gid() + QStringLiteral("--%")));
            return t;
        } else {
            const auto d = DeviceSlug::fromLookup(filter);
            if (!d)
                return t;
            group = d->id();
            deviceId = qint64(d->id());
            t.maskTarget = d->toString();
        }
        IOTILE_TRY(device, DeviceStore(mainDb).byId(*deviceId));
        if (!device)
            return t;
        IOTILE_TRY(ok, allowed(access, device->orgId, permission));
        if (!ok)
            return t;
        const QString groupText = BlockSlug::fromDeviceGroup(*group).gid();
        IOTILE_CHECK(useKeys(t, store, QStringLiteral("s--%--") + groupText + QStringLiteral("--%")));
        return t;
    }
    if (filter.startsWith(QLatin1String("v--"))) {
        const auto slug = VariableSlug::fromLookup(filter);
        if (!slug)
            return t;
        IOTILE_TRY(variable, VariableStore(mainDb).bySlug(slug->toString()));
        if (!variable)
            return t;
        IOTILE_TRY(ok, allowed(access, variable->orgId, permission));
        if (!ok)
            return t;
        const QString projectPart = slug->project().toString().mid(3);
        IOTILE_CHECK(useKeys(t, store, QStringLiteral("s--%1--%--%2").arg(projectPart, slug->lidHex())));
        return t;
    }
    if (filter.startsWith(QLatin1String("a--")))
        return fromAlias(mainDb, dataDb, access, filter, permission);
    return t; // p--, g-- and anything else: nothing, as in the original
}

// Stream aliases (data blocks & aliases feature): the union of the taps' slices, in time order.
Result<DataTarget> DataTarget::fromAlias(SqlConnection &mainDb, SqlConnection &dataDb, Access &access,
                                         const QString &filter, Permission permission)
{
    DataTarget t;
    AliasStore aliases(mainDb);
    IOTILE_TRY(alias, aliases.bySlug(filter));
    if (!alias)
        return t;
    IOTILE_TRY(ok, allowed(access, alias->orgId, permission));
    if (!ok)
        return t;
    IOTILE_TRY(taps, aliases.tapsOf(alias->id));
    StreamDataStore store(dataDb);
    for (qsizetype i = 0; i < taps.size(); ++i) {
        IOTILE_TRY(key, store.keyForRead(taps[i].streamSlug));
        if (!key)
            continue; // no data: the slice reads nothing, the next tap still starts where it says
        KeySlice slice;
        slice.key = *key;
        slice.start = taps[i].timestamp;
        if (i + 1 < taps.size())
            slice.end = taps[i + 1].timestamp;
        t.selector.slices.push_back(slice);
        t.slugs.insert(*key, taps[i].streamSlug);
    }
    t.empty = t.selector.slices.empty();
    return t;
}

Result<DataTarget> DataTarget::fromStream(RequestContext &ctx, SqlConnection &mainDb, SqlConnection &dataDb,
                                          Access &access, const QString &slugText)
{
    IOTILE_TRY(stream, StreamController::readableStream(mainDb, access, slugText));
    const auto slug = StreamSlug::parse(QStringView(stream.slug));
    if (!slug)
        return Error::notFound();
    DataTarget t;
    IOTILE_TRY(resolved, ctx.server().streams().resolve(mainDb, *slug));
    t.stream = resolved;
    if (resolved->deviceId)
        t.maskTarget = resolved->isBlock ? slug->block()->toString()
                                         : DeviceSlug(quint64(*resolved->deviceId)).toString();
    IOTILE_TRY(key, StreamDataStore(dataDb).keyForRead(stream.slug));
    if (!key)
        return t;
    t.empty = false;
    t.selector.key = *key;
    t.slugs.insert(*key, stream.slug);
    return t;
}

Status DataTarget::applyMask(SqlConnection &mainDb)
{
    if (maskTarget.isEmpty())
        return Ok {};
    IOTILE_TRY(mask, DataMaskStore(mainDb).of(maskTarget));
    if (!mask)
        return Ok {};
    maskStart = mask->start;
    maskEnd = mask->end;
    if (mask->start)
        selector.start = selector.start ? std::max(*selector.start, *mask->start) : *mask->start;
    if (mask->end)
        selector.end = selector.end ? std::min(*selector.end, *mask->end) : *mask->end;
    return Ok {};
}

} // namespace iotile
