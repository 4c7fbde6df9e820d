#include "server/worker/rolloutaction.h"

#include "common/util/isotime.h"
#include "server/domain/rollout.h"
#include "server/store/database.h"
#include "server/store/otastore.h"
#include "server/worker/jobcontext.h"
#include "server/worker/jobqueue.h"

#include <algorithm>

namespace iotile {

QList<ArgumentSpec> RolloutAction::arguments() const
{
    return {{QStringLiteral("request"), ArgType::Integer, false}};
}

Status RolloutAction::schedule(SqlConnection &db, qint64 requestId, int step, qint64 delaySeconds)
{
    EnqueueOptions options;
    options.delay = std::chrono::milliseconds(std::max<qint64>(0, delaySeconds) * 1000);
    options.dedupKey =
        QStringLiteral("rollout:%1:%2:%3")
            .arg(requestId)
            .arg(step)
            .arg(isotime::now() / isotime::kMicrosPerSecond + std::max<qint64>(0, delaySeconds));
    IOTILE_TRY(id,
               JobQueue::enqueue(db, QStringLiteral("RolloutAction"),
                                 QJsonObject {{QStringLiteral("request"), double(requestId)}}, options));
    Q_UNUSED(id);
    return Ok {};
}

Status RolloutAction::execute(JobContext &context)
{
    IOTILE_TRY(db, context.db());
    QList<qint64> ids;
    const bool one = context.args().contains(QStringLiteral("request"));
    if (one) {
        ids.append(context.argInt(QStringLiteral("request")));
    } else {
        IOTILE_TRY(open, OtaStore(*db).rolloutsToRun());
        ids = open;
    }
    for (qint64 id : std::as_const(ids)) {
        Transaction tx(*db);
        IOTILE_CHECK(tx.started());
        IOTILE_TRY(found, OtaStore(*db).requestById(id));
        if (!found)
            continue;
        DeploymentRequest request = *found;
        const QString before = request.rolloutStatus;
        const int step = request.rolloutStep;
        const qint64 now = isotime::now();
        IOTILE_TRY(changed, Rollout(*db).run(request, now));
        if (changed)
            context.log(QStringLiteral("deployment %1: rollout %2 step %3 -> %4 step %5")
                            .arg(id)
                            .arg(before)
                            .arg(step)
                            .arg(request.rolloutStatus)
                            .arg(request.rolloutStep));
        if (one && request.rolloutStatus == rolloutstatus::kInProgress) {
            IOTILE_TRY(wait, Rollout::secondsToNextStep(request, now));
            IOTILE_CHECK(schedule(*db, id, request.rolloutStep, wait));
        }
        IOTILE_CHECK(tx.commit());
    }
    return Ok {};
}

} // namespace iotile
