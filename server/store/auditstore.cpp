#include "server/store/auditstore.h"

#include "server/store/database.h"

namespace iotile {

namespace {

QString listWhere(const AuditStore::ListQuery &query)
{
    QString where = QStringLiteral(" WHERE 1 = 1");
    if (query.orgId)
        where += QStringLiteral(" AND org_id = ?");
    if (!query.userSlug.isEmpty())
        where += QStringLiteral(" AND user_slug = ?");
    if (!query.method.isEmpty())
        where += QStringLiteral(" AND method = ?");
    if (!query.resourceType.isEmpty())
        where += QStringLiteral(" AND resource_type = ?");
    if (query.start)
        where += QStringLiteral(" AND ts >= ?");
    if (query.end)
        where += QStringLiteral(" AND ts < ?");
    return where;
}

void bindList(SqlQuery &q, const AuditStore::ListQuery &query)
{
    if (query.orgId)
        q.bind(*query.orgId);
    if (!query.userSlug.isEmpty())
        q.bind(query.userSlug);
    if (!query.method.isEmpty())
        q.bind(query.method);
    if (!query.resourceType.isEmpty())
        q.bind(query.resourceType);
    if (query.start)
        q.bind(*query.start);
    if (query.end)
        q.bind(*query.end);
}

} // namespace

Status AuditStore::append(const AuditEntry &e)
{
    SqlQuery q = m_db.query("INSERT INTO audit_log (ts, user_id, user_slug, auth_scheme, method, path, "
                            "resource_type, resource_id, status, client_address, org_id, org_slug) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(e.ts).bindOptional(e.userId).bind(e.userSlug).bind(e.authScheme).bind(e.method).bind(e.path);
    q.bind(e.resourceType).bind(e.resourceId).bind(e.status).bind(e.clientAddress).bindOptional(e.orgId);
    q.bind(e.orgSlug);
    return q.exec();
}

Result<qint64> AuditStore::count(const ListQuery &query)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM audit_log") + listWhere(query));
    bindList(q, query);
    return q.scalarInt64();
}

Result<QList<AuditEntry>> AuditStore::list(const ListQuery &query, qint64 offset, qint64 limit)
{
    SqlQuery q =
        m_db.query(QStringLiteral("SELECT id, ts, user_id, user_slug, auth_scheme, method, path, "
                                  "resource_type, resource_id, status, client_address, org_id, org_slug "
                                  "FROM audit_log")
                   + listWhere(query) + QStringLiteral(" ORDER BY ts DESC, id DESC LIMIT ? OFFSET ?"));
    bindList(q, query);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<AuditEntry> rows;
    while (q.next()) {
        AuditEntry e;
        e.id = q.int64(0);
        e.ts = q.int64(1);
        e.userId = q.optionalInt64(2);
        e.userSlug = q.text(3);
        e.authScheme = q.text(4);
        e.method = q.text(5);
        e.path = q.text(6);
        e.resourceType = q.text(7);
        e.resourceId = q.text(8);
        e.status = int(q.int64(9));
        e.clientAddress = q.text(10);
        e.orgId = q.optionalInt64(11);
        e.orgSlug = q.text(12);
        rows.append(e);
    }
    return rows;
}

} // namespace iotile
