#pragma once

#include <QString>

#include <optional>

namespace iotile {

// An org's API key for machine-to-machine reads ("Authorization: Api-Key <prefix>.<secret>"); only a
// hash of the secret is stored.
struct OrgApiKey
{
    qint64 id = 0;
    qint64 orgId = 0;
    QString name;
    QString prefix;
    QString hashedKey;
    bool revoked = false;
    std::optional<qint64> expiry;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    QString createdBySlug;
};

} // namespace iotile
