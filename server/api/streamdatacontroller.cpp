#include "server/api/streamdatacontroller.h"

#include "common/units/displayvalue.h"
#include "common/util/jsonwriter.h"
#include "server/api/datacontroller.h"
#include "server/api/dataexport.h"
#include "server/api/datatarget.h"
#include "server/api/devicecontroller.h"
#include "server/api/unitjson.h"
#include "server/api/validation.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/device.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/ingest/streamresolver.h"
#include "server/store/database.h"
#include "server/store/datamaskstore.h"
#include "server/store/streamdatastore.h"

#include <QJsonArray>

#include <cmath>

namespace iotile {

namespace {

constexpr qint64 kMaxBuckets = 100000;

std::optional<double> outputOf(const ResolvedStream &s, std::optional<double> value)
{
    if (!value)
        return std::nullopt;
    return s.outputMdo ? s.outputMdo->compute(*value) : *value;
}

// The original's display_value: the output value with the variable's decimal places; rows stored the
// old way (int_value only, or a value of 0) go through the legacy input path first.
QString displayOf(const ResolvedStream &s, const DataPoint &p)
{
    std::optional<double> out;
    if (p.value && *p.value != 0.0) {
        out = outputOf(s, p.value);
    } else if (p.intValue) {
        const auto in = ValueConverter::legacyInputValue(*p.intValue, s.mdoType, s.variableFactors,
                                                         s.streamFactors, s.inputMdo);
        out = outputOf(s, in);
    } else {
        out = outputOf(s, p.value);
    }
    if (out)
        return DisplayValue::format(out, s.decimalPlaces);
    return p.intValue ? QString::number(*p.intValue) : QStringLiteral("None");
}

Result<HttpResponse> streamData(RequestContext &ctx)
{
    IOTILE_TRY(mainDb, ctx.db());
    IOTILE_TRY(dataDb, ctx.server().dataDb().connection());
    Access access(ctx.user().get(), *mainDb);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::large()));
    DataSelector range;
    std::optional<qint64> lastn;
    IOTILE_CHECK(DataController::readRangeFilters(ctx, range, lastn, true));
    IOTILE_TRY(target, DataTarget::fromStream(ctx, *mainDb, *dataDb, access, ctx.capture(0)));
    // The data mask always applies here.
    IOTILE_CHECK(target.applyMask(*mainDb));
    DataSelector selector = range;
    selector.key = target.selector.key;
    if (target.selector.start)
        selector.start =
            range.start ? std::max(*range.start, *target.selector.start) : *target.selector.start;
    if (target.selector.end)
        selector.end = range.end ? std::min(*range.end, *target.selector.end) : *target.selector.end;
    StreamDataStore store(*dataDb);
    std::vector<DataPoint> rows;
    IOTILE_TRY(count,
               DataController::readPage(store, selector, lastn, StreamDataStore::Order::TimeAscending, page,
                                        target.empty, rows));
    const ResolvedStream &s = *target.stream;
    QByteArray body = page.envelopeHead(ctx, count);
    body.reserve(body.size() + qsizetype(rows.size()) * 160 + 2);
    JsonWriter w(body);
    w.beginArray();
    for (const DataPoint &p : rows) {
        w.beginObject();
        w.key("type").valueLatin1(pointTypeName(p.type));
        w.key("timestamp").time(p.ts, isotime::Style::Seconds);
        w.key("int_value").optional(p.intValue);
        w.key("value").optional(p.value);
        w.key("display_value").value(displayOf(s, p));
        w.key("output_value").optional(outputOf(s, p.value));
        w.key("streamer_local_id").value(p.seq);
        w.endObject();
    }
    w.endArray();
    body.append('}');
    return HttpResponse::rawJson(std::move(body));
}

std::optional<qint64> parseInterval(const QString &text)
{
    if (text.isEmpty())
        return std::nullopt;
    qint64 unit = 1;
    QString number = text;
    const QChar last = text.back();
    if (last == QLatin1Char('s') || last == QLatin1Char('m') || last == QLatin1Char('h')
        || last == QLatin1Char('d') || last == QLatin1Char('w')) {
        unit = last == QLatin1Char('s') ? 1
            : last == QLatin1Char('m')  ? 60
            : last == QLatin1Char('h')  ? 3600
            : last == QLatin1Char('d')  ? 86400
                                        : 604800;
        number.chop(1);
    }
    bool ok = false;
    const qint64 n = number.toLongLong(&ok);
    if (!ok || n <= 0 || n > 100 * 365 * 86400LL / unit)
        return std::nullopt;
    return n * unit * isotime::kMicrosPerSecond;
}

Result<HttpResponse> aggregate(RequestContext &ctx)
{
    IOTILE_TRY(mainDb, ctx.db());
    IOTILE_TRY(dataDb, ctx.server().dataDb().connection());
    Access access(ctx.user().get(), *mainDb);
    const QString intervalText = ctx.queryValue(QStringLiteral("interval"));
    const auto interval = parseInterval(intervalText);
    if (!interval)
        return Error::field(
            QStringLiteral("interval"),
            QStringLiteral(
                "Use a number of seconds or a duration like 30s, 1m, 5m, 1h, 1d (at least one second)."));
    static const QStringList kFunctions = {QStringLiteral("avg"), QStringLiteral("min"),
                                           QStringLiteral("max"), QStringLiteral("count"),
                                           QStringLiteral("sum")};
    QStringList functions = ctx.queryValue(QStringLiteral("fn")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (functions.isEmpty())
        functions = {QStringLiteral("avg"), QStringLiteral("min"), QStringLiteral("max"),
                     QStringLiteral("count")};
    for (const QString &f : functions)
        if (!kFunctions.contains(f))
            return Error::field(QStringLiteral("fn"),
                                QStringLiteral("\"%1\" is not one of avg, min, max, count, sum.").arg(f));
    DataSelector range;
    std::optional<qint64> lastn;
    IOTILE_CHECK(DataController::readRangeFilters(ctx, range, lastn, true));
    IOTILE_TRY(target, DataTarget::fromStream(ctx, *mainDb, *dataDb, access, ctx.capture(0)));
    if (ctx.queryFlag(QStringLiteral("mask")))
        IOTILE_CHECK(target.applyMask(*mainDb));
    const ResolvedStream &s = *target.stream;
    StreamDataStore store(*dataDb);
    std::optional<qint64> start = range.start, end = range.end;
    if (target.selector.start)
        start = start ? std::max(*start, *target.selector.start) : *target.selector.start;
    if (target.selector.end)
        end = end ? std::min(*end, *target.selector.end) : *target.selector.end;
    std::vector<AggregateBucket> buckets;
    if (!target.empty && (!start || !end)) {
        IOTILE_TRY(extent, store.extent(*target.selector.key));
        if (extent) {
            if (!start)
                start = extent->first;
            if (!end)
                end = extent->second + 1;
        }
    }
    if (!target.empty && start && end && *start < *end) {
        if ((*end - *start) / *interval > kMaxBuckets)
            return Error::field(
                QStringLiteral("interval"),
                QStringLiteral(
                    "Too many buckets: at most %1 per request; use a longer interval or a shorter range.")
                    .arg(kMaxBuckets));
        IOTILE_TRY(rows, store.aggregate(*target.selector.key, *start, *end, *interval));
        buckets = std::move(rows);
    }
    UnitJson units(*mainDb);
    const std::optional<qint64> outputUnitId =
        s.outputUnit ? std::optional<qint64>(s.outputUnit->id) : std::nullopt;
    IOTILE_TRY(unitJson, units.unitById(outputUnitId));
    // The output MDO is linear: v' = v * m / d + o. A negative factor swaps min and max.
    const double scale = s.outputMdo ? double(s.outputMdo->m()) / double(s.outputMdo->d()) : 1.0;
    const double offset = s.outputMdo && s.outputMdo->o() ? *s.outputMdo->o() : 0.0;
    QByteArray body;
    JsonWriter w(body);
    w.beginObject();
    w.key("stream").value(s.text);
    w.key("interval").value(intervalText);
    w.key("interval_seconds").value(*interval / isotime::kMicrosPerSecond);
    start ? w.key("start").time(*start) : w.key("start").null();
    end ? w.key("end").time(*end) : w.key("end").null();
    w.key("output_unit").raw(toJsonText(unitJson));
    w.key("results").beginArray();
    for (const AggregateBucket &b : buckets) {
        w.beginObject();
        w.key("timestamp").time(b.start);
        for (const QString &f : functions) {
            if (f == QLatin1String("count"))
                w.key("count").value(b.count);
            else if (f == QLatin1String("avg"))
                w.key("avg").value(b.sum / double(b.count) * scale + offset);
            else if (f == QLatin1String("min"))
                w.key("min").value((scale >= 0 ? b.min : b.max) * scale + offset);
            else if (f == QLatin1String("max"))
                w.key("max").value((scale >= 0 ? b.max : b.min) * scale + offset);
            else if (f == QLatin1String("sum"))
                w.key("sum").value(b.sum * scale + double(b.count) * offset);
        }
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return HttpResponse::rawJson(std::move(body));
}

Result<HttpResponse> csv(RequestContext &ctx)
{
    IOTILE_TRY(mainDb, ctx.db());
    IOTILE_TRY(dataDb, ctx.server().dataDb().connection());
    Access access(ctx.user().get(), *mainDb);
    DataSelector range;
    std::optional<qint64> lastn;
    IOTILE_CHECK(DataController::readRangeFilters(ctx, range, lastn, true));
    IOTILE_TRY(target, DataTarget::fromStream(ctx, *mainDb, *dataDb, access, ctx.capture(0)));
    IOTILE_CHECK(target.applyMask(*mainDb));
    std::optional<qint64> start = range.start, end = range.end;
    if (target.selector.start)
        start = start ? std::max(*start, *target.selector.start) : *target.selector.start;
    if (target.selector.end)
        end = end ? std::min(*end, *target.selector.end) : *target.selector.end;
    QList<QPair<qint64, QString>> streams;
    if (!target.empty)
        streams.append({*target.selector.key, target.stream->text});
    auto stream = std::make_shared<DataExportStream>(ctx.server().dataDb(), streams, start, end,
                                                     DataExportStream::Layout::Stream, target.stream);
    HttpResponse r = HttpResponse::stream(stream, QByteArrayLiteral("text/csv; charset=utf-8"));
    r.addHeader("Content-Disposition", "attachment; filename=\"" + target.stream->text.toLatin1() + ".csv\"");
    return r;
}

Result<HttpResponse> mask(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(device, DeviceController::accessibleDevice(ctx, *db, access, ctx.capture(0)));
    DataMaskStore store(*db);
    const auto maskJson = [](const DataMask &m) {
        return QJsonObject {
            {QStringLiteral("start"),
             m.start ? QJsonValue(isotime::toString(*m.start, isotime::Style::Seconds))
                     : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("end"),
             m.end ? QJsonValue(isotime::toString(*m.end, isotime::Style::Seconds))
                   : QJsonValue(QJsonValue::Null)},
        };
    };
    if (ctx.method() == Get) {
        IOTILE_TRY(current, store.of(device.slug));
        return HttpResponse::json(maskJson(current.value_or(DataMask {})));
    }
    bool allowed = access.isStaff();
    if (!allowed && device.orgId) {
        IOTILE_TRY(can, access.can(*device.orgId, Permission::ResetDevice));
        allowed = can;
    }
    if (!allowed)
        return Error::forbidden();
    if (device.busy())
        return Error::forbidden(QStringLiteral("Device is busy. Operation cannot be completed at this time"));
    if (ctx.method() == Delete) {
        IOTILE_CHECK(store.clear(device.slug));
        ctx.server().streams().invalidate();
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
    // The original: an omitted bound is stored as null (PATCH replaces both).
    if (!m.start && !m.end)
        return Error::field(QStringLiteral("non_field_errors"),
                            QStringLiteral("At least one of start/end should be defined"));
    if (m.start && m.end && *m.start > *m.end)
        return Error::field(QStringLiteral("non_field_errors"), QStringLiteral("Start is after end"));
    IOTILE_CHECK(store.set(device.slug, m, ctx.account().id));
    QJsonObject reply = maskJson(m);
    reply.insert(QStringLiteral("events"), QJsonArray {});
    reply.insert(QStringLiteral("data"), QJsonArray {});
    return HttpResponse::json(reply, 202);
}

} // namespace

void StreamDataController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/stream/{slug}/data/"), streamData);
    router.add(Get, QStringLiteral("/api/v1/stream/{slug}/data/aggregate/"), aggregate);
    router.add(Get, QStringLiteral("/api/v1/stream/{slug}/csv/"), csv);
    router.add(Get | Patch | Delete, QStringLiteral("/api/v1/device/{slug}/mask/"), mask);
}

} // namespace iotile
