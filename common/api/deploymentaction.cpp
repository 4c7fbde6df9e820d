#include "common/api/deploymentaction.h"

#include "common/api/wirejson.h"

namespace iotile::api {

DeploymentAction DeploymentAction::fromJson(const QJsonObject &o)
{
    DeploymentAction a;
    a.id = wire::integer(o.value(QLatin1String("id"))).value_or(0);
    a.deployment = wire::integer(o.value(QLatin1String("deployment"))).value_or(0);
    a.device = o.value(QLatin1String("device")).toString();
    a.createdOn = wire::dateTime(o.value(QLatin1String("created_on")));
    a.lastAttemptOn = wire::dateTime(o.value(QLatin1String("last_attempt_on")));
    a.attemptSuccessful = o.value(QLatin1String("attempt_successful")).toBool();
    a.deviceConfirmation = o.value(QLatin1String("device_confirmation")).toBool();
    a.log = o.value(QLatin1String("log")).toString();
    return a;
}

} // namespace iotile::api
