#include "server/domain/target.h"

#include "server/domain/access.h"
#include "server/store/accountstore.h"
#include "server/store/datablockstore.h"
#include "server/store/devicestore.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"
#include "server/store/streamstore.h"

namespace iotile {

Result<std::optional<Target>> Targets::find(SqlConnection &db, const QString &slug)
{
    if (slug.isEmpty())
        return std::optional<Target>();
    Target t;
    switch (slug.at(0).unicode()) {
    case '@': {
        IOTILE_TRY(account, AccountStore(db).bySlug(slug.mid(1)));
        if (!account)
            return std::optional<Target>();
        t.kind = Target::Kind::User;
        t.id = account->id;
        t.slug = QLatin1Char('@') + account->slug;
        return std::optional<Target>(std::move(t));
    }
    case '^': {
        IOTILE_TRY(org, OrgStore(db).bySlug(slug.mid(1)));
        if (!org)
            return std::optional<Target>();
        t.kind = Target::Kind::Org;
        t.id = org->id;
        t.slug = QLatin1Char('^') + org->slug;
        t.orgId = org->id;
        t.orgSlug = org->slug;
        t.createdBy = org->createdBy;
        return std::optional<Target>(std::move(t));
    }
    case 'p': {
        IOTILE_TRY(project, ProjectStore(db).bySlug(slug));
        if (!project)
            return std::optional<Target>();
        t.kind = Target::Kind::Project;
        t.id = project->id;
        t.slug = project->slug;
        t.orgId = project->orgId;
        t.orgSlug = project->orgSlug;
        t.projectId = project->id;
        t.projectSlug = project->slug;
        t.createdBy = project->createdBy;
        return std::optional<Target>(std::move(t));
    }
    case 'd': {
        IOTILE_TRY(device, DeviceStore(db).bySlug(slug));
        if (!device)
            return std::optional<Target>();
        t.kind = Target::Kind::Device;
        t.id = device->id;
        t.slug = device->slug;
        t.orgId = device->orgId;
        t.orgSlug = device->orgSlug;
        t.projectId = device->projectId;
        t.projectSlug = device->projectSlug;
        t.createdBy = device->createdBy;
        t.device = std::move(*device);
        return std::optional<Target>(std::move(t));
    }
    case 's': {
        IOTILE_TRY(stream, StreamStore(db).bySlug(slug));
        if (!stream)
            return std::optional<Target>();
        t.kind = Target::Kind::Stream;
        t.id = stream->id;
        t.slug = stream->slug;
        t.orgId = stream->orgId;
        t.orgSlug = stream->orgSlug;
        t.projectId = stream->projectId;
        t.createdBy = stream->createdBy;
        return std::optional<Target>(std::move(t));
    }
    case 'b': {
        IOTILE_TRY(block, DataBlockStore(db).bySlug(slug));
        if (!block)
            return std::optional<Target>();
        t.kind = Target::Kind::Block;
        t.id = block->id;
        t.slug = block->slug;
        t.orgId = block->orgId;
        t.orgSlug = block->orgSlug;
        t.createdBy = block->createdBy;
        return std::optional<Target>(std::move(t));
    }
    default:
        return std::optional<Target>();
    }
}

Result<bool> Targets::canAccess(Access &access, const Target &target)
{
    if (access.isStaff())
        return true;
    switch (target.kind) {
    case Target::Kind::User:
        return access.userId() != 0 && access.userId() == target.id;
    case Target::Kind::Device:
        return access.canAccessDevice(*target.device);
    case Target::Kind::Org:
    case Target::Kind::Project:
    case Target::Kind::Block:
    case Target::Kind::Stream:
        break;
    }
    if (target.orgId)
        return access.isMember(*target.orgId);
    return access.userId() != 0 && target.createdBy && *target.createdBy == access.userId();
}

Result<bool> Targets::allows(Access &access, const Target &target, Permission permission)
{
    if (access.isStaff() || !target.orgId)
        return true;
    return access.can(*target.orgId, permission);
}

} // namespace iotile
