#pragma once

#include <QJsonObject>
#include <QString>

namespace iotile::api {

// A device's membership in a fleet (fleet/<slug>/devices/, register/, deregister/).
struct FleetMember
{
    QString device; // device slug
    bool alwaysOn = false; // the device should always be up
    bool isAccessPoint = false; // it has internet and reads the other devices (a gateway)

    static FleetMember fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

} // namespace iotile::api
