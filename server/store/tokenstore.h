#pragma once

#include "common/util/error.h"

#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// Long-lived API tokens (the original's DRF "Token <key>", one per account), revoked JWT ids, and
// one-time keys mailed to users (email confirmation, password reset).
class TokenStore
{
public:
    explicit TokenStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // The account's API token, created on first use as the original's auth/token/ does.
    Result<QString> apiToken(qint64 userId);
    // Deletes the account's API token; the next apiToken() call makes a new one.
    Status revokeApiToken(qint64 userId);
    Result<std::optional<qint64>> userOfApiToken(const QString &key);

    Status revokeJwt(const QString &jti, qint64 userId, qint64 expiresAtSeconds);
    Result<bool> isJwtRevoked(const QString &jti);
    Status purgeExpired(qint64 nowSeconds);

    enum class KeyPurpose { ConfirmEmail, ResetPassword };
    // A random single-use key for the account, valid for `lifetimeSeconds`.
    Result<QString> createKey(qint64 userId, KeyPurpose purpose, qint64 lifetimeSeconds);
    // Consumes a key: the account id if the key exists, has that purpose and has not expired.
    Result<std::optional<qint64>> consumeKey(const QString &key, KeyPurpose purpose);

    // Server-wide settings kept in the database so all instances share them (the JWT secret).
    Result<std::optional<QString>> setting(const QString &name);
    // Stores the value unless one exists; returns the value that is now stored (race-safe).
    Result<QString> settingOrInsert(const QString &name, const QString &value);

private:
    SqlConnection &m_db;
};

QString randomHex(int bytes);

} // namespace iotile
