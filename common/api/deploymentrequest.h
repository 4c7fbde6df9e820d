#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace iotile::api {

// A deployment request (ota/request/): a device script targeted at an org's devices or one fleet,
// narrowed by selection criteria such as "os_tag:eq:1024"; agents act on it once released.
struct DeploymentRequest
{
    enum class State { Draft, Released, Completed };

    qint64 id = 0;
    QString script; // script slug
    QStringList selectionCriteria;
    QString org; // org slug
    QString fleet; // fleet slug, empty for all the org's devices
    QDateTime releasedOn;
    QDateTime completedOn;

    static DeploymentRequest fromJson(const QJsonObject &object);
    // The body of POST ota/request/ (released_on and completed_on are read-only on the wire).
    static QJsonObject createBody(const QString &script, const QString &org, const QString &fleet,
                                  const QStringList &selectionCriteria);
    // Released when its release time has passed (a future one is still a draft), completed likewise.
    State state(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
};

} // namespace iotile::api
