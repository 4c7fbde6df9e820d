#pragma once

#include "common/util/error.h"
#include "server/domain/ota.h"

#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;
struct Device;

// Deployment requests (with their rollout state and step assignment) and deployment actions.
class OtaStore
{
public:
    explicit OtaStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // ---- deployment requests
    struct RequestQuery
    {
        enum class Scope { None, Global, Fleet, Org };
        bool none = false; // a list that must stay empty
        bool activeOnly = false; // released by `now`, not completed, not aborted
        qint64 now = 0;
        QList<qint64> fleetIds; // any of them
        QList<qint64> orgIds; // any of them
        Scope scope = Scope::None;
        qint64 scopeFleetId = 0;
        qint64 scopeOrgId = 0;
    };
    Result<qint64> countRequests(const RequestQuery &query);
    Result<QList<DeploymentRequest>> listRequests(const RequestQuery &query, qint64 offset, qint64 limit);
    Result<std::optional<DeploymentRequest>> requestById(qint64 id);
    Result<DeploymentRequest> createRequest(DeploymentRequest request);
    // Script, fleet, org, selection criteria and rollout plan.
    Status updateRequest(const DeploymentRequest &request);
    Status setReleased(qint64 id, std::optional<qint64> releasedOn);
    Status setCompleted(qint64 id, std::optional<qint64> completedOn);
    Status removeRequest(qint64 id);
    // Requests of the fleet that devices may still act on (not completed).
    Result<qint64> countOpenRequestsOfFleet(qint64 fleetId);

    // What /ota/device/<slug>/ lists: released, open requests for the device's fleets, its org, or a
    // vendor's global ones, gated by rollout steps; in the original's order.
    Result<QList<DeploymentRequest>> deploymentsForDevice(const Device &device, qint64 now);
    // The earliest released of those (the request a version change is credited to without an action).
    Result<std::optional<DeploymentRequest>> earliestDeploymentForDevice(const Device &device, qint64 now);

    // ---- rollouts
    // Requests whose rollout the worker may have to start or advance.
    Result<QList<qint64>> rolloutsToRun();
    // Saves the rollout state of `request` if the stored one is still `fromStatus` / `fromStep`
    // (compare-and-set against a concurrent run); false when it was not.
    Result<bool> saveRolloutState(const DeploymentRequest &request, const QString &fromStatus, int fromStep);
    struct Assignment
    {
        qint64 deviceId = 0;
        int position = 0;
        int step = 0;
    };
    Status assignRolloutDevices(qint64 requestId, const QList<Assignment> &assignments);
    Result<QList<Assignment>> rolloutDevices(qint64 requestId);
    // Where each target device of a rollout stands, in rollout order.
    struct RolloutDeviceState
    {
        qint64 deviceId = 0;
        QString deviceSlug;
        int position = 0;
        int step = 0; // 0-based
        qint64 attempts = 0;
        bool succeeded = false;
        bool confirmed = false;
    };
    Result<qint64> countRolloutDevices(qint64 requestId);
    Result<QList<RolloutDeviceState>> rolloutDeviceStates(qint64 requestId, qint64 offset, qint64 limit);

    // Devices a request targets before its selection criteria: the fleet's members; for a vendor org
    // without a fleet, active claimed devices of the vendor's device templates; else the org's devices.
    struct Candidate
    {
        qint64 id = 0;
        QString slug;
        QString sgSlug;
        QString templateSlug;
    };
    Result<QList<Candidate>> candidates(const DeploymentRequest &request);

    // ---- deployment actions
    struct ActionQuery
    {
        bool none = false;
        std::optional<qint64> requestId;
        std::optional<qint64> deviceId;
    };
    Result<qint64> countActions(const ActionQuery &query);
    Result<QList<DeploymentAction>> listActions(const ActionQuery &query, qint64 offset, qint64 limit);
    Result<std::optional<DeploymentAction>> actionById(qint64 id);
    Result<DeploymentAction> createAction(DeploymentAction action);
    Status updateAction(const DeploymentAction &action);
    Status removeAction(qint64 id);
    // The device's actions by last attempt (the ones without one last, as PostgreSQL sorts them).
    Result<QList<DeploymentAction>> actionsOfDevice(qint64 deviceId);
    // The device's most recent successful attempt that the device has not confirmed yet.
    Result<std::optional<DeploymentAction>> lastUnconfirmedSuccess(qint64 deviceId);
    Result<DeploymentCounts> counts(qint64 requestId);
    // Devices whose update for the request the device itself confirmed.
    Result<QSet<qint64>> confirmedDevices(qint64 requestId);

private:
    SqlConnection &m_db;
};

} // namespace iotile
