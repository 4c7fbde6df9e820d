#pragma once

#include "common/util/error.h"
#include "server/domain/apikey.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// Org API keys (table org_api_keys): creation, lookup by prefix, revocation.
class ApiKeyStore
{
public:
    explicit ApiKeyStore(SqlConnection &connection)
        : m_db(connection)
    { }

    // Inserts; nullopt when the prefix is taken (the caller draws another).
    Result<std::optional<OrgApiKey>> create(OrgApiKey key);
    Result<std::optional<OrgApiKey>> byPrefix(const QString &prefix);
    Result<qint64> count(qint64 orgId);
    Result<QList<OrgApiKey>> list(qint64 orgId, qint64 offset, qint64 limit);
    // False when the org has no key with that id.
    Result<bool> revoke(qint64 orgId, qint64 id);

private:
    SqlConnection &m_db;
};

} // namespace iotile
