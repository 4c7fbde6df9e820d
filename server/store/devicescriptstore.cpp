#include "server/store/devicescriptstore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"

#include <QStringList>
#include <QUuid>

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT s.id, s.uuid, s.name, s.org_id, o.slug, s.major, s.minor, s.patch, s.released, s.released_on, "
    "s.notes, s.file_uuid, s.file_name, s.file_key, s.file_created_on, fa.slug, s.created_on, s.created_by "
    "FROM device_scripts s JOIN orgs o ON o.id = s.org_id "
    "LEFT JOIN accounts fa ON fa.id = s.file_created_by";

DeviceScript readScript(SqlQuery &q)
{
    DeviceScript s;
    s.id = q.int64(0);
    s.uuid = q.text(1);
    s.name = q.text(2);
    s.orgId = q.int64(3);
    s.orgSlug = q.text(4);
    s.major = int(q.int64(5));
    s.minor = int(q.int64(6));
    s.patch = int(q.int64(7));
    s.released = q.boolean(8);
    s.releasedOn = q.text(9);
    s.notes = q.text(10);
    s.fileUuid = q.text(11);
    s.fileName = q.text(12);
    s.fileKey = q.text(13);
    s.fileCreatedOn = q.optionalInt64(14);
    s.fileCreatedBySlug = q.text(15);
    s.createdOn = q.int64(16);
    s.createdBy = q.optionalInt64(17);
    return s;
}

QString whereClause(const DeviceScriptStore::ListQuery &query)
{
    QStringList c;
    if (query.releasedOnly)
        c << QStringLiteral("s.released = {TRUE}");
    if (query.major)
        c << QStringLiteral("s.major = ?");
    if (query.minor)
        c << QStringLiteral("s.minor = ?");
    if (query.patch)
        c << QStringLiteral("s.patch = ?");
    if (!query.orgIds.isEmpty()) {
        QStringList marks;
        for (qsizetype i = 0; i < query.orgIds.size(); ++i)
            marks << QStringLiteral("?");
        const QString inOrgs = QStringLiteral("s.org_id IN (%1)").arg(marks.join(QLatin1Char(',')));
        c << (query.orReleased ? QStringLiteral("(%1 OR s.released = {TRUE})").arg(inOrgs) : inOrgs);
    }
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const DeviceScriptStore::ListQuery &query)
{
    for (const auto &v : {query.major, query.minor, query.patch}) {
        if (v)
            q.bind(*v);
    }
    for (qint64 id : query.orgIds)
        q.bind(id);
}

} // namespace

Result<qint64> DeviceScriptStore::count(const ListQuery &query)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM device_scripts s") + whereClause(query));
    bindWhere(q, query);
    return q.scalarInt64();
}

Result<QList<DeviceScript>> DeviceScriptStore::list(const ListQuery &query, qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + whereClause(query)
                            + QStringLiteral(" ORDER BY o.name, s.name, s.id LIMIT ? OFFSET ?"));
    bindWhere(q, query);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<DeviceScript> out;
    while (q.next())
        out.append(readScript(q));
    return out;
}

Result<std::optional<DeviceScript>> DeviceScriptStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE s.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DeviceScript>();
    return std::optional<DeviceScript>(readScript(q));
}

Result<bool> DeviceScriptStore::versionTaken(const DeviceScript &s)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM device_scripts WHERE org_id = ? AND name = ? AND major = ? "
                            "AND minor = ? AND patch = ? AND id <> ?");
    q.bind(s.orgId).bind(s.name).bind(s.major).bind(s.minor).bind(s.patch).bind(s.id);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Result<DeviceScript> DeviceScriptStore::create(DeviceScript s)
{
    s.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.createdOn = isotime::now();
    SqlQuery q = m_db.query("INSERT INTO device_scripts (uuid, name, org_id, major, minor, patch, released, "
                            "released_on, notes, created_on, created_by) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(s.uuid).bind(s.name).bind(s.orgId).bind(s.major).bind(s.minor).bind(s.patch).bind(s.released);
    q.bind(s.releasedOn.isEmpty() ? QVariant() : QVariant(s.releasedOn));
    q.bind(s.notes).bind(s.createdOn).bindOptional(s.createdBy);
    IOTILE_TRY(id, q.scalarInt64());
    s.id = id;
    return s;
}

Status DeviceScriptStore::update(const DeviceScript &s)
{
    SqlQuery q =
        m_db.query("UPDATE device_scripts SET name = ?, org_id = ?, major = ?, minor = ?, patch = ?, "
                   "released = ?, released_on = ?, notes = ? WHERE id = ?");
    q.bind(s.name).bind(s.orgId).bind(s.major).bind(s.minor).bind(s.patch).bind(s.released);
    q.bind(s.releasedOn.isEmpty() ? QVariant() : QVariant(s.releasedOn));
    q.bind(s.notes).bind(s.id);
    return q.exec();
}

Status DeviceScriptStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM device_scripts WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<bool> DeviceScriptStore::fileUuidTaken(const QString &uuid)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM device_scripts WHERE file_uuid = ?");
    q.bind(uuid);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Status DeviceScriptStore::setFile(qint64 id, const QString &uuid, const QString &name, const QString &key,
                                  qint64 by)
{
    SqlQuery q = m_db.query("UPDATE device_scripts SET file_uuid = ?, file_name = ?, file_key = ?, "
                            "file_created_on = ?, file_created_by = ? WHERE id = ?");
    q.bind(uuid).bind(name).bind(key).bind(isotime::now()).bind(by).bind(id);
    return q.exec();
}

} // namespace iotile
