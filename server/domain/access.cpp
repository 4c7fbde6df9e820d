#include "server/domain/access.h"

#include "server/domain/account.h"
#include "server/domain/device.h"
#include "server/domain/membershipcache.h"
#include "server/store/database.h"

namespace iotile {

bool Access::isStaff() const
{
    return m_caller && m_caller->isStaff;
}

qint64 Access::userId() const
{
    return m_caller ? m_caller->id : 0;
}

Status Access::load()
{
    if (m_loaded || !m_caller)
        return Ok {};
    quint64 generation = 0;
    if (auto cached = MembershipCache::find(m_caller->id, generation)) {
        m_memberships = std::move(*cached);
        m_loaded = true;
        return Ok {};
    }
    SqlQuery q = m_db.query("SELECT id, org_id, role, is_active, is_org_admin, permissions, created_on "
                            "FROM org_memberships WHERE user_id = ?");
    q.bind(m_caller->id);
    if (Status s = q.exec(); !s)
        return s;
    while (q.next()) {
        Membership m;
        m.id = q.int64(0);
        m.orgId = q.int64(1);
        m.userId = m_caller->id;
        m.role = q.text(2);
        m.isActive = q.boolean(3);
        m.isOrgAdmin = q.boolean(4);
        m.permissions = quint64(q.int64(5));
        m.createdOn = q.int64(6);
        m_memberships.insert(m.orgId, m);
    }
    MembershipCache::store(m_caller->id, m_memberships, generation);
    m_loaded = true;
    return Ok {};
}

Result<std::optional<Membership>> Access::membership(qint64 orgId)
{
    if (Status s = load(); !s)
        return std::move(s).error();
    const auto it = m_memberships.constFind(orgId);
    if (it == m_memberships.constEnd())
        return std::optional<Membership>();
    return std::optional<Membership>(*it);
}

Result<bool> Access::isMember(qint64 orgId)
{
    if (isStaff())
        return true;
    auto m = membership(orgId);
    if (!m)
        return std::move(m).error();
    return m->has_value() && (*m)->isActive && m_caller->isActive;
}

Result<bool> Access::isActiveMember(qint64 orgId)
{
    auto m = membership(orgId);
    if (!m)
        return std::move(m).error();
    return m->has_value() && (*m)->isActive && m_caller && m_caller->isActive;
}

Result<bool> Access::can(qint64 orgId, Permission permission)
{
    if (isStaff())
        return true;
    auto m = membership(orgId);
    if (!m)
        return std::move(m).error();
    return m->has_value() && (*m)->isActive && ((*m)->permissions & quint64(permission)) != 0;
}

Result<bool> Access::canAccessDevice(const Device &device)
{
    if (isStaff())
        return true;
    if (device.orgId) {
        auto member = isMember(*device.orgId);
        if (!member || *member)
            return member;
    }
    return m_caller && device.createdBy && *device.createdBy == m_caller->id;
}

QString Access::orgFilter(const QString &column)
{
    return column
        + QStringLiteral(
               " IN (SELECT om.org_id FROM org_memberships om WHERE om.user_id = ? AND om.is_active = {TRUE}"
               " AND (om.permissions & ?) = ?)");
}

void Access::bindOrgFilter(SqlQuery &query, std::optional<Permission> permission) const
{
    const qint64 mask = permission ? qint64(*permission) : 0;
    query.bind(userId()).bind(mask).bind(mask);
}

} // namespace iotile
