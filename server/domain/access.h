#pragma once

#include "common/util/error.h"
#include "server/domain/org.h"
#include "server/domain/roles.h"

#include <QHash>

#include <optional>

namespace iotile {

struct Account;
struct Device;
class SqlConnection;

// What one caller may do in which org, for the length of one request: the caller's memberships are read
// once, then every check is a lookup. Staff act with the s0 role everywhere (as in the original).
class Access
{
public:
    Access(const Account *caller, SqlConnection &db)
        : m_caller(caller)
        , m_db(db)
    { }

    bool isStaff() const;
    qint64 userId() const;
    Result<std::optional<Membership>> membership(qint64 orgId);
    // An active membership (or staff).
    Result<bool> isMember(qint64 orgId);
    // An active membership, staff or not: what queryset-scoped lookups (org, project) go by unless staff
    // ask as staff (?staff=1).
    Result<bool> isActiveMember(qint64 orgId);
    Result<bool> can(qint64 orgId, Permission permission);
    // The original's Device.has_access: staff; member of the device's org; member of its project's org;
    // or the user who created it.
    Result<bool> canAccessDevice(const Device &device);

    // SQL condition on an org id column: orgs where the caller is an active member holding `permission`
    // (none: any active membership). It has three placeholders; bindOrgFilter() binds them in order.
    static QString orgFilter(const QString &column);
    void bindOrgFilter(class SqlQuery &query, std::optional<Permission> permission) const;

private:
    Status load();
    const Account *m_caller;
    SqlConnection &m_db;
    bool m_loaded = false;
    QHash<qint64, Membership> m_memberships;
};

} // namespace iotile
