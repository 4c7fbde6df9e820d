#include "server/live/liveaccess.h"

#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/domain/device.h"
#include "server/domain/project.h"
#include "server/ingest/streamresolver.h"
#include "server/store/devicestore.h"
#include "server/store/projectstore.h"

namespace iotile {

namespace {

Result<bool> readable(Access &access, const std::optional<qint64> &orgId)
{
    if (access.isStaff())
        return true;
    if (!orgId)
        return false;
    return access.can(*orgId, Permission::ReadStreamData);
}

Error refused(const QString &target)
{
    return Error::forbidden(QStringLiteral("You do not have permission to read %1.").arg(target));
}

Error unknown(const QString &target)
{
    return Error::detail(ErrorKind::NotFound, QStringLiteral("%1 not found.").arg(target));
}

} // namespace

Result<QString> LiveAccess::check(ServerContext &server, SqlConnection &mainDb, Access &access,
                                  const QString &target, LiveInterest &into)
{
    if (target.startsWith(QLatin1String("s--"))) {
        const auto slug = StreamSlug::fromLookup(target);
        if (!slug)
            return unknown(target);
        IOTILE_TRY(stream, server.streams().resolve(mainDb, *slug));
        if (!stream->projectExists || (stream->deviceId && !stream->deviceExists))
            return unknown(target);
        std::optional<qint64> org = stream->meta ? stream->meta->orgId : std::nullopt;
        if (!stream->meta)
            org = stream->deviceExists ? stream->deviceOrgId : stream->projectOrgId;
        IOTILE_TRY(ok, readable(access, org));
        if (!ok)
            return refused(target);
        into.streams.insert(stream->text);
        return stream->text;
    }
    if (target.startsWith(QLatin1String("d--"))) {
        const auto slug = DeviceSlug::fromLookup(target);
        if (!slug)
            return unknown(target);
        IOTILE_TRY(device, DeviceStore(mainDb).byId(qint64(slug->id())));
        if (!device)
            return unknown(target);
        IOTILE_TRY(ok, readable(access, device->orgId));
        if (!ok)
            return refused(target);
        const QString text = DeviceSlug(slug->id()).toString();
        into.devices.insert(text);
        return text;
    }
    std::optional<Project> project;
    if (target.startsWith(QLatin1String("p--"))) {
        const auto slug = ProjectSlug::parse(QStringView(target));
        if (!slug)
            return unknown(target);
        IOTILE_TRY(found, ProjectStore(mainDb).bySlug(slug->toString()));
        project = found;
    } else if (!target.isEmpty()) {
        IOTILE_TRY(found, ProjectStore(mainDb).byUuid(target));
        project = found;
    }
    if (!project)
        return unknown(target);
    IOTILE_TRY(ok, readable(access, project->orgId));
    if (!ok)
        return refused(target);
    into.projects.insert(project->slug);
    return project->slug;
}

} // namespace iotile
