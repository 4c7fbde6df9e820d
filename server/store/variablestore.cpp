#include "server/store/variablestore.h"

#include "common/util/isotime.h"
#include "server/domain/access.h"
#include "server/store/database.h"

#include <QUuid>

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT v.id, v.uuid, v.slug, v.name, v.lid, v.project_id, p.uuid, v.org_id, o.slug, v.var_type_id, "
    "v.input_unit_id, v.output_unit_id, v.derived_variable_id, v.about, v.raw_value_format, v.units, "
    "v.m, v.d, v.o, v.decimal_places, v.mdo_label, v.web_only, v.app_only, v.created_on, v.created_by "
    "FROM variables v LEFT JOIN projects p ON p.id = v.project_id LEFT JOIN orgs o ON o.id = v.org_id";

Variable readVariable(SqlQuery &q)
{
    Variable v;
    v.id = q.int64(0);
    v.uuid = q.text(1);
    v.slug = q.text(2);
    v.name = q.text(3);
    v.lid = int(q.int64(4));
    v.projectId = q.optionalInt64(5);
    v.projectUuid = q.text(6);
    v.orgId = q.optionalInt64(7);
    v.orgSlug = q.text(8);
    v.varTypeId = q.optionalInt64(9);
    v.inputUnitId = q.optionalInt64(10);
    v.outputUnitId = q.optionalInt64(11);
    v.derivedVariableId = q.optionalInt64(12);
    v.about = q.text(13);
    v.rawValueFormat = q.text(14);
    v.units = q.text(15);
    v.m = q.int64(16);
    v.d = q.int64(17);
    v.o = q.real(18);
    v.decimalPlaces = int(q.int64(19));
    v.mdoLabel = q.text(20);
    v.webOnly = q.boolean(21);
    v.appOnly = q.boolean(22);
    v.createdOn = q.int64(23);
    v.createdBy = q.optionalInt64(24);
    return v;
}

QString whereClause(const VariableStore::ListQuery &query)
{
    QStringList c;
    if (query.impossible)
        c << QStringLiteral("1 = 0");
    if (!query.all) {
        // System variables (no project) are readable by everyone.
        c << (query.includeSystem ? QStringLiteral("(%1 OR v.project_id IS NULL)")
                                        .arg(Access::orgFilter(QStringLiteral("v.org_id")))
                                  : Access::orgFilter(QStringLiteral("v.org_id")));
    }
    if (query.projectId)
        c << (query.includeSystem ? QStringLiteral("(v.project_id = ? OR v.project_id IS NULL)")
                                  : QStringLiteral("v.project_id = ?"));
    if (query.orgId)
        c << QStringLiteral("v.org_id = ?");
    if (!query.search.isEmpty())
        c << QStringLiteral("lower(v.name) LIKE ?");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const VariableStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, Permission::ReadStreamIds);
    if (query.projectId)
        q.bind(*query.projectId);
    if (query.orgId)
        q.bind(*query.orgId);
    if (!query.search.isEmpty())
        q.bind(QLatin1Char('%') + query.search.toLower() + QLatin1Char('%'));
}

} // namespace

Result<qint64> VariableStore::count(const ListQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM variables v") + whereClause(query));
    bindWhere(q, query, access);
    return q.scalarInt64();
}

Result<QList<Variable>> VariableStore::list(const ListQuery &query, const Access &access, qint64 offset,
                                            qint64 limit)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + whereClause(query)
                            + QStringLiteral(" ORDER BY v.slug LIMIT ? OFFSET ?"));
    bindWhere(q, query, access);
    q.bind(limit).bind(offset);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    QList<Variable> out;
    while (q.next())
        out.append(readVariable(q));
    return out;
}

Result<std::optional<Variable>> VariableStore::one(const QString &where, const QVariantList &values)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE ") + where);
    for (const QVariant &v : values)
        q.bind(v);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<Variable>();
    return std::optional<Variable>(readVariable(q));
}

Result<std::optional<Variable>> VariableStore::bySlug(const QString &slug)
{
    return one(QStringLiteral("v.slug = ?"), {slug});
}

Result<std::optional<Variable>> VariableStore::byId(qint64 id)
{
    return one(QStringLiteral("v.id = ?"), {id});
}

Result<std::optional<Variable>> VariableStore::byProjectLid(qint64 projectId, int lid)
{
    return one(QStringLiteral("v.project_id = ? AND v.lid = ?"), {projectId, qint64(lid)});
}

Result<Variable> VariableStore::create(Variable v)
{
    v.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    v.createdOn = isotime::now();
    SqlQuery q = m_db.query(
        "INSERT INTO variables (uuid, slug, name, lid, project_id, org_id, var_type_id, input_unit_id, "
        "output_unit_id, derived_variable_id, about, raw_value_format, units, m, d, o, decimal_places, "
        "mdo_label, web_only, app_only, created_on, created_by) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(v.uuid)
        .bind(v.slug)
        .bind(v.name)
        .bind(v.lid)
        .bindOptional(v.projectId)
        .bindOptional(v.orgId)
        .bindOptional(v.varTypeId);
    q.bindOptional(v.inputUnitId)
        .bindOptional(v.outputUnitId)
        .bindOptional(v.derivedVariableId)
        .bind(v.about);
    q.bind(v.rawValueFormat)
        .bind(v.units)
        .bind(v.m)
        .bind(v.d)
        .bind(v.o)
        .bind(v.decimalPlaces)
        .bind(v.mdoLabel)
        .bind(v.webOnly);
    q.bind(v.appOnly).bind(v.createdOn).bindOptional(v.createdBy);
    auto id = q.scalarInt64();
    if (!id) {
        if (q.isUniqueViolation())
            return Error::field(QStringLiteral("non_field_errors"),
                                QStringLiteral("The fields project, lid must make a unique set."));
        return std::move(id).error();
    }
    v.id = *id;
    return v;
}

Status VariableStore::update(const Variable &v)
{
    SqlQuery q = m_db.query(
        "UPDATE variables SET name = ?, var_type_id = ?, input_unit_id = ?, output_unit_id = ?, "
        "derived_variable_id = ?, about = ?, raw_value_format = ?, units = ?, m = ?, d = ?, o = ?, "
        "decimal_places = ?, mdo_label = ?, web_only = ?, app_only = ? WHERE id = ?");
    q.bind(v.name).bindOptional(v.varTypeId).bindOptional(v.inputUnitId).bindOptional(v.outputUnitId);
    q.bindOptional(v.derivedVariableId)
        .bind(v.about)
        .bind(v.rawValueFormat)
        .bind(v.units)
        .bind(v.m)
        .bind(v.d)
        .bind(v.o);
    q.bind(v.decimalPlaces).bind(v.mdoLabel).bind(v.webOnly).bind(v.appOnly).bind(v.id);
    return q.exec();
}

Status VariableStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM variables WHERE id = ?");
    q.bind(id);
    return q.exec();
}

} // namespace iotile
