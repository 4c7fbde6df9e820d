#include "server/worker/jobqueue.h"

#include "common/util/isotime.h"
#include "server/store/jobstore.h"
#include "server/worker/jobregistry.h"

#include <QMutex>
#include <QWaitCondition>

namespace iotile {

namespace {

// Process-wide: every worker pool of the process shares the wake-up (tests run several).
struct Wakeup
{
    QMutex mutex;
    QWaitCondition condition;
    quint64 generation = 0;
};

Wakeup &wakeup()
{
    static Wakeup *w = new Wakeup; // never destroyed: worker threads may outlive static destruction
    return *w;
}

} // namespace

Result<qint64> JobQueue::enqueue(SqlConnection &connection, const QString &action, const QJsonObject &args,
                                 const EnqueueOptions &options)
{
    std::unique_ptr<JobAction> instance = JobRegistry::global().create(action);
    if (!instance)
        return Error::internal(QStringLiteral("enqueue: unknown job action %1").arg(action));
    if (Status valid = instance->validate(args); !valid)
        return Error::internal(QStringLiteral("enqueue %1: %2").arg(action, valid.error().message()));
    if (options.maxAttempts < 1)
        return Error::internal(QStringLiteral("enqueue %1: maxAttempts must be at least 1").arg(action));
    const qint64 now = isotime::now();
    NewJob job;
    job.action = action;
    job.args = args;
    job.runAfter = now + qint64(options.delay.count()) * 1000;
    job.maxAttempts = options.maxAttempts;
    job.priority = options.priority;
    job.dedupKey = options.dedupKey;
    job.createdBy = options.createdBy;
    IOTILE_TRY(id, JobStore(connection).insert(job, now));
    // Inside an open transaction the job is not visible yet; woken workers that find nothing look again
    // shortly after (WorkerPool), so the commit is not missed by a whole poll interval.
    notify();
    return id;
}

quint64 JobQueue::generation()
{
    Wakeup &w = wakeup();
    QMutexLocker lock(&w.mutex);
    return w.generation;
}

void JobQueue::notify()
{
    Wakeup &w = wakeup();
    QMutexLocker lock(&w.mutex);
    ++w.generation;
    w.condition.wakeAll();
}

bool JobQueue::waitForWork(quint64 seenGeneration, int timeoutMs)
{
    Wakeup &w = wakeup();
    QMutexLocker lock(&w.mutex);
    QDeadlineTimer deadline(timeoutMs);
    while (w.generation == seenGeneration) {
        if (!w.condition.wait(&w.mutex, deadline))
            return w.generation != seenGeneration;
    }
    return true;
}

} // namespace iotile
