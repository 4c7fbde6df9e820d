#pragma once

#include <QString>

#include <optional>

namespace iotile {

// A virtual stream made of slices of physical streams (the original's StreamAlias).
struct StreamAlias
{
    qint64 id = 0;
    QString slug; // "a--" + the id in four hex groups
    QString name;
    qint64 orgId = 0;
    QString orgSlug;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    QString createdBySlug;
};

// From `timestamp` on (until the next tap of the alias), the alias reads `stream`.
struct StreamAliasTap
{
    qint64 id = 0;
    qint64 aliasId = 0;
    QString aliasSlug;
    qint64 aliasOrgId = 0;
    qint64 timestamp = 0;
    qint64 streamId = 0;
    QString streamSlug;
    std::optional<qint64> streamOrgId;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    QString createdBySlug;
};

} // namespace iotile
