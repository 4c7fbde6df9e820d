#pragma once

#include "common/util/error.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace iotile {

class SqlConnection;

// queued -> running -> done, or back to queued (retry with backoff, expired lease), or failed: the dead
// letter, kept with its error until staff retry it.
enum class JobStatus { Queued, Running, Done, Failed };

QString jobStatusName(JobStatus status);
std::optional<JobStatus> jobStatusFromName(const QString &name);

// One row of the jobs table. Times are microseconds since the epoch (UTC).
struct Job
{
    qint64 id = 0;
    QString action;
    QJsonObject args;
    JobStatus status = JobStatus::Queued;
    int priority = 0;
    int attempts = 0;
    int maxAttempts = 5;
    qint64 runAfter = 0;
    QString lockedBy;
    std::optional<qint64> lockedUntil;
    QString lastError;
    QString log;
    QString dedupKey;
    std::optional<qint64> createdBy;
    QString createdBySlug; // filled by byId() and list() only
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    std::optional<qint64> startedAt;
    std::optional<qint64> finishedAt;
};

struct NewJob
{
    QString action;
    QJsonObject args;
    qint64 runAfter = 0;
    int maxAttempts = 5;
    int priority = 0;
    QString dedupKey; // empty: none
    std::optional<qint64> createdBy;
};

// The claim of one attempt: state changes of a running job only apply while it still holds (a worker whose
// lease expired and was taken over must not overwrite the newer attempt's outcome).
struct JobClaim
{
    qint64 jobId = 0;
    QString workerId;
    int attempt = 0;
};

// The jobs and scheduled_jobs tables: enqueue, claim with a lease, outcomes, staff queries, the schedule.
class JobStore
{
public:
    explicit JobStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // Inserts the job, or returns the id of the queued or running job that already has its dedup key.
    // Runs inside the caller's transaction when there is one.
    Result<qint64> insert(const NewJob &job, qint64 now);

    // True when a queued job is due (a cheap read that lets idle SQLite pollers skip the write lock).
    Result<bool> hasDue(qint64 now);
    // Takes the next due queued job (highest priority, then oldest run_after) for `workerId` until
    // `leaseUntil`, in one atomic statement (FOR UPDATE SKIP LOCKED on PostgreSQL).
    Result<std::optional<Job>> claim(const QString &workerId, qint64 now, qint64 leaseUntil);

    // Outcomes of a claim; false when the claim no longer holds (nothing was changed).
    Result<bool> markDone(const JobClaim &claim, qint64 now, const QString &log);
    Result<bool> reschedule(const JobClaim &claim, qint64 runAfter, const QString &error, qint64 now,
                            const QString &log);
    Result<bool> markFailed(const JobClaim &claim, const QString &error, qint64 now, const QString &log);

    // Extends the lease of a claim that still holds; false when it was lost.
    Result<bool> renewLease(const JobClaim &claim, qint64 leaseUntil);
    // Jobs whose lease ran out (their worker died or hung) go back to the queue, or to the dead letter
    // when they used up their attempts. Returns how many were released.
    Result<int> releaseExpired(qint64 now);

    Result<std::optional<Job>> byId(qint64 id);

    struct ListQuery
    {
        std::optional<JobStatus> status;
        QString action;
    };
    Result<qint64> count(const ListQuery &query);
    // Newest first.
    Result<QList<Job>> list(const ListQuery &query, qint64 offset, qint64 limit);

    // A failed job back to the queue with fresh attempts; false unless it was failed. A Conflict error
    // when another pending job holds its dedup key.
    Result<bool> retry(qint64 id, qint64 now);

    struct Stats
    {
        QHash<QString, QHash<QString, qint64>> byAction; // action -> status -> count
        QHash<QString, qint64> byStatus;
        qint64 due = 0; // queued and due now
        std::optional<qint64> oldestDueRunAfter;
        QStringList activeWorkers; // workers holding a lease
    };
    Result<Stats> stats(qint64 now);

    // Deletes finished (done) jobs that ended before `before`; returns how many.
    Result<int> purgeDone(qint64 before);

    // Schedule of periodic actions.
    Result<std::optional<qint64>> scheduleNextRun(const QString &name);
    // Creates the row unless it exists (several processes start at once).
    Status insertSchedule(const QString &name, qint64 nextRun);
    // Compare-and-set: moves next_run from `expected` to `next`; false when another process did first.
    Result<bool> advanceSchedule(const QString &name, qint64 expected, qint64 next, qint64 now);
    Status noteScheduledJob(const QString &name, qint64 jobId);

private:
    Result<bool> finish(const char *sql, const JobClaim &claim, const QVariantList &values);
    SqlConnection &m_db;
};

} // namespace iotile
