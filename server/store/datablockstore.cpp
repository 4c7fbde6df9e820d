#include "server/store/datablockstore.h"

#include "server/domain/access.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

#include <QStringList>

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT b.id, b.slug, b.title, b.description, b.device_id, d.slug, b.block, b.org_id, o.slug, b.sg_id, "
    "sg.slug, b.created_on, b.completed_on, b.created_by, a.slug, a.email FROM data_blocks b "
    "JOIN devices d ON d.id = b.device_id LEFT JOIN orgs o ON o.id = b.org_id "
    "LEFT JOIN sensor_graphs sg ON sg.id = b.sg_id LEFT JOIN accounts a ON a.id = b.created_by";

DataBlock readBlock(SqlQuery &q)
{
    DataBlock b;
    b.id = q.int64(0);
    b.slug = q.text(1);
    b.title = q.text(2);
    b.description = q.text(3);
    b.deviceId = q.int64(4);
    b.deviceSlug = q.text(5);
    b.block = int(q.int64(6));
    b.orgId = q.optionalInt64(7);
    b.orgSlug = q.text(8);
    b.sgId = q.optionalInt64(9);
    b.sgSlug = q.text(10);
    b.createdOn = q.int64(11);
    b.completedOn = q.optionalInt64(12);
    b.createdBy = q.optionalInt64(13);
    b.createdBySlug = q.text(14);
    b.createdByEmail = q.text(15);
    return b;
}

QString likePattern(const QString &word)
{
    QString escaped = word.toLower();
    escaped.replace(QLatin1Char('!'), QStringLiteral("!!"))
        .replace(QLatin1Char('%'), QStringLiteral("!%"))
        .replace(QLatin1Char('_'), QStringLiteral("!_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

QStringList words(const QString &search)
{
    return search.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

QString whereClause(const DataBlockStore::ListQuery &query)
{
    QStringList c;
    if (!query.all)
        c << Access::orgFilter(QStringLiteral("b.org_id"));
    if (query.orgId)
        c << QStringLiteral("b.org_id = ?");
    if (query.deviceId)
        c << QStringLiteral("b.device_id = ?");
    for (qsizetype i = 0; i < words(query.search).size(); ++i)
        c << QStringLiteral("lower(b.title || ' ' || b.description || ' ' || b.slug) LIKE ? ESCAPE '!'");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const DataBlockStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, Permission::AccessDatablock);
    if (query.orgId)
        q.bind(*query.orgId);
    if (query.deviceId)
        q.bind(*query.deviceId);
    for (const QString &word : words(query.search))
        q.bind(likePattern(word));
}

} // namespace

Result<qint64> DataBlockStore::count(const ListQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM data_blocks b") + whereClause(query));
    bindWhere(q, query, access);
    return q.scalarInt64();
}

Result<QList<DataBlock>> DataBlockStore::list(const ListQuery &query, const Access &access, qint64 offset,
                                              qint64 limit)
{
    // The original's ordering: device, then block.
    SqlQuery q = m_db.query(QLatin1String(kSelect) + whereClause(query)
                            + QStringLiteral(" ORDER BY b.device_id, b.block LIMIT ? OFFSET ?"));
    bindWhere(q, query, access);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<DataBlock> rows;
    while (q.next())
        rows.append(readBlock(q));
    return rows;
}

Result<std::optional<DataBlock>> DataBlockStore::bySlug(const QString &slug)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE b.slug = ?"));
    q.bind(slug);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DataBlock>();
    return std::optional<DataBlock>(readBlock(q));
}

Result<std::optional<DataBlock>> DataBlockStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE b.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DataBlock>();
    return std::optional<DataBlock>(readBlock(q));
}

Result<QList<DataBlock>> DataBlockStore::ofDevice(qint64 deviceId)
{
    SqlQuery q =
        m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE b.device_id = ? ORDER BY b.block"));
    q.bind(deviceId);
    IOTILE_CHECK(q.exec());
    QList<DataBlock> rows;
    while (q.next())
        rows.append(readBlock(q));
    return rows;
}

Result<int> DataBlockStore::reserveNumber(qint64 deviceId)
{
    // The counter starts above any block already stored (blocks made before the counter existed).
    SqlQuery q = m_db.query(
        "INSERT INTO data_block_counters (device_id, last_block) VALUES (?, "
        "(SELECT COALESCE(max(block), 0) FROM data_blocks WHERE device_id = ?) + 1) "
        "ON CONFLICT (device_id) DO UPDATE SET last_block = "
        "{GREATEST}(data_block_counters.last_block + 1, excluded.last_block) RETURNING last_block");
    q.bind(deviceId).bind(deviceId);
    IOTILE_CHECK(q.exec());
    const std::optional<qint64> number = insertedId(q);
    if (!number)
        return Error::internal(QStringLiteral("no block number for device %1").arg(deviceId));
    return int(*number);
}

Result<DataBlock> DataBlockStore::create(DataBlock b)
{
    SqlQuery q = m_db.query(
        "INSERT INTO data_blocks (slug, title, description, device_id, block, org_id, sg_id, created_on, "
        "completed_on, created_by) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(b.slug)
        .bind(b.title)
        .bind(b.description)
        .bind(b.deviceId)
        .bind(b.block)
        .bindOptional(b.orgId)
        .bindOptional(b.sgId)
        .bind(b.createdOn)
        .bindOptional(b.completedOn)
        .bindOptional(b.createdBy);
    IOTILE_CHECK(q.exec());
    const std::optional<qint64> id = insertedId(q);
    if (!id)
        return Error::internal(QStringLiteral("data block %1 not inserted").arg(b.slug));
    b.id = *id;
    return b;
}

Status DataBlockStore::update(const DataBlock &b)
{
    SqlQuery q = m_db.query(
        "UPDATE data_blocks SET title = ?, description = ?, sg_id = ?, completed_on = ? WHERE id = ?");
    q.bind(b.title).bind(b.description).bindOptional(b.sgId).bindOptional(b.completedOn).bind(b.id);
    return q.exec();
}

Status DataBlockStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM data_blocks WHERE id = ?");
    q.bind(id);
    return q.exec();
}

} // namespace iotile
