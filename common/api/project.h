#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace iotile::api {

// A project (project/): devices and streams of one deployment; looked up by its UUID, not its slug.
struct Project
{
    QString id; // UUID
    QString name;
    QString slug; // p--0000-0001
    QString gid;
    QString org; // org slug
    QString about;
    QString createdBy;
    QDateTime createdOn;

    static Project fromJson(const QJsonObject &object);
};

} // namespace iotile::api
