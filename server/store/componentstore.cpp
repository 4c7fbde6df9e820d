#include "server/store/componentstore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"

#include <QUuid>

namespace iotile {

namespace {

constexpr const char *kSelect = "SELECT id, uuid, external_sku, internal_sku, slug, type, hw_tag, hw_name, "
                                "major, minor, patch, description, "
                                "created_on, created_by FROM components";

Component readComponent(SqlQuery &q)
{
    Component c;
    c.id = q.int64(0);
    c.uuid = q.text(1);
    c.externalSku = q.text(2);
    c.internalSku = q.text(3);
    c.slug = q.text(4);
    c.type = q.text(5);
    c.hwTag = q.text(6);
    c.hwName = q.text(7);
    c.major = int(q.int64(8));
    c.minor = int(q.int64(9));
    c.patch = int(q.int64(10));
    c.description = q.text(11);
    c.createdOn = q.int64(12);
    c.createdBy = q.optionalInt64(13);
    return c;
}

// A concurrent write that won the race past the controller's uniqueness checks.
Error duplicate()
{
    return Error::field(QStringLiteral("non_field_errors"),
                        QStringLiteral("A component with this name and version already exists."));
}

} // namespace

Result<qint64> ComponentStore::count(std::optional<qint64> createdBy)
{
    SqlQuery q = createdBy ? m_db.query("SELECT count(*) FROM components WHERE created_by = ?")
                           : m_db.query("SELECT count(*) FROM components");
    if (createdBy)
        q.bind(*createdBy);
    return q.scalarInt64();
}

Result<QList<Component>> ComponentStore::list(std::optional<qint64> createdBy, qint64 offset, qint64 limit)
{
    const QString order = QStringLiteral(" ORDER BY external_sku, major, minor, patch, id LIMIT ? OFFSET ?");
    SqlQuery q = m_db.query(QLatin1String(kSelect)
                            + (createdBy ? QStringLiteral(" WHERE created_by = ?") : QString()) + order);
    if (createdBy)
        q.bind(*createdBy);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<Component> out;
    while (q.next())
        out.append(readComponent(q));
    return out;
}

Result<std::optional<Component>> ComponentStore::bySlug(const QString &slug)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE slug = ?"));
    q.bind(slug);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<Component>();
    return std::optional<Component>(readComponent(q));
}

Result<std::optional<Component>> ComponentStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<Component>();
    return std::optional<Component>(readComponent(q));
}

Result<bool> ComponentStore::versionTaken(const QString &externalSku, int major, int minor, int patch,
                                          qint64 exceptId)
{
    SqlQuery q =
        m_db.query("SELECT count(*) FROM components WHERE external_sku = ? AND major = ? AND minor = ? "
                   "AND patch = ? AND id <> ?");
    q.bind(externalSku).bind(major).bind(minor).bind(patch).bind(exceptId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Result<bool> ComponentStore::slugTaken(const QString &slug, qint64 exceptId)
{
    SqlQuery q = m_db.query("SELECT count(*) FROM components WHERE slug = ? AND id <> ?");
    q.bind(slug).bind(exceptId);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Result<Component> ComponentStore::create(Component c)
{
    c.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    c.createdOn = isotime::now();
    SqlQuery q =
        m_db.query("INSERT INTO components (uuid, external_sku, internal_sku, slug, type, hw_tag, hw_name, "
                   "major, minor, patch, description, created_on, created_by) VALUES "
                   "(?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(c.uuid)
        .bind(c.externalSku)
        .bind(c.internalSku)
        .bind(c.slug)
        .bind(c.type)
        .bind(c.hwTag)
        .bind(c.hwName);
    q.bind(c.major)
        .bind(c.minor)
        .bind(c.patch)
        .bind(c.description)
        .bind(c.createdOn)
        .bindOptional(c.createdBy);
    auto id = q.scalarInt64();
    if (!id)
        return q.isUniqueViolation() ? duplicate() : std::move(id).error();
    c.id = *id;
    return c;
}

Status ComponentStore::update(const Component &c)
{
    SqlQuery q =
        m_db.query("UPDATE components SET external_sku = ?, internal_sku = ?, slug = ?, type = ?, "
                   "hw_tag = ?, hw_name = ?, major = ?, minor = ?, patch = ?, description = ? WHERE id = ?");
    q.bind(c.externalSku).bind(c.internalSku).bind(c.slug).bind(c.type).bind(c.hwTag).bind(c.hwName);
    q.bind(c.major).bind(c.minor).bind(c.patch).bind(c.description).bind(c.id);
    if (Status s = q.exec(); !s)
        return q.isUniqueViolation() ? duplicate() : s;
    return Ok {};
}

Status ComponentStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM components WHERE id = ?");
    q.bind(id);
    return q.exec();
}

} // namespace iotile
