#pragma once

#include "common/util/error.h"
#include "server/domain/org.h"

#include <QList>
#include <QString>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// Orgs, memberships, invitations and verified domains.
class OrgStore
{
public:
    explicit OrgStore(SqlConnection &connection)
        : m_db(connection)
    { }

    struct ListQuery
    {
        bool all = false; // staff acting as staff
        std::optional<qint64> createdBy;
        QString search; // case-insensitive part of the name
    };
    Result<qint64> count(const ListQuery &query, const Access &access);
    Result<QList<Org>> list(const ListQuery &query, const Access &access, qint64 offset, qint64 limit);

    Result<std::optional<Org>> bySlug(const QString &slug);
    Result<std::optional<Org>> byId(qint64 id);
    Result<bool> nameTaken(const QString &name, qint64 exceptId);
    Result<bool> slugTaken(const QString &slug, qint64 exceptId);
    // Inserts the org and makes the creator its owner (a0), in the caller's transaction.
    Result<Org> create(Org org, qint64 creatorId);
    Status update(const Org &org);
    Status remove(qint64 id);
    // Verified domain names of orgs with ids in [minId, maxId], by org id.
    Result<QHash<qint64, QStringList>> domainNames(qint64 minId, qint64 maxId);

    Result<qint64> countMembers(qint64 orgId, bool includeInactive);
    Result<QList<MemberRow>> members(qint64 orgId, bool includeInactive, qint64 offset, qint64 limit);
    Result<std::optional<MemberRow>> member(qint64 orgId, qint64 userId);
    Result<Membership> addMember(qint64 orgId, qint64 userId, const QString &role, bool isActive);
    Status updateMember(const Membership &membership);
    Status removeMember(qint64 orgId, qint64 userId);
    Result<qint64> countOwners(qint64 orgId);

    Status saveInvitation(const Invitation &invitation);
    Result<qint64> countPending(qint64 orgId);
    Result<QList<Invitation>> pending(qint64 orgId, qint64 offset, qint64 limit);
    Result<std::optional<Invitation>> invitationByToken(const QString &token);
    Status markAccepted(qint64 invitationId);

    // The counts of org/<slug>/extra/.
    Result<QJsonObject> counts(qint64 orgId);

private:
    Result<std::optional<Org>> one(const char *where, const QVariant &value);
    SqlConnection &m_db;
};

} // namespace iotile
