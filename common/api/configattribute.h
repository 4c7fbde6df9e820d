#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace iotile::api {

// A configuration attribute (config/attr/): named JSON data on a user, org, project, device or block.
struct ConfigAttribute
{
    qint64 id = 0;
    QString target;
    QString name; // ":classic:ui:..."
    QJsonValue data;
    QDateTime updatedOn;

    static ConfigAttribute fromJson(const QJsonObject &object);
    // The data as compact JSON text.
    QString dataText() const;
    // POST config/attr/ upserts by (target, name).
    static QJsonObject upsertBody(const QString &target, const QString &name, const QJsonValue &data);
};

} // namespace iotile::api
