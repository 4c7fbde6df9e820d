#pragma once

#include "common/util/error.h"
#include "server/store/jobstore.h"

#include <QString>

#include <atomic>

namespace iotile {

class JobContext;
class LeaseKeeper;
class ServerContext;

struct RunnerOptions
{
    qint64 leaseMs = 60000;
    qint64 backoffBaseMs = 10000;
    qint64 backoffMaxMs = 3600000;
};

// Claims one due job on the calling thread's connection and runs it to its outcome: done, retried
// later with exponential backoff, or failed (dead letter). Used by each worker thread; tests drive it
// directly for deterministic runs.
class JobRunner
{
public:
    JobRunner(ServerContext &server, QString workerId, RunnerOptions options, LeaseKeeper *leases = nullptr,
              const std::atomic<bool> *stop = nullptr);

    // False when no job was due.
    Result<bool> runOne();
    // Runs a job this worker has claimed (claim() set it running with our worker id).
    Status run(const Job &job);

    const QString &workerId() const { return m_workerId; }
    // Delay before the retry that follows failed attempt `attempt` (1-based): base * 2^(attempt-1), capped.
    static qint64 backoffMs(int attempt, qint64 baseMs, qint64 maxMs);

private:
    Status execute(const Job &job, JobContext &context);
    Status recordOutcome(const Job &job, const JobClaim &claim, const Status &outcome, const QString &log);

    ServerContext &m_server;
    QString m_workerId;
    RunnerOptions m_options;
    LeaseKeeper *m_leases;
    const std::atomic<bool> *m_stop;
};

} // namespace iotile
