#include "server/store/sensorgraphstore.h"

#include "server/store/database.h"

#include <QJsonDocument>

namespace iotile {

namespace {

QJsonValue jsonColumn(SqlQuery &q, int column)
{
    if (q.isNull(column))
        return QJsonValue(QJsonValue::Null);
    const QJsonDocument doc = QJsonDocument::fromJson(q.text(column).toUtf8());
    if (doc.isObject())
        return doc.object();
    if (doc.isArray())
        return doc.array();
    return QJsonValue(QJsonValue::Null);
}

constexpr const char *kSelect =
    "SELECT sg.id, sg.name, sg.slug, sg.org_id, o.slug, sg.project_template_id, pt.slug, sg.ui_extra, "
    "sg.report_processing_engine_ver, sg.major, sg.minor, sg.patch, sg.app_tag, sg.app_major, "
    "sg.app_minor, sg.active, sg.created_on, sg.created_by FROM sensor_graphs sg "
    "LEFT JOIN orgs o ON o.id = sg.org_id LEFT JOIN project_templates pt ON pt.id = sg.project_template_id";

} // namespace

Result<std::optional<SensorGraph>> SensorGraphStore::one(const char *where, const QVariant &value)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE ") + QLatin1String(where));
    q.bind(value);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<SensorGraph>();
    SensorGraph sg;
    sg.id = q.int64(0);
    sg.name = q.text(1);
    sg.slug = q.text(2);
    sg.orgId = q.optionalInt64(3);
    sg.orgSlug = q.text(4);
    sg.projectTemplateId = q.optionalInt64(5);
    sg.projectTemplateSlug = q.text(6);
    sg.uiExtra = jsonColumn(q, 7);
    sg.reportProcessingEngineVer = int(q.int64(8));
    sg.major = int(q.int64(9));
    sg.minor = int(q.int64(10));
    sg.patch = int(q.int64(11));
    sg.appTag = int(q.int64(12));
    sg.appMajor = int(q.int64(13));
    sg.appMinor = int(q.int64(14));
    sg.active = q.boolean(15);
    sg.createdOn = q.int64(16);
    sg.createdBy = q.optionalInt64(17);
    IOTILE_TRY(templates, varTemplates(sg.id));
    sg.variableTemplates = templates;
    IOTILE_TRY(widgets, displayWidgets(sg.id));
    sg.displayWidgets = widgets;
    return std::optional<SensorGraph>(sg);
}

Result<std::optional<SensorGraph>> SensorGraphStore::bySlug(const QString &slug)
{
    return one("sg.slug = ?", slug);
}

Result<std::optional<SensorGraph>> SensorGraphStore::byId(qint64 id)
{
    return one("sg.id = ?", id);
}

Result<QList<VarTemplate>> SensorGraphStore::varTemplates(qint64 sgId)
{
    SqlQuery q = m_db.query(
        "SELECT t.id, t.sg_id, t.label, t.lid_hex, t.derived_lid_hex, t.var_type_id, vt.slug, "
        "t.default_input_unit_id, iu.slug, t.default_output_unit_id, ou.slug, t.ctype, t.m, t.d, t.o, "
        "t.app_only, t.web_only FROM var_templates t LEFT JOIN var_types vt ON vt.id = t.var_type_id "
        "LEFT JOIN var_type_units iu ON iu.id = t.default_input_unit_id "
        "LEFT JOIN var_type_units ou ON ou.id = t.default_output_unit_id WHERE t.sg_id = ? ORDER BY t.id");
    q.bind(sgId);
    IOTILE_CHECK(q.exec());
    QList<VarTemplate> out;
    while (q.next()) {
        VarTemplate t;
        t.id = q.int64(0);
        t.sgId = q.int64(1);
        t.label = q.text(2);
        t.lidHex = q.text(3);
        t.derivedLidHex = q.text(4);
        t.varTypeId = q.optionalInt64(5);
        t.varTypeSlug = q.text(6);
        t.defaultInputUnitId = q.optionalInt64(7);
        t.defaultInputUnitSlug = q.text(8);
        t.defaultOutputUnitId = q.optionalInt64(9);
        t.defaultOutputUnitSlug = q.text(10);
        t.ctype = q.text(11);
        t.m = q.int64(12);
        t.d = q.int64(13);
        t.o = q.real(14);
        t.appOnly = q.boolean(15);
        t.webOnly = q.boolean(16);
        out.append(t);
    }
    return out;
}

Result<QList<DisplayWidget>> SensorGraphStore::displayWidgets(qint64 sgId)
{
    SqlQuery q = m_db.query(
        "SELECT w.id, w.sg_id, w.label, w.lid_hex, w.type, w.args, w.var_type_id, vt.slug, "
        "w.derived_unit_type, "
        "w.show_in_app, w.show_in_web FROM display_widgets w LEFT JOIN var_types vt ON vt.id = w.var_type_id "
        "WHERE w.sg_id = ? ORDER BY w.id");
    q.bind(sgId);
    IOTILE_CHECK(q.exec());
    QList<DisplayWidget> out;
    while (q.next()) {
        DisplayWidget w;
        w.id = q.int64(0);
        w.sgId = q.int64(1);
        w.label = q.text(2);
        w.lidHex = q.text(3);
        w.type = q.text(4);
        w.args = jsonColumn(q, 5);
        w.varTypeId = q.optionalInt64(6);
        w.varTypeSlug = q.text(7);
        w.derivedUnitType = q.text(8);
        w.showInApp = q.boolean(9);
        w.showInWeb = q.boolean(10);
        out.append(w);
    }
    return out;
}

} // namespace iotile
