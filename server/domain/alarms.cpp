#include "server/domain/alarms.h"

#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "server/domain/streamfilter.h"
#include "server/store/devicestore.h"
#include "server/store/projectstore.h"

namespace iotile {

const QStringList &Alarms::severities()
{
    static const QStringList list = {QStringLiteral("critical"), QStringLiteral("major"),
                                     QStringLiteral("minor"), QStringLiteral("warning"),
                                     QStringLiteral("indeterminate")};
    return list;
}

const QStringList &Alarms::targetTypes()
{
    static const QStringList list = {QStringLiteral("stream"), QStringLiteral("device"),
                                     QStringLiteral("project")};
    return list;
}

Result<std::optional<Alarms::Target>> Alarms::resolve(SqlConnection &db, const QString &text)
{
    Target t;
    if (text.startsWith(QLatin1String("s--"))) {
        const auto slug = StreamSlug::fromLookup(text);
        if (!slug || slug->isBlockStream())
            return std::optional<Target>();
        IOTILE_TRY(project, ProjectStore(db).byGid(qint64(slug->project().id())));
        if (!project)
            return std::optional<Target>();
        t.slug = slug->toString();
        t.type = QStringLiteral("stream");
        t.orgId = project->orgId;
        t.projectId = project->id;
        t.stream = t.slug;
        if (!slug->isVirtual()) {
            IOTILE_TRY(device, DeviceStore(db).byId(qint64(slug->device().id())));
            if (!device)
                return std::optional<Target>();
            t.deviceId = device->id;
        }
        return std::optional<Target>(t);
    }
    if (text.startsWith(QLatin1String("d--"))) {
        const auto slug = DeviceSlug::fromLookup(text);
        if (!slug)
            return std::optional<Target>();
        IOTILE_TRY(device, DeviceStore(db).byId(qint64(slug->id())));
        if (!device || !device->orgId)
            return std::optional<Target>();
        t.slug = device->slug;
        t.type = QStringLiteral("device");
        t.orgId = *device->orgId;
        t.projectId = device->projectId;
        t.deviceId = device->id;
        return std::optional<Target>(t);
    }
    IOTILE_TRY(project,
               text.startsWith(QLatin1String("p--")) ? ProjectStore(db).bySlug(text)
                                                     : ProjectStore(db).byUuid(text));
    if (!project)
        return std::optional<Target>();
    t.slug = project->slug;
    t.type = QStringLiteral("project");
    t.orgId = project->orgId;
    t.projectId = project->id;
    return std::optional<Target>(t);
}

Result<Alarms::Target> Alarms::targetForStream(SqlConnection &db, const StreamFilter &filter,
                                               const StreamSlug &stream, const QString &kind)
{
    Target t;
    t.orgId = filter.orgId;
    t.projectId = filter.projectId;
    t.stream = stream.toString();
    std::optional<qint64> deviceId;
    if (!stream.isVirtual()) {
        // Only a device that exists may be named (the column is a foreign key).
        IOTILE_TRY(device, DeviceStore(db).byId(qint64(stream.device().id())));
        if (device)
            deviceId = device->id;
    }
    if (kind == QLatin1String("project") || (kind == QLatin1String("device") && !deviceId)) {
        t.slug = filter.projectSlug;
        t.type = QStringLiteral("project");
    } else if (kind == QLatin1String("device")) {
        t.slug = DeviceSlug(quint64(*deviceId)).toString();
        t.type = QStringLiteral("device");
        t.deviceId = deviceId;
    } else {
        t.slug = t.stream;
        t.type = QStringLiteral("stream");
        t.deviceId = deviceId;
    }
    return t;
}

QString Alarms::validateAction(const QJsonObject &extra)
{
    const QJsonValue severity = extra.value(QStringLiteral("severity"));
    if (!severity.isUndefined() && !isSeverity(severity.toString()))
        return QStringLiteral("severity must be one of %1").arg(severities().join(QStringLiteral(", ")));
    const QJsonValue target = extra.value(QStringLiteral("target"));
    if (!target.isUndefined() && !targetTypes().contains(target.toString()))
        return QStringLiteral("target must be one of %1").arg(targetTypes().join(QStringLiteral(", ")));
    const QJsonValue clear = extra.value(QStringLiteral("clear_on_exit"));
    if (!clear.isUndefined() && !clear.isBool())
        return QStringLiteral("clear_on_exit must be true or false");
    for (const char *key : {"message", "name"}) {
        const QJsonValue v = extra.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isString())
            return QStringLiteral("%1 must be a string").arg(QLatin1String(key));
    }
    return {};
}

} // namespace iotile
