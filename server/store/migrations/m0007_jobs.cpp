#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// The durable job queue (the original's SQS queue, DynamoDB worker log and Redis ActionPIDs in one table)
// and the schedule of periodic actions.
Migration m0007Jobs()
{
    Migration m;
    m.version = 7;
    m.name = "jobs";
    m.statements = {
        // status: queued | running | done | failed (dead letter). A running job belongs to locked_by until
        // locked_until (its lease); attempts counts claims, so a worker killed mid-job still uses one up.
        QStringLiteral("CREATE TABLE jobs ("
                       " id {ID},"
                       " action TEXT NOT NULL,"
                       " args {JSON} NOT NULL,"
                       " status TEXT NOT NULL DEFAULT 'queued',"
                       " priority INTEGER NOT NULL DEFAULT 0,"
                       " attempts INTEGER NOT NULL DEFAULT 0,"
                       " max_attempts INTEGER NOT NULL DEFAULT 5,"
                       " run_after {BIGINT} NOT NULL,"
                       " locked_by TEXT,"
                       " locked_until {BIGINT},"
                       " last_error TEXT NOT NULL DEFAULT '',"
                       " log TEXT NOT NULL DEFAULT '',"
                       " dedup_key TEXT,"
                       " created_by {BIGINT} REFERENCES accounts(id) ON DELETE SET NULL,"
                       " created_at {BIGINT} NOT NULL,"
                       " updated_at {BIGINT} NOT NULL,"
                       " started_at {BIGINT},"
                       " finished_at {BIGINT})"),
        // The claim query: due queued jobs by priority, then age. Partial, so done rows never weigh on it.
        QStringLiteral(
            "CREATE INDEX jobs_claim ON jobs (priority DESC, run_after, id) WHERE status = 'queued'"),
        // Lease renewal and expiry look at running jobs only.
        QStringLiteral("CREATE INDEX jobs_lease ON jobs (locked_until) WHERE status = 'running'"),
        // One pending job per dedup key; finished jobs do not block a new one.
        QStringLiteral("CREATE UNIQUE INDEX jobs_dedup ON jobs (dedup_key)"
                       " WHERE dedup_key IS NOT NULL AND status IN ('queued', 'running')"),
        // Staff lists and statistics by status and action; purge of old finished jobs.
        QStringLiteral("CREATE INDEX jobs_status_action ON jobs (status, action)"),
        QStringLiteral("CREATE INDEX jobs_finished ON jobs (finished_at) WHERE status = 'done'"),
        QStringLiteral("CREATE INDEX jobs_created_by ON jobs (created_by)"),
        // One row per periodic action: whoever moves next_run forward (compare-and-set) enqueues the period.
        QStringLiteral("CREATE TABLE scheduled_jobs ("
                       " name TEXT PRIMARY KEY,"
                       " next_run {BIGINT} NOT NULL,"
                       " last_run {BIGINT},"
                       " last_job_id {BIGINT})"),
    };
    return m;
}

} // namespace iotile::migrations
