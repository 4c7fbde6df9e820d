#pragma once

#include "common/util/error.h"
#include "server/store/jobstore.h"

#include <QJsonObject>
#include <QString>

#include <atomic>
#include <optional>

namespace iotile {

class ServerContext;
class SqlConnection;

// What an action sees of the job it runs: the job, its arguments and attempt, the server's services and
// the worker thread's database connections, a log kept with the job, and the worker's stop request.
class JobContext
{
public:
    JobContext(ServerContext &server, const Job &job, JobClaim claim,
               const std::atomic<bool> *stop = nullptr);

    qint64 jobId() const { return m_job.id; }
    const QString &action() const { return m_job.action; }
    const QJsonObject &args() const { return m_job.args; }
    // 1 for the first run; retries and runs after a lost worker count up.
    int attempt() const { return m_claim.attempt; }
    int maxAttempts() const { return m_job.maxAttempts; }
    bool isLastAttempt() const { return attempt() >= maxAttempts(); }
    // The account that queued the job (for permission checks and notifications), if any.
    std::optional<qint64> createdBy() const { return m_job.createdBy; }
    const JobClaim &claim() const { return m_claim; }

    ServerContext &server() { return m_server; }
    // The worker thread's connections (the same ones the queue uses for the job itself).
    Result<SqlConnection *> db();
    Result<SqlConnection *> dataDb();

    // Convenience readers for validated arguments.
    QString argString(const QString &name, const QString &fallback = {}) const;
    qint64 argInt(const QString &name, qint64 fallback = 0) const;
    bool argBool(const QString &name, bool fallback = false) const;

    // Writes to the server log and to the job's log (shown to staff), prefixed with the job.
    void log(const QString &message);
    void warn(const QString &message);
    const QString &logText() const { return m_log; }

    // The worker is shutting down: long actions stop at a safe point and return a soft error; the job is
    // then retried by whoever runs next.
    bool stopRequested() const { return m_stop && m_stop->load(); }

    // Marks the job done inside the caller's open transaction on the main database, so the action's
    // writes and its completion commit together: if the worker dies before the commit, neither happened
    // and the retry starts clean; if this claim was lost (lease expired and another worker took the job),
    // it fails and the caller must roll back. Exactly-once for actions whose effects live in the main
    // database.
    Status completeWithin(SqlConnection &connection);
    bool completed() const { return m_completed; }

private:
    void append(const QString &level, const QString &message);

    ServerContext &m_server;
    Job m_job;
    JobClaim m_claim;
    const std::atomic<bool> *m_stop;
    QString m_log;
    bool m_completed = false;
};

} // namespace iotile
