#pragma once

#include <QString>

#include <optional>

namespace iotile {

// A secret that belongs to a device (user key, SSH, gateway API key, MQTT password, the a-jwt signing
// key); only downloadable ones ever leave the server.
struct DeviceKey
{
    qint64 id = 0;
    qint64 deviceId = 0;
    QString deviceSlug;
    QString type = QStringLiteral("USR");
    QString secret;
    bool downloadable = false;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
};

} // namespace iotile
