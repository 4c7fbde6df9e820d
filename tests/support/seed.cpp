#include "tests/support/seed.h"

#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/slugify.h"
#include "common/slug/streamslug.h"
#include "common/slug/variableslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/devicelifecycle.h"
#include "server/http/authenticator.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"
#include "server/store/streamstore.h"
#include "server/store/variablestore.h"
#include "server/store/vartypestore.h"
#include "tests/support/must.h"
#include "tests/support/testserver.h"

namespace iotile::test {

Seed::Seed(TestServer &server)
    : m_server(server)
{ }

SqlConnection &Seed::db()
{
    auto c = m_server.context().db().connection();
    if (!c)
        qFatal("no database connection: %s", qPrintable(c.error().message()));
    return **c;
}

Org Seed::org(const QString &name, const Account &owner, bool vendor)
{
    Org o;
    o.name = name;
    o.slug = slugify(name);
    o.isVendor = vendor;
    Org created = must(OrgStore(db()).create(o, owner.id), "org");
    m_server.context().auth().invalidate();
    return created;
}

Membership Seed::member(const Org &org, const Account &user, const QString &role, bool active)
{
    Membership m = must(OrgStore(db()).addMember(org.id, user.id, role, active), "membership");
    m_server.context().auth().invalidate();
    return m;
}

Project Seed::project(const Org &org, const QString &name, const Account &creator)
{
    Project p;
    p.name = name;
    p.orgId = org.id;
    p.createdBy = creator.id;
    const Project created = must(ProjectStore(db()).create(p), "project");
    return *must(ProjectStore(db()).byId(created.id), "project reload");
}

VarType Seed::varType(const QString &name, qint64 inM, qint64 inD, qint64 outM, qint64 outD)
{
    VarType t;
    t.name = name;
    t.slug = slugify(name);
    t.storageUnitsFull = name + QStringLiteral(" units");
    VarTypeUnit in;
    in.slug = QStringLiteral("in--%1--raw").arg(t.slug);
    in.unitFull = QStringLiteral("Raw");
    in.unitShort = QStringLiteral("r");
    in.m = inM;
    in.d = inD;
    VarTypeUnit out;
    out.output = true;
    out.slug = QStringLiteral("out--%1--shown").arg(t.slug);
    out.unitFull = QStringLiteral("Shown");
    out.unitShort = QStringLiteral("s");
    out.m = outM;
    out.d = outD;
    out.decimalPlaces = 2;
    t.inputUnits = {in};
    t.outputUnits = {out};
    return must(VarTypeStore(db()).create(t), "var type");
}

SensorGraph Seed::sensorGraph(const QString &name, const QStringList &lids, const VarType *type)
{
    SqlConnection &c = db();
    SqlQuery q = c.query("INSERT INTO sensor_graphs (name, slug, major, minor, patch, created_on) VALUES (?, "
                         "?, 1, 0, 0, ?) RETURNING id");
    q.bind(name).bind(versionedSlug(name, 1, 0, 0)).bind(isotime::now());
    const qint64 sgId = must(q.scalarInt64(), "sensor graph");
    for (const QString &lid : lids) {
        SqlQuery t =
            c.query("INSERT INTO var_templates (sg_id, label, lid_hex, var_type_id, default_input_unit_id, "
                    "default_output_unit_id) VALUES (?, ?, ?, ?, ?, ?)");
        t.bind(sgId).bind(QStringLiteral("IO %1").arg(lid)).bind(lid);
        if (type) {
            t.bind(type->id);
            t.bind(type->inputUnits.isEmpty() ? QVariant() : QVariant(type->inputUnits.first().id));
            t.bind(type->outputUnits.isEmpty() ? QVariant() : QVariant(type->outputUnits.first().id));
        } else {
            t.bindNull().bindNull().bindNull();
        }
        must(t.exec(), "var template");
    }
    SensorGraph sg;
    sg.id = sgId;
    sg.name = name;
    sg.slug = versionedSlug(name, 1, 0, 0);
    return sg;
}

Device Seed::device(qint64 id, const SensorGraph *sg, const QString &label)
{
    Device d;
    d.id = id;
    d.label = label;
    if (sg)
        d.sgId = sg->id;
    must(DeviceStore(db()).create(d), "device");
    return *must(DeviceStore(db()).byId(id), "device reload");
}

Device Seed::claim(Device device, const Project &project, const Account &by)
{
    Transaction tx(db());
    must(DeviceLifecycle(db()).claim(device, project, by.id), "claim");
    must(tx.commit(), "claim commit");
    return *must(DeviceStore(db()).byId(device.id), "device reload");
}

Variable Seed::variable(const Project &project, int lid, const QString &name, const VarType *type)
{
    Variable v;
    v.name = name;
    v.lid = lid;
    v.projectId = project.id;
    v.orgId = project.orgId;
    v.slug = VariableSlug(ProjectSlug(quint32(project.gid)), quint16(lid)).toString();
    if (type) {
        v.varTypeId = type->id;
        if (!type->inputUnits.isEmpty())
            v.inputUnitId = type->inputUnits.first().id;
        if (!type->outputUnits.isEmpty())
            v.outputUnitId = type->outputUnits.first().id;
    }
    const Variable created = must(VariableStore(db()).create(v), "variable");
    return *must(VariableStore(db()).byId(created.id), "variable reload");
}

Stream Seed::stream(const Device &device, const Project &project, const Variable &variable)
{
    must(DeviceLifecycle(db()).ensureStream(device, project, variable, 0), "stream");
    const StreamSlug slug(ProjectSlug(quint32(project.gid)), DeviceSlug(quint64(device.id)),
                          quint16(variable.lid));
    return *must(StreamStore(db()).bySlug(slug.toString()), "stream reload");
}

} // namespace iotile::test
