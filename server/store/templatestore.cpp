#include "server/store/templatestore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace iotile {

namespace {

QJsonValue jsonColumn(SqlQuery &q, int column)
{
    if (q.isNull(column))
        return QJsonValue(QJsonValue::Null);
    const QJsonDocument doc = QJsonDocument::fromJson(q.text(column).toUtf8());
    return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(QJsonValue::Null);
}

QVariant jsonValue(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    return QVariant();
}

CatalogTemplate readTemplate(SqlQuery &q)
{
    CatalogTemplate t;
    t.id = q.int64(0);
    t.name = q.text(1);
    t.slug = q.text(2);
    t.orgId = q.optionalInt64(3);
    t.orgSlug = q.text(4);
    t.major = int(q.int64(5));
    t.minor = int(q.int64(6));
    t.patch = int(q.int64(7));
    t.extraData = jsonColumn(q, 8);
    t.active = q.boolean(9);
    t.createdOn = q.int64(10);
    t.createdBy = q.optionalInt64(11);
    return t;
}

QString whereClause(const TemplateStore::ListQuery &query)
{
    QStringList c;
    if (!query.includeInactive)
        c << QStringLiteral("t.active = {TRUE}");
    if (query.createdBy)
        c << QStringLiteral("t.created_by = ?");
    if (query.orgSlug)
        c << QStringLiteral("o.slug = ?");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const TemplateStore::ListQuery &query)
{
    if (query.createdBy)
        q.bind(*query.createdBy);
    if (query.orgSlug)
        q.bind(*query.orgSlug);
}

// A concurrent write that won the race past the controller's uniqueness checks.
Error duplicate()
{
    return Error::field(QStringLiteral("non_field_errors"),
                        QStringLiteral("A template with this name and version already exists."));
}

} // namespace

QString TemplateStore::table() const
{
    return m_kind == Kind::Org ? QStringLiteral("org_templates t")
                               : QStringLiteral("project_templates t LEFT JOIN orgs o ON o.id = t.org_id");
}

QString TemplateStore::select() const
{
    return QStringLiteral(
               "SELECT t.id, t.name, t.slug, %1, t.major, t.minor, t.patch, t.extra_data, t.active, "
               "t.created_on, t.created_by FROM %2")
        .arg(m_kind == Kind::Org ? QStringLiteral("CAST(NULL AS {BIGINT}), ''")
                                 : QStringLiteral("t.org_id, o.slug"),
             table());
}

Result<qint64> TemplateStore::count(const ListQuery &query)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM ") + table() + whereClause(query));
    bindWhere(q, query);
    return q.scalarInt64();
}

Result<QList<CatalogTemplate>> TemplateStore::list(const ListQuery &query, qint64 offset, qint64 limit)
{
    SqlQuery q =
        m_db.query(select() + whereClause(query)
                   + QStringLiteral(" ORDER BY t.name, t.major, t.minor, t.patch, t.id LIMIT ? OFFSET ?"));
    bindWhere(q, query);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<CatalogTemplate> out;
    while (q.next())
        out.append(readTemplate(q));
    return out;
}

Result<std::optional<CatalogTemplate>> TemplateStore::bySlug(const QString &slug)
{
    SqlQuery q = m_db.query(select() + QStringLiteral(" WHERE t.slug = ?"));
    q.bind(slug);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<CatalogTemplate>();
    return std::optional<CatalogTemplate>(readTemplate(q));
}

Result<std::optional<CatalogTemplate>> TemplateStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(select() + QStringLiteral(" WHERE t.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<CatalogTemplate>();
    return std::optional<CatalogTemplate>(readTemplate(q));
}

Result<bool> TemplateStore::versionTaken(const QString &name, int major, int minor, int patch,
                                         qint64 exceptId)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM %1 WHERE t.name = ? AND t.major = ? AND "
                                           "t.minor = ? AND t.patch = ? AND t.id <> ?")
                                .arg(table()));
    q.bind(name).bind(major).bind(minor).bind(patch).bind(exceptId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Result<bool> TemplateStore::slugTaken(const QString &slug, qint64 exceptId)
{
    SqlQuery q =
        m_db.query(QStringLiteral("SELECT count(*) FROM %1 WHERE t.slug = ? AND t.id <> ?").arg(table()));
    q.bind(slug).bind(exceptId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Result<CatalogTemplate> TemplateStore::create(CatalogTemplate t)
{
    t.createdOn = isotime::now();
    SqlQuery q = m_kind == Kind::Org
        ? m_db.query(
            "INSERT INTO org_templates (name, slug, major, minor, patch, extra_data, active, created_on, "
            "created_by) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id")
        : m_db.query("INSERT INTO project_templates (name, slug, major, minor, patch, extra_data, active, "
                     "created_on, created_by, org_id) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(t.name).bind(t.slug).bind(t.major).bind(t.minor).bind(t.patch).bind(jsonValue(t.extraData));
    q.bind(t.active).bind(t.createdOn).bindOptional(t.createdBy);
    if (m_kind == Kind::Project)
        q.bindOptional(t.orgId);
    auto id = q.scalarInt64();
    if (!id)
        return q.isUniqueViolation() ? duplicate() : std::move(id).error();
    t.id = *id;
    return t;
}

Status TemplateStore::update(const CatalogTemplate &t)
{
    SqlQuery q = m_kind == Kind::Org
        ? m_db.query(
            "UPDATE org_templates SET name = ?, slug = ?, major = ?, minor = ?, patch = ?, extra_data = ?, "
            "active = ? WHERE id = ?")
        : m_db.query("UPDATE project_templates SET name = ?, slug = ?, major = ?, minor = ?, patch = ?, "
                     "extra_data = ?, active = ?, org_id = ? WHERE id = ?");
    q.bind(t.name).bind(t.slug).bind(t.major).bind(t.minor).bind(t.patch).bind(jsonValue(t.extraData));
    q.bind(t.active);
    if (m_kind == Kind::Project)
        q.bindOptional(t.orgId);
    q.bind(t.id);
    if (Status s = q.exec(); !s)
        return q.isUniqueViolation() ? duplicate() : s;
    return Ok {};
}

Status TemplateStore::remove(qint64 id)
{
    SqlQuery q = m_kind == Kind::Org ? m_db.query("DELETE FROM org_templates WHERE id = ?")
                                     : m_db.query("DELETE FROM project_templates WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Status TemplateStore::removeMasterProjects(qint64 templateId)
{
    SqlQuery q = m_db.query("DELETE FROM projects WHERE project_template_id = ? AND is_template = {TRUE}");
    q.bind(templateId);
    return q.exec();
}

} // namespace iotile
