#include "server/domain/devicelifecycle.h"

#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "common/slug/variableslug.h"
#include "common/util/isotime.h"
#include "server/domain/device.h"
#include "server/domain/project.h"
#include "server/domain/stream.h"
#include "server/domain/variable.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/sensorgraphstore.h"
#include "server/store/streamstore.h"
#include "server/store/variablestore.h"
#include "server/store/vartypestore.h"

namespace iotile {

namespace {

QString rawFormatFor(const QString &ctype)
{
    const QString c = ctype.toLower();
    if (c.contains(QLatin1String("unsigned")) || c.isEmpty())
        return QStringLiteral("<L");
    if (c.contains(QLatin1String("float")))
        return QStringLiteral("<f");
    if (c.contains(QLatin1String("int")))
        return QStringLiteral("<l");
    return QStringLiteral("<L");
}

} // namespace

Status DeviceLifecycle::ensureStream(const Device &device, const Project &project, const Variable &variable,
                                     qint64 userId)
{
    const StreamSlug slug(ProjectSlug(quint32(project.gid)), DeviceSlug(quint64(device.id)),
                          quint16(variable.lid));
    StreamStore streams(m_db);
    IOTILE_TRY(existing, streams.bySlug(slug.toString()));
    if (existing)
        return Ok {};
    Stream s;
    s.slug = slug.toString();
    s.projectId = project.id;
    s.deviceId = device.id;
    s.variableId = variable.id;
    s.orgId = project.orgId;
    s.varTypeId = variable.varTypeId;
    s.varName = variable.name;
    s.varLid = variable.lid;
    s.inputUnitId = variable.inputUnitId;
    s.outputUnitId = variable.outputUnitId;
    s.rawValueFormat = variable.rawValueFormat;
    s.mdoType = QStringLiteral("S");
    s.mdoLabel = variable.mdoLabel;
    s.m = variable.m;
    s.d = variable.d;
    s.o = variable.o;
    if (userId > 0)
        s.createdBy = userId;
    if (variable.varTypeId) {
        IOTILE_TRY(type, VarTypeStore(m_db).byId(*variable.varTypeId));
        if (type)
            s.dataType = type->streamDataType;
    }
    IOTILE_TRY(created, streams.create(s));
    (void)created;
    return Ok {};
}

Status DeviceLifecycle::createStreams(const Device &device, const Project &project, qint64 userId)
{
    if (!device.sgId)
        return Ok {};
    IOTILE_TRY(templates, SensorGraphStore(m_db).varTemplates(*device.sgId));
    VariableStore variables(m_db);
    for (const VarTemplate &t : templates) {
        bool ok = false;
        const int lid = t.lidHex.toInt(&ok, 16);
        if (!ok || lid <= 0 || lid > 0xFFFF)
            continue;
        IOTILE_TRY(variable, variables.byProjectLid(project.id, lid));
        if (!variable) {
            Variable v;
            v.name = t.label.isEmpty() ? QStringLiteral("IO %1").arg(t.lidHex) : t.label.left(30);
            v.lid = lid;
            v.slug = VariableSlug(ProjectSlug(quint32(project.gid)), quint16(lid)).toString();
            v.projectId = project.id;
            v.orgId = project.orgId;
            v.varTypeId = t.varTypeId;
            v.inputUnitId = t.defaultInputUnitId;
            v.outputUnitId = t.defaultOutputUnitId;
            v.rawValueFormat = rawFormatFor(t.ctype);
            v.m = t.m;
            v.d = t.d;
            v.o = t.o;
            v.webOnly = t.webOnly;
            v.appOnly = t.appOnly;
            if (userId > 0)
                v.createdBy = userId;
            IOTILE_TRY(created, variables.create(v));
            variable = created;
        }
        IOTILE_CHECK(ensureStream(device, project, *variable, userId));
    }
    return Ok {};
}

Status DeviceLifecycle::claim(Device &device, const Project &project, qint64 userId)
{
    device.projectId = project.id;
    device.orgId = project.orgId;
    device.claimedBy = userId;
    device.claimedOn = isotime::now();
    IOTILE_CHECK(DeviceStore(m_db).update(device));
    return createStreams(device, project, userId);
}

Status DeviceLifecycle::unclaim(Device &device, const QString &label, bool cleanStreams)
{
    if (cleanStreams)
        IOTILE_CHECK(StreamStore(m_db).removeOfDevice(device.id));
    device.projectId.reset();
    device.orgId.reset();
    device.claimedBy.reset();
    device.claimedOn.reset();
    device.label = label;
    device.state = QStringLiteral("N1");
    device.active = true;
    return DeviceStore(m_db).update(device);
}

Status DeviceLifecycle::move(Device &device, const Project &target)
{
    IOTILE_TRY(streams, StreamStore(m_db).ofDevice(device.id));
    VariableStore variables(m_db);
    for (Stream s : streams) {
        if (s.blockId)
            continue;
        const StreamSlug slug(ProjectSlug(quint32(target.gid)), DeviceSlug(quint64(device.id)),
                              quint16(s.varLid));
        s.slug = slug.toString();
        s.projectId = target.id;
        s.orgId = target.orgId;
        // The variable of the same local id in the target project, if it has one.
        IOTILE_TRY(variable, variables.byProjectLid(target.id, s.varLid));
        s.variableId = variable ? std::optional<qint64>(variable->id) : std::nullopt;
        IOTILE_CHECK(StreamStore(m_db).update(s));
    }
    device.projectId = target.id;
    device.orgId = target.orgId;
    return DeviceStore(m_db).update(device);
}

} // namespace iotile
