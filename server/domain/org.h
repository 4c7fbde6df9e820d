#pragma once

#include <QString>

#include <optional>

namespace iotile {

// An organization: the unit of membership and access.
struct Org
{
    qint64 id = 0;
    QString uuid;
    QString name;
    QString slug;
    QString about;
    std::optional<qint64> otId;
    QString otSlug;
    bool isVendor = false;
    qint64 createdOn = 0;
    std::optional<qint64> createdBy;
    QString createdBySlug;
};

// A user's place in an org: role and the permission bits of roles.h.
struct Membership
{
    qint64 id = 0;
    qint64 orgId = 0;
    qint64 userId = 0;
    QString role;
    bool isActive = true;
    bool isOrgAdmin = false;
    quint64 permissions = 0;
    qint64 createdOn = 0;
};

// A membership with the member's account details, as the members list shows it.
struct MemberRow
{
    Membership membership;
    QString email;
    QString username;
    QString slug;
    QString name;
    QString tagline;
};

// An invitation to join an org, mailed with a single-use token.
struct Invitation
{
    qint64 id = 0;
    qint64 orgId = 0;
    QString email;
    QString role;
    QString token;
    qint64 sentOn = 0;
    std::optional<qint64> sentBy;
    QString sentBySlug;
    qint64 expiresOn = 0;
    bool accepted = false;
};

} // namespace iotile
