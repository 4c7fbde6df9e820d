#pragma once

#include "common/util/error.h"

#include <QJsonObject>
#include <QString>

#include <chrono>
#include <optional>

namespace iotile {

class SqlConnection;

struct EnqueueOptions
{
    std::chrono::milliseconds delay {0};
    int maxAttempts = 5;
    // While a job with this key is queued or running, enqueue returns that job instead of a new one.
    QString dedupKey;
    // Higher runs first among due jobs.
    int priority = 0;
    // The account the job is for: it may look the job up through POST /api/v1/pid/.
    std::optional<qint64> createdBy;
};

// Puts work on the durable queue. enqueue() runs on the caller's connection, inside the caller's
// transaction when one is open, so a job is queued atomically with the data that needs it.
class JobQueue
{
public:
    // Checks that the action exists and its arguments are valid (a mistake here is a programming error,
    // reported as Internal), inserts the job and wakes this process's idle workers.
    static Result<qint64> enqueue(SqlConnection &connection, const QString &action, const QJsonObject &args,
                                  const EnqueueOptions &options = {});

    // Wake-ups within the process: workers note generation() before looking for work and sleep in
    // waitForWork() until it changes or the timeout passes.
    static quint64 generation();
    static void notify();
    // Returns true when woken by notify(), false on timeout.
    static bool waitForWork(quint64 seenGeneration, int timeoutMs);
};

} // namespace iotile
