#include "server/worker/jobrunner.h"

#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/worker/jobcontext.h"
#include "server/worker/jobregistry.h"
#include "server/worker/leasekeeper.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QThread>

#include <exception>

Q_LOGGING_CATEGORY(lcWorker, "iotile.worker")

namespace iotile {

JobRunner::JobRunner(ServerContext &server, QString workerId, RunnerOptions options, LeaseKeeper *leases,
                     const std::atomic<bool> *stop)
    : m_server(server)
    , m_workerId(std::move(workerId))
    , m_options(options)
    , m_leases(leases)
    , m_stop(stop)
{ }

qint64 JobRunner::backoffMs(int attempt, qint64 baseMs, qint64 maxMs)
{
    qint64 delay = baseMs;
    for (int i = 1; i < attempt && delay < maxMs; ++i)
        delay *= 2;
    return std::min(delay, maxMs);
}

Result<bool> JobRunner::runOne()
{
    IOTILE_TRY(connection, m_server.db().connection());
    JobStore store(*connection);
    const qint64 now = isotime::now();
    // An idle SQLite poller only reads (WAL readers never wait); the claim takes the write lock.
    if (connection->dialect().isSqlite()) {
        IOTILE_TRY(due, store.hasDue(now));
        if (!due)
            return false;
    }
    IOTILE_TRY(job, store.claim(m_workerId, now, now + m_options.leaseMs * 1000));
    if (!job)
        return false;
    IOTILE_CHECK(run(*job));
    return true;
}

Status JobRunner::run(const Job &job)
{
    const JobClaim claim {job.id, m_workerId, job.attempts};
    if (m_leases)
        m_leases->add(claim);
    JobContext context(m_server, job, claim, m_stop);
    QElapsedTimer timer;
    timer.start();
    Status outcome = execute(job, context);
    // An action that returned early must not leave a transaction open for the next job of this thread.
    for (Database *database : {&m_server.db(), &m_server.dataDb()}) {
        auto connection = database->connection();
        if (connection && (*connection)->inTransaction()) {
            qCWarning(lcWorker) << "job" << job.id << job.action << "left a transaction open: rolled back";
            (void)(*connection)->rollback();
        }
    }
    if (outcome) {
        qCDebug(lcWorker).noquote()
            << QStringLiteral("job %1 (%2) done in %3 ms").arg(job.id).arg(job.action).arg(timer.elapsed());
    } else {
        context.warn(QStringLiteral("attempt %1 failed after %2 ms: %3")
                         .arg(claim.attempt)
                         .arg(timer.elapsed())
                         .arg(outcome.error().message()));
    }
    Status recorded = Ok {};
    if (!(outcome && context.completed())) {
        // A lost database connection is reopened on the next try; if the outcome still cannot be written,
        // the claim is let go so its lease expires and another attempt runs later.
        for (int tryNumber = 0; tryNumber < 3; ++tryNumber) {
            recorded = recordOutcome(job, claim, outcome, context.logText());
            if (recorded)
                break;
            QThread::msleep(200 * (tryNumber + 1));
        }
    }
    if (m_leases)
        m_leases->remove(job.id);
    return recorded;
}

Status JobRunner::execute(const Job &job, JobContext &context)
{
    std::unique_ptr<JobAction> action = JobRegistry::global().create(job.action);
    if (!action)
        return JobAction::hardError(QStringLiteral("Unknown action %1").arg(job.action));
    IOTILE_CHECK(action->validate(job.args));
    // No exceptions in this code base, but Qt and the standard library may still throw (bad_alloc): a
    // throwing action fails its job instead of taking the worker down.
    try {
        return action->execute(context);
    } catch (const std::exception &e) {
        return JobAction::hardError(QStringLiteral("exception: %1").arg(QString::fromUtf8(e.what())));
    } catch (...) {
        return JobAction::hardError(QStringLiteral("unknown exception"));
    }
}

Status JobRunner::recordOutcome(const Job &job, const JobClaim &claim, const Status &outcome,
                                const QString &log)
{
    IOTILE_TRY(connection, m_server.db().connection());
    JobStore store(*connection);
    const qint64 now = isotime::now();
    bool held = false;
    if (outcome) {
        IOTILE_TRY(done, store.markDone(claim, now, log));
        held = done;
    } else {
        const QString error = outcome.error().message();
        if (JobAction::isRetryable(outcome.error()) && claim.attempt < job.maxAttempts) {
            const qint64 delay = backoffMs(claim.attempt, m_options.backoffBaseMs, m_options.backoffMaxMs);
            IOTILE_TRY(again, store.reschedule(claim, now + delay * 1000, error, now, log));
            held = again;
            if (again)
                qCInfo(lcWorker).noquote()
                    << QStringLiteral("job %1 (%2) attempt %3 failed, retry in %4 ms: %5")
                           .arg(job.id)
                           .arg(job.action)
                           .arg(claim.attempt)
                           .arg(delay)
                           .arg(error);
        } else {
            IOTILE_TRY(failed, store.markFailed(claim, error, now, log));
            held = failed;
            if (failed)
                qCWarning(lcWorker).noquote()
                    << QStringLiteral("job %1 (%2) failed for good after attempt %3: %4")
                           .arg(job.id)
                           .arg(job.action)
                           .arg(claim.attempt)
                           .arg(error);
        }
    }
    if (!held)
        qCWarning(lcWorker).noquote()
            << QStringLiteral("job %1 (%2): the lease of attempt %3 was lost before it finished; "
                              "its outcome is dropped (another attempt owns the job)")
                   .arg(job.id)
                   .arg(job.action)
                   .arg(claim.attempt);
    return Ok {};
}

} // namespace iotile
