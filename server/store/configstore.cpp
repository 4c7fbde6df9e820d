#include "server/store/configstore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

#include <QJsonArray>

namespace iotile {

namespace {

constexpr const char *kSelectName = "SELECT id, name, description, tags FROM config_attribute_names n";

constexpr const char *kSelectAttribute =
    "SELECT c.id, c.target, c.name_id, n.name, c.data, c.updated_on, c.updated_by "
    "FROM config_attributes c JOIN config_attribute_names n ON n.id = c.name_id";

ConfigName readName(SqlQuery &q)
{
    ConfigName n;
    n.id = q.int64(0);
    n.name = q.text(1);
    if (!q.isNull(2))
        n.description = q.text(2);
    for (const QJsonValue &tag : jsonColumn(q, 3).toArray())
        n.tags.append(tag.toString());
    return n;
}

ConfigAttribute readAttribute(SqlQuery &q)
{
    ConfigAttribute a;
    a.id = q.int64(0);
    a.target = q.text(1);
    a.nameId = q.int64(2);
    a.name = q.text(3);
    a.data = jsonColumn(q, 4);
    a.updatedOn = q.int64(5);
    a.updatedBy = q.optionalInt64(6);
    return a;
}

QString nameWhere(const SqlConnection &db, const ConfigStore::NameQuery &query)
{
    QStringList c;
    if (!query.name.isEmpty())
        c << QStringLiteral("n.name = ?");
    if (!query.nameContains.isEmpty())
        c << QStringLiteral("lower(n.name) LIKE ? ESCAPE '!'");
    if (!query.tag.isEmpty())
        c << (db.dialect().isPostgres()
                  ? QStringLiteral("n.tags @> CAST(? AS JSONB)")
                  : QStringLiteral("EXISTS (SELECT 1 FROM json_each(n.tags) WHERE json_each.value = ?)"));
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

QString likePattern(const QString &text)
{
    QString escaped = text.toLower();
    escaped.replace(QLatin1Char('!'), QStringLiteral("!!"))
        .replace(QLatin1Char('%'), QStringLiteral("!%"))
        .replace(QLatin1Char('_'), QStringLiteral("!_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

void bindNameWhere(const SqlConnection &db, SqlQuery &q, const ConfigStore::NameQuery &query)
{
    if (!query.name.isEmpty())
        q.bind(query.name);
    if (!query.nameContains.isEmpty())
        q.bind(likePattern(query.nameContains));
    if (!query.tag.isEmpty())
        q.bind(db.dialect().isPostgres() ? jsonParameter(QJsonArray {query.tag}) : QVariant(query.tag));
}

QString attributeWhere(const QString &nameContains)
{
    return nameContains.isEmpty() ? QStringLiteral(" WHERE c.target = ?")
                                  : QStringLiteral(" WHERE c.target = ? AND lower(n.name) LIKE ? ESCAPE '!'");
}

} // namespace

Result<qint64> ConfigStore::countNames(const NameQuery &query)
{
    SqlQuery q =
        m_db.query(QStringLiteral("SELECT count(*) FROM config_attribute_names n") + nameWhere(m_db, query));
    bindNameWhere(m_db, q, query);
    return q.scalarInt64();
}

Result<QList<ConfigName>> ConfigStore::names(const NameQuery &query, qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelectName) + nameWhere(m_db, query)
                            + QStringLiteral(" ORDER BY n.name LIMIT ? OFFSET ?"));
    bindNameWhere(m_db, q, query);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<ConfigName> rows;
    while (q.next())
        rows.append(readName(q));
    return rows;
}

Result<std::optional<ConfigName>> ConfigStore::nameById(qint64 id)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelectName) + QStringLiteral(" WHERE n.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<ConfigName>();
    return std::optional<ConfigName>(readName(q));
}

Result<std::optional<ConfigName>> ConfigStore::nameByName(const QString &name)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelectName) + QStringLiteral(" WHERE n.name = ?"));
    q.bind(name);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<ConfigName>();
    return std::optional<ConfigName>(readName(q));
}

Result<std::optional<ConfigName>> ConfigStore::createName(const ConfigName &name, qint64 userId)
{
    QJsonArray tags;
    for (const QString &t : name.tags)
        tags.append(t);
    SqlQuery q = m_db.query("INSERT INTO config_attribute_names (name, description, tags, created_by) "
                            "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING RETURNING id");
    q.bind(name.name);
    q.bind(name.description ? QVariant(*name.description) : QVariant());
    q.bind(jsonParameter(tags)).bind(userId);
    IOTILE_CHECK(q.exec());
    const auto insertedRow = insertedId(q);
    if (!insertedRow)
        return std::optional<ConfigName>();
    ConfigName created = name;
    created.id = *insertedRow;
    return std::optional<ConfigName>(std::move(created));
}

Result<bool> ConfigStore::updateName(const ConfigName &name)
{
    SqlQuery taken = m_db.query("SELECT count(*) FROM config_attribute_names WHERE name = ? AND id <> ?");
    taken.bind(name.name).bind(name.id);
    IOTILE_TRY(n, taken.scalarInt64());
    if (n > 0)
        return false;
    QJsonArray tags;
    for (const QString &t : name.tags)
        tags.append(t);
    SqlQuery q =
        m_db.query("UPDATE config_attribute_names SET name = ?, description = ?, tags = ? WHERE id = ?");
    q.bind(name.name);
    q.bind(name.description ? QVariant(*name.description) : QVariant());
    q.bind(jsonParameter(tags)).bind(name.id);
    IOTILE_CHECK(q.exec());
    return true;
}

Status ConfigStore::removeName(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM config_attribute_names WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<qint64> ConfigStore::countAttributes(const QString &target, const QString &nameContains)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM config_attributes c "
                                           "JOIN config_attribute_names n ON n.id = c.name_id")
                            + attributeWhere(nameContains));
    q.bind(target);
    if (!nameContains.isEmpty())
        q.bind(likePattern(nameContains));
    return q.scalarInt64();
}

Result<QList<ConfigAttribute>> ConfigStore::attributes(const QString &target, const QString &nameContains,
                                                       qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelectAttribute) + attributeWhere(nameContains)
                            + QStringLiteral(" ORDER BY n.name, c.id LIMIT ? OFFSET ?"));
    q.bind(target);
    if (!nameContains.isEmpty())
        q.bind(likePattern(nameContains));
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<ConfigAttribute> rows;
    while (q.next())
        rows.append(readAttribute(q));
    return rows;
}

Result<std::optional<ConfigAttribute>> ConfigStore::attributeById(qint64 id)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelectAttribute) + QStringLiteral(" WHERE c.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<ConfigAttribute>();
    return std::optional<ConfigAttribute>(readAttribute(q));
}

Result<std::optional<ConfigAttribute>> ConfigStore::attribute(const QString &target, qint64 nameId)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelectAttribute)
                            + QStringLiteral(" WHERE c.target = ? AND c.name_id = ?"));
    q.bind(target).bind(nameId);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<ConfigAttribute>();
    return std::optional<ConfigAttribute>(readAttribute(q));
}

Result<ConfigAttribute> ConfigStore::upsertAttribute(const QString &target, qint64 nameId,
                                                     const QJsonValue &data, qint64 userId)
{
    SqlQuery q = m_db.query(
        "INSERT INTO config_attributes (target, name_id, data, updated_on, updated_by) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (target, name_id) DO UPDATE SET "
        "data = excluded.data, updated_on = excluded.updated_on, updated_by = excluded.updated_by");
    q.bind(target).bind(nameId).bind(jsonParameter(data)).bind(isotime::now()).bind(userId);
    IOTILE_CHECK(q.exec());
    IOTILE_TRY(stored, attribute(target, nameId));
    if (!stored)
        return Error::internal(QStringLiteral("config attribute vanished"));
    return *stored;
}

Status ConfigStore::removeAttribute(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM config_attributes WHERE id = ?");
    q.bind(id);
    return q.exec();
}

} // namespace iotile
