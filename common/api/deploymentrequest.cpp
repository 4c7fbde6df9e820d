#include "common/api/deploymentrequest.h"

#include "common/api/wirejson.h"

#include <QJsonArray>

namespace iotile::api {

DeploymentRequest DeploymentRequest::fromJson(const QJsonObject &o)
{
    DeploymentRequest r;
    r.id = wire::integer(o.value(QLatin1String("id"))).value_or(0);
    r.script = o.value(QLatin1String("script")).toString();
    for (const QJsonValue &criterion : o.value(QLatin1String("selection_criteria")).toArray())
        r.selectionCriteria.append(criterion.toString());
    r.org = o.value(QLatin1String("org")).toString();
    r.fleet = o.value(QLatin1String("fleet")).toString();
    r.releasedOn = wire::dateTime(o.value(QLatin1String("released_on")));
    r.completedOn = wire::dateTime(o.value(QLatin1String("completed_on")));
    return r;
}

QJsonObject DeploymentRequest::createBody(const QString &script, const QString &org, const QString &fleet,
                                          const QStringList &selectionCriteria)
{
    QJsonObject body {
        {QStringLiteral("script"), script},
        {QStringLiteral("org"), org},
        {QStringLiteral("selection_criteria"), QJsonArray::fromStringList(selectionCriteria)},
    };
    // The original's fleet field is optional and null means the whole org.
    body.insert(QStringLiteral("fleet"), fleet.isEmpty() ? QJsonValue() : QJsonValue(fleet));
    return body;
}

DeploymentRequest::State DeploymentRequest::state(const QDateTime &now) const
{
    if (completedOn.isValid() && completedOn <= now)
        return State::Completed;
    if (releasedOn.isValid() && releasedOn <= now)
        return State::Released;
    return State::Draft;
}

} // namespace iotile::api
