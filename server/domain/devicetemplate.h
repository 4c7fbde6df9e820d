#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

// One slot of a device template: which component sits at which position.
struct DeviceSlot
{
    qint64 id = 0;
    qint64 templateId = 0;
    int number = 0;
    qint64 componentId = 0;
    QString componentSlug;
    QString componentHwTag;
};

// A product (a POD) as its vendor defines it: SKU, OS and hardware tags, and the components in its slots.
struct DeviceTemplate
{
    qint64 id = 0;
    QString uuid;
    QString externalSku;
    QString internalSku;
    QString family;
    QString slug;
    std::optional<qint64> orgId;
    QString orgSlug;
    int major = 0, minor = 0, patch = 0;
    qint64 osTag = 0;
    int osMajor = 0, osMinor = 0;
    qint64 hwTag = 0;
    int hwMajor = 0;
    QString releasedOn; // YYYY-MM-DD
    bool active = true;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    QList<DeviceSlot> deviceSlots;
};

} // namespace iotile
