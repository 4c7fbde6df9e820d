#pragma once

#include "common/util/error.h"

#include <QByteArray>
#include <QByteArrayView>

namespace iotile {

class Authenticator;
class SqlConnection;
struct Caller;
struct Device;

// The a-jwt device token: an HS256 JWT {"user": <claiming user slug>, "device": <device slug>,
// "project": <project uuid>} signed with the device's own secret (DeviceKey type A-JWT-KEY). It
// authenticates as the claiming user while the device stays active, claimed and in that project, so
// unclaiming or moving the device invalidates it.
class DeviceToken
{
public:
    static constexpr const char *kKeyType = "A-JWT-KEY";

    // Makes the authenticator accept "Authorization: a-jwt <token>".
    static void install(Authenticator &auth);

    // The token for an active device claimed into a project, creating the device's signing key on first
    // use; nullopt for devices that cannot have one.
    static Result<std::optional<QByteArray>> issue(SqlConnection &db, const Device &device);

    static Result<Caller> resolve(QByteArrayView token, SqlConnection &db);
};

} // namespace iotile
