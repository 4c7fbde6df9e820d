#include "server/store/apikeystore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

namespace iotile {

namespace {

constexpr const char *kSelect = "SELECT k.id, k.org_id, k.name, k.prefix, k.hashed_key, k.revoked, k.expiry, "
                                "k.created_on, k.created_by, a.slug FROM org_api_keys k "
                                "LEFT JOIN accounts a ON a.id = k.created_by";

OrgApiKey readKey(SqlQuery &q)
{
    OrgApiKey k;
    k.id = q.int64(0);
    k.orgId = q.int64(1);
    k.name = q.text(2);
    k.prefix = q.text(3);
    k.hashedKey = q.text(4);
    k.revoked = q.boolean(5);
    k.expiry = q.optionalInt64(6);
    k.createdOn = q.int64(7);
    k.createdBy = q.optionalInt64(8);
    k.createdBySlug = q.text(9);
    return k;
}

} // namespace

Result<std::optional<OrgApiKey>> ApiKeyStore::create(OrgApiKey key)
{
    key.createdOn = isotime::now();
    SqlQuery q = m_db.query("INSERT INTO org_api_keys (org_id, name, prefix, hashed_key, revoked, expiry, "
                            "created_on, created_by) VALUES (?, ?, ?, ?, {FALSE}, ?, ?, ?) "
                            "ON CONFLICT (prefix) DO NOTHING RETURNING id");
    q.bind(key.orgId).bind(key.name).bind(key.prefix).bind(key.hashedKey).bindOptional(key.expiry);
    q.bind(key.createdOn).bindOptional(key.createdBy);
    IOTILE_CHECK(q.exec());
    const auto insertedRow = insertedId(q);
    if (!insertedRow)
        return std::optional<OrgApiKey>();
    key.id = *insertedRow;
    return std::optional<OrgApiKey>(std::move(key));
}

Result<std::optional<OrgApiKey>> ApiKeyStore::byPrefix(const QString &prefix)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + QStringLiteral(" WHERE k.prefix = ?"));
    q.bind(prefix);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<OrgApiKey>();
    return std::optional<OrgApiKey>(readKey(q));
}

Result<qint64> ApiKeyStore::count(qint64 orgId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM org_api_keys WHERE org_id = ?");
    q.bind(orgId);
    return q.scalarInt64();
}

Result<QList<OrgApiKey>> ApiKeyStore::list(qint64 orgId, qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect)
                            + QStringLiteral(" WHERE k.org_id = ? ORDER BY k.id LIMIT ? OFFSET ?"));
    q.bind(orgId).bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<OrgApiKey> keys;
    while (q.next())
        keys.append(readKey(q));
    return keys;
}

Result<bool> ApiKeyStore::revoke(qint64 orgId, qint64 id)
{
    SqlQuery q = m_db.query("UPDATE org_api_keys SET revoked = {TRUE} WHERE org_id = ? AND id = ?");
    q.bind(orgId).bind(id);
    IOTILE_CHECK(q.exec());
    return q.rowsAffected() > 0;
}

} // namespace iotile
