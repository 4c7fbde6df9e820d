#pragma once

#include "common/util/error.h"
#include "server/domain/device.h"
#include "server/domain/roles.h"

#include <QString>

#include <optional>

namespace iotile {

class Access;
class SqlConnection;

// An object that metadata hangs off by slug (properties, config attributes, notes, locations): the
// original's get_object_by_slug, which picks the table by the first character of the slug.
struct Target
{
    enum class Kind { User, Org, Project, Device, Block, Stream };
    Kind kind = Kind::Device;
    // The form stored with the metadata (the original's obj_target_slug): "@user", "^org", "p--…", "d--…".
    QString slug;
    qint64 id = 0;
    std::optional<qint64> orgId;
    QString orgSlug;
    std::optional<qint64> projectId;
    QString projectSlug;
    std::optional<qint64> createdBy;
    std::optional<Device> device; // set for devices: access and location updates need the whole row

    bool isDevice() const { return kind == Kind::Device; }
};

// Finds targets and answers the original's has_access / org permission questions about them.
class Targets
{
public:
    // Exact lookup ("@<user slug>", "^<org slug>", "p--", "d--", "b--", "s--"); nullopt when the slug
    // names nothing.
    static Result<std::optional<Target>> find(SqlConnection &db, const QString &slug);

    // The original's has_access of the object: staff; users themselves; active members of the org; the
    // creator of an object without an org.
    static Result<bool> canAccess(Access &access, const Target &target);

    // An org permission flag on the target's org: staff always; targets without an org pass (their
    // access was checked by canAccess). Callers check canAccess first.
    static Result<bool> allows(Access &access, const Target &target, Permission permission);
};

} // namespace iotile
