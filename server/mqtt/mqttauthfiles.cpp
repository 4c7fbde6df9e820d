#include "server/mqtt/mqttauthfiles.h"

#include "server/store/devicekeystore.h"

#include <QDir>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QSaveFile>

namespace iotile {

namespace {

// mosquitto 2.0's defaults for "$7$" entries.
constexpr int kIterations = 101;
constexpr int kSaltBytes = 12;
constexpr int kHashBytes = 64;

Status save(const QString &path, const QByteArray &content)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return Error::internal(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return Ok {};
}

} // namespace

QByteArray MqttAuthFiles::passwordLine(const QString &user, const QString &password)
{
    QByteArray salt(kSaltBytes, '\0');
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()), kSaltBytes / 4);
    const QByteArray hash = QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha512, password.toUtf8(),
                                                               salt, kIterations, kHashBytes);
    return user.toUtf8() + ":$7$" + QByteArray::number(kIterations) + '$' + salt.toBase64() + '$'
        + hash.toBase64() + '\n';
}

QByteArray MqttAuthFiles::acl(const QString &serverUser, const QString &prefix)
{
    const QByteArray p = prefix.toUtf8();
    // Pattern lines apply to every user: %u is the device's slug (its user name).
    return "pattern write " + p + "/device/%u/data\n" + "pattern write " + p + "/device/%u/report\n\n"
        + "user " + serverUser.toUtf8() + "\ntopic read " + p + "/device/+/data\ntopic read " + p
        + "/device/+/report\n";
}

Status MqttAuthFiles::write(const QString &dir, const Account &server, const QList<Account> &devices,
                            const QString &prefix)
{
    if (!QDir().mkpath(dir))
        return Error::internal(QStringLiteral("cannot create %1").arg(dir));
    QByteArray passwd = passwordLine(server.user, server.password);
    for (const Account &a : devices)
        passwd += passwordLine(a.user, a.password);
    IOTILE_CHECK(save(QDir(dir).filePath(QStringLiteral("passwd")), passwd));
    return save(QDir(dir).filePath(QStringLiteral("acl")), acl(server.user, prefix));
}

Result<QList<MqttAuthFiles::Account>> MqttAuthFiles::deviceAccounts(SqlConnection &mainDb)
{
    IOTILE_TRY(keys, DeviceKeyStore(mainDb).ofType(QStringLiteral("MQTT")));
    QList<Account> out;
    for (const DeviceKey &k : keys) {
        // A user name cannot hold ':' in the password file; slugs never do.
        if (k.deviceSlug.contains(QLatin1Char(':')) || k.secret.isEmpty())
            continue;
        out.append(Account {k.deviceSlug, k.secret});
    }
    return out;
}

} // namespace iotile
