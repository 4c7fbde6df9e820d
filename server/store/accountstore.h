#pragma once

#include "common/util/error.h"
#include "server/domain/account.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// Accounts table: lookups, creation with a unique slug, updates.
class AccountStore
{
public:
    explicit AccountStore(SqlConnection &connection)
        : m_db(connection)
    { }

    Result<std::optional<Account>> byId(qint64 id);
    // Case-insensitive, as emails are unique regardless of case.
    Result<std::optional<Account>> byEmail(const QString &email);
    Result<std::optional<Account>> byUsername(const QString &username);
    Result<std::optional<Account>> bySlug(const QString &slug);
    // The login field of api-jwt-auth: an email or a username.
    Result<std::optional<Account>> byLogin(const QString &emailOrUsername);

    // Inserts the account (slug derived from the username, made unique) and returns it with its id.
    Result<Account> create(Account account);
    // Saves every column but the password; recomputes the slug when the username changed.
    Result<Account> update(Account account);
    Status setPassword(qint64 id, const QString &hash, qint64 jwtNotBefore);
    Status setLastLogin(qint64 id, qint64 when);
    Status setActive(qint64 id, bool active, bool emailVerified);
    Status remove(qint64 id);

    Result<qint64> count();
    Result<QList<Account>> list(qint64 offset, qint64 limit);

private:
    Result<std::optional<Account>> one(const char *whereClause, const QVariant &value);
    Result<QString> uniqueSlug(const QString &username, qint64 exceptId);
    SqlConnection &m_db;
};

} // namespace iotile
