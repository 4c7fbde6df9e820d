#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace iotile::api {

// A deployment action (ota/action/): a phone or gateway's report that it tried to update a device for a
// deployment request; device_confirmation turns true once the device itself reported the new version.
struct DeploymentAction
{
    qint64 id = 0;
    qint64 deployment = 0; // request id
    QString device; // device slug
    QDateTime createdOn;
    QDateTime lastAttemptOn;
    bool attemptSuccessful = false;
    bool deviceConfirmation = false;
    QString log;

    static DeploymentAction fromJson(const QJsonObject &object);
};

} // namespace iotile::api
