#pragma once

#include "common/util/error.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class SqlConnection;

// One write as the audit log keeps it: who (the account, kept as text too so it outlives the account),
// what (method, path, resource), when, from where, and the org it concerns if one could be told.
struct AuditEntry
{
    qint64 id = 0;
    qint64 ts = 0;
    std::optional<qint64> userId;
    QString userSlug;
    QString authScheme;
    QString method;
    QString path;
    QString resourceType;
    QString resourceId;
    int status = 0;
    QString clientAddress;
    std::optional<qint64> orgId;
    QString orgSlug;
};

// The audit log table (main database): append and read, never update.
class AuditStore
{
public:
    explicit AuditStore(SqlConnection &connection)
        : m_db(connection)
    { }

    Status append(const AuditEntry &entry);

    struct ListQuery
    {
        std::optional<qint64> orgId; // none: every entry (staff)
        QString userSlug;
        QString method;
        QString resourceType;
        std::optional<qint64> start; // ts >= start
        std::optional<qint64> end; // ts < end
    };
    Result<qint64> count(const ListQuery &query);
    Result<QList<AuditEntry>> list(const ListQuery &query, qint64 offset, qint64 limit);

private:
    SqlConnection &m_db;
};

} // namespace iotile
