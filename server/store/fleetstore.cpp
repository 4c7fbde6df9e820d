#include "server/store/fleetstore.h"

#include "common/util/isotime.h"
#include "server/domain/access.h"
#include "server/store/database.h"

#include <QStringList>

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT f.id, f.name, f.description, f.org_id, o.slug, f.is_network, f.created_on, f.created_by, "
    "a.slug FROM fleets f JOIN orgs o ON o.id = f.org_id LEFT JOIN accounts a ON a.id = f.created_by";

Fleet readFleet(SqlQuery &q)
{
    Fleet f;
    f.id = q.int64(0);
    f.name = q.text(1);
    f.description = q.text(2);
    f.orgId = q.int64(3);
    f.orgSlug = q.text(4);
    f.isNetwork = q.boolean(5);
    f.createdOn = q.int64(6);
    f.createdBy = q.optionalInt64(7);
    f.createdBySlug = q.text(8);
    return f;
}

QString whereClause(const FleetStore::ListQuery &query)
{
    QStringList c;
    if (!query.all)
        c << Access::orgFilter(QStringLiteral("f.org_id"));
    if (query.orgId)
        c << QStringLiteral("f.org_id = ?");
    if (query.deviceId)
        c << QStringLiteral(
            "f.id IN (SELECT m.fleet_id FROM fleet_members m JOIN devices d ON d.id = m.device_id "
            "WHERE m.device_id = ? AND d.org_id = f.org_id)");
    if (query.isNetwork)
        c << (*query.isNetwork ? QStringLiteral("f.is_network = {TRUE}")
                               : QStringLiteral("f.is_network = {FALSE}"));
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const FleetStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, std::nullopt);
    if (query.orgId)
        q.bind(*query.orgId);
    if (query.deviceId)
        q.bind(*query.deviceId);
}

} // namespace

Result<qint64> FleetStore::count(const ListQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM fleets f") + whereClause(query));
    bindWhere(q, query, access);
    return q.scalarInt64();
}

Result<QList<Fleet>> FleetStore::list(const ListQuery &query, const Access &access, qint64 offset,
                                      qint64 limit)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + whereClause(query)
                            + QStringLiteral(" ORDER BY o.name, f.name, f.id LIMIT ? OFFSET ?"));
    bindWhere(q, query, access);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<Fleet> out;
    while (q.next())
        out.append(readFleet(q));
    return out;
}

Result<std::optional<Fleet>> FleetStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE f.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<Fleet>();
    return std::optional<Fleet>(readFleet(q));
}

Result<bool> FleetStore::nameTaken(qint64 orgId, const QString &name, qint64 exceptId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM fleets WHERE org_id = ? AND name = ? AND id <> ?");
    q.bind(orgId).bind(name).bind(exceptId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Result<Fleet> FleetStore::create(Fleet f)
{
    f.createdOn = isotime::now();
    SqlQuery q =
        m_db.query("INSERT INTO fleets (name, description, org_id, is_network, created_on, created_by) "
                   "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(f.name)
        .bind(f.description)
        .bind(f.orgId)
        .bind(f.isNetwork)
        .bind(f.createdOn)
        .bindOptional(f.createdBy);
    IOTILE_TRY(id, q.scalarInt64());
    f.id = id;
    return f;
}

Status FleetStore::update(const Fleet &f)
{
    SqlQuery q =
        m_db.query("UPDATE fleets SET name = ?, description = ?, org_id = ?, is_network = ? WHERE id = ?");
    q.bind(f.name).bind(f.description).bind(f.orgId).bind(f.isNetwork).bind(f.id);
    return q.exec();
}

Status FleetStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM fleets WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<qint64> FleetStore::countMembers(qint64 fleetId)
{
    SqlQuery q =
        m_db.query("SELECT count(*) FROM fleet_members m JOIN devices d ON d.id = m.device_id "
                   "JOIN fleets f ON f.id = m.fleet_id WHERE m.fleet_id = ? AND d.org_id = f.org_id");
    q.bind(fleetId);
    return q.scalarInt64();
}

Result<QList<FleetMember>> FleetStore::members(qint64 fleetId, qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(
        "SELECT m.fleet_id, m.device_id, d.slug, m.always_on, m.is_access_point, m.created_on "
        "FROM fleet_members m JOIN devices d ON d.id = m.device_id JOIN fleets f ON f.id = m.fleet_id "
        "WHERE m.fleet_id = ? AND d.org_id = f.org_id "
        "ORDER BY m.device_id LIMIT ? OFFSET ?");
    q.bind(fleetId).bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<FleetMember> out;
    while (q.next()) {
        FleetMember m;
        m.fleetId = q.int64(0);
        m.deviceId = q.int64(1);
        m.deviceSlug = q.text(2);
        m.alwaysOn = q.boolean(3);
        m.isAccessPoint = q.boolean(4);
        m.createdOn = q.int64(5);
        out.append(m);
    }
    return out;
}

Result<bool> FleetStore::isMember(qint64 fleetId, qint64 deviceId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM fleet_members WHERE fleet_id = ? AND device_id = ?");
    q.bind(fleetId).bind(deviceId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Status FleetStore::addMember(const FleetMember &m)
{
    SqlQuery q = m_db.query("INSERT INTO fleet_members (fleet_id, device_id, always_on, is_access_point, "
                            "created_on) VALUES (?, ?, ?, ?, ?)");
    q.bind(m.fleetId).bind(m.deviceId).bind(m.alwaysOn).bind(m.isAccessPoint).bind(isotime::now());
    return q.exec();
}

Status FleetStore::removeMember(qint64 fleetId, qint64 deviceId)
{
    SqlQuery q = m_db.query("DELETE FROM fleet_members WHERE fleet_id = ? AND device_id = ?");
    q.bind(fleetId).bind(deviceId);
    return q.exec();
}

} // namespace iotile
