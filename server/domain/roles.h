#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace iotile {

// The original's org permission flags (apps/org/roles.py), one bit each in a membership's permission set.
enum class Permission : quint64 {
    DeleteOrg = 1ull << 0,
    ManageUsers = 1ull << 1,
    ManageOta = 1ull << 2,
    ManageOrgAndProjects = 1ull << 3,
    ClaimDevices = 1ull << 4,
    ModifyDevice = 1ull << 5,
    ReadStreamIds = 1ull << 6,
    ModifyStreamIds = 1ull << 7,
    ReadDeviceProperties = 1ull << 8,
    ModifyDeviceProperties = 1ull << 9,
    ReadNotes = 1ull << 10,
    ReadDeviceLocations = 1ull << 11,
    ReadStreamData = 1ull << 12,
    CreateStreamData = 1ull << 13,
    CreateDatablock = 1ull << 14,
    AccessDatablock = 1ull << 15,
    DeleteDatablock = 1ull << 16,
    ResetDevice = 1ull << 17,
    AccessReports = 1ull << 18,
    CreateReports = 1ull << 19,
    ManageStreamAliases = 1ull << 20,
    CreateStreamIds = 1ull << 21,
    AccessClassic = 1ull << 22,
    AccessWebapp = 1ull << 23,
    AccessCompanion = 1ull << 24,
};

// Membership roles and the permission set each grants by default.
class Roles
{
public:
    static constexpr const char *kDefaultRole = "m1";
    // s0, a0, a1, m1, r1, d1.
    static QStringList all();
    static bool isValid(const QString &role);
    // Bits of the role's default permissions; 0 for unknown roles (and the "00" of a deactivated member).
    static quint64 permissions(const QString &role);
    static quint64 allPermissions();
    // "m1 - Member"; "Unknown Role" otherwise.
    static QString displayName(const QString &role);
    // {"can_delete_org": false, ...} in the original's order.
    static QJsonObject toJson(quint64 permissions);
    static const char *flagName(Permission p);
};

} // namespace iotile
