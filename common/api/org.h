#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace iotile::api {

// An organization (org/): the unit of membership and permissions.
struct Org
{
    QString id; // UUID
    QString name;
    QString slug;
    QString about;
    QString createdBy; // user slug
    QDateTime createdOn;

    static Org fromJson(const QJsonObject &object);
};

} // namespace iotile::api
