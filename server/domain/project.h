#pragma once

#include <QString>

#include <optional>

namespace iotile {

// A project groups devices, variables and streams of one org; its 32-bit gid makes the p-- slug.
struct Project
{
    qint64 id = 0;
    QString uuid;
    qint64 gid = 0;
    QString slug;
    QString name;
    qint64 orgId = 0;
    QString orgSlug;
    QString about;
    std::optional<qint64> projectTemplateId;
    QString projectTemplateSlug;
    bool isTemplate = false;
    std::optional<int> dataRetentionDays;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    QString createdBySlug;
};

} // namespace iotile
