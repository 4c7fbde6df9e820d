#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace iotile::api {

// A dated position of a device (location/?target=).
struct Location
{
    qint64 id = 0;
    QString target;
    QDateTime timestamp;
    double lat = 0.0;
    double lon = 0.0;
    QString user;

    static Location fromJson(const QJsonObject &object);
};

} // namespace iotile::api
