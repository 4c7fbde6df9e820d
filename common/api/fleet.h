#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace iotile::api {

// A fleet (fleet/): a named group of an org's devices, e.g. a network with gateways or a configuration
// profile; the target of OTA deployment requests. Its slug looks like g--0000-0000-0001.
struct Fleet
{
    qint64 id = 0;
    QString slug;
    QString name;
    QString org; // org slug
    QString description;
    bool isNetwork = false;
    QString createdBy; // user slug
    QDateTime createdOn;

    static Fleet fromJson(const QJsonObject &object);
    // The writable fields (name, org, description, is_network) for POST and PUT fleet/.
    QJsonObject toBody() const;
};

} // namespace iotile::api
