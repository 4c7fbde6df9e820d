#include "server/worker/testactions.h"

#include "common/util/isotime.h"
#include "server/store/database.h"
#include "server/worker/jobcontext.h"
#include "server/worker/jobregistry.h"

#include <QThread>

namespace iotile {

namespace {

Status record(SqlConnection &db, JobContext &context)
{
    SqlQuery q = db.query("INSERT INTO worker_test_executions (job_id, tag, attempt, worker, executed_at) "
                          "VALUES (?, ?, ?, ?, ?)");
    q.bind(context.jobId())
        .bind(context.argString(QStringLiteral("tag")))
        .bind(context.attempt())
        .bind(context.claim().workerId)
        .bind(isotime::now());
    if (Status s = q.exec(); !s) {
        if (q.isUniqueViolation()) {
            WorkerTestAction::duplicates().fetch_add(1);
            return JobAction::hardError(QStringLiteral("job %1 executed twice").arg(context.jobId()));
        }
        return s;
    }
    return Ok {};
}

} // namespace

QList<ArgumentSpec> WorkerTestAction::arguments() const
{
    return {
        {QStringLiteral("tag"), ArgType::String, true},
        {QStringLiteral("sleep_ms"), ArgType::Integer, false},
        {QStringLiteral("soft_failures"), ArgType::Integer, false},
        {QStringLiteral("hard_error"), ArgType::Bool, false},
        {QStringLiteral("atomic"), ArgType::Bool, false},
        {QStringLiteral("record"), ArgType::Bool, false},
    };
}

Status WorkerTestAction::execute(JobContext &context)
{
    if (context.argBool(QStringLiteral("hard_error")))
        return hardError(QStringLiteral("hard error as asked"));
    if (context.attempt() <= context.argInt(QStringLiteral("soft_failures")))
        return softError(QStringLiteral("soft failure %1 as asked").arg(context.attempt()));
    if (const qint64 ms = context.argInt(QStringLiteral("sleep_ms")); ms > 0)
        QThread::msleep(ulong(ms));
    if (!context.argBool(QStringLiteral("record"), true))
        return Ok {};
    IOTILE_TRY(db, context.db());
    if (!context.argBool(QStringLiteral("atomic"))) {
        IOTILE_CHECK(record(*db, context));
        context.log(QStringLiteral("recorded"));
        return Ok {};
    }
    // The pattern for exactly-once effects: the writes and the job's completion commit together.
    Transaction tx(*db);
    IOTILE_CHECK(tx.started());
    IOTILE_CHECK(record(*db, context));
    context.log(QStringLiteral("recorded atomically"));
    IOTILE_CHECK(context.completeWithin(*db));
    return tx.commit();
}

Status WorkerTestAction::ensureTable(SqlConnection &connection)
{
    return connection.execOnce(QStringLiteral("CREATE TABLE IF NOT EXISTS worker_test_executions ("
                                              " job_id {BIGINT} NOT NULL UNIQUE,"
                                              " tag TEXT NOT NULL,"
                                              " attempt INTEGER NOT NULL,"
                                              " worker TEXT NOT NULL,"
                                              " executed_at {BIGINT} NOT NULL)"));
}

std::atomic<int> &WorkerTestAction::duplicates()
{
    static std::atomic<int> count {0};
    return count;
}

void registerTestActions(JobRegistry &registry)
{
    registry.add<WorkerTestAction>();
}

} // namespace iotile
