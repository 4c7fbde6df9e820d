#include "server/api/otalookup.h"

#include "common/slug/devicescriptslug.h"
#include "common/slug/deviceslug.h"
#include "common/slug/fleetslug.h"
#include "server/domain/access.h"
#include "server/store/database.h"
#include "server/store/devicescriptstore.h"
#include "server/store/devicestore.h"
#include "server/store/fleetstore.h"
#include "server/store/orgstore.h"

#include <QJsonArray>

namespace iotile::otalookup {

Result<std::optional<Fleet>> fleet(SqlConnection &db, const QString &slug)
{
    const auto parsed = FleetSlug::parse(slug.trimmed().toLower());
    if (!parsed || parsed->id() == 0)
        return std::optional<Fleet>();
    return FleetStore(db).byId(qint64(parsed->id()));
}

Result<std::optional<DeviceScript>> script(SqlConnection &db, const QString &slug)
{
    const auto parsed = DeviceScriptSlug::parse(slug.trimmed().toLower());
    if (!parsed || parsed->id() == 0)
        return std::optional<DeviceScript>();
    return DeviceScriptStore(db).byId(qint64(parsed->id()));
}

Result<std::optional<Device>> device(SqlConnection &db, const QString &slug)
{
    const auto parsed = DeviceSlug::fromLookup(slug.trimmed());
    if (!parsed)
        return std::optional<Device>();
    return DeviceStore(db).byId(qint64(parsed->id()));
}

Result<std::optional<Org>> org(SqlConnection &db, const QString &slug)
{
    if (slug.trimmed().isEmpty())
        return std::optional<Org>();
    return OrgStore(db).bySlug(slug.trimmed());
}

Error missing(const QString &field, const QString &slug)
{
    return Error::field(field, QStringLiteral("Object with slug=%1 does not exist.").arg(slug));
}

Result<bool> canSeeFleet(Access &access, const Fleet &fleet)
{
    return access.isMember(fleet.orgId);
}

Result<bool> canManageFleet(Access &access, const Fleet &fleet)
{
    return access.can(fleet.orgId, Permission::ManageOta);
}

Result<bool> canSeeRequest(Access &access, const DeploymentRequest &request)
{
    if (access.isStaff())
        return true;
    if (request.fleetId)
        return request.fleetOrgId ? access.isMember(*request.fleetOrgId) : Result<bool>(false);
    if (request.orgId)
        return request.orgIsVendor ? Result<bool>(true) : access.isMember(*request.orgId);
    return request.createdBy && *request.createdBy == access.userId();
}

Result<bool> canManageRequest(Access &access, const DeploymentRequest &request)
{
    if (access.isStaff())
        return true;
    if (request.fleetId && request.fleetOrgId)
        return access.can(*request.fleetOrgId, Permission::ManageOta);
    if (request.orgId)
        return access.can(*request.orgId, Permission::ManageOta);
    return request.createdBy && *request.createdBy == access.userId();
}

} // namespace iotile::otalookup
