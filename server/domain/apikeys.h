#pragma once

#include "common/util/error.h"
#include "server/domain/apikey.h"

#include <QString>

#include <optional>

namespace iotile {

class RequestContext;
class SqlConnection;

// Org API keys: issuing "<prefix>.<secret>" keys (the secret is shown once, only its SHA-256 is kept) and
// recognising them on requests. A key grants read-only access to its org's machine-to-machine views.
class ApiKeys
{
public:
    struct Issued
    {
        OrgApiKey key;
        QString fullKey; // "<prefix>.<secret>"
    };
    static Result<Issued> issue(SqlConnection &db, qint64 orgId, const QString &name,
                                std::optional<qint64> expiry, qint64 createdBy);

    // The org of the request's "Authorization: Api-Key <prefix>.<secret>" header: nullopt when the
    // request carries no Api-Key header (a user token or nothing); 401 when the key is malformed,
    // unknown, revoked or expired. The request's user stays anonymous, as in the original.
    static Result<std::optional<qint64>> orgOfRequest(RequestContext &ctx);
    // The same for a raw "<prefix>.<secret>" key.
    static Result<std::optional<qint64>> orgOfKey(SqlConnection &db, QByteArrayView key);

    static QString hashSecret(QByteArrayView secret);
};

} // namespace iotile
