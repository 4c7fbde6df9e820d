#include "server/store/devicestore.h"

#include "common/slug/deviceslug.h"
#include "common/util/isotime.h"
#include "server/domain/access.h"
#include "server/store/database.h"

#include <QJsonObject>

namespace iotile {

namespace {

constexpr const char *kColumns =
    "SELECT d.id, d.slug, d.label, d.active, d.external_id, d.sg_id, sg.slug, d.template_id, "
    "dt.slug, d.org_id, o.slug, d.project_id, p.uuid, p.slug, d.lat, d.lon, d.state, d.created_on, "
    "d.created_by, d.claimed_by, a.slug, d.claimed_on";
constexpr const char *kJoins =
    " LEFT JOIN sensor_graphs sg ON sg.id = d.sg_id"
    " LEFT JOIN device_templates dt ON dt.id = d.template_id"
    " LEFT JOIN orgs o ON o.id = d.org_id LEFT JOIN projects p ON p.id = d.project_id"
    " LEFT JOIN accounts a ON a.id = d.claimed_by";
const QString kSelect = QLatin1String(kColumns) + QLatin1String(" FROM devices d") + QLatin1String(kJoins);

Device readDevice(SqlQuery &q)
{
    Device d;
    d.id = q.int64(0);
    d.slug = q.text(1);
    d.label = q.text(2);
    d.active = q.boolean(3);
    d.externalId = q.text(4);
    d.sgId = q.optionalInt64(5);
    d.sgSlug = q.text(6);
    d.templateId = q.optionalInt64(7);
    d.templateSlug = q.text(8);
    d.orgId = q.optionalInt64(9);
    d.orgSlug = q.text(10);
    d.projectId = q.optionalInt64(11);
    d.projectUuid = q.text(12);
    d.projectSlug = q.text(13);
    if (!q.isNull(14))
        d.lat = q.text(14);
    if (!q.isNull(15))
        d.lon = q.text(15);
    d.state = q.text(16);
    d.createdOn = q.int64(17);
    d.createdBy = q.optionalInt64(18);
    d.claimedBy = q.optionalInt64(19);
    d.claimedBySlug = q.text(20);
    d.claimedOn = q.optionalInt64(21);
    return d;
}

QString whereClause(const DeviceStore::ListQuery &query)
{
    QStringList c;
    if (query.impossible)
        c << QStringLiteral("1 = 0");
    if (!query.all)
        c << Access::orgFilter(QStringLiteral("d.org_id"));
    if (!query.includeInactive && !query.all)
        c << QStringLiteral("d.active = {TRUE}");
    if (query.projectId)
        c << QStringLiteral("d.project_id = ?");
    if (query.orgId)
        c << QStringLiteral("d.org_id = ?");
    if (query.templateId)
        c << QStringLiteral("d.template_id = ?");
    if (query.sgId)
        c << QStringLiteral("d.sg_id = ?");
    if (!query.externalId.isEmpty())
        c << QStringLiteral("d.external_id = ?");
    if (query.claimedOnly)
        c << QStringLiteral("d.project_id IS NOT NULL");
    if (!query.propertyName.isEmpty())
        c << (query.propertyValue
                  ? QStringLiteral("d.slug IN (SELECT target FROM properties WHERE name = ? AND value = ?)")
                  : QStringLiteral("d.slug IN (SELECT target FROM properties WHERE name = ?)"));
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const DeviceStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, std::nullopt);
    if (query.projectId)
        q.bind(*query.projectId);
    if (query.orgId)
        q.bind(*query.orgId);
    if (query.templateId)
        q.bind(*query.templateId);
    if (query.sgId)
        q.bind(*query.sgId);
    if (!query.externalId.isEmpty())
        q.bind(query.externalId);
    if (!query.propertyName.isEmpty()) {
        q.bind(query.propertyName);
        if (query.propertyValue)
            q.bind(*query.propertyValue);
    }
}

} // namespace

Result<qint64> DeviceStore::count(const ListQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM devices d") + whereClause(query));
    bindWhere(q, query, access);
    return q.scalarInt64();
}

Result<QList<Device>> DeviceStore::list(const ListQuery &query, const Access &access, qint64 offset,
                                        qint64 limit)
{
    // The page's ids first, from devices alone, then the joins for those rows only: joining before the
    // OFFSET built and sorted every earlier row of the list (page 91 of 10,000 devices cost several times
    // page 1). Within the caller's orgs the ids come from devices_org_active and are sorted ("+ 0" keeps
    // PostgreSQL from walking the primary key in id order instead, which reads every device of every org
    // before the offset: fine for staff listing everything, bad for a small org in a large table).
    const QLatin1String order = query.all ? QLatin1String("d.id") : QLatin1String("d.id + 0");
    SqlQuery q = m_db.query(QLatin1String(kColumns) + QLatin1String(" FROM (SELECT d.id FROM devices d")
                            + whereClause(query) + QLatin1String(" ORDER BY ") + order
                            + QLatin1String(" LIMIT ? OFFSET ?) page JOIN devices d ON d.id = page.id")
                            + QLatin1String(kJoins) + QLatin1String(" ORDER BY d.id"));
    bindWhere(q, query, access);
    q.bind(limit).bind(offset);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    QList<Device> out;
    while (q.next())
        out.append(readDevice(q));
    return out;
}

Result<std::optional<Device>> DeviceStore::one(const char *where, const QVariant &value)
{
    SqlQuery q = m_db.query(kSelect + QStringLiteral(" WHERE ") + QLatin1String(where));
    q.bind(value);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<Device>();
    return std::optional<Device>(readDevice(q));
}

Result<std::optional<Device>> DeviceStore::byId(qint64 id)
{
    return one("d.id = ?", id);
}

Result<std::optional<Device>> DeviceStore::bySlug(const QString &slug)
{
    return one("d.slug = ?", slug);
}

Result<qint64> DeviceStore::nextId()
{
    auto max = m_db.query("SELECT COALESCE(MAX(id), 0) FROM devices").scalarInt64();
    if (!max)
        return std::move(max).error();
    return *max + 1;
}

Result<Device> DeviceStore::create(Device d)
{
    d.slug = DeviceSlug(quint64(d.id)).toString();
    d.createdOn = isotime::now();
    SqlQuery q = m_db.query(
        "INSERT INTO devices (id, slug, label, active, external_id, sg_id, template_id, org_id, project_id, "
        "lat, lon, state, created_on, created_by, claimed_by, claimed_on) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    q.bind(d.id)
        .bind(d.slug)
        .bind(d.label)
        .bind(d.active)
        .bind(d.externalId)
        .bindOptional(d.sgId)
        .bindOptional(d.templateId);
    q.bindOptional(d.orgId)
        .bindOptional(d.projectId)
        .bindOptional(d.lat)
        .bindOptional(d.lon)
        .bind(d.state)
        .bind(d.createdOn);
    q.bindOptional(d.createdBy).bindOptional(d.claimedBy).bindOptional(d.claimedOn);
    if (Status s = q.exec(); !s) {
        if (q.isUniqueViolation())
            return Error::field(QStringLiteral("id"), QStringLiteral("device with this id already exists."));
        return std::move(s).error();
    }
    return d;
}

Status DeviceStore::update(const Device &d)
{
    SqlQuery q = m_db.query(
        "UPDATE devices SET label = ?, active = ?, external_id = ?, sg_id = ?, template_id = ?, org_id = ?, "
        "project_id = ?, lat = ?, lon = ?, state = ?, claimed_by = ?, claimed_on = ? WHERE id = ?");
    q.bind(d.label)
        .bind(d.active)
        .bind(d.externalId)
        .bindOptional(d.sgId)
        .bindOptional(d.templateId)
        .bindOptional(d.orgId);
    q.bindOptional(d.projectId)
        .bindOptional(d.lat)
        .bindOptional(d.lon)
        .bind(d.state)
        .bindOptional(d.claimedBy);
    q.bindOptional(d.claimedOn).bind(d.id);
    return q.exec();
}

Status DeviceStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM devices WHERE id = ?");
    q.bind(id);
    return q.exec();
}

} // namespace iotile
