#include "server/domain/rollout.h"

#include "common/util/isotime.h"
#include "server/domain/selectioncriteria.h"
#include "server/store/database.h"
#include "server/store/deviceversionstore.h"
#include "server/store/otastore.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace iotile {

namespace {

constexpr int kMaxSteps = 100;

Error planError(const QString &field, const QString &message)
{
    const QJsonValue inner = field.isEmpty() ? QJsonValue(QJsonArray {message})
                                             : QJsonValue(QJsonObject {{field, QJsonArray {message}}});
    return Error::fields(QJsonObject {{QStringLiteral("rollout"), inner}});
}

std::optional<qint64> wholeNumber(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (d != std::floor(d) || std::abs(d) > 9e15)
        return std::nullopt;
    return qint64(d);
}

} // namespace

Result<RolloutPlan> RolloutPlan::fromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return planError({}, QStringLiteral("Expected an object with \"steps\"."));
    const QJsonObject o = value.toObject();
    static const QStringList kKeys = {QStringLiteral("steps"), QStringLiteral("min_step_seconds"),
                                      QStringLiteral("max_failures"), QStringLiteral("max_failure_percent"),
                                      QStringLiteral("min_attempted")};
    for (auto it = o.begin(); it != o.end(); ++it) {
        // The state fields of a request's JSON may come back in a PUT: they are read-only, not errors.
        if (!kKeys.contains(it.key()) && !RolloutPlan::stateKeys().contains(it.key()))
            return planError(it.key(), QStringLiteral("Unknown field."));
    }
    RolloutPlan plan;
    const QJsonArray steps = o.value(QStringLiteral("steps")).toArray();
    if (!o.value(QStringLiteral("steps")).isArray() || steps.isEmpty())
        return planError(QStringLiteral("steps"), QStringLiteral("A non-empty list of steps is required."));
    if (steps.size() > kMaxSteps)
        return planError(QStringLiteral("steps"), QStringLiteral("At most %1 steps.").arg(kMaxSteps));
    std::optional<double> lastPercent;
    std::optional<qint64> lastCount;
    for (const QJsonValue &s : steps) {
        const QJsonObject step = s.toObject();
        const bool hasPercent = step.contains(QStringLiteral("percent"));
        const bool hasCount = step.contains(QStringLiteral("count"));
        if (!s.isObject() || hasPercent == hasCount || step.size() != 1)
            return planError(QStringLiteral("steps"),
                             QStringLiteral("Each step is {\"percent\": p} or {\"count\": n}."));
        RolloutStep out;
        if (hasPercent) {
            const QJsonValue p = step.value(QStringLiteral("percent"));
            if (!p.isDouble() || p.toDouble() <= 0 || p.toDouble() > 100)
                return planError(QStringLiteral("steps"),
                                 QStringLiteral("A step's percent is a number above 0 and at most 100."));
            if (lastPercent && p.toDouble() < *lastPercent)
                return planError(QStringLiteral("steps"),
                                 QStringLiteral("Steps are cumulative: they cannot shrink."));
            out.percent = p.toDouble();
            lastPercent = out.percent;
        } else {
            const auto n = wholeNumber(step.value(QStringLiteral("count")));
            if (!n || *n < 1)
                return planError(QStringLiteral("steps"),
                                 QStringLiteral("A step's count is an integer of at least 1."));
            if (lastCount && *n < *lastCount)
                return planError(QStringLiteral("steps"),
                                 QStringLiteral("Steps are cumulative: they cannot shrink."));
            out.count = n;
            lastCount = n;
        }
        plan.steps.append(out);
    }
    if (!plan.steps.last().percent || *plan.steps.last().percent != 100)
        return planError(QStringLiteral("steps"),
                         QStringLiteral("The last step must be {\"percent\": 100}: a rollout ends with every "
                                        "target device."));
    const auto readCount = [&](const QString &key, qint64 minimum, std::optional<qint64> &out) -> Status {
        if (!o.contains(key) || o.value(key).isNull())
            return Ok {};
        const auto n = wholeNumber(o.value(key));
        if (!n || *n < minimum)
            return planError(key, QStringLiteral("An integer of at least %1 is required.").arg(minimum));
        out = n;
        return Ok {};
    };
    std::optional<qint64> minStep, minAttempted;
    IOTILE_CHECK(readCount(QStringLiteral("min_step_seconds"), 0, minStep));
    IOTILE_CHECK(readCount(QStringLiteral("max_failures"), 1, plan.maxFailures));
    IOTILE_CHECK(readCount(QStringLiteral("min_attempted"), 1, minAttempted));
    plan.minStepSeconds = minStep.value_or(0);
    plan.minAttempted = minAttempted.value_or(1);
    const QJsonValue pct = o.value(QStringLiteral("max_failure_percent"));
    if (!pct.isUndefined() && !pct.isNull()) {
        if (!pct.isDouble() || pct.toDouble() <= 0 || pct.toDouble() > 100)
            return planError(QStringLiteral("max_failure_percent"),
                             QStringLiteral("A number above 0 and at most 100 is required."));
        plan.maxFailurePercent = pct.toDouble();
    }
    return plan;
}

QStringList RolloutPlan::stateKeys()
{
    return {QStringLiteral("status"),           QStringLiteral("current_step"),
            QStringLiteral("step_released_on"), QStringLiteral("target_count"),
            QStringLiteral("released_count"),   QStringLiteral("attempted"),
            QStringLiteral("succeeded"),        QStringLiteral("failed"),
            QStringLiteral("aborted_on"),       QStringLiteral("abort_reason")};
}

QJsonObject RolloutPlan::toJson() const
{
    QJsonArray list;
    for (const RolloutStep &s : steps) {
        if (s.percent)
            list.append(QJsonObject {{QStringLiteral("percent"), *s.percent}});
        else
            list.append(QJsonObject {{QStringLiteral("count"), double(s.count.value_or(0))}});
    }
    return QJsonObject {
        {QStringLiteral("steps"), list},
        {QStringLiteral("min_step_seconds"), double(minStepSeconds)},
        {QStringLiteral("max_failures"), maxFailures ? QJsonValue(double(*maxFailures)) : QJsonValue()},
        {QStringLiteral("max_failure_percent"),
         maxFailurePercent ? QJsonValue(*maxFailurePercent) : QJsonValue()},
        {QStringLiteral("min_attempted"), double(minAttempted)},
    };
}

qint64 RolloutPlan::reach(int released, qint64 targets) const
{
    qint64 reached = 0;
    for (int i = 0; i < released && i < steps.size(); ++i) {
        const RolloutStep &s = steps[i];
        qint64 n = 0;
        if (s.percent) {
            // The small epsilon keeps 10% of 20 at 2 despite binary fractions.
            n = qint64(std::ceil(double(targets) * *s.percent / 100.0 - 1e-9));
            if (targets > 0 && n < 1)
                n = 1;
        } else {
            n = *s.count;
        }
        reached = std::max(reached, std::min(n, targets));
    }
    return reached;
}

std::optional<QString> RolloutPlan::abortReason(qint64 attempted, qint64 failed) const
{
    if (maxFailures && failed >= *maxFailures)
        return QStringLiteral("%1 device(s) failed to update (max_failures: %2)")
            .arg(failed)
            .arg(*maxFailures);
    if (maxFailurePercent && attempted > 0 && attempted >= minAttempted) {
        const double share = 100.0 * double(failed) / double(attempted);
        if (share >= *maxFailurePercent)
            return QStringLiteral(
                       "%1 of %2 attempted device(s) failed to update (%3%; max_failure_percent: %4)")
                .arg(failed)
                .arg(attempted)
                .arg(share, 0, 'f', 1)
                .arg(*maxFailurePercent);
    }
    return std::nullopt;
}

quint64 Rollout::orderKey(qint64 requestId, qint64 deviceId)
{
    // splitmix64 of the pair: cheap, well mixed and stable across platforms and Qt versions.
    quint64 z = quint64(deviceId) ^ (quint64(requestId) * 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

Result<bool> Rollout::run(DeploymentRequest &r, qint64 now, bool force)
{
    if (!r.hasRollout() || r.completedOn)
        return false;
    auto plan = RolloutPlan::fromJson(r.rollout);
    if (!plan)
        return Error::internal(QStringLiteral("deployment %1 has an invalid rollout plan").arg(r.id));
    if (r.rolloutStatus == rolloutstatus::kScheduled) {
        if (!r.releasedOn || *r.releasedOn > now)
            return false;
        // The first step then waits its min_step_seconds like every other one.
        IOTILE_CHECK(start(r, *plan, now));
        return true;
    }
    if (r.rolloutStatus == rolloutstatus::kInProgress)
        return advance(r, *plan, now, force);
    return false;
}

Status Rollout::start(DeploymentRequest &r, const RolloutPlan &plan, qint64 now)
{
    OtaStore store(m_db);
    IOTILE_TRY(candidates, store.candidates(r));
    QList<qint64> ids;
    for (const auto &c : candidates)
        ids.append(c.id);
    IOTILE_TRY(versions, DeviceVersionStore(m_db).latestOf(ids));
    const SelectionCriteria criteria = SelectionCriteria::parse(r.selectionCriteria);
    QList<qint64> targets;
    for (qint64 id : ids) {
        if (criteria.matches(versions.value(id)))
            targets.append(id);
    }
    std::sort(targets.begin(), targets.end(), [&](qint64 a, qint64 b) {
        const quint64 ka = orderKey(r.id, a), kb = orderKey(r.id, b);
        return ka != kb ? ka < kb : a < b;
    });
    const qint64 n = targets.size();
    QList<OtaStore::Assignment> assignments;
    int step = 0;
    for (int position = 0; position < int(n); ++position) {
        while (step + 1 < plan.steps.size() && position >= plan.reach(step + 1, n))
            ++step;
        assignments.append(OtaStore::Assignment {targets[position], position, step});
    }
    const QString from = r.rolloutStatus;
    const int fromStep = r.rolloutStep;
    r.rolloutStep = 1;
    r.rolloutStepOn = now;
    r.rolloutTargets = int(n);
    r.rolloutStatus = plan.steps.size() == 1 ? rolloutstatus::kRolledOut : rolloutstatus::kInProgress;
    IOTILE_TRY(saved, store.saveRolloutState(r, from, fromStep));
    if (!saved)
        return Error(
            ErrorKind::Conflict,
            QJsonObject {{QStringLiteral("detail"), QStringLiteral("The rollout changed meanwhile.")}});
    return store.assignRolloutDevices(r.id, assignments);
}

Result<bool> Rollout::advance(DeploymentRequest &r, const RolloutPlan &plan, qint64 now, bool force)
{
    IOTILE_TRY(aborted, checkFailures(r, now));
    if (aborted)
        return true;
    if (r.rolloutStep >= plan.steps.size() || !r.rolloutStepOn
        || (!force && now < *r.rolloutStepOn + plan.minStepSeconds * 1'000'000))
        return false;
    const QString from = r.rolloutStatus;
    const int fromStep = r.rolloutStep;
    r.rolloutStep += 1;
    r.rolloutStepOn = now;
    if (r.rolloutStep >= plan.steps.size())
        r.rolloutStatus = rolloutstatus::kRolledOut;
    return OtaStore(m_db).saveRolloutState(r, from, fromStep);
}

Result<bool> Rollout::checkFailures(DeploymentRequest &r, qint64 now)
{
    if (r.rolloutStatus != rolloutstatus::kInProgress && r.rolloutStatus != rolloutstatus::kRolledOut)
        return false;
    auto plan = RolloutPlan::fromJson(r.rollout);
    if (!plan)
        return Error::internal(QStringLiteral("deployment %1 has an invalid rollout plan").arg(r.id));
    IOTILE_TRY(counts, OtaStore(m_db).counts(r.id));
    const auto reason = plan->abortReason(counts.attempted, counts.failed);
    if (!reason)
        return false;
    return abort(r, *reason, now);
}

Result<bool> Rollout::abort(DeploymentRequest &r, const QString &reason, qint64 now)
{
    const QString from = r.rolloutStatus;
    const int fromStep = r.rolloutStep;
    r.rolloutStatus = rolloutstatus::kAborted;
    r.abortedOn = now;
    r.abortReason = reason;
    return OtaStore(m_db).saveRolloutState(r, from, fromStep);
}

Result<qint64> Rollout::secondsToNextStep(const DeploymentRequest &r, qint64 now)
{
    auto plan = RolloutPlan::fromJson(r.rollout);
    if (!plan)
        return Error::internal(QStringLiteral("deployment %1 has an invalid rollout plan").arg(r.id));
    const qint64 due = r.rolloutStepOn.value_or(now) + plan->minStepSeconds * 1'000'000;
    if (due <= now)
        return qint64(0);
    return (due - now + 999'999) / 1'000'000;
}

Result<bool> Rollout::completeIfDone(DeploymentRequest &r, qint64 now)
{
    if (r.completedOn || !r.releasedOn || *r.releasedOn > now)
        return false;
    OtaStore store(m_db);
    IOTILE_TRY(confirmed, store.confirmedDevices(r.id));
    if (confirmed.isEmpty())
        return false;
    if (r.hasRollout()) {
        if (r.rolloutStatus != rolloutstatus::kRolledOut)
            return false;
        IOTILE_TRY(assigned, store.rolloutDevices(r.id));
        for (const OtaStore::Assignment &a : assigned) {
            if (!confirmed.contains(a.deviceId))
                return false;
        }
    } else {
        IOTILE_TRY(candidates, store.candidates(r));
        QList<qint64> pending;
        for (const auto &c : candidates) {
            if (!confirmed.contains(c.id))
                pending.append(c.id);
        }
        if (!pending.isEmpty()) {
            IOTILE_TRY(versions, DeviceVersionStore(m_db).latestOf(pending));
            const SelectionCriteria criteria = SelectionCriteria::parse(r.selectionCriteria);
            for (qint64 id : std::as_const(pending)) {
                if (criteria.matches(versions.value(id)))
                    return false;
            }
        }
    }
    IOTILE_CHECK(store.setCompleted(r.id, now));
    r.completedOn = now;
    return true;
}

Result<QJsonValue> Rollout::toJson(const DeploymentRequest &r)
{
    if (!r.hasRollout())
        return QJsonValue(QJsonValue::Null);
    auto plan = RolloutPlan::fromJson(r.rollout);
    if (!plan)
        return Error::internal(QStringLiteral("deployment %1 has an invalid rollout plan").arg(r.id));
    QJsonObject o = plan->toJson();
    IOTILE_TRY(counts, OtaStore(m_db).counts(r.id));
    const auto time = [](const std::optional<qint64> &t) {
        return t ? QJsonValue(isotime::toString(*t)) : QJsonValue(QJsonValue::Null);
    };
    o.insert(QStringLiteral("status"), r.rolloutStatus);
    o.insert(QStringLiteral("current_step"), r.rolloutStep);
    o.insert(QStringLiteral("step_released_on"), time(r.rolloutStepOn));
    o.insert(QStringLiteral("target_count"), r.rolloutTargets);
    o.insert(QStringLiteral("released_count"), double(plan->reach(r.rolloutStep, r.rolloutTargets)));
    o.insert(QStringLiteral("attempted"), double(counts.attempted));
    o.insert(QStringLiteral("succeeded"), double(counts.succeeded));
    o.insert(QStringLiteral("failed"), double(counts.failed));
    o.insert(QStringLiteral("aborted_on"), time(r.abortedOn));
    o.insert(QStringLiteral("abort_reason"),
             r.abortReason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(r.abortReason));
    return QJsonValue(o);
}

} // namespace iotile
