#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

class SqlConnection;

// Moves staged OTA rollouts along (domain/rollout.h): starts released ones, releases the next step when
// it is due, aborts on failures. With "request" it runs that deployment and queues itself again for
// when its next step is due; without, it sweeps every open rollout (scheduled every minute as a safety
// net for missed wake-ups).
class RolloutAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("RolloutAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;

    // Queues a run of one request's rollout after `delaySeconds`, inside the caller's transaction;
    // deduplicated per request, step and due second (a run may queue the run of the next step).
    static Status schedule(SqlConnection &db, qint64 requestId, int step, qint64 delaySeconds);
};

} // namespace iotile
