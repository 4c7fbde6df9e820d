#include "server/store/propertystore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

#include <algorithm>
#include <limits>

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT id, target, name, value, type, is_system, created_on, created_by FROM properties";

Property readProperty(SqlQuery &q)
{
    Property p;
    p.id = q.int64(0);
    p.target = q.text(1);
    p.name = q.text(2);
    p.value = q.text(3);
    p.type = q.text(4);
    p.isSystem = q.boolean(5);
    p.createdOn = q.int64(6);
    p.createdBy = q.optionalInt64(7);
    return p;
}

} // namespace

Result<qint64> PropertyStore::count(const QString &target)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM properties WHERE target = ?");
    q.bind(target);
    return q.scalarInt64();
}

Result<QList<Property>> PropertyStore::list(const QString &target, qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect)
                            + QStringLiteral(" WHERE target = ? ORDER BY name, id LIMIT ? OFFSET ?"));
    q.bind(target)
        .bind(limit < 0 ? std::numeric_limits<qint64>::max() : limit)
        .bind(std::max<qint64>(offset, 0));
    IOTILE_CHECK(q.exec());
    QList<Property> rows;
    while (q.next())
        rows.append(readProperty(q));
    return rows;
}

Result<std::optional<Property>> PropertyStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + QStringLiteral(" WHERE id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<Property>();
    return std::optional<Property>(readProperty(q));
}

Result<std::optional<Property>> PropertyStore::byName(const QString &target, const QString &name)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + QStringLiteral(" WHERE target = ? AND name = ?"));
    q.bind(target).bind(name);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<Property>();
    return std::optional<Property>(readProperty(q));
}

Result<std::optional<Property>> PropertyStore::create(Property p)
{
    p.createdOn = isotime::now();
    SqlQuery q =
        m_db.query("INSERT INTO properties (target, name, value, type, is_system, created_on, created_by) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target, name) DO NOTHING RETURNING id");
    q.bind(p.target).bind(p.name).bind(p.value).bind(p.type).bind(p.isSystem).bind(p.createdOn);
    q.bindOptional(p.createdBy);
    IOTILE_CHECK(q.exec());
    const auto insertedRow = insertedId(q);
    if (!insertedRow)
        return std::optional<Property>();
    p.id = *insertedRow;
    return std::optional<Property>(std::move(p));
}

Status PropertyStore::update(const Property &p)
{
    SqlQuery q = m_db.query("UPDATE properties SET value = ?, type = ?, created_by = ? WHERE id = ?");
    q.bind(p.value).bind(p.type).bindOptional(p.createdBy).bind(p.id);
    return q.exec();
}

Status PropertyStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM properties WHERE id = ?");
    q.bind(id);
    return q.exec();
}

} // namespace iotile
