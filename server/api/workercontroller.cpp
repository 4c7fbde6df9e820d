#include "server/api/workercontroller.h"

#include "common/util/isotime.h"
#include "server/api/jsonutil.h"
#include "server/api/validation.h"
#include "server/http/pagination.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/jobstore.h"

#include <QJsonArray>

namespace iotile {

namespace {

Status requireStaff(const RequestContext &ctx)
{
    if (!ctx.isStaff())
        return Error::forbidden();
    return Ok {};
}

std::optional<qint64> parseId(const QString &text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

Result<Job> jobOr404(SqlConnection &db, const QString &text)
{
    const auto id = parseId(text);
    if (!id)
        return Error::notFound();
    IOTILE_TRY(job, JobStore(db).byId(*id));
    if (!job)
        return Error::notFound();
    return *job;
}

Result<HttpResponse> list(RequestContext &ctx)
{
    IOTILE_CHECK(requireStaff(ctx));
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(page, PageRequest::from(ctx, PageSizes::standard()));
    JobStore::ListQuery query;
    if (const QString status = ctx.queryValue(QStringLiteral("status")); !status.isEmpty()) {
        query.status = jobStatusFromName(status);
        if (!query.status)
            return Error::field(
                QStringLiteral("status"),
                QStringLiteral("Select a valid choice. %1 is not one of the available choices.").arg(status));
    }
    query.action = ctx.queryValue(QStringLiteral("action"));
    JobStore store(*db);
    IOTILE_TRY(count, store.count(query));
    IOTILE_CHECK(page.validate(count));
    IOTILE_TRY(jobs, store.list(query, page.offset(), page.limit()));
    QJsonArray results;
    for (const Job &job : jobs)
        results.append(WorkerController::jobJson(job, false));
    return page.envelope(ctx, count, results);
}

Result<HttpResponse> retrieve(RequestContext &ctx)
{
    IOTILE_CHECK(requireStaff(ctx));
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(job, jobOr404(*db, ctx.capture(0)));
    return HttpResponse::json(WorkerController::jobJson(job, true));
}

Result<HttpResponse> retry(RequestContext &ctx)
{
    IOTILE_CHECK(requireStaff(ctx));
    IOTILE_TRY(db, ctx.db());
    IOTILE_TRY(job, jobOr404(*db, ctx.capture(0)));
    IOTILE_TRY(queued, JobStore(*db).retry(job.id, isotime::now()));
    if (!queued)
        return Error::badRequest(QStringLiteral("Only failed jobs can be retried (this one is %1).")
                                     .arg(jobStatusName(job.status)));
    IOTILE_TRY(updated, JobStore(*db).byId(job.id));
    if (!updated)
        return Error::notFound();
    return HttpResponse::json(WorkerController::jobJson(*updated, true));
}

Result<HttpResponse> stats(RequestContext &ctx)
{
    IOTILE_CHECK(requireStaff(ctx));
    IOTILE_TRY(db, ctx.db());
    const qint64 now = isotime::now();
    IOTILE_TRY(s, JobStore(*db).stats(now));
    QJsonObject statuses;
    for (JobStatus status : {JobStatus::Queued, JobStatus::Running, JobStatus::Done, JobStatus::Failed})
        statuses.insert(jobStatusName(status), double(s.byStatus.value(jobStatusName(status))));
    QJsonObject actions;
    for (auto it = s.byAction.cbegin(); it != s.byAction.cend(); ++it) {
        QJsonObject counts;
        for (JobStatus status : {JobStatus::Queued, JobStatus::Running, JobStatus::Done, JobStatus::Failed})
            counts.insert(jobStatusName(status), double(it.value().value(jobStatusName(status))));
        actions.insert(it.key(), counts);
    }
    QJsonValue oldestAge = QJsonValue::Null;
    if (s.oldestDueRunAfter)
        oldestAge = double(std::max<qint64>(0, now - *s.oldestDueRunAfter)) / isotime::kMicrosPerSecond;
    return HttpResponse::json(QJsonObject {
        {QStringLiteral("counts"), statuses},
        {QStringLiteral("actions"), actions},
        {QStringLiteral("queue_depth"), double(s.due)},
        {QStringLiteral("delayed"), double(s.byStatus.value(QStringLiteral("queued")) - s.due)},
        {QStringLiteral("oldest_queued_age"), oldestAge},
        {QStringLiteral("workers"), QJsonArray::fromStringList(s.activeWorkers)},
        {QStringLiteral("now"), isotime::toString(now)},
    });
}

// The original's ActionPID check: the pid of a job answers while it is queued or running (the original
// deleted the pid once the message was processed) and only to whoever queued it, or staff.
Result<HttpResponse> pid(RequestContext &ctx)
{
    IOTILE_TRY(body, ctx.dataObject());
    FieldErrors errors;
    const auto text = errors.requiredString(body, QStringLiteral("pid"));
    IOTILE_CHECK(errors.status());
    IOTILE_TRY(db, ctx.db());
    QJsonObject info {{QStringLiteral("error"), QStringLiteral("Not found")}};
    const QStringList parts = text->split(QLatin1Char(':'));
    if (const auto id = parseId(parts.size() > 1 ? parts.at(1) : parts.at(0))) {
        IOTILE_TRY(job, JobStore(*db).byId(*id));
        const bool pending = job && (job->status == JobStatus::Queued || job->status == JobStatus::Running);
        if (pending && (ctx.isStaff() || job->createdBy == ctx.account().id)) {
            info = QJsonObject {
                {QStringLiteral("type"), job->action},
                {QStringLiteral("created_on"), isotime::toString(job->createdAt, isotime::Style::Seconds)},
            };
        }
    }
    return HttpResponse::json(QJsonObject {{QStringLiteral("pid"), *text}, {QStringLiteral("info"), info}},
                              202);
}

} // namespace

QJsonObject WorkerController::jobJson(const Job &job, bool withLog)
{
    QJsonObject o {
        {QStringLiteral("id"), double(job.id)},
        {QStringLiteral("pid"), QStringLiteral("pid:%1").arg(job.id)},
        {QStringLiteral("action"), job.action},
        {QStringLiteral("args"), job.args},
        {QStringLiteral("status"), jobStatusName(job.status)},
        {QStringLiteral("priority"), job.priority},
        {QStringLiteral("attempts"), job.attempts},
        {QStringLiteral("max_attempts"), job.maxAttempts},
        {QStringLiteral("run_after"), json::time(job.runAfter)},
        {QStringLiteral("locked_by"), json::nullable(job.lockedBy)},
        {QStringLiteral("locked_until"), json::time(job.lockedUntil)},
        {QStringLiteral("last_error"), job.lastError},
        {QStringLiteral("dedup_key"), json::nullable(job.dedupKey)},
        {QStringLiteral("created_by"), json::nullable(job.createdBySlug)},
        {QStringLiteral("created_on"), json::time(job.createdAt)},
        {QStringLiteral("updated_on"), json::time(job.updatedAt)},
        {QStringLiteral("started_on"), json::time(job.startedAt)},
        {QStringLiteral("finished_on"), json::time(job.finishedAt)},
    };
    if (withLog)
        o.insert(QStringLiteral("log"), job.log);
    return o;
}

void WorkerController::registerRoutes(Router &router, ServerContext &)
{
    router.add(Get, QStringLiteral("/api/v1/worker/jobs/"), list);
    router.add(Get, QStringLiteral("/api/v1/worker/jobs/{id}/"), retrieve);
    router.add(Post, QStringLiteral("/api/v1/worker/jobs/{id}/retry/"), retry);
    router.add(Get, QStringLiteral("/api/v1/worker/stats/"), stats);
    router.add(Post, QStringLiteral("/api/v1/pid/"), pid);
}

} // namespace iotile
