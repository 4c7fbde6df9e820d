#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace iotile {

// A name=value pair on a device, data block or project (the original's GenericProperty); the value is
// stored as text and typed by `type` ("int", "str", "bool").
struct Property
{
    qint64 id = 0;
    QString target;
    QString name;
    QString value;
    QString type = QStringLiteral("str");
    bool isSystem = false;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
};

// What an org expects of a property (name, type, default, allowed values).
struct PropertyTemplate
{
    qint64 id = 0;
    qint64 orgId = 0;
    QString orgSlug;
    QString name;
    QString type = QStringLiteral("str");
    QString defaultValue;
    QJsonValue extra = QJsonValue::Null;
    std::optional<qint64> createdBy;
    QString createdBySlug;
    QStringList enums;
};

// One allowed value of a property template.
struct PropertyEnum
{
    qint64 id = 0;
    qint64 templateId = 0;
    QString orgSlug;
    QString value;
    std::optional<qint64> createdBy;
    QString createdBySlug;
};

} // namespace iotile
