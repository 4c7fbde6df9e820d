#pragma once

#include <QString>

#include <optional>

namespace iotile {

// A physical (or virtual) device; its id is the 48-bit id in its firmware.
struct Device
{
    qint64 id = 0;
    QString slug;
    QString label;
    bool active = true;
    QString externalId;
    std::optional<qint64> sgId;
    QString sgSlug;
    std::optional<qint64> templateId;
    QString templateSlug;
    std::optional<qint64> orgId;
    QString orgSlug;
    std::optional<qint64> projectId;
    QString projectUuid;
    QString projectSlug;
    std::optional<QString> lat;
    std::optional<QString> lon;
    QString state = QStringLiteral("N1");
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    std::optional<qint64> claimedBy;
    QString claimedBySlug;
    std::optional<qint64> claimedOn;

    bool busy() const { return state.startsWith(QLatin1Char('B')); }
};

} // namespace iotile
