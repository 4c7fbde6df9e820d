#include "server/store/projectstore.h"

#include "common/slug/projectslug.h"
#include "common/util/isotime.h"
#include "server/domain/access.h"
#include "server/store/database.h"

#include <QJsonObject>
#include <QUuid>

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT p.id, p.uuid, p.gid, p.slug, p.name, p.org_id, o.slug, p.about, p.project_template_id, "
    "pt.slug, p.is_template, p.data_retention_days, p.created_on, p.created_by, a.slug "
    "FROM projects p JOIN orgs o ON o.id = p.org_id "
    "LEFT JOIN project_templates pt ON pt.id = p.project_template_id "
    "LEFT JOIN accounts a ON a.id = p.created_by";

Project readProject(SqlQuery &q)
{
    Project p;
    p.id = q.int64(0);
    p.uuid = q.text(1);
    p.gid = q.int64(2);
    p.slug = q.text(3);
    p.name = q.text(4);
    p.orgId = q.int64(5);
    p.orgSlug = q.text(6);
    p.about = q.text(7);
    p.projectTemplateId = q.optionalInt64(8);
    p.projectTemplateSlug = q.text(9);
    p.isTemplate = q.boolean(10);
    if (!q.isNull(11))
        p.dataRetentionDays = int(q.int64(11));
    p.createdOn = q.int64(12);
    p.createdBy = q.optionalInt64(13);
    p.createdBySlug = q.text(14);
    return p;
}

QString whereClause(const ProjectStore::ListQuery &query)
{
    QStringList c;
    if (!query.all) {
        c << Access::orgFilter(QStringLiteral("p.org_id"));
        c << QStringLiteral("p.is_template = {FALSE}");
    }
    if (query.orgId)
        c << QStringLiteral("p.org_id = ?");
    if (!query.slug.isEmpty())
        c << QStringLiteral("p.slug = ?");
    if (!query.name.isEmpty())
        c << QStringLiteral("p.name = ?");
    if (query.createdBy)
        c << QStringLiteral("p.created_by = ?");
    if (!query.propertyName.isEmpty())
        c << (query.propertyValue
                  ? QStringLiteral("p.slug IN (SELECT target FROM properties WHERE name = ? AND value = ?)")
                  : QStringLiteral("p.slug IN (SELECT target FROM properties WHERE name = ?)"));
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const ProjectStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, std::nullopt);
    if (query.orgId)
        q.bind(*query.orgId);
    if (!query.slug.isEmpty())
        q.bind(query.slug);
    if (!query.name.isEmpty())
        q.bind(query.name);
    if (query.createdBy)
        q.bind(*query.createdBy);
    if (!query.propertyName.isEmpty()) {
        q.bind(query.propertyName);
        if (query.propertyValue)
            q.bind(*query.propertyValue);
    }
}

} // namespace

Result<qint64> ProjectStore::count(const ListQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM projects p") + whereClause(query));
    bindWhere(q, query, access);
    return q.scalarInt64();
}

Result<QList<Project>> ProjectStore::list(const ListQuery &query, const Access &access, qint64 offset,
                                          qint64 limit)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + whereClause(query)
                            + QStringLiteral(" ORDER BY o.slug, p.name, p.id LIMIT ? OFFSET ?"));
    bindWhere(q, query, access);
    q.bind(limit).bind(offset);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    QList<Project> out;
    while (q.next())
        out.append(readProject(q));
    return out;
}

Result<std::optional<Project>> ProjectStore::one(const char *where, const QVariant &value)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE ") + QLatin1String(where));
    q.bind(value);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<Project>();
    return std::optional<Project>(readProject(q));
}

Result<std::optional<Project>> ProjectStore::byUuid(const QString &uuid)
{
    return one("p.uuid = ?", uuid.toLower());
}

Result<std::optional<Project>> ProjectStore::bySlug(const QString &slug)
{
    return one("p.slug = ?", slug);
}

Result<std::optional<Project>> ProjectStore::byId(qint64 id)
{
    return one("p.id = ?", id);
}

Result<std::optional<Project>> ProjectStore::byGid(qint64 gid)
{
    return one("p.gid = ?", gid);
}

Result<Project> ProjectStore::create(Project p)
{
    auto maxGid = m_db.query("SELECT COALESCE(MAX(gid), 0) FROM projects").scalarInt64();
    if (!maxGid)
        return std::move(maxGid).error();
    p.gid = *maxGid + 1;
    p.slug = ProjectSlug(quint32(p.gid)).toString();
    p.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    p.createdOn = isotime::now();
    SqlQuery q = m_db.query(
        "INSERT INTO projects (uuid, gid, slug, name, org_id, about, project_template_id, is_template, "
        "data_retention_days, created_on, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(p.uuid).bind(p.gid).bind(p.slug).bind(p.name).bind(p.orgId).bind(p.about).bindOptional(
        p.projectTemplateId);
    q.bind(p.isTemplate).bindOptional(p.dataRetentionDays).bind(p.createdOn).bindOptional(p.createdBy);
    auto id = q.scalarInt64();
    if (!id)
        return std::move(id).error();
    p.id = *id;
    return p;
}

Status ProjectStore::update(const Project &p)
{
    SqlQuery q = m_db.query("UPDATE projects SET name = ?, org_id = ?, about = ?, project_template_id = ?, "
                            "data_retention_days = ? WHERE id = ?");
    q.bind(p.name)
        .bind(p.orgId)
        .bind(p.about)
        .bindOptional(p.projectTemplateId)
        .bindOptional(p.dataRetentionDays)
        .bind(p.id);
    return q.exec();
}

Status ProjectStore::reassignOrg(qint64 projectId, qint64 orgId)
{
    for (const char *sql : {"UPDATE devices SET org_id = ? WHERE project_id = ?",
                            "UPDATE variables SET org_id = ? WHERE project_id = ?",
                            "UPDATE streams SET org_id = ? WHERE project_id = ?"}) {
        SqlQuery q = m_db.query(sql);
        q.bind(orgId).bind(projectId);
        if (Status s = q.exec(); !s)
            return s;
    }
    return Ok {};
}

Status ProjectStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM projects WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<QJsonObject> ProjectStore::counts(qint64 projectId)
{
    struct Count
    {
        const char *name;
        const char *sql;
    };
    static constexpr Count kCounts[] = {
        {"active_devices", "SELECT count(*) FROM devices WHERE project_id = ? AND active = {TRUE}"},
        {"inactive_devices", "SELECT count(*) FROM devices WHERE project_id = ? AND active = {FALSE}"},
        {"variables", "SELECT count(*) FROM variables WHERE project_id = ?"},
        {"streams", "SELECT count(*) FROM streams WHERE project_id = ? AND block_id IS NULL"},
    };
    QJsonObject out;
    for (const Count &c : kCounts) {
        SqlQuery q = m_db.query(c.sql);
        q.bind(projectId);
        auto n = q.scalarInt64();
        if (!n)
            return std::move(n).error();
        out.insert(QLatin1String(c.name), double(*n));
    }
    return out;
}

} // namespace iotile
