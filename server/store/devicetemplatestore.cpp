#include "server/store/devicetemplatestore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"

#include <QHash>
#include <QUuid>

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT t.id, t.uuid, t.external_sku, t.internal_sku, t.family, t.slug, t.org_id, o.slug, t.major, "
    "t.minor, "
    "t.patch, t.os_tag, t.os_major, t.os_minor, t.hw_tag, t.hw_major, t.released_on, t.active, t.created_on, "
    "t.created_by FROM device_templates t LEFT JOIN orgs o ON o.id = t.org_id";
// "No limit" in a form both dialects accept (PostgreSQL refuses LIMIT -1).
constexpr qint64 kAll = 2147483647;
constexpr const char *kOrder = " ORDER BY t.external_sku, t.major, t.minor, t.patch, t.id";
constexpr const char *kSlotSelect =
    "SELECT s.id, s.template_id, s.number, s.component_id, c.slug, c.hw_tag FROM device_template_slots s "
    "JOIN components c ON c.id = s.component_id";

DeviceTemplate readTemplate(SqlQuery &q)
{
    DeviceTemplate t;
    t.id = q.int64(0);
    t.uuid = q.text(1);
    t.externalSku = q.text(2);
    t.internalSku = q.text(3);
    t.family = q.text(4);
    t.slug = q.text(5);
    t.orgId = q.optionalInt64(6);
    t.orgSlug = q.text(7);
    t.major = int(q.int64(8));
    t.minor = int(q.int64(9));
    t.patch = int(q.int64(10));
    t.osTag = q.int64(11);
    t.osMajor = int(q.int64(12));
    t.osMinor = int(q.int64(13));
    t.hwTag = q.int64(14);
    t.hwMajor = int(q.int64(15));
    t.releasedOn = q.text(16);
    t.active = q.boolean(17);
    t.createdOn = q.int64(18);
    t.createdBy = q.optionalInt64(19);
    return t;
}

DeviceSlot readSlot(SqlQuery &q)
{
    DeviceSlot s;
    s.id = q.int64(0);
    s.templateId = q.int64(1);
    s.number = int(q.int64(2));
    s.componentId = q.int64(3);
    s.componentSlug = q.text(4);
    s.componentHwTag = q.text(5);
    return s;
}

QString whereClause(const DeviceTemplateStore::ListQuery &query)
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

void bindWhere(SqlQuery &q, const DeviceTemplateStore::ListQuery &query)
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
                        QStringLiteral("A device template with this name and version already exists."));
}

} // namespace

Result<qint64> DeviceTemplateStore::count(const ListQuery &query)
{
    SqlQuery q =
        m_db.query(QStringLiteral("SELECT count(*) FROM device_templates t LEFT JOIN orgs o ON o.id = "
                                  "t.org_id")
                   + whereClause(query));
    bindWhere(q, query);
    return q.scalarInt64();
}

Result<QList<DeviceTemplate>> DeviceTemplateStore::list(const ListQuery &query, qint64 offset, qint64 limit)
{
    const QString where = whereClause(query);
    SqlQuery q = m_db.query(QLatin1String(kSelect) + where + QLatin1String(kOrder)
                            + QStringLiteral(" LIMIT ? OFFSET ?"));
    bindWhere(q, query);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<DeviceTemplate> out;
    while (q.next())
        out.append(readTemplate(q));
    if (out.isEmpty())
        return out;
    // The slots of the whole page in one statement: the page's own query picks the templates.
    SqlQuery s = m_db.query(QLatin1String(kSlotSelect)
                            + QStringLiteral(" WHERE s.template_id IN (SELECT t.id FROM device_templates t "
                                             "LEFT JOIN orgs o ON o.id = t.org_id")
                            + where + QLatin1String(kOrder)
                            + QStringLiteral(" LIMIT ? OFFSET ?) ORDER BY s.number, s.id"));
    bindWhere(s, query);
    s.bind(limit).bind(offset);
    IOTILE_CHECK(s.exec());
    QHash<qint64, QList<DeviceSlot>> byTemplate;
    while (s.next()) {
        DeviceSlot slot = readSlot(s);
        byTemplate[slot.templateId].append(slot);
    }
    for (DeviceTemplate &t : out)
        t.deviceSlots = byTemplate.value(t.id);
    return out;
}

Result<std::optional<DeviceTemplate>> DeviceTemplateStore::one(const char *where, const QVariant &value)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE ") + QLatin1String(where));
    q.bind(value);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DeviceTemplate>();
    DeviceTemplate t = readTemplate(q);
    IOTILE_TRY(slotList, slotPage(t.id, 0, kAll));
    t.deviceSlots = slotList;
    return std::optional<DeviceTemplate>(t);
}

Result<std::optional<DeviceTemplate>> DeviceTemplateStore::bySlug(const QString &slug)
{
    return one("t.slug = ?", slug);
}

Result<std::optional<DeviceTemplate>> DeviceTemplateStore::byId(qint64 id)
{
    return one("t.id = ?", id);
}

Result<bool> DeviceTemplateStore::versionTaken(const QString &externalSku, int major, int minor, int patch,
                                               qint64 exceptId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM device_templates WHERE external_sku = ? AND major = ? AND "
                            "minor = ? AND patch = ? AND id <> ?");
    q.bind(externalSku).bind(major).bind(minor).bind(patch).bind(exceptId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Result<bool> DeviceTemplateStore::slugTaken(const QString &slug, qint64 exceptId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM device_templates WHERE slug = ? AND id <> ?");
    q.bind(slug).bind(exceptId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Result<DeviceTemplate> DeviceTemplateStore::create(DeviceTemplate t)
{
    t.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    t.createdOn = isotime::now();
    SqlQuery q =
        m_db.query("INSERT INTO device_templates (uuid, external_sku, internal_sku, family, slug, org_id, "
                   "major, minor, patch, os_tag, os_major, os_minor, hw_tag, hw_major, released_on, active, "
                   "created_on, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(t.uuid).bind(t.externalSku).bind(t.internalSku).bind(t.family).bind(t.slug).bindOptional(t.orgId);
    q.bind(t.major).bind(t.minor).bind(t.patch).bind(t.osTag).bind(t.osMajor).bind(t.osMinor).bind(t.hwTag);
    q.bind(t.hwMajor).bind(t.releasedOn).bind(t.active).bind(t.createdOn).bindOptional(t.createdBy);
    auto id = q.scalarInt64();
    if (!id)
        return q.isUniqueViolation() ? duplicate() : std::move(id).error();
    t.id = *id;
    return t;
}

Status DeviceTemplateStore::update(const DeviceTemplate &t)
{
    SqlQuery q =
        m_db.query("UPDATE device_templates SET external_sku = ?, internal_sku = ?, family = ?, slug = ?, "
                   "org_id = ?, major = ?, minor = ?, patch = ?, os_tag = ?, os_major = ?, os_minor = ?, "
                   "hw_tag = ?, hw_major = ?, released_on = ?, active = ? WHERE id = ?");
    q.bind(t.externalSku).bind(t.internalSku).bind(t.family).bind(t.slug).bindOptional(t.orgId);
    q.bind(t.major).bind(t.minor).bind(t.patch).bind(t.osTag).bind(t.osMajor).bind(t.osMinor).bind(t.hwTag);
    q.bind(t.hwMajor).bind(t.releasedOn).bind(t.active).bind(t.id);
    if (Status s = q.exec(); !s)
        return q.isUniqueViolation() ? duplicate() : s;
    return Ok {};
}

Status DeviceTemplateStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM device_templates WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<qint64> DeviceTemplateStore::countSlots(qint64 templateId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM device_template_slots WHERE template_id = ?");
    q.bind(templateId);
    return q.scalarInt64();
}

Result<QList<DeviceSlot>> DeviceTemplateStore::slotPage(qint64 templateId, qint64 offset, qint64 limit)
{
    SqlQuery q =
        m_db.query(QLatin1String(kSlotSelect)
                   + QStringLiteral(" WHERE s.template_id = ? ORDER BY s.number, s.id LIMIT ? OFFSET ?"));
    q.bind(templateId).bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<DeviceSlot> out;
    while (q.next())
        out.append(readSlot(q));
    return out;
}

Result<bool> DeviceTemplateStore::setSlot(qint64 templateId, int number, qint64 componentId)
{
    SqlQuery update =
        m_db.query("UPDATE device_template_slots SET component_id = ? WHERE template_id = ? AND "
                   "number = ?");
    update.bind(componentId).bind(templateId).bind(number);
    IOTILE_CHECK(update.exec());
    if (update.rowsAffected() > 0)
        return false;
    SqlQuery insert =
        m_db.query("INSERT INTO device_template_slots (template_id, number, component_id) VALUES (?,?,?)");
    insert.bind(templateId).bind(number).bind(componentId);
    IOTILE_CHECK(insert.exec());
    return true;
}

} // namespace iotile
