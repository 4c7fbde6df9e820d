#include "server/worker/workerpool.h"

#include "common/util/isotime.h"
#include "server/app/serverconfig.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/store/jobstore.h"
#include "server/store/tokenstore.h"
#include "server/worker/actions.h"
#include "server/worker/jobqueue.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QSysInfo>
#include <QThread>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcWorker)

namespace iotile {

namespace {

// After a wake-up that found nothing (the enqueuing transaction had not committed yet), look again
// after these delays before going back to the poll interval.
constexpr int kQuickPollMs[] = {1000, 250, 50, 10};
constexpr int kQuickPolls = int(std::size(kQuickPollMs));

// Warns about a failing database at most once a minute per thread, not once per poll.
class ErrorThrottle
{
public:
    void report(const char *what, const Error &error)
    {
        const qint64 now = isotime::now();
        if (error.message() == m_last && now - m_at < 60 * isotime::kMicrosPerSecond)
            return;
        m_last = error.message();
        m_at = now;
        qCWarning(lcWorker).noquote() << what << m_last;
    }

private:
    QString m_last;
    qint64 m_at = 0;
};

} // namespace

WorkerOptions WorkerOptions::fromConfig(const ServerConfig &config)
{
    WorkerOptions o;
    o.threads = config.workerThreads;
    o.pollMs = config.workerPollMs;
    o.runner.leaseMs = qint64(config.jobLeaseSeconds * 1000);
    o.runner.backoffBaseMs = qint64(config.jobBackoffSeconds * 1000);
    o.runner.backoffMaxMs = qint64(config.jobBackoffMaxSeconds * 1000);
    return o;
}

WorkerPool::WorkerPool(ServerContext &server, WorkerOptions options)
    : m_server(server)
    , m_options(options)
    , m_workerId(QStringLiteral("%1:%2:%3")
                     .arg(QSysInfo::machineHostName())
                     .arg(QCoreApplication::applicationPid())
                     .arg(randomHex(3)))
{
    m_options.threads = std::max(1, m_options.threads);
    m_options.pollMs = std::max(1, m_options.pollMs);
    m_options.runner.leaseMs = std::max<qint64>(10, m_options.runner.leaseMs);
    if (m_options.runScheduler)
        registerSchedules(m_scheduler, server.config());
}

WorkerPool::~WorkerPool()
{
    if (!m_started)
        return;
    stop(0);
    // Jobs that outlived the grace period are still running here; their threads use the server's
    // services, so they must end before anything is torn down.
    for (QThread *thread : m_threads) {
        thread->wait();
        delete thread;
    }
    m_threads.clear();
}

void WorkerPool::start()
{
    if (m_started)
        return;
    m_started = true;
    for (int i = 0; i < m_options.threads; ++i) {
        QThread *thread = QThread::create([this] { workerLoop(); });
        thread->setObjectName(QStringLiteral("worker-%1").arg(i + 1));
        m_threads.push_back(thread);
        thread->start();
    }
    m_maintenance = QThread::create([this] { maintenanceLoop(); });
    m_maintenance->setObjectName(QStringLiteral("worker-maintenance"));
    m_maintenance->start();
}

bool WorkerPool::stop(int graceMs)
{
    if (!m_started)
        return true;
    m_stopping = true;
    JobQueue::notify();
    QDeadlineTimer deadline(std::max(0, graceMs));
    bool finished = true;
    for (QThread *thread : m_threads)
        finished = thread->wait(deadline) && finished;
    // Leases are renewed until here: a job still running after the grace period is let go.
    if (m_maintenance) {
        {
            QMutexLocker lock(&m_maintenanceMutex);
            m_maintenanceStopping = true;
            m_maintenanceWake.wakeAll();
        }
        m_maintenance->wait();
        delete m_maintenance;
        m_maintenance = nullptr;
    }
    if (!finished) {
        qCWarning(lcWorker,
                  "%d job(s) still running after the grace period: they are retried once their "
                  "lease expires",
                  m_leases.size());
        return false;
    }
    for (QThread *thread : m_threads)
        delete thread;
    m_threads.clear();
    m_started = false;
    return true;
}

void WorkerPool::workerLoop()
{
    JobRunner runner(m_server, m_workerId, m_options.runner, &m_leases, &m_stopping);
    ErrorThrottle errors;
    int quickPolls = 0;
    while (!m_stopping) {
        const quint64 seen = JobQueue::generation();
        Result<bool> ran = runner.runOne();
        if (!ran) {
            errors.report("worker: cannot take jobs:", ran.error());
            JobQueue::waitForWork(seen, m_options.pollMs);
            continue;
        }
        if (*ran) {
            quickPolls = 0;
            continue;
        }
        const int timeout =
            quickPolls > 0 ? std::min(m_options.pollMs, kQuickPollMs[--quickPolls]) : m_options.pollMs;
        if (JobQueue::waitForWork(seen, timeout))
            quickPolls = kQuickPolls;
    }
    m_server.closeThreadConnections();
}

void WorkerPool::maintenanceLoop()
{
    const qint64 tickMs = std::clamp<qint64>(m_options.runner.leaseMs / 6, 10, 1000);
    qint64 lastRenew = 0;
    qint64 lastReap = 0;
    qint64 lastSchedule = 0;
    while (true) {
        maintain(isotime::now(), lastRenew, lastReap, lastSchedule);
        QMutexLocker lock(&m_maintenanceMutex);
        if (m_maintenanceStopping)
            break;
        m_maintenanceWake.wait(&m_maintenanceMutex, QDeadlineTimer(tickMs));
        if (m_maintenanceStopping)
            break;
    }
    m_server.closeThreadConnections();
}

void WorkerPool::maintain(qint64 now, qint64 &lastRenew, qint64 &lastReap, qint64 &lastSchedule)
{
    static thread_local ErrorThrottle errors;
    auto connection = m_server.db().connection();
    if (!connection) {
        errors.report("worker maintenance: no database:", connection.error());
        return;
    }
    const qint64 leaseUs = m_options.runner.leaseMs * 1000;
    // Renew at a third of the lease: two renewals may fail before another worker may take the job.
    if (m_leases.size() > 0 && now - lastRenew >= leaseUs / 3) {
        if (auto renewed = m_leases.renew(**connection, now + leaseUs); !renewed)
            errors.report("worker: cannot renew leases:", renewed.error());
        else
            lastRenew = now;
    }
    const qint64 reapUs = std::clamp<qint64>(leaseUs / 2, 10'000, 5 * isotime::kMicrosPerSecond);
    if (now - lastReap >= reapUs) {
        auto released = JobStore(**connection).releaseExpired(now);
        if (!released) {
            errors.report("worker: cannot release expired leases:", released.error());
        } else {
            lastReap = now;
            if (*released > 0) {
                qCWarning(lcWorker, "%d job(s) of stopped workers are queued again (lease expired)",
                          *released);
                JobQueue::notify();
            }
        }
    }
    const qint64 scheduleUs = std::min<qint64>(m_options.pollMs, 1000) * 1000;
    if (m_options.runScheduler && now - lastSchedule >= scheduleUs) {
        auto queued = m_scheduler.tick(**connection, now);
        if (!queued)
            errors.report("worker: scheduler:", queued.error());
        else
            lastSchedule = now;
    }
}

} // namespace iotile
