#include "server/worker/hookaction.h"

#include "server/domain/filterhooks.h"
#include "server/worker/jobcontext.h"

namespace iotile {

QList<ArgumentSpec> FilterHookAction::arguments() const
{
    return {{QStringLiteral("firing"), ArgType::Object, true}};
}

Status FilterHookAction::execute(JobContext &context)
{
    const QJsonObject firing = context.args().value(QStringLiteral("firing")).toObject();
    const QString name =
        firing.value(QStringLiteral("extra")).toObject().value(QStringLiteral("hook")).toString();
    const FilterHooks::Hook hook = FilterHooks::global().find(name);
    if (!hook)
        return hardError(QStringLiteral("no custom action hook named \"%1\"").arg(name));
    return hook(firing, context);
}

} // namespace iotile
