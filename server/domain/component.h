#pragma once

#include <QString>

#include <optional>

namespace iotile {

// A hardware component (a tile) that device templates are built from.
struct Component
{
    qint64 id = 0;
    QString uuid;
    QString externalSku;
    QString internalSku;
    QString slug;
    QString type; // BTC, SEN, COM or IOT
    QString hwTag;
    QString hwName;
    int major = 0, minor = 0, patch = 0;
    QString description;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
};

} // namespace iotile
