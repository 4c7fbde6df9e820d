#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace iotile::api {

// A user account as account/ and auth/login/ return it.
struct Account
{
    qint64 id = 0;
    QString email;
    QString username;
    QString slug;
    QString name;
    QString tagline;
    bool isStaff = false;
    QDateTime createdAt;

    static Account fromJson(const QJsonObject &object);
    // The name to show: the full name when set, else the username.
    QString displayName() const;
};

} // namespace iotile::api
