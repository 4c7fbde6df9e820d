#include "server/worker/scheduler.h"

#include "server/store/database.h"
#include "server/store/jobstore.h"
#include "server/worker/jobqueue.h"

namespace iotile {

void Scheduler::add(const ScheduledAction &entry)
{
    QMutexLocker lock(&m_mutex);
    for (ScheduledAction &e : m_entries) {
        if (e.name == entry.name) {
            e = entry;
            return;
        }
    }
    m_entries.append(entry);
}

QList<ScheduledAction> Scheduler::entries() const
{
    QMutexLocker lock(&m_mutex);
    return m_entries;
}

Result<int> Scheduler::tick(SqlConnection &connection, qint64 now)
{
    int queued = 0;
    for (const ScheduledAction &entry : entries()) {
        IOTILE_TRY(enqueued, tickOne(connection, entry, now));
        queued += enqueued ? 1 : 0;
    }
    return queued;
}

Result<bool> Scheduler::tickOne(SqlConnection &connection, const ScheduledAction &entry, qint64 now)
{
    if (entry.intervalMs <= 0)
        return false;
    JobStore store(connection);
    // Read outside a transaction first: most ticks find nothing due and need no write lock.
    IOTILE_TRY(next, store.scheduleNextRun(entry.name));
    if (!next) {
        IOTILE_CHECK(store.insertSchedule(entry.name, now));
        IOTILE_TRY(stored, store.scheduleNextRun(entry.name));
        next = stored;
    }
    if (!next || *next > now)
        return false;
    const qint64 interval = entry.intervalMs * 1000;
    qint64 following = *next + interval;
    if (following <= now)
        following = now + interval;
    Transaction tx(connection);
    IOTILE_CHECK(tx.started());
    IOTILE_TRY(won, store.advanceSchedule(entry.name, *next, following, now));
    if (!won)
        return false; // another process took this period
    EnqueueOptions options;
    options.dedupKey = QStringLiteral("schedule:%1:%2").arg(entry.name).arg(*next);
    IOTILE_TRY(id, JobQueue::enqueue(connection, entry.action, entry.args, options));
    IOTILE_CHECK(store.noteScheduledJob(entry.name, id));
    IOTILE_CHECK(tx.commit());
    return true;
}

} // namespace iotile
