#pragma once

#include <QString>

#include <optional>

namespace iotile {

// An archive of a device's data (the original's DataBlock): "b--<block>-<device gid>", with the device's
// streams, data, properties, notes and locations moved under its slug.
struct DataBlock
{
    qint64 id = 0;
    QString slug;
    QString title;
    QString description;
    qint64 deviceId = 0;
    QString deviceSlug;
    int block = 0;
    std::optional<qint64> orgId;
    QString orgSlug;
    std::optional<qint64> sgId;
    QString sgSlug;
    qint64 createdOn = 0;
    std::optional<qint64> completedOn; // null while the archive job runs
    std::optional<qint64> createdBy;
    QString createdBySlug;
    QString createdByEmail;
};

} // namespace iotile
