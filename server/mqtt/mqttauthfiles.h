#pragma once

#include "common/util/error.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace iotile {

class SqlConnection;

// The broker side of MQTT credentials: a mosquitto password file (PBKDF2-SHA512 "$7$" entries, as
// mosquitto_passwd writes them) and an ACL file. Each device with an MQTT device key logs in with its
// slug and that key and may publish only under <prefix>/device/<its slug>/; the server's own account
// may read every device topic. mosquitto reads both files at start and on SIGHUP.
class MqttAuthFiles
{
public:
    struct Account
    {
        QString user;
        QString password;
    };

    static QByteArray passwordLine(const QString &user, const QString &password);
    static QByteArray acl(const QString &serverUser, const QString &prefix);
    // Writes <dir>/passwd and <dir>/acl atomically (QSaveFile).
    static Status write(const QString &dir, const Account &server, const QList<Account> &devices,
                        const QString &prefix);
    // The devices' accounts from their MQTT keys.
    static Result<QList<Account>> deviceAccounts(SqlConnection &mainDb);
};

} // namespace iotile
