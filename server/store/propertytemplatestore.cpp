#include "server/store/propertytemplatestore.h"

#include "common/util/isotime.h"
#include "server/domain/access.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT t.id, t.org_id, o.slug, t.name, t.type, t.default_value, t.extra, t.created_by, a.slug "
    "FROM property_templates t JOIN orgs o ON o.id = t.org_id LEFT JOIN accounts a ON a.id = t.created_by";

constexpr const char *kSelectEnum =
    "SELECT e.id, e.template_id, o.slug, e.value, e.created_by, a.slug FROM property_template_enums e "
    "JOIN property_templates t ON t.id = e.template_id JOIN orgs o ON o.id = t.org_id "
    "LEFT JOIN accounts a ON a.id = e.created_by";

PropertyTemplate readTemplate(SqlQuery &q)
{
    PropertyTemplate t;
    t.id = q.int64(0);
    t.orgId = q.int64(1);
    t.orgSlug = q.text(2);
    t.name = q.text(3);
    t.type = q.text(4);
    t.defaultValue = q.text(5);
    t.extra = jsonColumn(q, 6);
    t.createdBy = q.optionalInt64(7);
    t.createdBySlug = q.text(8);
    return t;
}

PropertyEnum readEnum(SqlQuery &q)
{
    PropertyEnum e;
    e.id = q.int64(0);
    e.templateId = q.int64(1);
    e.orgSlug = q.text(2);
    e.value = q.text(3);
    e.createdBy = q.optionalInt64(4);
    e.createdBySlug = q.text(5);
    return e;
}

QString whereClause(const PropertyTemplateStore::ListQuery &query)
{
    QStringList c;
    if (!query.all)
        c << Access::orgFilter(QStringLiteral("t.org_id"));
    if (query.orgId)
        c << QStringLiteral("t.org_id = ?");
    if (!query.name.isEmpty())
        c << QStringLiteral("t.name = ?");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const PropertyTemplateStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, std::nullopt);
    if (query.orgId)
        q.bind(*query.orgId);
    if (!query.name.isEmpty())
        q.bind(query.name);
}

} // namespace

Result<qint64> PropertyTemplateStore::count(const ListQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM property_templates t") + whereClause(query));
    bindWhere(q, query, access);
    return q.scalarInt64();
}

Result<QList<PropertyTemplate>> PropertyTemplateStore::list(const ListQuery &query, const Access &access,
                                                            qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + whereClause(query)
                            + QStringLiteral(" ORDER BY o.slug, t.name, t.id LIMIT ? OFFSET ?"));
    bindWhere(q, query, access);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<PropertyTemplate> rows;
    while (q.next())
        rows.append(readTemplate(q));
    for (PropertyTemplate &t : rows) {
        IOTILE_TRY(values, enumValues(t.id));
        t.enums = values;
    }
    return rows;
}

Result<std::optional<PropertyTemplate>> PropertyTemplateStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + QStringLiteral(" WHERE t.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<PropertyTemplate>();
    PropertyTemplate t = readTemplate(q);
    IOTILE_TRY(values, enumValues(t.id));
    t.enums = values;
    return std::optional<PropertyTemplate>(std::move(t));
}

Result<std::optional<PropertyTemplate>> PropertyTemplateStore::create(const PropertyTemplate &t)
{
    SqlQuery q =
        m_db.query("INSERT INTO property_templates (org_id, name, type, default_value, extra, created_by) "
                   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, name) DO NOTHING RETURNING id");
    q.bind(t.orgId).bind(t.name).bind(t.type).bind(t.defaultValue).bind(jsonParameter(t.extra));
    q.bindOptional(t.createdBy);
    IOTILE_CHECK(q.exec());
    const auto insertedRow = insertedId(q);
    if (!insertedRow)
        return std::optional<PropertyTemplate>();
    const qint64 id = *insertedRow;
    return byId(id);
}

Result<bool> PropertyTemplateStore::update(const PropertyTemplate &t)
{
    SqlQuery taken =
        m_db.query("SELECT count(*) FROM property_templates WHERE org_id = ? AND name = ? AND id <> ?");
    taken.bind(t.orgId).bind(t.name).bind(t.id);
    IOTILE_TRY(n, taken.scalarInt64());
    if (n > 0)
        return false;
    SqlQuery q =
        m_db.query("UPDATE property_templates SET org_id = ?, name = ?, type = ?, default_value = ?, "
                   "extra = ? WHERE id = ?");
    q.bind(t.orgId).bind(t.name).bind(t.type).bind(t.defaultValue).bind(jsonParameter(t.extra)).bind(t.id);
    IOTILE_CHECK(q.exec());
    return true;
}

Status PropertyTemplateStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM property_templates WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<qint64> PropertyTemplateStore::countEnums(qint64 templateId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM property_template_enums WHERE template_id = ?");
    q.bind(templateId);
    return q.scalarInt64();
}

Result<QList<PropertyEnum>> PropertyTemplateStore::enums(qint64 templateId, qint64 offset, qint64 limit)
{
    SqlQuery q =
        m_db.query(QString::fromLatin1(kSelectEnum)
                   + QStringLiteral(" WHERE e.template_id = ? ORDER BY e.value, e.id LIMIT ? OFFSET ?"));
    q.bind(templateId).bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<PropertyEnum> rows;
    while (q.next())
        rows.append(readEnum(q));
    return rows;
}

Result<QStringList> PropertyTemplateStore::enumValues(qint64 templateId)
{
    SqlQuery q =
        m_db.query("SELECT value FROM property_template_enums WHERE template_id = ? ORDER BY value, id");
    q.bind(templateId);
    IOTILE_CHECK(q.exec());
    QStringList values;
    while (q.next())
        values.append(q.text(0));
    return values;
}

Result<std::optional<PropertyEnum>> PropertyTemplateStore::enumByValue(qint64 templateId,
                                                                       const QString &value)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelectEnum)
                            + QStringLiteral(" WHERE e.template_id = ? AND e.value = ?"));
    q.bind(templateId).bind(value);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<PropertyEnum>();
    return std::optional<PropertyEnum>(readEnum(q));
}

Result<PropertyEnum> PropertyTemplateStore::addEnum(qint64 templateId, const QString &value, qint64 userId)
{
    SqlQuery q =
        m_db.query("INSERT INTO property_template_enums (template_id, value, created_by) VALUES (?, ?, ?) "
                   "ON CONFLICT (template_id, value) DO NOTHING");
    q.bind(templateId).bind(value).bind(userId);
    IOTILE_CHECK(q.exec());
    IOTILE_TRY(found, enumByValue(templateId, value));
    if (!found)
        return Error::internal(QStringLiteral("property enum vanished"));
    return *found;
}

Result<bool> PropertyTemplateStore::removeEnum(qint64 templateId, const QString &value)
{
    SqlQuery q = m_db.query("DELETE FROM property_template_enums WHERE template_id = ? AND value = ?");
    q.bind(templateId).bind(value);
    IOTILE_CHECK(q.exec());
    return q.rowsAffected() > 0;
}

} // namespace iotile
