#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace iotile::api {

// A device (device/), looked up by its slug d--0000-0000-0000-0001.
struct Device
{
    qint64 id = 0;
    QString slug;
    QString gid;
    QString label;
    bool active = true;
    QString externalId;
    QString sensorGraph; // sg slug
    QString deviceTemplate; // dt slug
    QString org;
    QString project; // project UUID
    std::optional<double> lat;
    std::optional<double> lon;
    QString state; // N0, N1, B0, B1
    bool busy = false;
    QString claimedBy;
    QDateTime createdOn;
    QDateTime claimedOn;

    static Device fromJson(const QJsonObject &object);
    // The label, or the slug for devices nobody named.
    QString displayName() const;
};

} // namespace iotile::api
