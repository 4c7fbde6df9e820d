#pragma once

#include <QDate>
#include <QJsonObject>
#include <QString>

namespace iotile::api {

// A device script (ota/script/): the file a phone or gateway plays to a device to update it, with its
// version; slugs look like z--0000-0001.
struct DeviceScript
{
    QString slug;
    qint64 gid = 0;
    QString name;
    QString org; // org slug
    QString version; // "v1.2.3"
    bool released = false;
    QDate releasedOn;

    static DeviceScript fromJson(const QJsonObject &object);
    // "name v1.2.3"
    QString displayName() const;
};

} // namespace iotile::api
