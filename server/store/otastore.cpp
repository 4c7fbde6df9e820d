#include "server/store/otastore.h"

#include "common/slug/devicescriptslug.h"
#include "common/util/isotime.h"
#include "server/domain/device.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

#include <QJsonArray>
#include <QStringList>

namespace iotile {

namespace {

constexpr const char *kSelectRequest =
    "SELECT r.id, r.script_id, r.fleet_id, f.org_id, r.org_id, o.slug, o.is_vendor, r.selection_criteria, "
    "r.released_on, r.completed_on, r.rollout, r.rollout_status, r.rollout_step, r.rollout_step_on, "
    "r.rollout_targets, r.rollout_aborted_on, r.rollout_abort_reason, r.created_on, r.created_by "
    "FROM ota_requests r LEFT JOIN orgs o ON o.id = r.org_id LEFT JOIN fleets f ON f.id = r.fleet_id";

// The original's ordering (completed_on, released_on, id) with PostgreSQL's nulls-last on both dialects.
constexpr const char *kRequestOrder =
    " ORDER BY CASE WHEN r.completed_on IS NULL THEN 1 ELSE 0 END, r.completed_on, "
    "CASE WHEN r.released_on IS NULL THEN 1 ELSE 0 END, r.released_on, r.id";

constexpr const char *kActive = "r.released_on IS NOT NULL AND r.released_on <= ? AND r.completed_on IS NULL "
                                "AND (r.rollout_status IS NULL OR r.rollout_status <> 'aborted')";

constexpr const char *kVendors = "(SELECT id FROM orgs WHERE is_vendor = {TRUE})";

// Released, open requests a device may see: its fleets', its org's and vendors' global ones; during a
// rollout only once the device's step is released (fleets count while the device is in their org).
// Binds: now, device id, org id, org id, device id.
constexpr const char *kForDevice =
    " AND (r.fleet_id IN (SELECT m.fleet_id FROM fleet_members m JOIN fleets f ON f.id = m.fleet_id"
    " WHERE m.device_id = ? AND f.org_id = ?)"
    " OR (r.fleet_id IS NULL AND r.org_id = ?)"
    " OR (r.fleet_id IS NULL AND r.org_id IN (SELECT id FROM orgs WHERE is_vendor = {TRUE})))"
    " AND (r.rollout_status IS NULL OR r.rollout_status = 'rolled_out'"
    " OR (r.rollout_status = 'in_progress' AND EXISTS (SELECT 1 FROM ota_rollout_devices rd"
    " WHERE rd.request_id = r.id AND rd.device_id = ? AND rd.step < r.rollout_step)))";

DeploymentRequest readRequest(SqlQuery &q)
{
    DeploymentRequest r;
    r.id = q.int64(0);
    r.scriptId = q.int64(1);
    r.scriptSlug = DeviceScriptSlug(quint32(r.scriptId)).toString();
    r.fleetId = q.optionalInt64(2);
    r.fleetOrgId = q.optionalInt64(3);
    r.orgId = q.optionalInt64(4);
    r.orgSlug = q.text(5);
    r.orgIsVendor = !q.isNull(6) && q.boolean(6);
    for (const QJsonValue &v : jsonColumn(q, 7).toArray())
        r.selectionCriteria.append(v.toString());
    r.releasedOn = q.optionalInt64(8);
    r.completedOn = q.optionalInt64(9);
    r.rollout = jsonColumn(q, 10);
    r.rolloutStatus = q.text(11);
    r.rolloutStep = int(q.int64(12));
    r.rolloutStepOn = q.optionalInt64(13);
    r.rolloutTargets = int(q.int64(14));
    r.abortedOn = q.optionalInt64(15);
    r.abortReason = q.text(16);
    r.createdOn = q.int64(17);
    r.createdBy = q.optionalInt64(18);
    return r;
}

QString marks(qsizetype n)
{
    QStringList m;
    for (qsizetype i = 0; i < n; ++i)
        m << QStringLiteral("?");
    return m.join(QLatin1Char(','));
}

QString requestWhere(const OtaStore::RequestQuery &query)
{
    using Scope = OtaStore::RequestQuery::Scope;
    QStringList c;
    if (query.none)
        c << QStringLiteral("1 = 0");
    if (query.activeOnly)
        c << QLatin1String(kActive);
    if (!query.fleetIds.isEmpty())
        c << QStringLiteral("r.fleet_id IN (%1)").arg(marks(query.fleetIds.size()));
    if (!query.orgIds.isEmpty())
        c << QStringLiteral("r.org_id IN (%1)").arg(marks(query.orgIds.size()));
    const QString vendors = QLatin1String(kVendors);
    switch (query.scope) {
    case Scope::None:
        break;
    case Scope::Global:
        c << QStringLiteral("(r.fleet_id IS NULL AND r.org_id IN %1)").arg(vendors);
        break;
    case Scope::Fleet:
        c << QStringLiteral("(r.fleet_id = ? OR (r.fleet_id IS NULL AND r.org_id = ?) "
                            "OR (r.fleet_id IS NULL AND r.org_id IN %1))")
                 .arg(vendors);
        break;
    case Scope::Org:
        c << QStringLiteral("(r.org_id = ? OR (r.fleet_id IN (SELECT id FROM fleets WHERE org_id = ?) AND "
                            "r.org_id IN %1) OR (r.fleet_id IS NULL AND r.org_id IN %1))")
                 .arg(vendors);
        break;
    }
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindRequestWhere(SqlQuery &q, const OtaStore::RequestQuery &query)
{
    using Scope = OtaStore::RequestQuery::Scope;
    if (query.activeOnly)
        q.bind(query.now);
    for (qint64 id : query.fleetIds)
        q.bind(id);
    for (qint64 id : query.orgIds)
        q.bind(id);
    if (query.scope == Scope::Fleet)
        q.bind(query.scopeFleetId).bind(query.scopeOrgId);
    else if (query.scope == Scope::Org)
        q.bind(query.scopeOrgId).bind(query.scopeOrgId);
}

QVariant criteriaParameter(const QStringList &criteria)
{
    return jsonParameter(QJsonArray::fromStringList(criteria));
}

constexpr const char *kSelectAction =
    "SELECT a.id, a.request_id, a.device_id, d.slug, a.last_attempt_on, a.attempt_successful, "
    "a.device_confirmation, a.log, a.created_on FROM ota_actions a JOIN devices d ON d.id = a.device_id";

DeploymentAction readAction(SqlQuery &q)
{
    DeploymentAction a;
    a.id = q.int64(0);
    a.requestId = q.int64(1);
    a.deviceId = q.int64(2);
    a.deviceSlug = q.text(3);
    a.lastAttemptOn = q.optionalInt64(4);
    a.attemptSuccessful = q.boolean(5);
    a.deviceConfirmation = q.boolean(6);
    if (!q.isNull(7))
        a.log = q.text(7);
    a.createdOn = q.int64(8);
    return a;
}

QString actionWhere(const OtaStore::ActionQuery &query)
{
    QStringList c;
    if (query.none)
        c << QStringLiteral("1 = 0");
    if (query.requestId)
        c << QStringLiteral("a.request_id = ?");
    if (query.deviceId)
        c << QStringLiteral("a.device_id = ?");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindActionWhere(SqlQuery &q, const OtaStore::ActionQuery &query)
{
    if (query.requestId)
        q.bind(*query.requestId);
    if (query.deviceId)
        q.bind(*query.deviceId);
}

QVariant logParameter(const std::optional<QString> &log)
{
    return log ? QVariant(*log) : QVariant();
}

} // namespace

Result<qint64> OtaStore::countRequests(const RequestQuery &query)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM ota_requests r") + requestWhere(query));
    bindRequestWhere(q, query);
    return q.scalarInt64();
}

Result<QList<DeploymentRequest>> OtaStore::listRequests(const RequestQuery &query, qint64 offset,
                                                        qint64 limit)
{
    SqlQuery q = m_db.query(QLatin1String(kSelectRequest) + requestWhere(query) + QLatin1String(kRequestOrder)
                            + QStringLiteral(" LIMIT ? OFFSET ?"));
    bindRequestWhere(q, query);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<DeploymentRequest> out;
    while (q.next())
        out.append(readRequest(q));
    return out;
}

Result<std::optional<DeploymentRequest>> OtaStore::requestById(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kSelectRequest) + QStringLiteral(" WHERE r.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DeploymentRequest>();
    return std::optional<DeploymentRequest>(readRequest(q));
}

Result<DeploymentRequest> OtaStore::createRequest(DeploymentRequest r)
{
    r.createdOn = isotime::now();
    r.rolloutStatus = r.hasRollout() ? rolloutstatus::kScheduled : QString();
    SqlQuery q =
        m_db.query("INSERT INTO ota_requests (script_id, fleet_id, org_id, selection_criteria, rollout, "
                   "rollout_status, created_on, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(r.scriptId)
        .bindOptional(r.fleetId)
        .bindOptional(r.orgId)
        .bind(criteriaParameter(r.selectionCriteria));
    q.bind(jsonParameter(r.rollout));
    q.bind(r.rolloutStatus.isEmpty() ? QVariant() : QVariant(r.rolloutStatus));
    q.bind(r.createdOn).bindOptional(r.createdBy);
    IOTILE_TRY(id, q.scalarInt64());
    r.id = id;
    return r;
}

Status OtaStore::updateRequest(const DeploymentRequest &r)
{
    SqlQuery q = m_db.query("UPDATE ota_requests SET script_id = ?, fleet_id = ?, org_id = ?, "
                            "selection_criteria = ?, rollout = ?, rollout_status = ? WHERE id = ?");
    q.bind(r.scriptId)
        .bindOptional(r.fleetId)
        .bindOptional(r.orgId)
        .bind(criteriaParameter(r.selectionCriteria));
    q.bind(jsonParameter(r.rollout));
    q.bind(r.rolloutStatus.isEmpty() ? QVariant() : QVariant(r.rolloutStatus));
    q.bind(r.id);
    return q.exec();
}

Status OtaStore::setReleased(qint64 id, std::optional<qint64> releasedOn)
{
    SqlQuery q = m_db.query("UPDATE ota_requests SET released_on = ? WHERE id = ?");
    q.bindOptional(releasedOn).bind(id);
    return q.exec();
}

Status OtaStore::setCompleted(qint64 id, std::optional<qint64> completedOn)
{
    SqlQuery q = m_db.query("UPDATE ota_requests SET completed_on = ? WHERE id = ?");
    q.bindOptional(completedOn).bind(id);
    return q.exec();
}

Status OtaStore::removeRequest(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM ota_requests WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<qint64> OtaStore::countOpenRequestsOfFleet(qint64 fleetId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM ota_requests WHERE fleet_id = ? AND completed_on IS NULL");
    q.bind(fleetId);
    return q.scalarInt64();
}

Result<QList<DeploymentRequest>> OtaStore::deploymentsForDevice(const Device &device, qint64 now)
{
    SqlQuery q = m_db.query(QLatin1String(kSelectRequest) + QStringLiteral(" WHERE ") + QLatin1String(kActive)
                            + QLatin1String(kForDevice) + QLatin1String(kRequestOrder));
    // A device without an org matches no org-wide request (id 0 is never an org's).
    q.bind(now).bind(device.id).bind(device.orgId.value_or(0)).bind(device.orgId.value_or(0)).bind(device.id);
    IOTILE_CHECK(q.exec());
    QList<DeploymentRequest> out;
    while (q.next())
        out.append(readRequest(q));
    return out;
}

Result<std::optional<DeploymentRequest>> OtaStore::earliestDeploymentForDevice(const Device &device,
                                                                               qint64 now)
{
    SqlQuery q =
        m_db.query(QLatin1String(kSelectRequest) + QStringLiteral(" WHERE ") + QLatin1String(kActive)
                   + QLatin1String(kForDevice) + QStringLiteral(" ORDER BY r.released_on, r.id LIMIT 1"));
    q.bind(now).bind(device.id).bind(device.orgId.value_or(0)).bind(device.orgId.value_or(0)).bind(device.id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DeploymentRequest>();
    return std::optional<DeploymentRequest>(readRequest(q));
}

Result<QList<qint64>> OtaStore::rolloutsToRun()
{
    SqlQuery q =
        m_db.query("SELECT id FROM ota_requests WHERE rollout_status IN ('scheduled', 'in_progress') "
                   "AND completed_on IS NULL ORDER BY id");
    IOTILE_CHECK(q.exec());
    QList<qint64> out;
    while (q.next())
        out.append(q.int64(0));
    return out;
}

Result<bool> OtaStore::saveRolloutState(const DeploymentRequest &r, const QString &fromStatus, int fromStep)
{
    SqlQuery q =
        m_db.query("UPDATE ota_requests SET rollout_status = ?, rollout_step = ?, rollout_step_on = ?, "
                   "rollout_targets = ?, rollout_aborted_on = ?, rollout_abort_reason = ? "
                   "WHERE id = ? AND rollout_status = ? AND rollout_step = ?");
    q.bind(r.rolloutStatus).bind(r.rolloutStep).bindOptional(r.rolloutStepOn).bind(r.rolloutTargets);
    q.bindOptional(r.abortedOn).bind(r.abortReason.isEmpty() ? QVariant() : QVariant(r.abortReason));
    q.bind(r.id).bind(fromStatus).bind(fromStep);
    IOTILE_CHECK(q.exec());
    return q.rowsAffected() == 1;
}

Status OtaStore::assignRolloutDevices(qint64 requestId, const QList<Assignment> &assignments)
{
    SqlQuery clear = m_db.query("DELETE FROM ota_rollout_devices WHERE request_id = ?");
    clear.bind(requestId);
    IOTILE_CHECK(clear.exec());
    for (const Assignment &a : assignments) {
        SqlQuery q = m_db.query(
            "INSERT INTO ota_rollout_devices (request_id, device_id, position, step) VALUES (?, ?, ?, ?)");
        q.bind(requestId).bind(a.deviceId).bind(a.position).bind(a.step);
        IOTILE_CHECK(q.exec());
    }
    return Ok {};
}

Result<QList<OtaStore::Assignment>> OtaStore::rolloutDevices(qint64 requestId)
{
    SqlQuery q = m_db.query(
        "SELECT device_id, position, step FROM ota_rollout_devices WHERE request_id = ? ORDER BY position");
    q.bind(requestId);
    IOTILE_CHECK(q.exec());
    QList<Assignment> out;
    while (q.next())
        out.append(Assignment {q.int64(0), int(q.int64(1)), int(q.int64(2))});
    return out;
}

Result<qint64> OtaStore::countRolloutDevices(qint64 requestId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM ota_rollout_devices WHERE request_id = ?");
    q.bind(requestId);
    return q.scalarInt64();
}

Result<QList<OtaStore::RolloutDeviceState>> OtaStore::rolloutDeviceStates(qint64 requestId, qint64 offset,
                                                                          qint64 limit)
{
    SqlQuery q =
        m_db.query("SELECT rd.device_id, d.slug, rd.position, rd.step, count(a.id), "
                   "COALESCE(MAX(CASE WHEN a.attempt_successful THEN 1 ELSE 0 END), 0), "
                   "COALESCE(MAX(CASE WHEN a.device_confirmation THEN 1 ELSE 0 END), 0) "
                   "FROM ota_rollout_devices rd JOIN devices d ON d.id = rd.device_id "
                   "LEFT JOIN ota_actions a ON a.request_id = rd.request_id AND a.device_id = rd.device_id "
                   "WHERE rd.request_id = ? GROUP BY rd.device_id, d.slug, rd.position, rd.step "
                   "ORDER BY rd.position LIMIT ? OFFSET ?");
    q.bind(requestId).bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<RolloutDeviceState> out;
    while (q.next())
        out.append(RolloutDeviceState {q.int64(0), q.text(1), int(q.int64(2)), int(q.int64(3)), q.int64(4),
                                       q.int64(5) != 0, q.int64(6) != 0});
    return out;
}

Result<QList<OtaStore::Candidate>> OtaStore::candidates(const DeploymentRequest &r)
{
    static const QString select = QStringLiteral(
        "SELECT d.id, d.slug, sg.slug, dt.slug FROM devices d LEFT JOIN sensor_graphs sg ON sg.id = d.sg_id "
        "LEFT JOIN device_templates dt ON dt.id = d.template_id ");
    QList<Candidate> out;
    std::optional<SqlQuery> q;
    if (r.fleetId) {
        q = m_db.query(
            select
            + QStringLiteral("JOIN fleet_members m ON m.device_id = d.id JOIN fleets f ON f.id = m.fleet_id "
                             "WHERE m.fleet_id = ? AND d.org_id = f.org_id "
                             "ORDER BY d.id"));
        q->bind(*r.fleetId);
    } else if (r.orgId && r.orgIsVendor) {
        q = m_db.query(select
                       + QStringLiteral("WHERE dt.org_id = ? AND d.active = {TRUE} AND d.project_id IS "
                                        "NOT NULL ORDER BY d.id"));
        q->bind(*r.orgId);
    } else if (r.orgId) {
        q = m_db.query(select + QStringLiteral("WHERE d.org_id = ? ORDER BY d.id"));
        q->bind(*r.orgId);
    } else {
        return out;
    }
    IOTILE_CHECK(q->exec());
    while (q->next())
        out.append(Candidate {q->int64(0), q->text(1), q->text(2), q->text(3)});
    return out;
}

Result<qint64> OtaStore::countActions(const ActionQuery &query)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM ota_actions a") + actionWhere(query));
    bindActionWhere(q, query);
    return q.scalarInt64();
}

Result<QList<DeploymentAction>> OtaStore::listActions(const ActionQuery &query, qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(QLatin1String(kSelectAction) + actionWhere(query)
                            + QStringLiteral(" ORDER BY a.request_id, a.device_id, a.created_on, a.id "
                                             "LIMIT ? OFFSET ?"));
    bindActionWhere(q, query);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<DeploymentAction> out;
    while (q.next())
        out.append(readAction(q));
    return out;
}

Result<std::optional<DeploymentAction>> OtaStore::actionById(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kSelectAction) + QStringLiteral(" WHERE a.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DeploymentAction>();
    return std::optional<DeploymentAction>(readAction(q));
}

Result<DeploymentAction> OtaStore::createAction(DeploymentAction a)
{
    a.createdOn = isotime::now();
    SqlQuery q =
        m_db.query("INSERT INTO ota_actions (request_id, device_id, last_attempt_on, attempt_successful, "
                   "device_confirmation, log, created_on) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(a.requestId).bind(a.deviceId).bindOptional(a.lastAttemptOn).bind(a.attemptSuccessful);
    q.bind(a.deviceConfirmation).bind(logParameter(a.log)).bind(a.createdOn);
    IOTILE_TRY(id, q.scalarInt64());
    a.id = id;
    return a;
}

Status OtaStore::updateAction(const DeploymentAction &a)
{
    SqlQuery q = m_db.query("UPDATE ota_actions SET request_id = ?, device_id = ?, last_attempt_on = ?, "
                            "attempt_successful = ?, device_confirmation = ?, log = ? WHERE id = ?");
    q.bind(a.requestId).bind(a.deviceId).bindOptional(a.lastAttemptOn).bind(a.attemptSuccessful);
    q.bind(a.deviceConfirmation).bind(logParameter(a.log)).bind(a.id);
    return q.exec();
}

Status OtaStore::removeAction(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM ota_actions WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<QList<DeploymentAction>> OtaStore::actionsOfDevice(qint64 deviceId)
{
    SqlQuery q =
        m_db.query(QLatin1String(kSelectAction)
                   + QStringLiteral(" WHERE a.device_id = ? ORDER BY CASE WHEN a.last_attempt_on IS NULL "
                                    "THEN 1 ELSE 0 END, a.last_attempt_on, a.id"));
    q.bind(deviceId);
    IOTILE_CHECK(q.exec());
    QList<DeploymentAction> out;
    while (q.next())
        out.append(readAction(q));
    return out;
}

Result<std::optional<DeploymentAction>> OtaStore::lastUnconfirmedSuccess(qint64 deviceId)
{
    // An attempt without a time counts from when it was reported.
    SqlQuery q =
        m_db.query(QLatin1String(kSelectAction)
                   + QStringLiteral(" WHERE a.device_id = ? AND a.attempt_successful = {TRUE} AND "
                                    "a.device_confirmation = {FALSE} ORDER BY COALESCE(a.last_attempt_on, "
                                    "a.created_on) DESC, a.id DESC LIMIT 1"));
    q.bind(deviceId);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DeploymentAction>();
    return std::optional<DeploymentAction>(readAction(q));
}

Result<DeploymentCounts> OtaStore::counts(qint64 requestId)
{
    SqlQuery q =
        m_db.query("SELECT count(*), COALESCE(SUM(ok), 0) FROM (SELECT device_id, MAX(CASE WHEN "
                   "attempt_successful THEN 1 ELSE 0 END) AS ok FROM ota_actions WHERE request_id = ? "
                   "GROUP BY device_id) t");
    q.bind(requestId);
    IOTILE_CHECK(q.exec());
    DeploymentCounts c;
    if (q.next()) {
        c.attempted = q.int64(0);
        c.succeeded = q.int64(1);
        c.failed = c.attempted - c.succeeded;
    }
    return c;
}

Result<QSet<qint64>> OtaStore::confirmedDevices(qint64 requestId)
{
    SqlQuery q = m_db.query("SELECT DISTINCT device_id FROM ota_actions WHERE request_id = ? AND "
                            "device_confirmation = {TRUE}");
    q.bind(requestId);
    IOTILE_CHECK(q.exec());
    QSet<qint64> out;
    while (q.next())
        out.insert(q.int64(0));
    return out;
}

} // namespace iotile
