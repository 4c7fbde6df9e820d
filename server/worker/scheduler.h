#pragma once

#include "common/util/error.h"

#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>

namespace iotile {

class SqlConnection;

struct ScheduledAction
{
    QString name; // unique; the scheduled_jobs row
    QString action;
    qint64 intervalMs = 0;
    QJsonObject args;
};

// Periodic actions. Every worker process ticks its scheduler; a scheduled_jobs row per name holds the
// next run, and only the process whose compare-and-set moves it forward enqueues that period (with a
// dedup key naming the period), so a period runs once however many processes tick.
class Scheduler
{
public:
    // Adds or replaces the entry of that name.
    void add(const ScheduledAction &entry);
    QList<ScheduledAction> entries() const;

    // Enqueues each entry whose next run has come; returns how many jobs this call queued. A new entry
    // is due at once; after a run the next one is a whole interval later (missed periods are not caught
    // up one by one).
    Result<int> tick(SqlConnection &connection, qint64 now);

private:
    Result<bool> tickOne(SqlConnection &connection, const ScheduledAction &entry, qint64 now);

    mutable QMutex m_mutex;
    QList<ScheduledAction> m_entries;
};

} // namespace iotile
