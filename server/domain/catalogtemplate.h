#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

namespace iotile {

// An org template (ot/) or a project template (pt/): a named, versioned skin with free-form extra data.
// Project templates belong to a vendor org; org templates have none.
struct CatalogTemplate
{
    qint64 id = 0;
    QString name;
    QString slug;
    std::optional<qint64> orgId;
    QString orgSlug;
    int major = 0, minor = 0, patch = 0;
    QJsonValue extraData; // null or an object
    bool active = true;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
};

} // namespace iotile
