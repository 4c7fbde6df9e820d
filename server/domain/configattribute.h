#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace iotile {

// A configuration attribute name (":classic:ui:…"), managed by staff.
struct ConfigName
{
    qint64 id = 0;
    QString name;
    std::optional<QString> description;
    QStringList tags;
};

// JSON data stored under a name on a user, org, project, device or data block.
struct ConfigAttribute
{
    qint64 id = 0;
    QString target;
    qint64 nameId = 0;
    QString name;
    QJsonValue data = QJsonValue::Null;
    qint64 updatedOn = 0;
    std::optional<qint64> updatedBy;
};

} // namespace iotile
