#include "server/observability/metricsendpoint.h"

#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/http/errormapping.h"
#include "server/http/requestcontext.h"
#include "server/ingest/batchwriter.h"
#include "server/observability/metrics.h"
#include "server/observability/processstats.h"
#include "server/store/database.h"
#include "server/store/jobstore.h"

#include <QCryptographicHash>
#include <QHttpServerRequest>

#include <map>

namespace iotile {

namespace {

QByteArray number(double v)
{
    return QByteArray::number(v, 'g', 15);
}

void gauge(QByteArray &out, const char *name, const char *help)
{
    out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " gauge\n";
}

// Compares digests so the time taken does not depend on how much of the token was right.
bool sameSecret(const QByteArray &a, const QByteArray &b)
{
    const QByteArray ha = QCryptographicHash::hash(a, QCryptographicHash::Sha256);
    const QByteArray hb = QCryptographicHash::hash(b, QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (int i = 0; i < ha.size(); ++i)
        diff |= static_cast<unsigned char>(ha[i] ^ hb[i]);
    return diff == 0;
}

void renderJobs(QByteArray &out, ServerContext &server)
{
    auto db = server.db().connection();
    Result<JobStore::Stats> stats =
        db ? JobStore(**db).stats(isotime::now()) : Result<JobStore::Stats>(db.error());
    gauge(out, "iotile_jobs_scrape_ok",
          "1 when the job queue could be read from the database for this scrape.");
    out += QByteArray("iotile_jobs_scrape_ok ") + (stats ? "1" : "0") + '\n';
    if (!stats)
        return;
    gauge(out, "iotile_job_queue_depth", "Queued jobs that are due now (the backlog workers have to take).");
    out += "iotile_job_queue_depth " + QByteArray::number(stats->due) + '\n';
    gauge(out, "iotile_job_queue_oldest_due_seconds", "Age of the oldest due queued job (0 when none).");
    const qint64 now = isotime::now();
    const double oldest = stats->oldestDueRunAfter
        ? double(std::max<qint64>(0, now - *stats->oldestDueRunAfter)) / isotime::kMicrosPerSecond
        : 0.0;
    out += "iotile_job_queue_oldest_due_seconds " + number(oldest) + '\n';
    gauge(out, "iotile_jobs",
          "Jobs in the queue table by action and status: queued, running, done (kept job_retention_days) and "
          "failed (the dead letter).");
    std::map<QString, QHash<QString, qint64>> sorted;
    for (auto it = stats->byAction.cbegin(); it != stats->byAction.cend(); ++it)
        sorted.emplace(it.key(), it.value());
    for (const auto &[action, counts] : sorted) {
        for (const char *status : {"queued", "running", "done", "failed"}) {
            out += "iotile_jobs{action=\"" + promLabel(action) + "\",status=\"" + status + "\"} "
                + QByteArray::number(counts.value(QLatin1String(status))) + '\n';
        }
    }
    gauge(out, "iotile_job_workers_active", "Workers holding the lease of a running job.");
    out += "iotile_job_workers_active " + QByteArray::number(stats->activeWorkers.size()) + '\n';
}

void renderProcess(QByteArray &out, ServerContext &server)
{
    gauge(out, "iotile_build_info", "Version of this iotile-server and of the Qt it runs on.");
    out += "iotile_build_info{version=\"" IOTILE_VERSION "\",qt=\"" + QByteArray(qVersion()) + "\"} 1\n";

    gauge(out, "iotile_db_connections",
          "Open database connections of this process (one per thread using it).");
    out += "iotile_db_connections{database=\"main\"} " + QByteArray::number(server.db().connectionCount())
        + '\n';
    if (server.hasSeparateDataDb())
        out += "iotile_db_connections{database=\"data\"} "
            + QByteArray::number(server.dataDb().connectionCount()) + '\n';

    if (BatchWriter *writer = server.batchWriter()) {
        out += "# HELP iotile_ingest_group_commits_total Transactions of the bulk data post writers (group "
               "commit).\n"
               "# TYPE iotile_ingest_group_commits_total counter\n"
               "iotile_ingest_group_commits_total "
            + QByteArray::number(writer->commits()) + '\n';
        out += "# HELP iotile_ingest_group_posts_total Bulk data posts those transactions committed "
               "(posts per commit: this over the commits).\n"
               "# TYPE iotile_ingest_group_posts_total counter\n"
               "iotile_ingest_group_posts_total "
            + QByteArray::number(writer->posts()) + '\n';
        gauge(out, "iotile_ingest_queued_posts", "Bulk data posts waiting for a writer.");
        out += "iotile_ingest_queued_posts " + QByteArray::number(writer->queuedPosts()) + '\n';
    }

    gauge(out, "iotile_uptime_seconds", "Seconds since this server started.");
    out += "iotile_uptime_seconds " + number(server.metrics().uptimeSeconds()) + '\n';

    const ProcessStats p = ProcessStats::read();
    if (p.residentBytes) {
        gauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.");
        out += "process_resident_memory_bytes " + QByteArray::number(*p.residentBytes) + '\n';
    }
    if (p.virtualBytes) {
        gauge(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.");
        out += "process_virtual_memory_bytes " + QByteArray::number(*p.virtualBytes) + '\n';
    }
    if (p.cpuSeconds) {
        out += "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
               "# TYPE process_cpu_seconds_total counter\n"
               "process_cpu_seconds_total "
            + number(*p.cpuSeconds) + '\n';
    }
    if (p.startTimeSeconds) {
        gauge(out, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.");
        out += "process_start_time_seconds " + number(*p.startTimeSeconds) + '\n';
    }
    if (p.openFds) {
        gauge(out, "process_open_fds", "Number of open file descriptors.");
        out += "process_open_fds " + QByteArray::number(*p.openFds) + '\n';
    }
    if (p.threads) {
        gauge(out, "process_threads", "Number of OS threads in the process.");
        out += "process_threads " + QByteArray::number(*p.threads) + '\n';
    }
}

} // namespace

bool MetricsEndpoint::matches(const RequestContext &ctx)
{
    return ctx.path() == QLatin1String("/metrics") && ctx.server().config().metricsEnabled;
}

HttpResponse MetricsEndpoint::answer(RequestContext &ctx)
{
    ServerContext &server = ctx.server();
    if (ctx.method() != Get && ctx.method() != Head) {
        HttpResponse r = errorResponse(Error::detail(
            ErrorKind::MethodNotAllowed,
            QStringLiteral("Method \"%1\" not allowed.").arg(QString::fromLatin1(methodName(ctx.method())))));
        r.addHeader("Allow", "GET, HEAD");
        return r;
    }
    const QString token = server.config().metricsToken;
    if (token.isEmpty()) {
        // No token: loopback only, and not through a proxy (nginx on the same host connects from loopback
        // too, and would otherwise publish the figures to everyone).
        const bool proxied = !ctx.header("x-forwarded-for").isEmpty() || !ctx.header("forwarded").isEmpty()
            || !ctx.header("x-real-ip").isEmpty();
        if (proxied || !ctx.request().remoteAddress().isLoopback())
            return errorResponse(Error::forbidden(
                QStringLiteral("/metrics answers loopback clients only unless metrics_token is set.")));
    } else {
        const QByteArray expected = "bearer " + token.toUtf8();
        QByteArray given = ctx.header("authorization").trimmed();
        if (given.size() > 7)
            given = given.left(7).toLower() + given.mid(7);
        if (!sameSecret(given, expected)) {
            HttpResponse r = errorResponse(Error::detail(
                ErrorKind::Unauthorized, QStringLiteral("Authentication credentials were not provided.")));
            return HttpResponse(401, r.body(), r.contentType())
                .addHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
        }
    }
    QByteArray out = server.metrics().renderCounters();
    renderJobs(out, server);
    renderProcess(out, server);
    return HttpResponse(200, std::move(out), "text/plain; version=0.0.4; charset=utf-8");
}

} // namespace iotile
