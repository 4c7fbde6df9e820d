#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace iotile::api {

// A note on a stream, device, block or project (note/?target=).
struct Note
{
    qint64 id = 0;
    QString target;
    QDateTime timestamp;
    QString text;
    QString type; // ui user, si system info, sc system critical, fi filter
    QString user; // "@username"

    static Note fromJson(const QJsonObject &object);
    static QJsonObject createBody(const QString &target, const QDateTime &timestamp, const QString &text);
};

} // namespace iotile::api
