#include "server/store/orgstore.h"

#include "common/util/isotime.h"
#include "server/domain/access.h"
#include "server/domain/membershipcache.h"
#include "server/domain/roles.h"
#include "server/store/database.h"

#include <QJsonObject>
#include <QUuid>

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT o.id, o.uuid, o.name, o.slug, o.about, o.ot_id, ot.slug, o.is_vendor, o.created_on, "
    "o.created_by, a.slug FROM orgs o LEFT JOIN org_templates ot ON ot.id = o.ot_id "
    "LEFT JOIN accounts a ON a.id = o.created_by";

Org readOrg(SqlQuery &q)
{
    Org o;
    o.id = q.int64(0);
    o.uuid = q.text(1);
    o.name = q.text(2);
    o.slug = q.text(3);
    o.about = q.text(4);
    o.otId = q.optionalInt64(5);
    o.otSlug = q.text(6);
    o.isVendor = q.boolean(7);
    o.createdOn = q.int64(8);
    o.createdBy = q.optionalInt64(9);
    o.createdBySlug = q.text(10);
    return o;
}

// The WHERE clause of org lists: visibility first, then the filters; bind() binds it in the same order.
struct ListFilter
{
    QString where;
    void bind(SqlQuery &q, const OrgStore::ListQuery &query, const Access &access) const
    {
        if (!query.all)
            access.bindOrgFilter(q, std::nullopt);
        if (query.createdBy)
            q.bind(*query.createdBy);
        if (!query.search.isEmpty())
            q.bind(QLatin1Char('%') + query.search.toLower() + QLatin1Char('%'));
    }
};

ListFilter listFilter(const OrgStore::ListQuery &query)
{
    QStringList conditions;
    if (!query.all)
        conditions << Access::orgFilter(QStringLiteral("o.id"));
    if (query.createdBy)
        conditions << QStringLiteral("o.created_by = ?");
    if (!query.search.isEmpty())
        conditions << QStringLiteral("lower(o.name) LIKE ?");
    return {conditions.isEmpty() ? QString()
                                 : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "))};
}

MemberRow readMember(SqlQuery &q)
{
    MemberRow r;
    r.membership.id = q.int64(0);
    r.membership.orgId = q.int64(1);
    r.membership.userId = q.int64(2);
    r.membership.role = q.text(3);
    r.membership.isActive = q.boolean(4);
    r.membership.isOrgAdmin = q.boolean(5);
    r.membership.permissions = quint64(q.int64(6));
    r.membership.createdOn = q.int64(7);
    r.email = q.text(8);
    r.username = q.text(9);
    r.slug = q.text(10);
    r.name = q.text(11);
    r.tagline = q.text(12);
    return r;
}

constexpr const char *kMemberSelect =
    "SELECT m.id, m.org_id, m.user_id, m.role, m.is_active, m.is_org_admin, m.permissions, "
    "m.created_on, a.email, a.username, a.slug, a.name, a.tagline "
    "FROM org_memberships m JOIN accounts a ON a.id = m.user_id";

Invitation readInvitation(SqlQuery &q)
{
    Invitation i;
    i.id = q.int64(0);
    i.orgId = q.int64(1);
    i.email = q.text(2);
    i.role = q.text(3);
    i.token = q.text(4);
    i.sentOn = q.int64(5);
    i.sentBy = q.optionalInt64(6);
    i.sentBySlug = q.text(7);
    i.expiresOn = q.int64(8);
    i.accepted = q.boolean(9);
    return i;
}

constexpr const char *kInvitationSelect =
    "SELECT i.id, i.org_id, i.email, i.role, i.token, i.sent_on, i.sent_by, a.slug, "
    "i.expires_on, i.accepted FROM org_invitations i "
    "LEFT JOIN accounts a ON a.id = i.sent_by";

} // namespace

Result<qint64> OrgStore::count(const ListQuery &query, const Access &access)
{
    const ListFilter filter = listFilter(query);
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM orgs o") + filter.where);
    filter.bind(q, query, access);
    return q.scalarInt64();
}

Result<QList<Org>> OrgStore::list(const ListQuery &query, const Access &access, qint64 offset, qint64 limit)
{
    const ListFilter filter = listFilter(query);
    SqlQuery q = m_db.query(QLatin1String(kSelect) + filter.where
                            + QStringLiteral(" ORDER BY o.name, o.id LIMIT ? OFFSET ?"));
    filter.bind(q, query, access);
    q.bind(limit).bind(offset);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    QList<Org> out;
    while (q.next())
        out.append(readOrg(q));
    return out;
}

Result<std::optional<Org>> OrgStore::one(const char *where, const QVariant &value)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE ") + QLatin1String(where));
    q.bind(value);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<Org>();
    return std::optional<Org>(readOrg(q));
}

Result<std::optional<Org>> OrgStore::bySlug(const QString &slug)
{
    return one("o.slug = ?", slug);
}

Result<std::optional<Org>> OrgStore::byId(qint64 id)
{
    return one("o.id = ?", id);
}

Result<bool> OrgStore::nameTaken(const QString &name, qint64 exceptId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM orgs WHERE lower(name) = lower(?) AND id <> ?");
    q.bind(name).bind(exceptId);
    auto n = q.scalarInt64();
    if (!n)
        return std::move(n).error();
    return *n > 0;
}

Result<bool> OrgStore::slugTaken(const QString &slug, qint64 exceptId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM orgs WHERE slug = ? AND id <> ?");
    q.bind(slug).bind(exceptId);
    auto n = q.scalarInt64();
    if (!n)
        return std::move(n).error();
    return *n > 0;
}

Result<Org> OrgStore::create(Org org, qint64 creatorId)
{
    org.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    org.createdOn = isotime::now();
    org.createdBy = creatorId;
    SqlQuery q =
        m_db.query("INSERT INTO orgs (uuid, name, slug, about, ot_id, is_vendor, created_on, created_by) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(org.uuid).bind(org.name).bind(org.slug).bind(org.about).bindOptional(org.otId).bind(org.isVendor);
    q.bind(org.createdOn).bind(creatorId);
    auto id = q.scalarInt64();
    if (!id) {
        if (q.isUniqueViolation())
            return Error(ErrorKind::Conflict,
                         QJsonObject {{QStringLiteral("name"), QStringLiteral("taken")}});
        return std::move(id).error();
    }
    org.id = *id;
    auto owner = addMember(org.id, creatorId, QStringLiteral("a0"), true);
    if (!owner)
        return std::move(owner).error();
    return org;
}

Status OrgStore::update(const Org &org)
{
    SqlQuery q =
        m_db.query("UPDATE orgs SET name = ?, slug = ?, about = ?, ot_id = ?, is_vendor = ? WHERE id = ?");
    q.bind(org.name).bind(org.slug).bind(org.about).bindOptional(org.otId).bind(org.isVendor).bind(org.id);
    return q.exec();
}

Status OrgStore::remove(qint64 id)
{
    MembershipCache::changed(m_db);
    SqlQuery q = m_db.query("DELETE FROM orgs WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<QHash<qint64, QStringList>> OrgStore::domainNames(qint64 minId, qint64 maxId)
{
    SqlQuery q =
        m_db.query("SELECT org_id, name FROM org_domains WHERE verified = {TRUE} AND org_id BETWEEN ? AND ? "
                   "ORDER BY name");
    q.bind(minId).bind(maxId);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    QHash<qint64, QStringList> out;
    while (q.next())
        out[q.int64(0)].append(q.text(1));
    return out;
}

Result<qint64> OrgStore::countMembers(qint64 orgId, bool includeInactive)
{
    SqlQuery q = m_db.query(
        includeInactive ? "SELECT count(*) FROM org_memberships WHERE org_id = ?"
                        : "SELECT count(*) FROM org_memberships m JOIN accounts a ON a.id = m.user_id "
                          "WHERE m.org_id = ? AND m.is_active = {TRUE} AND a.is_active = {TRUE}");
    q.bind(orgId);
    return q.scalarInt64();
}

Result<QList<MemberRow>> OrgStore::members(qint64 orgId, bool includeInactive, qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(
        QLatin1String(kMemberSelect)
        + (includeInactive
               ? QStringLiteral(" WHERE m.org_id = ?")
               : QStringLiteral(" WHERE m.org_id = ? AND m.is_active = {TRUE} AND a.is_active = {TRUE}"))
        + QStringLiteral(" ORDER BY m.created_on, m.id LIMIT ? OFFSET ?"));
    q.bind(orgId).bind(limit).bind(offset);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    QList<MemberRow> out;
    while (q.next())
        out.append(readMember(q));
    return out;
}

Result<std::optional<MemberRow>> OrgStore::member(qint64 orgId, qint64 userId)
{
    SqlQuery q =
        m_db.query(QLatin1String(kMemberSelect) + QStringLiteral(" WHERE m.org_id = ? AND m.user_id = ?"));
    q.bind(orgId).bind(userId);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<MemberRow>();
    return std::optional<MemberRow>(readMember(q));
}

Result<Membership> OrgStore::addMember(qint64 orgId, qint64 userId, const QString &role, bool isActive)
{
    MembershipCache::changed(m_db);
    Membership m;
    m.orgId = orgId;
    m.userId = userId;
    m.role = role;
    m.isActive = isActive;
    m.isOrgAdmin = role == QLatin1String("a0") || role == QLatin1String("a1");
    m.permissions = Roles::permissions(role);
    m.createdOn = isotime::now();
    SqlQuery q = m_db.query("INSERT INTO org_memberships (org_id, user_id, role, is_active, is_org_admin, "
                            "permissions, created_on) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(orgId)
        .bind(userId)
        .bind(role)
        .bind(isActive)
        .bind(m.isOrgAdmin)
        .bind(qint64(m.permissions))
        .bind(m.createdOn);
    auto id = q.scalarInt64();
    if (!id) {
        if (q.isUniqueViolation())
            return Error(ErrorKind::Conflict,
                         QJsonObject {{QStringLiteral("error"), QStringLiteral("Member already exists")}});
        return std::move(id).error();
    }
    m.id = *id;
    return m;
}

Status OrgStore::updateMember(const Membership &m)
{
    MembershipCache::changed(m_db);
    SqlQuery q =
        m_db.query("UPDATE org_memberships SET role = ?, is_active = ?, is_org_admin = ?, permissions = ? "
                   "WHERE org_id = ? AND user_id = ?");
    q.bind(m.role)
        .bind(m.isActive)
        .bind(m.isOrgAdmin)
        .bind(qint64(m.permissions))
        .bind(m.orgId)
        .bind(m.userId);
    return q.exec();
}

Status OrgStore::removeMember(qint64 orgId, qint64 userId)
{
    MembershipCache::changed(m_db);
    SqlQuery q = m_db.query("DELETE FROM org_memberships WHERE org_id = ? AND user_id = ?");
    q.bind(orgId).bind(userId);
    return q.exec();
}

Result<qint64> OrgStore::countOwners(qint64 orgId)
{
    SqlQuery q = m_db.query(
        "SELECT count(*) FROM org_memberships WHERE org_id = ? AND role = 'a0' AND is_active = {TRUE}");
    q.bind(orgId);
    return q.scalarInt64();
}

Status OrgStore::saveInvitation(const Invitation &i)
{
    SqlQuery q = m_db.query(
        "INSERT INTO org_invitations (org_id, email, role, token, sent_on, sent_by, expires_on, accepted) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, {FALSE}) ON CONFLICT (org_id, email) DO UPDATE SET "
        "role = excluded.role, token = excluded.token, sent_on = excluded.sent_on, "
        "sent_by = excluded.sent_by, expires_on = excluded.expires_on, accepted = {FALSE}");
    q.bind(i.orgId)
        .bind(i.email.toLower())
        .bind(i.role)
        .bind(i.token)
        .bind(i.sentOn)
        .bindOptional(i.sentBy)
        .bind(i.expiresOn);
    return q.exec();
}

Result<qint64> OrgStore::countPending(qint64 orgId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM org_invitations WHERE org_id = ? AND accepted = {FALSE}");
    q.bind(orgId);
    return q.scalarInt64();
}

Result<QList<Invitation>> OrgStore::pending(qint64 orgId, qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(
        QLatin1String(kInvitationSelect)
        + QStringLiteral(
            " WHERE i.org_id = ? AND i.accepted = {FALSE} ORDER BY i.sent_on, i.id LIMIT ? OFFSET ?"));
    q.bind(orgId).bind(limit).bind(offset);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    QList<Invitation> out;
    while (q.next())
        out.append(readInvitation(q));
    return out;
}

Result<std::optional<Invitation>> OrgStore::invitationByToken(const QString &token)
{
    SqlQuery q = m_db.query(QLatin1String(kInvitationSelect) + QStringLiteral(" WHERE i.token = ?"));
    q.bind(token);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<Invitation>();
    return std::optional<Invitation>(readInvitation(q));
}

Status OrgStore::markAccepted(qint64 invitationId)
{
    SqlQuery q = m_db.query("UPDATE org_invitations SET accepted = {TRUE} WHERE id = ?");
    q.bind(invitationId);
    return q.exec();
}

Result<QJsonObject> OrgStore::counts(qint64 orgId)
{
    struct Count
    {
        const char *name;
        const char *sql;
    };
    static constexpr Count kCounts[] = {
        {"projects", "SELECT count(*) FROM projects WHERE org_id = ? AND is_template = {FALSE}"},
        {"datablocks", "SELECT 0 WHERE CAST(? AS BIGINT) IS NOT NULL"},
        {"members",
         "SELECT count(*) FROM org_memberships m JOIN accounts a ON a.id = m.user_id "
         "WHERE m.org_id = ? AND m.is_active = {TRUE} AND a.is_active = {TRUE}"},
        {"devices", "SELECT count(*) FROM devices WHERE org_id = ?"},
        {"fleets", "SELECT count(*) FROM fleets WHERE org_id = ?"},
        {"networks", "SELECT count(*) FROM fleets WHERE org_id = ? AND is_network = {TRUE}"},
        {"reports", "SELECT 0 WHERE CAST(? AS BIGINT) IS NOT NULL"},
    };
    QJsonObject out;
    for (const Count &c : kCounts) {
        SqlQuery q = m_db.query(c.sql);
        q.bind(orgId);
        if (Status s = q.exec(); !s)
            return std::move(s).error();
        out.insert(QLatin1String(c.name), q.next() ? double(q.int64(0)) : 0.0);
    }
    return out;
}

} // namespace iotile
