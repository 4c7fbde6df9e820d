#include "server/store/vartypestore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"

#include <QJsonDocument>

namespace iotile {

namespace {

constexpr const char *kTypeSelect =
    "SELECT id, name, slug, stream_data_type, storage_units_full, decoder, schema, created_on, "
    "created_by FROM var_types";
constexpr const char *kUnitSelect =
    "SELECT id, var_type_id, direction, slug, unit_full, unit_short, m, d, o, decimal_places, "
    "derived_units FROM var_type_units";

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

QVariant jsonValue(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return QVariant();
}

VarType readType(SqlQuery &q)
{
    VarType t;
    t.id = q.int64(0);
    t.name = q.text(1);
    t.slug = q.text(2);
    t.streamDataType = q.text(3);
    t.storageUnitsFull = q.text(4);
    t.decoder = jsonColumn(q, 5);
    t.schema = jsonColumn(q, 6);
    t.createdOn = q.int64(7);
    t.createdBy = q.optionalInt64(8);
    return t;
}

VarTypeUnit readUnit(SqlQuery &q)
{
    VarTypeUnit u;
    u.id = q.int64(0);
    u.varTypeId = q.int64(1);
    u.output = q.text(2) == QLatin1String("out");
    u.slug = q.text(3);
    u.unitFull = q.text(4);
    u.unitShort = q.text(5);
    u.m = q.int64(6);
    u.d = q.int64(7);
    u.o = q.real(8);
    u.decimalPlaces = int(q.int64(9));
    u.derivedUnits = jsonColumn(q, 10);
    return u;
}

} // namespace

Status VarTypeStore::loadUnits(VarType &type)
{
    SqlQuery q =
        m_db.query(QLatin1String(kUnitSelect) + QStringLiteral(" WHERE var_type_id = ? ORDER BY id"));
    q.bind(type.id);
    if (Status s = q.exec(); !s)
        return s;
    type.inputUnits.clear();
    type.outputUnits.clear();
    while (q.next()) {
        VarTypeUnit u = readUnit(q);
        (u.output ? type.outputUnits : type.inputUnits).append(u);
    }
    return Ok {};
}

Result<std::optional<VarType>> VarTypeStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kTypeSelect) + QStringLiteral(" WHERE id = ?"));
    q.bind(id);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<VarType>();
    VarType t = readType(q);
    if (Status s = loadUnits(t); !s)
        return std::move(s).error();
    return std::optional<VarType>(t);
}

Result<std::optional<VarType>> VarTypeStore::bySlug(const QString &slug)
{
    SqlQuery q = m_db.query(QLatin1String(kTypeSelect) + QStringLiteral(" WHERE slug = ?"));
    q.bind(slug);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<VarType>();
    VarType t = readType(q);
    if (Status s = loadUnits(t); !s)
        return std::move(s).error();
    return std::optional<VarType>(t);
}

Result<qint64> VarTypeStore::count(const QString &search, std::optional<qint64> createdBy)
{
    SqlQuery q =
        m_db.query("SELECT count(*) FROM var_types WHERE lower(name) LIKE ? AND (created_by = ? OR ? = 0)");
    q.bind(QLatin1Char('%') + search.toLower() + QLatin1Char('%'))
        .bind(createdBy.value_or(0))
        .bind(createdBy ? 1 : 0);
    return q.scalarInt64();
}

Result<QList<VarType>> VarTypeStore::list(const QString &search, std::optional<qint64> createdBy,
                                          qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(
        QLatin1String(kTypeSelect)
        + QStringLiteral(
            " WHERE lower(name) LIKE ? AND (created_by = ? OR ? = 0) ORDER BY name LIMIT ? OFFSET ?"));
    q.bind(QLatin1Char('%') + search.toLower() + QLatin1Char('%'))
        .bind(createdBy.value_or(0))
        .bind(createdBy ? 1 : 0);
    q.bind(limit).bind(offset);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    QList<VarType> out;
    while (q.next())
        out.append(readType(q));
    for (VarType &t : out)
        if (Status s = loadUnits(t); !s)
            return std::move(s).error();
    return out;
}

Result<std::optional<VarTypeUnit>> VarTypeStore::unitById(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kUnitSelect) + QStringLiteral(" WHERE id = ?"));
    q.bind(id);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<VarTypeUnit>();
    return std::optional<VarTypeUnit>(readUnit(q));
}

Result<std::optional<VarTypeUnit>> VarTypeStore::unitBySlug(const QString &slug)
{
    SqlQuery q = m_db.query(QLatin1String(kUnitSelect) + QStringLiteral(" WHERE slug = ?"));
    q.bind(slug);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<VarTypeUnit>();
    return std::optional<VarTypeUnit>(readUnit(q));
}

Result<VarType> VarTypeStore::create(VarType t)
{
    t.createdOn = isotime::now();
    SqlQuery q = m_db.query("INSERT INTO var_types (name, slug, stream_data_type, storage_units_full, "
                            "decoder, schema, created_on, "
                            "created_by) VALUES (?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(t.name)
        .bind(t.slug)
        .bind(t.streamDataType)
        .bind(t.storageUnitsFull)
        .bind(jsonValue(t.decoder))
        .bind(jsonValue(t.schema));
    q.bind(t.createdOn).bindOptional(t.createdBy);
    auto id = q.scalarInt64();
    if (!id) {
        if (q.isUniqueViolation())
            return Error::field(QStringLiteral("name"),
                                QStringLiteral("var type with this name already exists."));
        return std::move(id).error();
    }
    t.id = *id;
    if (Status s = saveUnits(t); !s)
        return std::move(s).error();
    return t;
}

Status VarTypeStore::update(const VarType &t)
{
    SqlQuery q = m_db.query(
        "UPDATE var_types SET name = ?, slug = ?, stream_data_type = ?, storage_units_full = ?, decoder = ?, "
        "schema = ? WHERE id = ?");
    q.bind(t.name)
        .bind(t.slug)
        .bind(t.streamDataType)
        .bind(t.storageUnitsFull)
        .bind(jsonValue(t.decoder))
        .bind(jsonValue(t.schema));
    q.bind(t.id);
    return q.exec();
}

Status VarTypeStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM var_types WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Status VarTypeStore::saveUnits(VarType &t)
{
    for (QList<VarTypeUnit> *units : {&t.inputUnits, &t.outputUnits}) {
        for (VarTypeUnit &u : *units) {
            u.varTypeId = t.id;
            SqlQuery q = m_db.query(
                "INSERT INTO var_type_units (var_type_id, direction, slug, unit_full, unit_short, m, d, o, "
                "decimal_places, derived_units) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (slug) DO UPDATE "
                "SET "
                "unit_full = excluded.unit_full, unit_short = excluded.unit_short, m = excluded.m, "
                "d = excluded.d, o = excluded.o, decimal_places = excluded.decimal_places, "
                "derived_units = excluded.derived_units RETURNING id");
            q.bind(t.id)
                .bind(u.output ? "out" : "in")
                .bind(u.slug)
                .bind(u.unitFull)
                .bind(u.unitShort)
                .bind(u.m)
                .bind(u.d)
                .bind(u.o);
            q.bind(u.decimalPlaces).bind(jsonValue(u.derivedUnits));
            auto id = q.scalarInt64();
            if (!id)
                return std::move(id).error();
            u.id = *id;
        }
    }
    return Ok {};
}

} // namespace iotile
