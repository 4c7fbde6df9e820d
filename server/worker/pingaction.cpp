#include "server/worker/pingaction.h"

#include "server/worker/jobcontext.h"

namespace iotile {

QList<ArgumentSpec> PingAction::arguments() const
{
    return {{QStringLiteral("message"), ArgType::String, false}};
}

Status PingAction::execute(JobContext &context)
{
    context.log(QStringLiteral("pong %1").arg(context.argString(QStringLiteral("message"))).trimmed());
    return Ok {};
}

} // namespace iotile
