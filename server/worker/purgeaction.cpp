#include "server/worker/purgeaction.h"

#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/store/jobstore.h"
#include "server/store/tokenstore.h"
#include "server/worker/jobcontext.h"

namespace iotile {

QList<ArgumentSpec> PurgeAction::arguments() const
{
    return {{QStringLiteral("days"), ArgType::Integer, false}};
}

Status PurgeAction::execute(JobContext &context)
{
    const qint64 days = context.argInt(QStringLiteral("days"), context.server().config().jobRetentionDays);
    if (days < 0)
        return hardError(QStringLiteral("days must not be negative"));
    IOTILE_TRY(db, context.db());
    const qint64 now = isotime::now();
    IOTILE_TRY(jobs, JobStore(*db).purgeDone(now - days * isotime::kMicrosPerDay));
    IOTILE_CHECK(TokenStore(*db).purgeExpired(now / isotime::kMicrosPerSecond));
    context.log(QStringLiteral("deleted %1 done job(s) older than %2 day(s); expired tokens purged")
                    .arg(jobs)
                    .arg(days));
    return Ok {};
}

} // namespace iotile
