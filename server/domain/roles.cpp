#include "server/domain/roles.h"

namespace iotile {

namespace {

struct Flag
{
    Permission permission;
    const char *name;
};

// In the original's ORG_PERMISSIONS order (JSON objects keep it for readers that print them).
constexpr Flag kFlags[] = {
    {Permission::DeleteOrg, "can_delete_org"},
    {Permission::ManageUsers, "can_manage_users"},
    {Permission::ManageOta, "can_manage_ota"},
    {Permission::ManageOrgAndProjects, "can_manage_org_and_projects"},
    {Permission::ClaimDevices, "can_claim_devices"},
    {Permission::ModifyDevice, "can_modify_device"},
    {Permission::ReadStreamIds, "can_read_stream_ids"},
    {Permission::ModifyStreamIds, "can_modify_stream_ids"},
    {Permission::ReadDeviceProperties, "can_read_device_properties"},
    {Permission::ModifyDeviceProperties, "can_modify_device_properties"},
    {Permission::ReadNotes, "can_read_notes"},
    {Permission::ReadDeviceLocations, "can_read_device_locations"},
    {Permission::ReadStreamData, "can_read_stream_data"},
    {Permission::CreateStreamData, "can_create_stream_data"},
    {Permission::CreateDatablock, "can_create_datablock"},
    {Permission::AccessDatablock, "can_access_datablock"},
    {Permission::DeleteDatablock, "can_delete_datablock"},
    {Permission::ResetDevice, "can_reset_device"},
    {Permission::AccessReports, "can_access_reports"},
    {Permission::CreateReports, "can_create_reports"},
    {Permission::ManageStreamAliases, "can_manage_stream_aliases"},
    {Permission::CreateStreamIds, "can_create_stream_ids"},
    {Permission::AccessClassic, "can_access_classic"},
    {Permission::AccessWebapp, "can_access_webapp"},
    {Permission::AccessCompanion, "can_access_companion"},
};

constexpr quint64 bit(Permission p)
{
    return quint64(p);
}

constexpr quint64 all()
{
    quint64 bits = 0;
    for (const Flag &f : kFlags)
        bits |= bit(f.permission);
    return bits;
}

using P = Permission;
// The original's ORG_ROLE_PERMISSIONS table, as bit sets.
constexpr quint64 kOwner = all() & ~bit(P::ManageOta) & ~bit(P::CreateStreamIds);
constexpr quint64 kAdmin = kOwner & ~bit(P::DeleteOrg) & ~bit(P::DeleteDatablock);
constexpr quint64 kMember = bit(P::ModifyDevice) | bit(P::ReadStreamIds) | bit(P::ModifyStreamIds)
    | bit(P::ReadDeviceProperties) | bit(P::ModifyDeviceProperties) | bit(P::ReadNotes)
    | bit(P::ReadDeviceLocations) | bit(P::ReadStreamData) | bit(P::CreateStreamData)
    | bit(P::AccessDatablock) | bit(P::AccessReports) | bit(P::AccessWebapp) | bit(P::AccessCompanion);
constexpr quint64 kOperator = bit(P::ReadStreamIds) | bit(P::CreateStreamData) | bit(P::AccessCompanion);
constexpr quint64 kDeveloper = all() & ~bit(P::DeleteOrg) & ~bit(P::DeleteDatablock);

} // namespace

QStringList Roles::all()
{
    return {QStringLiteral("s0"), QStringLiteral("a0"), QStringLiteral("a1"),
            QStringLiteral("m1"), QStringLiteral("r1"), QStringLiteral("d1")};
}

bool Roles::isValid(const QString &role)
{
    return all().contains(role);
}

quint64 Roles::allPermissions()
{
    return iotile::all();
}

quint64 Roles::permissions(const QString &role)
{
    if (role == QLatin1String("s0"))
        return iotile::all();
    if (role == QLatin1String("a0"))
        return kOwner;
    if (role == QLatin1String("a1"))
        return kAdmin;
    if (role == QLatin1String("m1"))
        return kMember;
    if (role == QLatin1String("r1"))
        return kOperator;
    if (role == QLatin1String("d1"))
        return kDeveloper;
    return 0;
}

QString Roles::displayName(const QString &role)
{
    if (role == QLatin1String("s0"))
        return QStringLiteral("s0 - Arch Support");
    if (role == QLatin1String("a0"))
        return QStringLiteral("a0 - Owner");
    if (role == QLatin1String("a1"))
        return QStringLiteral("a1 - Admin");
    if (role == QLatin1String("m1"))
        return QStringLiteral("m1 - Member");
    if (role == QLatin1String("r1"))
        return QStringLiteral("r1 - Operator");
    if (role == QLatin1String("d1"))
        return QStringLiteral("d1 - Developer");
    return QStringLiteral("Unknown Role");
}

QJsonObject Roles::toJson(quint64 permissions)
{
    QJsonObject o;
    for (const Flag &f : kFlags)
        o.insert(QLatin1String(f.name), (permissions & bit(f.permission)) != 0);
    return o;
}

const char *Roles::flagName(Permission p)
{
    for (const Flag &f : kFlags)
        if (f.permission == p)
            return f.name;
    return "";
}

} // namespace iotile
