#pragma once

#include "common/util/error.h"
#include "server/worker/jobaction.h"

#include <atomic>

namespace iotile {

class JobRegistry;
class SqlConnection;

// A configurable action for the worker's own tests: records each execution as a row of
// worker_test_executions (job_id is unique, so a second execution of a job is caught), and can sleep,
// fail softly for its first attempts, or fail hard. Registered only by tests, or by the server when
// IOTILE_TEST_ACTIONS=1 (the process-level crash test).
class WorkerTestAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("WorkerTestAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;

    // Creates worker_test_executions unless it exists (not part of the schema migrations).
    static Status ensureTable(SqlConnection &connection);
    // Executions that found their job already recorded: must stay 0.
    static std::atomic<int> &duplicates();
};

void registerTestActions(JobRegistry &registry);

} // namespace iotile
