#include "server/store/vartypestore.h"

#include "common/slug/slugify.h"
#include "common/util/isotime.h"
#include "server/store/database.h"

#include <QJsonDocument>
#include <QPair>
#include <QRegularExpression>

#include <algorithm>

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

QStringList searchTerms(const QString &search)
{
    QString text = search;
    text.replace(QLatin1Char(','), QLatin1Char(' '));
    return text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
}

QString whereClause(const QStringList &terms, std::optional<qint64> createdBy)
{
    QStringList c;
    for (qsizetype i = 0; i < terms.size(); ++i)
        c << QStringLiteral("lower(name) LIKE ? ESCAPE '!'");
    if (createdBy)
        c << QStringLiteral("created_by = ?");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const QStringList &terms, std::optional<qint64> createdBy)
{
    for (QString term : terms) {
        term = term.toLower();
        term.replace(QLatin1Char('!'), QStringLiteral("!!"));
        term.replace(QLatin1Char('%'), QStringLiteral("!%"));
        term.replace(QLatin1Char('_'), QStringLiteral("!_"));
        q.bind(QLatin1Char('%') + term + QLatin1Char('%'));
    }
    if (createdBy)
        q.bind(*createdBy);
}

} // namespace

Status VarTypeStore::loadUnits(VarType &type)
{
    SqlQuery q =
        m_db.query(QLatin1String(kUnitSelect) + QStringLiteral(" WHERE var_type_id = ? ORDER BY slug, id"));
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
    const QStringList terms = searchTerms(search);
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM var_types") + whereClause(terms, createdBy));
    bindWhere(q, terms, createdBy);
    return q.scalarInt64();
}

Result<QList<VarType>> VarTypeStore::list(const QString &search, std::optional<qint64> createdBy,
                                          qint64 offset, qint64 limit)
{
    const QStringList terms = searchTerms(search);
    SqlQuery q = m_db.query(QLatin1String(kTypeSelect) + whereClause(terms, createdBy)
                            + QStringLiteral(" ORDER BY slug, id LIMIT ? OFFSET ?"));
    bindWhere(q, terms, createdBy);
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

Result<bool> VarTypeStore::nameTaken(const QString &name, qint64 exceptId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM var_types WHERE name = ? AND id <> ?");
    q.bind(name).bind(exceptId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Result<bool> VarTypeStore::slugTaken(const QString &slug, qint64 exceptId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM var_types WHERE slug = ? AND id <> ?");
    q.bind(slug).bind(exceptId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
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
                                QStringLiteral("Variable Type with this name already exists."));
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
    if (Status s = saveUnitList(t.id, t.inputUnits); !s)
        return s;
    return saveUnitList(t.id, t.outputUnits);
}

Status VarTypeStore::saveUnitList(qint64 typeId, QList<VarTypeUnit> &units)
{
    for (VarTypeUnit &u : units) {
        u.varTypeId = typeId;
        SqlQuery q = m_db.query(
            "INSERT INTO var_type_units (var_type_id, direction, slug, unit_full, unit_short, m, d, o, "
            "decimal_places, derived_units) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (slug) DO UPDATE "
            "SET "
            "unit_full = excluded.unit_full, unit_short = excluded.unit_short, m = excluded.m, "
            "d = excluded.d, o = excluded.o, decimal_places = excluded.decimal_places, "
            "derived_units = excluded.derived_units RETURNING id");
        q.bind(typeId)
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
    return Ok {};
}

Status VarTypeStore::replaceUnits(qint64 typeId, bool output, QList<VarTypeUnit> &units)
{
    SqlQuery existing =
        m_db.query("SELECT id, slug FROM var_type_units WHERE var_type_id = ? AND direction = ?");
    existing.bind(typeId).bind(output ? "out" : "in");
    IOTILE_CHECK(existing.exec());
    QList<qint64> gone;
    while (existing.next()) {
        const QString slug = existing.text(1);
        const bool kept = std::any_of(units.cbegin(), units.cend(),
                                      [&slug](const VarTypeUnit &u) { return u.slug == slug; });
        if (!kept)
            gone.append(existing.int64(0));
    }
    for (qint64 id : gone) {
        SqlQuery remove = m_db.query("DELETE FROM var_type_units WHERE id = ?");
        remove.bind(id);
        IOTILE_CHECK(remove.exec());
    }
    for (VarTypeUnit &u : units)
        u.output = output;
    return saveUnitList(typeId, units);
}

Status VarTypeStore::renameUnits(const VarType &t)
{
    SqlQuery units = m_db.query("SELECT id, direction, unit_full FROM var_type_units WHERE var_type_id = ?");
    units.bind(t.id);
    IOTILE_CHECK(units.exec());
    QList<QPair<qint64, QString>> slugs;
    while (units.next())
        slugs.append(
            {units.int64(0), unitSlug(units.text(1) == QLatin1String("out"), t.slug, units.text(2))});
    for (const auto &[id, slug] : slugs) {
        SqlQuery q = m_db.query("UPDATE var_type_units SET slug = ? WHERE id = ?");
        q.bind(slug).bind(id);
        IOTILE_CHECK(q.exec());
    }
    return Ok {};
}

QString VarTypeStore::unitSlug(bool output, const QString &typeSlug, const QString &unitFull)
{
    return (output ? QStringLiteral("out--") : QStringLiteral("in--")) + typeSlug + QStringLiteral("--")
        + slugify(unitFull);
}

} // namespace iotile
