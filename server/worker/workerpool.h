#pragma once

#include "server/worker/jobrunner.h"
#include "server/worker/leasekeeper.h"
#include "server/worker/scheduler.h"

#include <QMutex>
#include <QString>
#include <QWaitCondition>

#include <atomic>
#include <vector>

class QThread;

namespace iotile {

class ServerContext;
struct ServerConfig;

struct WorkerOptions
{
    int threads = 2;
    int pollMs = 1000; // idle sleep between looks at the queue (a same-process enqueue wakes at once)
    RunnerOptions runner;
    bool runScheduler = true; // tick the periodic actions (registerSchedules) in this process
    static WorkerOptions fromConfig(const ServerConfig &config);
};

// The worker threads of one process (in `iotile-server serve`, or alone in `iotile-server worker`), each
// with its own database connections, plus one maintenance thread that renews the leases of running
// jobs, returns jobs of dead workers to the queue and ticks the scheduler.
class WorkerPool
{
public:
    WorkerPool(ServerContext &server, WorkerOptions options);
    ~WorkerPool();
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    // This process's name in locked_by: host:pid:random.
    const QString &workerId() const { return m_workerId; }
    const WorkerOptions &options() const { return m_options; }
    Scheduler &scheduler() { return m_scheduler; }
    int runningJobs() const { return m_leases.size(); }

    void start();
    // Graceful: no new claims; running jobs may finish for up to graceMs. Returns false when some are
    // still running: their leases are no longer renewed, so another worker retries them once they
    // expire, and the destructor waits for the threads.
    bool stop(int graceMs);

private:
    void workerLoop();
    void maintenanceLoop();
    void maintain(qint64 now, qint64 &lastRenew, qint64 &lastReap, qint64 &lastSchedule);

    ServerContext &m_server;
    WorkerOptions m_options;
    QString m_workerId;
    Scheduler m_scheduler;
    LeaseKeeper m_leases;
    std::vector<QThread *> m_threads;
    QThread *m_maintenance = nullptr;
    std::atomic<bool> m_stopping {false};
    std::atomic<bool> m_maintenanceStopping {false};
    QMutex m_maintenanceMutex;
    QWaitCondition m_maintenanceWake;
    bool m_started = false;
};

} // namespace iotile
