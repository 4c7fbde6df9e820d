#include "server/domain/devicetoken.h"

#include "server/domain/device.h"
#include "server/http/authenticator.h"
#include "server/http/jwtcodec.h"
#include "server/store/accountstore.h"
#include "server/store/devicekeystore.h"
#include "server/store/devicestore.h"

#include <QJsonObject>
#include <QRandomGenerator>

namespace iotile {

namespace {

constexpr int kSecretLength = 50;

// The original's alphabet: letters, digits and punctuation.
QString randomSecret()
{
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                                    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    QString out;
    out.reserve(kSecretLength);
    for (int i = 0; i < kSecretLength; ++i)
        out.append(QLatin1Char(kAlphabet[QRandomGenerator::system()->bounded(int(sizeof(kAlphabet) - 1))]));
    return out;
}

Error refused(const char *message)
{
    return Error::unauthorized(QString::fromLatin1(message));
}

} // namespace

void DeviceToken::install(Authenticator &auth)
{
    auth.setDeviceTokenResolver(&DeviceToken::resolve);
}

Result<std::optional<QByteArray>> DeviceToken::issue(SqlConnection &db, const Device &device)
{
    if (!device.active || !device.projectId || !device.claimedBy || device.claimedBySlug.isEmpty())
        return std::optional<QByteArray>();
    DeviceKey candidate;
    candidate.deviceId = device.id;
    candidate.type = QString::fromLatin1(kKeyType);
    candidate.secret = randomSecret();
    candidate.downloadable = false;
    candidate.createdBy = device.claimedBy;
    IOTILE_TRY(key, DeviceKeyStore(db).findOrCreate(candidate));
    const QJsonObject payload {
        {QStringLiteral("user"), device.claimedBySlug},
        {QStringLiteral("device"), device.slug},
        {QStringLiteral("project"), device.projectUuid},
    };
    return std::optional<QByteArray>(JwtCodec::signWith(key.secret.toUtf8(), payload));
}

Result<Caller> DeviceToken::resolve(QByteArrayView token, SqlConnection &db)
{
    IOTILE_TRY(unverified, JwtCodec::decodeUnverified(token));
    const QJsonValue deviceClaim = unverified.value(QLatin1String("device"));
    if (deviceClaim.isUndefined())
        return refused("No device in payload.");
    // The signing key is found through the device the token names (keys are per device).
    IOTILE_TRY(device, DeviceStore(db).bySlug(deviceClaim.toString()));
    if (!device)
        return refused("No secret key found for device");
    IOTILE_TRY(key, DeviceKeyStore(db).find(device->id, QString::fromLatin1(kKeyType)));
    if (!key)
        return refused("No secret key found for device");
    IOTILE_TRY(payload, JwtCodec::verifyWith(key->secret.toUtf8(), token));
    if (payload.value(QLatin1String("device")).toString() != device->slug)
        return refused("Invalid Device Slug");
    if (!device->active || !device->claimedBy)
        return refused("Device is not claimed.");
    if (!device->projectId || payload.value(QLatin1String("project")).toString() != device->projectUuid)
        return refused("Token has incorrect Project");
    IOTILE_TRY(account, AccountStore(db).bySlug(payload.value(QLatin1String("user")).toString()));
    if (!account)
        return refused("Invalid User Slug");
    // Beyond the original: a disabled account's device tokens stop working like its other tokens.
    if (!account->isActive)
        return refused("User account is disabled.");
    Caller caller;
    caller.user = std::make_shared<const Account>(std::move(*account));
    caller.scheme = AuthScheme::DeviceJwt;
    // The token never expires, but its validity hangs on the device's claim, which changes without
    // invalidating the authenticator's cache: an expiry in the past keeps it out of that cache.
    caller.tokenExpiry = 1;
    return caller;
}

} // namespace iotile
