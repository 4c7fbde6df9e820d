#pragma once

#include "common/util/error.h"
#include "server/domain/ota.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace iotile {

class SqlConnection;

// One step of a staged rollout: the share of the target devices that may see the deployment once the
// step is released, cumulative (10, 50, 100 percent), as a percentage or a device count.
struct RolloutStep
{
    std::optional<double> percent;
    std::optional<qint64> count;
};

// A deployment request's staged-rollout plan (beyond the original; modelled on AWS IoT Jobs' rollout and
// abort configs), as the request's "rollout" JSON:
//   {"steps": [{"percent": 10}, {"count": 50}, {"percent": 100}], "min_step_seconds": 3600,
//    "max_failures": 5, "max_failure_percent": 10, "min_attempted": 20}
// The last step must be {"percent": 100}. A step is released at least min_step_seconds after the one
// before. The rollout aborts when failed devices reach max_failures, or reach max_failure_percent of the
// devices that attempted once at least min_attempted (default 1) did.
struct RolloutPlan
{
    QList<RolloutStep> steps;
    qint64 minStepSeconds = 0;
    std::optional<qint64> maxFailures;
    std::optional<double> maxFailurePercent;
    qint64 minAttempted = 1;

    // Field errors are DRF-style nested under "rollout".
    static Result<RolloutPlan> fromJson(const QJsonValue &value);
    QJsonObject toJson() const;
    // The read-only state fields a request's "rollout" JSON adds to the plan.
    static QStringList stateKeys();

    // How many of `targets` devices the first `released` steps reach (never shrinking, at least one
    // device for a non-zero share).
    qint64 reach(int released, qint64 targets) const;
    // Why the rollout must stop, given the devices that attempted and those that failed; nullopt: go on.
    std::optional<QString> abortReason(qint64 attempted, qint64 failed) const;
};

// Moves staged rollouts along, in the caller's transaction: start (freeze and order the target devices,
// assign each to a step, release the first), advance (release the next step when due), and stop when
// failures pass the threshold. Requests without a rollout are left alone.
class Rollout
{
public:
    explicit Rollout(SqlConnection &db)
        : m_db(db)
    { }

    // Starts a scheduled rollout whose request is released (released_on <= now), or advances one in
    // progress (force: without waiting for min_step_seconds). Returns true when the request changed.
    Result<bool> run(DeploymentRequest &request, qint64 now, bool force = false);
    // Aborts the rollout when its failures pass the threshold; true when it did.
    Result<bool> checkFailures(DeploymentRequest &request, qint64 now);
    // Stops the rollout; false when it changed meanwhile (another run moved it first).
    Result<bool> abort(DeploymentRequest &request, const QString &reason, qint64 now);

    // Marks a released request completed once every device it targets confirmed the update (the
    // original's intent for completed_on, which it left to a person): with a rollout, every device
    // of the frozen target list once all steps are out; without, every device of the target that still
    // matches the selection criteria (a device that updated stops matching "os_version:lt:2.0").
    // True when it completed the request.
    Result<bool> completeIfDone(DeploymentRequest &request, qint64 now);

    // The rollout part of a request's JSON: the plan and where it stands.
    Result<QJsonValue> toJson(const DeploymentRequest &request);

    // Whole seconds until an in-progress rollout's next step is due (0: due now).
    static Result<qint64> secondsToNextStep(const DeploymentRequest &request, qint64 now);

    // The order in which target devices get a deployment: a fixed shuffle per request, so the first
    // steps of different deployments do not always land on the same devices.
    static quint64 orderKey(qint64 requestId, qint64 deviceId);

private:
    Status start(DeploymentRequest &request, const RolloutPlan &plan, qint64 now);
    Result<bool> advance(DeploymentRequest &request, const RolloutPlan &plan, qint64 now, bool force);
    SqlConnection &m_db;
};

} // namespace iotile
