#include "server/store/jobstore.h"

#include "server/store/database.h"

#include <QJsonDocument>

namespace iotile {

namespace {

#define JOB_COLUMNS                                                                                          \
    "id, action, args, status, priority, attempts, max_attempts, run_after, locked_by, locked_until, "       \
    "last_error, log, dedup_key, created_by, created_at, updated_at, started_at, finished_at"

constexpr const char *kSelect =
    "SELECT j.id, j.action, j.args, j.status, j.priority, j.attempts, j.max_attempts, j.run_after, "
    "j.locked_by, j.locked_until, j.last_error, j.log, j.dedup_key, j.created_by, j.created_at, "
    "j.updated_at, j.started_at, j.finished_at, a.slug FROM jobs j LEFT JOIN accounts a ON a.id = "
    "j.created_by";

// The fence of every outcome: the job is still running under this worker's claim of this attempt.
#define CLAIM_FENCE " WHERE id = ? AND status = 'running' AND locked_by = ? AND attempts = ?"

Job readJob(SqlQuery &q)
{
    Job j;
    j.id = q.int64(0);
    j.action = q.text(1);
    j.args = QJsonDocument::fromJson(q.text(2).toUtf8()).object();
    j.status = jobStatusFromName(q.text(3)).value_or(JobStatus::Failed);
    j.priority = int(q.int64(4));
    j.attempts = int(q.int64(5));
    j.maxAttempts = int(q.int64(6));
    j.runAfter = q.int64(7);
    j.lockedBy = q.text(8);
    j.lockedUntil = q.optionalInt64(9);
    j.lastError = q.text(10);
    j.log = q.text(11);
    j.dedupKey = q.text(12);
    j.createdBy = q.optionalInt64(13);
    j.createdAt = q.int64(14);
    j.updatedAt = q.int64(15);
    j.startedAt = q.optionalInt64(16);
    j.finishedAt = q.optionalInt64(17);
    return j;
}

QString whereClause(const JobStore::ListQuery &query)
{
    QStringList c;
    if (query.status)
        c << QStringLiteral("j.status = ?");
    if (!query.action.isEmpty())
        c << QStringLiteral("j.action = ?");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const JobStore::ListQuery &query)
{
    if (query.status)
        q.bind(jobStatusName(*query.status));
    if (!query.action.isEmpty())
        q.bind(query.action);
}

} // namespace

QString jobStatusName(JobStatus status)
{
    switch (status) {
    case JobStatus::Queued:
        return QStringLiteral("queued");
    case JobStatus::Running:
        return QStringLiteral("running");
    case JobStatus::Done:
        return QStringLiteral("done");
    case JobStatus::Failed:
        return QStringLiteral("failed");
    }
    return QString();
}

std::optional<JobStatus> jobStatusFromName(const QString &name)
{
    for (JobStatus s : {JobStatus::Queued, JobStatus::Running, JobStatus::Done, JobStatus::Failed})
        if (jobStatusName(s) == name)
            return s;
    return std::nullopt;
}

Result<qint64> JobStore::insert(const NewJob &job, qint64 now)
{
    const QString args = QString::fromUtf8(QJsonDocument(job.args).toJson(QJsonDocument::Compact));
    // Between our insert losing on the dedup key and reading the winner, the winner may finish; then the
    // key is free again and the next round inserts.
    for (int round = 0; round < 3; ++round) {
        SqlQuery q = m_db.query(
            "INSERT INTO jobs (action, args, status, priority, attempts, max_attempts, run_after, dedup_key, "
            "created_by, created_at, updated_at) VALUES (?, ?, 'queued', ?, 0, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING RETURNING id");
        q.bind(job.action).bind(args).bind(job.priority).bind(job.maxAttempts).bind(job.runAfter);
        if (job.dedupKey.isEmpty())
            q.bindNull();
        else
            q.bind(job.dedupKey);
        q.bindOptional(job.createdBy).bind(now).bind(now);
        IOTILE_CHECK(q.exec());
        if (q.next()) {
            const qint64 id = q.int64(0);
            q.raw().finish();
            return id;
        }
        q.raw().finish();
        if (job.dedupKey.isEmpty())
            return Error::internal(QStringLiteral("job insert returned no id"));
        SqlQuery existing = m_db.query("SELECT id FROM jobs WHERE dedup_key = ? AND status IN ('queued', "
                                       "'running') ORDER BY id LIMIT 1");
        existing.bind(job.dedupKey);
        IOTILE_CHECK(existing.exec());
        if (existing.next()) {
            const qint64 id = existing.int64(0);
            existing.raw().finish();
            return id;
        }
    }
    return Error::internal(
        QStringLiteral("could not enqueue %1 with dedup key %2").arg(job.action, job.dedupKey));
}

Result<bool> JobStore::hasDue(qint64 now)
{
    SqlQuery q = m_db.query("SELECT 1 FROM jobs WHERE status = 'queued' AND run_after <= ? LIMIT 1");
    q.bind(now);
    IOTILE_CHECK(q.exec());
    const bool found = q.next();
    q.raw().finish();
    return found;
}

Result<std::optional<Job>> JobStore::claim(const QString &workerId, qint64 now, qint64 leaseUntil)
{
    // One statement: the subquery picks and locks the row (skipping rows other workers hold on PostgreSQL;
    // on SQLite the statement holds the database's write lock), the update makes it ours.
    SqlQuery q = m_db.query(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ?, locked_until = ?, "
        "started_at = ?, updated_at = ? WHERE status = 'queued' AND id = (SELECT id FROM jobs "
        "WHERE status = 'queued' AND run_after <= ? ORDER BY priority DESC, run_after, id LIMIT "
        "1{SKIP_LOCKED}) "
        "RETURNING " JOB_COLUMNS);
    q.bind(workerId).bind(leaseUntil).bind(now).bind(now).bind(now);
    IOTILE_CHECK(q.exec());
    if (!q.next()) {
        q.raw().finish();
        return std::optional<Job>();
    }
    Job job = readJob(q);
    // SQLite commits an UPDATE ... RETURNING when the statement is reset.
    q.raw().finish();
    return std::optional<Job>(std::move(job));
}

Result<bool> JobStore::finish(const char *sql, const JobClaim &claim, const QVariantList &values)
{
    SqlQuery q = m_db.query(sql);
    for (const QVariant &v : values) {
        if (v.typeId() == QMetaType::QString)
            q.bind(v.toString()); // an empty log or error is '', never NULL
        else
            q.bind(v);
    }
    q.bind(claim.jobId).bind(claim.workerId).bind(claim.attempt);
    IOTILE_CHECK(q.exec());
    return q.rowsAffected() > 0;
}

Result<bool> JobStore::markDone(const JobClaim &claim, qint64 now, const QString &log)
{
    return finish("UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, finished_at = ?, "
                  "updated_at = ?, log = log || CAST(? AS TEXT)" CLAIM_FENCE,
                  claim, {now, now, log});
}

Result<bool> JobStore::reschedule(const JobClaim &claim, qint64 runAfter, const QString &error, qint64 now,
                                  const QString &log)
{
    return finish("UPDATE jobs SET status = 'queued', run_after = ?, last_error = ?, locked_by = NULL, "
                  "locked_until = NULL, updated_at = ?, log = log || CAST(? AS TEXT)" CLAIM_FENCE,
                  claim, {runAfter, error, now, log});
}

Result<bool> JobStore::markFailed(const JobClaim &claim, const QString &error, qint64 now, const QString &log)
{
    return finish("UPDATE jobs SET status = 'failed', last_error = ?, locked_by = NULL, locked_until = NULL, "
                  "finished_at = ?, updated_at = ?, log = log || CAST(? AS TEXT)" CLAIM_FENCE,
                  claim, {error, now, now, log});
}

Result<bool> JobStore::renewLease(const JobClaim &claim, qint64 leaseUntil)
{
    return finish("UPDATE jobs SET locked_until = ?" CLAIM_FENCE, claim, {leaseUntil});
}

Result<int> JobStore::releaseExpired(qint64 now)
{
    // Expired leases are rare: a read first keeps the periodic check off SQLite's write lock.
    SqlQuery any = m_db.query("SELECT 1 FROM jobs WHERE status = 'running' AND locked_until < ? LIMIT 1");
    any.bind(now);
    IOTILE_CHECK(any.exec());
    const bool found = any.next();
    any.raw().finish();
    if (!found)
        return 0;
    SqlQuery q = m_db.query(
        "UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END, "
        "finished_at = CASE WHEN attempts >= max_attempts THEN CAST(? AS BIGINT) ELSE NULL END, "
        "last_error = 'lease expired: worker ' || COALESCE(locked_by, '?') || ' stopped during attempt ' "
        "|| CAST(attempts AS TEXT), locked_by = NULL, locked_until = NULL, updated_at = ? "
        "WHERE status = 'running' AND locked_until < ?");
    q.bind(now).bind(now).bind(now);
    IOTILE_CHECK(q.exec());
    return q.rowsAffected();
}

Result<std::optional<Job>> JobStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + QStringLiteral(" WHERE j.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<Job>();
    Job job = readJob(q);
    job.createdBySlug = q.text(18);
    q.raw().finish();
    return std::optional<Job>(std::move(job));
}

Result<qint64> JobStore::count(const ListQuery &query)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM jobs j") + whereClause(query));
    bindWhere(q, query);
    return q.scalarInt64();
}

Result<QList<Job>> JobStore::list(const ListQuery &query, qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + whereClause(query)
                            + QStringLiteral(" ORDER BY j.id DESC LIMIT ? OFFSET ?"));
    bindWhere(q, query);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<Job> jobs;
    while (q.next()) {
        jobs.append(readJob(q));
        jobs.last().createdBySlug = q.text(18);
    }
    return jobs;
}

Result<bool> JobStore::retry(qint64 id, qint64 now)
{
    SqlQuery q =
        m_db.query("UPDATE jobs SET status = 'queued', attempts = 0, run_after = ?, finished_at = NULL, "
                   "updated_at = ? WHERE id = ? AND status = 'failed'");
    q.bind(now).bind(now).bind(id);
    if (Status s = q.exec(); !s) {
        if (q.isUniqueViolation())
            return Error::detail(ErrorKind::Conflict,
                                 QStringLiteral("Another pending job has the same dedup key."));
        return std::move(s).error();
    }
    return q.rowsAffected() > 0;
}

Result<JobStore::Stats> JobStore::stats(qint64 now)
{
    Stats stats;
    SqlQuery counts = m_db.query("SELECT action, status, count(*) FROM jobs GROUP BY action, status");
    IOTILE_CHECK(counts.exec());
    while (counts.next()) {
        const qint64 n = counts.int64(2);
        stats.byAction[counts.text(0)][counts.text(1)] += n;
        stats.byStatus[counts.text(1)] += n;
    }
    SqlQuery due =
        m_db.query("SELECT count(*), MIN(run_after) FROM jobs WHERE status = 'queued' AND run_after <= ?");
    due.bind(now);
    IOTILE_CHECK(due.exec());
    if (due.next()) {
        stats.due = due.int64(0);
        stats.oldestDueRunAfter = due.optionalInt64(1);
    }
    due.raw().finish();
    SqlQuery workers = m_db.query("SELECT DISTINCT locked_by FROM jobs WHERE status = 'running' "
                                  "AND locked_by IS NOT NULL ORDER BY locked_by");
    IOTILE_CHECK(workers.exec());
    while (workers.next())
        stats.activeWorkers << workers.text(0);
    return stats;
}

Result<int> JobStore::purgeDone(qint64 before)
{
    SqlQuery q = m_db.query("DELETE FROM jobs WHERE status = 'done' AND finished_at < ?");
    q.bind(before);
    IOTILE_CHECK(q.exec());
    return q.rowsAffected();
}

Result<std::optional<qint64>> JobStore::scheduleNextRun(const QString &name)
{
    SqlQuery q = m_db.query("SELECT next_run FROM scheduled_jobs WHERE name = ?");
    q.bind(name);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<qint64>();
    const qint64 next = q.int64(0);
    q.raw().finish();
    return std::optional<qint64>(next);
}

Status JobStore::insertSchedule(const QString &name, qint64 nextRun)
{
    SqlQuery q =
        m_db.query("INSERT INTO scheduled_jobs (name, next_run) VALUES (?, ?) ON CONFLICT (name) DO NOTHING");
    q.bind(name).bind(nextRun);
    return q.exec();
}

Result<bool> JobStore::advanceSchedule(const QString &name, qint64 expected, qint64 next, qint64 now)
{
    SqlQuery q =
        m_db.query("UPDATE scheduled_jobs SET next_run = ?, last_run = ? WHERE name = ? AND next_run = ?");
    q.bind(next).bind(now).bind(name).bind(expected);
    IOTILE_CHECK(q.exec());
    return q.rowsAffected() == 1;
}

Status JobStore::noteScheduledJob(const QString &name, qint64 jobId)
{
    SqlQuery q = m_db.query("UPDATE scheduled_jobs SET last_job_id = ? WHERE name = ?");
    q.bind(jobId).bind(name);
    return q.exec();
}

} // namespace iotile
