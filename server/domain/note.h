#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

namespace iotile {

// A time-stamped note on a stream, device, data block or project (the original's StreamNote).
struct Note
{
    qint64 id = 0;
    QString target;
    qint64 timestamp = 0;
    std::optional<QString> note;
    QString type = QStringLiteral("ui"); // ui user, si system info, sc system critical, fi filter
    std::optional<qint64> userId;
    QString username;
    QString userSlug;
    QString userEmail;
    QJsonValue attachment = QJsonValue::Null;
    qint64 createdOn = 0;
};

// A time-stamped GPS position of a device (or another target); lat/lon as 6-decimal strings.
struct Location
{
    qint64 id = 0;
    QString target;
    qint64 timestamp = 0;
    QString lat = QStringLiteral("0.000000");
    QString lon = QStringLiteral("0.000000");
    std::optional<qint64> userId;
    QString userSlug;
};

} // namespace iotile
