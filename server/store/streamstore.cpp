#include "server/store/streamstore.h"

#include "common/util/isotime.h"
#include "server/domain/access.h"
#include "server/store/database.h"

#include <QUuid>

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT s.id, s.uuid, s.slug, s.project_id, p.uuid, s.device_id, s.block_id, s.variable_id, s.org_id, "
    "o.slug, s.data_label, s.var_type_id, s.data_type, s.var_name, s.var_lid, s.input_unit_id, "
    "s.output_unit_id, s.derived_stream_id, s.raw_value_format, s.mdo_type, s.mdo_label, s.m, s.d, s.o, "
    "s.enabled, s.created_on, s.created_by FROM streams s LEFT JOIN projects p ON p.id = s.project_id "
    "LEFT JOIN orgs o ON o.id = s.org_id";

Stream readStream(SqlQuery &q)
{
    Stream s;
    s.id = q.int64(0);
    s.uuid = q.text(1);
    s.slug = q.text(2);
    s.projectId = q.optionalInt64(3);
    s.projectUuid = q.text(4);
    s.deviceId = q.optionalInt64(5);
    s.blockId = q.optionalInt64(6);
    s.variableId = q.optionalInt64(7);
    s.orgId = q.optionalInt64(8);
    s.orgSlug = q.text(9);
    s.dataLabel = q.text(10);
    s.varTypeId = q.optionalInt64(11);
    s.dataType = q.text(12);
    s.varName = q.text(13);
    s.varLid = int(q.int64(14));
    s.inputUnitId = q.optionalInt64(15);
    s.outputUnitId = q.optionalInt64(16);
    s.derivedStreamId = q.optionalInt64(17);
    s.rawValueFormat = q.text(18);
    s.mdoType = q.text(19);
    s.mdoLabel = q.text(20);
    s.m = q.optionalInt64(21);
    s.d = q.optionalInt64(22);
    if (!q.isNull(23))
        s.o = q.real(23);
    s.enabled = q.boolean(24);
    s.createdOn = q.int64(25);
    s.createdBy = q.optionalInt64(26);
    return s;
}

QString whereClause(const StreamStore::ListQuery &query)
{
    QStringList c;
    if (query.impossible)
        c << QStringLiteral("1 = 0");
    if (!query.all)
        c << Access::orgFilter(QStringLiteral("s.org_id"));
    using Scope = StreamStore::ListQuery::Scope;
    switch (query.scope) {
    case Scope::Virtual:
        c << QStringLiteral("s.device_id IS NULL AND s.block_id IS NULL");
        break;
    case Scope::Archived:
        c << QStringLiteral("s.block_id IS NOT NULL");
        break;
    case Scope::Default:
        c << QStringLiteral(
            "s.block_id IS NULL AND s.device_id IN (SELECT id FROM devices WHERE active = {TRUE})");
        break;
    case Scope::Everything:
        break;
    }
    if (query.projectId)
        c << QStringLiteral("s.project_id = ? AND s.block_id IS NULL");
    if (query.orgId)
        c << QStringLiteral("s.org_id = ?");
    if (query.deviceId)
        c << QStringLiteral("s.device_id = ?");
    if (query.blockId)
        c << QStringLiteral("s.block_id = ?");
    if (query.variableId)
        c << QStringLiteral("s.variable_id = ?");
    if (query.enabled)
        c << QStringLiteral("s.enabled = ?");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const StreamStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, Permission::ReadStreamIds);
    if (query.projectId)
        q.bind(*query.projectId);
    if (query.orgId)
        q.bind(*query.orgId);
    if (query.deviceId)
        q.bind(*query.deviceId);
    if (query.blockId)
        q.bind(*query.blockId);
    if (query.variableId)
        q.bind(*query.variableId);
    if (query.enabled)
        q.bind(*query.enabled);
}

} // namespace

Result<qint64> StreamStore::count(const ListQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM streams s") + whereClause(query));
    bindWhere(q, query, access);
    return q.scalarInt64();
}

Result<QList<Stream>> StreamStore::list(const ListQuery &query, const Access &access, qint64 offset,
                                        qint64 limit)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + whereClause(query)
                            + QStringLiteral(" ORDER BY s.slug LIMIT ? OFFSET ?"));
    bindWhere(q, query, access);
    q.bind(limit).bind(offset);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    QList<Stream> out;
    while (q.next())
        out.append(readStream(q));
    return out;
}

Result<std::optional<Stream>> StreamStore::bySlug(const QString &slug)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE s.slug = ?"));
    q.bind(slug);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<Stream>();
    return std::optional<Stream>(readStream(q));
}

Result<std::optional<Stream>> StreamStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE s.id = ?"));
    q.bind(id);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<Stream>();
    return std::optional<Stream>(readStream(q));
}

Result<QList<Stream>> StreamStore::ofDevice(qint64 deviceId)
{
    SqlQuery q =
        m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE s.device_id = ? ORDER BY s.slug"));
    q.bind(deviceId);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    QList<Stream> out;
    while (q.next())
        out.append(readStream(q));
    return out;
}

Result<Stream> StreamStore::create(Stream s)
{
    s.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.createdOn = isotime::now();
    SqlQuery q = m_db.query(
        "INSERT INTO streams (uuid, slug, project_id, device_id, block_id, variable_id, org_id, data_label, "
        "var_type_id, data_type, var_name, var_lid, input_unit_id, output_unit_id, derived_stream_id, "
        "raw_value_format, mdo_type, mdo_label, m, d, o, enabled, created_on, created_by) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(s.uuid).bind(s.slug).bindOptional(s.projectId).bindOptional(s.deviceId).bindOptional(s.blockId);
    q.bindOptional(s.variableId)
        .bindOptional(s.orgId)
        .bind(s.dataLabel)
        .bindOptional(s.varTypeId)
        .bind(s.dataType);
    q.bind(s.varName)
        .bind(s.varLid)
        .bindOptional(s.inputUnitId)
        .bindOptional(s.outputUnitId)
        .bindOptional(s.derivedStreamId);
    q.bind(s.rawValueFormat)
        .bind(s.mdoType)
        .bind(s.mdoLabel)
        .bindOptional(s.m)
        .bindOptional(s.d)
        .bindOptional(s.o);
    q.bind(s.enabled).bind(s.createdOn).bindOptional(s.createdBy);
    auto id = q.scalarInt64();
    if (!id) {
        if (q.isUniqueViolation())
            return Error::field(QStringLiteral("slug"),
                                QStringLiteral("stream id with this slug already exists."));
        return std::move(id).error();
    }
    s.id = *id;
    return s;
}

Status StreamStore::update(const Stream &s)
{
    SqlQuery q = m_db.query(
        "UPDATE streams SET slug = ?, project_id = ?, org_id = ?, variable_id = ?, data_label = ?, "
        "var_type_id = ?, "
        "data_type = ?, var_name = ?, var_lid = ?, input_unit_id = ?, output_unit_id = ?, "
        "derived_stream_id = ?, raw_value_format = ?, mdo_type = ?, mdo_label = ?, m = ?, d = ?, o = ?, "
        "enabled = ? WHERE id = ?");
    q.bind(s.slug)
        .bindOptional(s.projectId)
        .bindOptional(s.orgId)
        .bindOptional(s.variableId)
        .bind(s.dataLabel);
    q.bindOptional(s.varTypeId).bind(s.dataType).bind(s.varName).bind(s.varLid).bindOptional(s.inputUnitId);
    q.bindOptional(s.outputUnitId)
        .bindOptional(s.derivedStreamId)
        .bind(s.rawValueFormat)
        .bind(s.mdoType)
        .bind(s.mdoLabel);
    q.bindOptional(s.m).bindOptional(s.d).bindOptional(s.o).bind(s.enabled).bind(s.id);
    return q.exec();
}

Status StreamStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM streams WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Status StreamStore::removeOfDevice(qint64 deviceId)
{
    SqlQuery q = m_db.query("DELETE FROM streams WHERE device_id = ? AND block_id IS NULL");
    q.bind(deviceId);
    return q.exec();
}

} // namespace iotile
