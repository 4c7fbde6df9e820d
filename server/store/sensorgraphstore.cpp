#include "server/store/sensorgraphstore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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
    // Scalars are stored as their JSON text too; QJsonDocument only parses objects and arrays.
    const QJsonDocument wrapped =
        QJsonDocument::fromJson(QByteArrayLiteral("[") + q.text(column).toUtf8() + QByteArrayLiteral("]"));
    return wrapped.isArray() && wrapped.array().size() == 1 ? wrapped.array().at(0)
                                                            : QJsonValue(QJsonValue::Null);
}

// Any JSON value as its text; null and undefined as SQL NULL.
QVariant jsonValue(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isNull() || v.isUndefined())
        return QVariant();
    const QByteArray text = QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

constexpr const char *kSelect =
    "SELECT sg.id, sg.name, sg.slug, sg.org_id, o.slug, sg.project_template_id, pt.slug, sg.ui_extra, "
    "sg.report_processing_engine_ver, sg.major, sg.minor, sg.patch, sg.app_tag, sg.app_major, "
    "sg.app_minor, sg.active, sg.created_on, sg.created_by FROM sensor_graphs sg "
    "LEFT JOIN orgs o ON o.id = sg.org_id LEFT JOIN project_templates pt ON pt.id = sg.project_template_id";
constexpr const char *kFrom = " FROM sensor_graphs sg LEFT JOIN orgs o ON o.id = sg.org_id";
constexpr const char *kOrder = " ORDER BY sg.name, sg.major, sg.minor, sg.patch, sg.id";

constexpr const char *kVarTemplateSelect =
    "SELECT t.id, t.sg_id, s.slug, t.label, t.lid_hex, t.derived_lid_hex, t.var_type_id, vt.slug, "
    "t.default_input_unit_id, iu.slug, t.default_output_unit_id, ou.slug, t.ctype, t.m, t.d, t.o, "
    "t.app_only, t.web_only FROM var_templates t JOIN sensor_graphs s ON s.id = t.sg_id "
    "LEFT JOIN var_types vt ON vt.id = t.var_type_id "
    "LEFT JOIN var_type_units iu ON iu.id = t.default_input_unit_id "
    "LEFT JOIN var_type_units ou ON ou.id = t.default_output_unit_id";

constexpr const char *kWidgetSelect =
    "SELECT w.id, w.sg_id, s.slug, w.label, w.lid_hex, w.type, w.args, w.var_type_id, vt.slug, "
    "w.derived_unit_type, w.show_in_app, w.show_in_web FROM display_widgets w "
    "JOIN sensor_graphs s ON s.id = w.sg_id LEFT JOIN var_types vt ON vt.id = w.var_type_id";

SensorGraph readGraph(SqlQuery &q)
{
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
    return sg;
}

VarTemplate readVarTemplate(SqlQuery &q)
{
    VarTemplate t;
    t.id = q.int64(0);
    t.sgId = q.int64(1);
    t.sgSlug = q.text(2);
    t.label = q.text(3);
    t.lidHex = q.text(4);
    t.derivedLidHex = q.text(5);
    t.varTypeId = q.optionalInt64(6);
    t.varTypeSlug = q.text(7);
    t.defaultInputUnitId = q.optionalInt64(8);
    t.defaultInputUnitSlug = q.text(9);
    t.defaultOutputUnitId = q.optionalInt64(10);
    t.defaultOutputUnitSlug = q.text(11);
    t.ctype = q.text(12);
    t.m = q.int64(13);
    t.d = q.int64(14);
    t.o = q.real(15);
    t.appOnly = q.boolean(16);
    t.webOnly = q.boolean(17);
    return t;
}

DisplayWidget readWidget(SqlQuery &q)
{
    DisplayWidget w;
    w.id = q.int64(0);
    w.sgId = q.int64(1);
    w.sgSlug = q.text(2);
    w.label = q.text(3);
    w.lidHex = q.text(4);
    w.type = q.text(5);
    w.args = jsonColumn(q, 6);
    w.varTypeId = q.optionalInt64(7);
    w.varTypeSlug = q.text(8);
    w.derivedUnitType = q.text(9);
    w.showInApp = q.boolean(10);
    w.showInWeb = q.boolean(11);
    return w;
}

QString whereClause(const SensorGraphStore::ListQuery &query)
{
    QStringList c;
    if (!query.includeInactive)
        c << QStringLiteral("sg.active = {TRUE}");
    if (query.createdBy)
        c << QStringLiteral("sg.created_by = ?");
    if (!query.variableTemplateIds.isEmpty()) {
        QStringList marks;
        for (qsizetype i = 0; i < query.variableTemplateIds.size(); ++i)
            marks << QStringLiteral("?");
        c << QStringLiteral("sg.id IN (SELECT sg_id FROM var_templates WHERE id IN (%1))")
                 .arg(marks.join(QLatin1Char(',')));
    }
    if (query.orgSlug)
        c << QStringLiteral("o.slug = ?");
    if (query.slug)
        c << QStringLiteral("sg.slug = ?");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const SensorGraphStore::ListQuery &query)
{
    if (query.createdBy)
        q.bind(*query.createdBy);
    for (qint64 id : query.variableTemplateIds)
        q.bind(id);
    if (query.orgSlug)
        q.bind(*query.orgSlug);
    if (query.slug)
        q.bind(*query.slug);
}

// A concurrent write that won the race past the controller's uniqueness checks.
Error duplicate()
{
    return Error::field(QStringLiteral("non_field_errors"),
                        QStringLiteral("A sensor graph with this name and version already exists."));
}

} // namespace

Result<qint64> SensorGraphStore::count(const ListQuery &query)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*)") + QLatin1String(kFrom) + whereClause(query));
    bindWhere(q, query);
    return q.scalarInt64();
}

Result<QList<SensorGraph>> SensorGraphStore::list(const ListQuery &query, qint64 offset, qint64 limit)
{
    const QString where = whereClause(query);
    SqlQuery q = m_db.query(QLatin1String(kSelect) + where + QLatin1String(kOrder)
                            + QStringLiteral(" LIMIT ? OFFSET ?"));
    bindWhere(q, query);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<SensorGraph> out;
    while (q.next())
        out.append(readGraph(q));
    if (out.isEmpty())
        return out;
    // The templates of the whole page in one statement each: the page's own query picks the graphs.
    const QString page = QStringLiteral(" IN (SELECT sg.id") + QLatin1String(kFrom) + where
        + QLatin1String(kOrder) + QStringLiteral(" LIMIT ? OFFSET ?)");
    QHash<qint64, QList<VarTemplate>> templates;
    SqlQuery t = m_db.query(QLatin1String(kVarTemplateSelect) + QStringLiteral(" WHERE t.sg_id") + page
                            + QStringLiteral(" ORDER BY t.lid_hex, t.id"));
    bindWhere(t, query);
    t.bind(limit).bind(offset);
    IOTILE_CHECK(t.exec());
    while (t.next()) {
        VarTemplate v = readVarTemplate(t);
        templates[v.sgId].append(v);
    }
    QHash<qint64, QList<DisplayWidget>> widgets;
    SqlQuery w = m_db.query(QLatin1String(kWidgetSelect) + QStringLiteral(" WHERE w.sg_id") + page
                            + QStringLiteral(" ORDER BY w.lid_hex, w.id"));
    bindWhere(w, query);
    w.bind(limit).bind(offset);
    IOTILE_CHECK(w.exec());
    while (w.next()) {
        DisplayWidget d = readWidget(w);
        widgets[d.sgId].append(d);
    }
    for (SensorGraph &sg : out) {
        sg.variableTemplates = templates.value(sg.id);
        sg.displayWidgets = widgets.value(sg.id);
    }
    return out;
}

Result<std::optional<SensorGraph>> SensorGraphStore::one(const char *where, const QVariant &value)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE ") + QLatin1String(where));
    q.bind(value);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<SensorGraph>();
    SensorGraph sg = readGraph(q);
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

Result<bool> SensorGraphStore::versionTaken(const QString &name, int major, int minor, int patch,
                                            qint64 exceptId)
{
    SqlQuery q =
        m_db.query("SELECT count(*) FROM sensor_graphs WHERE name = ? AND major = ? AND minor = ? AND "
                   "patch = ? AND id <> ?");
    q.bind(name).bind(major).bind(minor).bind(patch).bind(exceptId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Result<bool> SensorGraphStore::slugTaken(const QString &slug, qint64 exceptId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM sensor_graphs WHERE slug = ? AND id <> ?");
    q.bind(slug).bind(exceptId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Result<SensorGraph> SensorGraphStore::create(SensorGraph sg)
{
    sg.createdOn = isotime::now();
    SqlQuery q =
        m_db.query("INSERT INTO sensor_graphs (name, slug, org_id, project_template_id, ui_extra, "
                   "report_processing_engine_ver, major, minor, patch, app_tag, app_major, app_minor, "
                   "active, created_on, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(sg.name)
        .bind(sg.slug)
        .bindOptional(sg.orgId)
        .bindOptional(sg.projectTemplateId)
        .bind(jsonValue(sg.uiExtra));
    q.bind(sg.reportProcessingEngineVer).bind(sg.major).bind(sg.minor).bind(sg.patch).bind(sg.appTag);
    q.bind(sg.appMajor).bind(sg.appMinor).bind(sg.active).bind(sg.createdOn).bindOptional(sg.createdBy);
    auto id = q.scalarInt64();
    if (!id)
        return q.isUniqueViolation() ? duplicate() : std::move(id).error();
    sg.id = *id;
    return sg;
}

Status SensorGraphStore::update(const SensorGraph &sg)
{
    SqlQuery q =
        m_db.query("UPDATE sensor_graphs SET name = ?, slug = ?, org_id = ?, project_template_id = ?, "
                   "ui_extra = ?, report_processing_engine_ver = ?, major = ?, minor = ?, patch = ?, "
                   "app_tag = ?, app_major = ?, app_minor = ?, active = ? WHERE id = ?");
    q.bind(sg.name)
        .bind(sg.slug)
        .bindOptional(sg.orgId)
        .bindOptional(sg.projectTemplateId)
        .bind(jsonValue(sg.uiExtra));
    q.bind(sg.reportProcessingEngineVer).bind(sg.major).bind(sg.minor).bind(sg.patch).bind(sg.appTag);
    q.bind(sg.appMajor).bind(sg.appMinor).bind(sg.active).bind(sg.id);
    if (Status s = q.exec(); !s)
        return q.isUniqueViolation() ? duplicate() : s;
    return Ok {};
}

Status SensorGraphStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM sensor_graphs WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<QList<VarTemplate>> SensorGraphStore::varTemplates(qint64 sgId)
{
    SqlQuery q = m_db.query(QLatin1String(kVarTemplateSelect)
                            + QStringLiteral(" WHERE t.sg_id = ? ORDER BY t.lid_hex, t.id"));
    q.bind(sgId);
    IOTILE_CHECK(q.exec());
    QList<VarTemplate> out;
    while (q.next())
        out.append(readVarTemplate(q));
    return out;
}

Result<std::optional<VarTemplate>> SensorGraphStore::varTemplateById(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kVarTemplateSelect) + QStringLiteral(" WHERE t.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<VarTemplate>();
    return std::optional<VarTemplate>(readVarTemplate(q));
}

Result<VarTemplate> SensorGraphStore::createVarTemplate(VarTemplate t)
{
    SqlQuery q =
        m_db.query("INSERT INTO var_templates (sg_id, label, lid_hex, derived_lid_hex, var_type_id, "
                   "default_input_unit_id, default_output_unit_id, ctype, m, d, o, app_only, web_only) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(t.sgId).bind(t.label).bind(t.lidHex).bind(t.derivedLidHex).bindOptional(t.varTypeId);
    q.bindOptional(t.defaultInputUnitId)
        .bindOptional(t.defaultOutputUnitId)
        .bind(t.ctype)
        .bind(t.m)
        .bind(t.d);
    q.bind(t.o).bind(t.appOnly).bind(t.webOnly);
    IOTILE_TRY(id, q.scalarInt64());
    t.id = id;
    return t;
}

Status SensorGraphStore::updateVarTemplate(const VarTemplate &t)
{
    SqlQuery q =
        m_db.query("UPDATE var_templates SET sg_id = ?, label = ?, lid_hex = ?, derived_lid_hex = ?, "
                   "var_type_id = ?, default_input_unit_id = ?, default_output_unit_id = ?, ctype = ?, "
                   "m = ?, d = ?, o = ?, app_only = ?, web_only = ? WHERE id = ?");
    q.bind(t.sgId).bind(t.label).bind(t.lidHex).bind(t.derivedLidHex).bindOptional(t.varTypeId);
    q.bindOptional(t.defaultInputUnitId)
        .bindOptional(t.defaultOutputUnitId)
        .bind(t.ctype)
        .bind(t.m)
        .bind(t.d);
    q.bind(t.o).bind(t.appOnly).bind(t.webOnly).bind(t.id);
    return q.exec();
}

Result<QList<DisplayWidget>> SensorGraphStore::displayWidgets(qint64 sgId)
{
    SqlQuery q = m_db.query(QLatin1String(kWidgetSelect)
                            + QStringLiteral(" WHERE w.sg_id = ? ORDER BY w.lid_hex, w.id"));
    q.bind(sgId);
    IOTILE_CHECK(q.exec());
    QList<DisplayWidget> out;
    while (q.next())
        out.append(readWidget(q));
    return out;
}

Result<std::optional<DisplayWidget>> SensorGraphStore::widgetById(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kWidgetSelect) + QStringLiteral(" WHERE w.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DisplayWidget>();
    return std::optional<DisplayWidget>(readWidget(q));
}

Result<DisplayWidget> SensorGraphStore::createWidget(DisplayWidget w)
{
    SqlQuery q =
        m_db.query("INSERT INTO display_widgets (sg_id, label, lid_hex, type, args, var_type_id, "
                   "derived_unit_type, show_in_app, show_in_web) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(w.sgId)
        .bind(w.label)
        .bind(w.lidHex)
        .bind(w.type)
        .bind(jsonValue(w.args))
        .bindOptional(w.varTypeId);
    q.bind(w.derivedUnitType).bind(w.showInApp).bind(w.showInWeb);
    IOTILE_TRY(id, q.scalarInt64());
    w.id = id;
    return w;
}

Status SensorGraphStore::updateWidget(const DisplayWidget &w)
{
    SqlQuery q =
        m_db.query("UPDATE display_widgets SET sg_id = ?, label = ?, lid_hex = ?, type = ?, args = ?, "
                   "var_type_id = ?, derived_unit_type = ?, show_in_app = ?, show_in_web = ? WHERE id = ?");
    q.bind(w.sgId)
        .bind(w.label)
        .bind(w.lidHex)
        .bind(w.type)
        .bind(jsonValue(w.args))
        .bindOptional(w.varTypeId);
    q.bind(w.derivedUnitType).bind(w.showInApp).bind(w.showInWeb).bind(w.id);
    return q.exec();
}

Result<qint64> SensorGraphStore::countPropertyTemplates(qint64 sgId, qint64 orgId)
{
    SqlQuery q =
        m_db.query("SELECT count(*) FROM sg_property_templates l JOIN property_templates p ON p.id = "
                   "l.template_id WHERE l.sg_id = ? AND p.org_id = ?");
    q.bind(sgId).bind(orgId);
    return q.scalarInt64();
}

Result<QList<SensorGraphPropertyTemplate>> SensorGraphStore::propertyTemplates(qint64 sgId, qint64 orgId,
                                                                               qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(
        "SELECT p.id, o.slug, p.type, p.name, p.default_value, p.extra, a.slug FROM sg_property_templates l "
        "JOIN property_templates p ON p.id = l.template_id JOIN orgs o ON o.id = p.org_id "
        "LEFT JOIN accounts a ON a.id = p.created_by WHERE l.sg_id = ? AND p.org_id = ? ORDER BY p.name, "
        "p.id "
        "LIMIT ? OFFSET ?");
    q.bind(sgId).bind(orgId).bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<SensorGraphPropertyTemplate> out;
    while (q.next()) {
        SensorGraphPropertyTemplate t;
        t.id = q.int64(0);
        t.orgSlug = q.text(1);
        t.type = q.text(2);
        t.name = q.text(3);
        t.defaultValue = q.text(4);
        t.extra = jsonColumn(q, 5);
        t.createdBySlug = q.text(6);
        out.append(t);
    }
    if (out.isEmpty())
        return out;
    SqlQuery e = m_db.query("SELECT e.template_id, e.value FROM property_template_enums e JOIN "
                            "sg_property_templates l ON l.template_id = e.template_id WHERE l.sg_id = ? "
                            "ORDER BY e.value, e.id");
    e.bind(sgId);
    IOTILE_CHECK(e.exec());
    QHash<qint64, QStringList> enums;
    while (e.next())
        enums[e.int64(0)].append(e.text(1));
    for (SensorGraphPropertyTemplate &t : out)
        t.enums = enums.value(t.id);
    return out;
}

Result<bool> SensorGraphStore::propertyTemplateExists(qint64 templateId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM property_templates WHERE id = ?");
    q.bind(templateId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Status SensorGraphStore::attachPropertyTemplate(qint64 sgId, qint64 templateId)
{
    SqlQuery q = m_db.query("INSERT INTO sg_property_templates (sg_id, template_id) VALUES (?, ?) "
                            "ON CONFLICT (sg_id, template_id) DO NOTHING");
    q.bind(sgId).bind(templateId);
    return q.exec();
}

} // namespace iotile
