#include "server/store/migrations/migrations.h"

namespace iotile::migrations {

// Accounts and everything authentication keeps: API tokens, revoked JWT ids, mailed one-time keys,
// server-wide settings (the shared JWT secret).
Migration m0001Accounts()
{
    Migration m;
    m.version = 1;
    m.name = "accounts";
    m.statements = {
        QStringLiteral("CREATE TABLE accounts ("
                       " id {ID},"
                       " email TEXT NOT NULL,"
                       " username TEXT NOT NULL,"
                       " slug TEXT NOT NULL,"
                       " name TEXT NOT NULL DEFAULT '',"
                       " tagline TEXT NOT NULL DEFAULT '',"
                       " password TEXT NOT NULL,"
                       " time_zone TEXT NOT NULL DEFAULT 'UTC',"
                       " is_active {BOOL} NOT NULL DEFAULT {TRUE},"
                       " is_staff {BOOL} NOT NULL DEFAULT {FALSE},"
                       " is_superuser {BOOL} NOT NULL DEFAULT {FALSE},"
                       " email_verified {BOOL} NOT NULL DEFAULT {FALSE},"
                       " created_at {BIGINT} NOT NULL,"
                       " updated_at {BIGINT} NOT NULL,"
                       " last_login {BIGINT},"
                       " jwt_not_before {BIGINT} NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE UNIQUE INDEX accounts_email_ci ON accounts (lower(email))"),
        QStringLiteral("CREATE UNIQUE INDEX accounts_username ON accounts (username)"),
        QStringLiteral("CREATE UNIQUE INDEX accounts_slug ON accounts (slug)"),
        QStringLiteral("CREATE TABLE api_tokens ("
                       " key TEXT PRIMARY KEY,"
                       " user_id {BIGINT} NOT NULL UNIQUE REFERENCES accounts(id) ON DELETE CASCADE,"
                       " created_at {BIGINT} NOT NULL)"),
        QStringLiteral("CREATE TABLE revoked_jwts ("
                       " jti TEXT PRIMARY KEY,"
                       " user_id {BIGINT},"
                       " expires_at {BIGINT} NOT NULL)"),
        QStringLiteral("CREATE TABLE account_keys ("
                       " key TEXT PRIMARY KEY,"
                       " user_id {BIGINT} NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
                       " purpose TEXT NOT NULL,"
                       " created_at {BIGINT} NOT NULL,"
                       " expires_at {BIGINT} NOT NULL)"),
        QStringLiteral("CREATE TABLE server_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)"),
    };
    return m;
}

} // namespace iotile::migrations
