#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace iotile::api {

// A version a device reported for one aspect of itself (ota/version/, and "versions" in
// ota/request/<id>/devices/): type "os" (firmware) or "app" (sensor graph), e.g. v2.1 with tag 1024.
struct DeviceVersion
{
    QString device; // device slug (absent in the nested read-only form)
    QString type;
    qint64 tag = 0;
    QString version; // "v2.1"
    qint64 streamerLocalId = 0;
    QDateTime updatedTs;

    static DeviceVersion fromJson(const QJsonObject &object);
    // "v2.1 (tag 1024)"
    QString displayText() const;
};

} // namespace iotile::api
