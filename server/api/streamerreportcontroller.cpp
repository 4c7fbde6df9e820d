#include "server/api/streamerreportcontroller.h"

#include "common/util/isotime.h"
#include "server/api/jsonutil.h"
#include "server/domain/access.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/ingest/reportupload.h"
#include "server/store/database.h"
#include "server/store/streamerstore.h"

#include <QJsonArray>
#include <QUuid>

namespace iotile {

namespace {

const QString kTimestampRequired =
    QStringLiteral("Upload function requires a ?timestamp=str argument in UTC format");

Result<std::optional<qint64>> timeFilter(RequestContext &ctx, const QString &name)
{
    const QString text = ctx.queryValue(name);
    if (text.isEmpty())
        return std::optional<qint64>();
    const auto parsed = isotime::parse(text);
    if (!parsed)
        return Error::field(name, QStringLiteral("Enter a valid date/time."));
    return std::optional<qint64>(*parsed);
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    StreamerStore::ReportQuery query;
    query.all = ctx.staffMode();
    query.streamerSlug = ctx.queryValue(QStringLiteral("streamer__slug"));
    query.createdBySlug = ctx.queryValue(QStringLiteral("created_by__slug"));
    IOTILE_TRY(start, timeFilter(ctx, QStringLiteral("start")));
    IOTILE_TRY(end, timeFilter(ctx, QStringLiteral("end")));
    query.start = start;
    query.end = end;
    StreamerStore store(*db);
    IOTILE_TRY(count, store.countReports(query, access));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(reports, store.listReports(query, access, page.offset(), page.limit()));
    QJsonArray results;
    for (const StreamerReport &r : reports)
        results.append(StreamerReportController::reportJson(r));
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    const QUuid id = QUuid::fromString(ctx.capture(0));
    if (id.isNull())
        return Error::bareList(QStringLiteral("Streamer Report ID must be a UUID"));
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    StreamerStore store(*db);
    IOTILE_TRY(report, store.reportById(id.toString(QUuid::WithoutBraces)));
    if (!report)
        return Error::notFound();
    if (!ctx.staffMode()) {
        // The original's queryset: reports of streamers the caller may see.
        if (!report->streamerId)
            return Error::notFound();
        StreamerStore::ListQuery visible;
        visible.slug = report->streamerSlug;
        IOTILE_TRY(seen, store.count(visible, access));
        if (seen == 0)
            return Error::notFound();
    }
    return HttpResponse::json(StreamerReportController::reportJson(*report));
}

Result<HttpResponse> upload(RequestContext &ctx)
{
    IOTILE_TRY(files, ctx.files());
    const UploadedFile *file = nullptr;
    for (const UploadedFile &f : files) {
        if (f.fieldName == QLatin1String("file")) {
            file = &f;
            break;
        }
    }
    if (!file)
        return Error(ErrorKind::BadRequest,
                     QJsonObject {{QStringLiteral("error"), QStringLiteral("missing request.data['file']")}});
    if (!ctx.hasQuery(QStringLiteral("timestamp")))
        return Error(ErrorKind::BadRequest,
                     QJsonObject {{QStringLiteral("error"), QStringLiteral("missing timestamp argument")}});
    // Naive means UTC; an unencoded "+02:00" arrives as " 02:00" and is refused, as in the original.
    const auto received = isotime::parse(ctx.queryValue(QStringLiteral("timestamp")));
    if (!received || *received < 0 || *received >= 7258118400LL * isotime::kMicrosPerSecond)
        return Error::bareList(kTimestampRequired);
    IOTILE_TRY(db, ctx.db());
    Access access(ctx.user().get(), *db);
    ReportUpload::File in;
    in.name = file->fileName;
    in.data = file->data;
    // The original keeps the received time to the second (its S3 metadata): so does processing here.
    in.received = *received - *received % isotime::kMicrosPerSecond;
    IOTILE_TRY(accepted, ReportUpload(ctx.server(), access, ctx.account()).accept(in));
    return HttpResponse::json(QJsonObject {{QStringLiteral("count"), double(accepted.expectedCount)}}, 201);
}

} // namespace

QJsonObject StreamerReportController::reportJson(const StreamerReport &r)
{
    return QJsonObject {
        {QStringLiteral("id"), r.id},
        {QStringLiteral("original_first_id"), json::optional(r.originalFirstId)},
        {QStringLiteral("original_last_id"), json::optional(r.originalLastId)},
        {QStringLiteral("actual_first_id"), json::optional(r.actualFirstId)},
        {QStringLiteral("actual_last_id"), json::optional(r.actualLastId)},
        {QStringLiteral("streamer"), json::nullable(r.streamerSlug)},
        {QStringLiteral("sent_timestamp"), json::time(r.received)},
        {QStringLiteral("device_sent_timestamp"), json::optional(r.deviceSentTimestamp)},
        {QStringLiteral("incremental_id"), json::optional(r.incrementalId)},
        {QStringLiteral("time_epsilon"), r.timeEpsilon},
        {QStringLiteral("created_on"), json::time(r.createdOn)},
        {QStringLiteral("created_by"), json::nullable(r.createdBySlug)},
        // Beyond the original (which derived it from the ids): where processing stands, and why it failed.
        {QStringLiteral("status"), r.status},
        {QStringLiteral("error"), r.error},
    };
}

void StreamerReportController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/streamer/report/"), list);
    router.add(Post, QStringLiteral("/api/v1/streamer/report/"), upload);
    router.add(Get, QStringLiteral("/api/v1/streamer/report/{id}/"), retrieve);
}

} // namespace iotile
