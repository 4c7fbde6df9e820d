#include "server/store/aliasstore.h"

#include "common/slug/aliasslug.h"
#include "server/domain/access.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

#include <QStringList>
#include <QUuid>

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT al.id, al.slug, al.name, al.org_id, o.slug, al.created_on, al.created_by, a.slug "
    "FROM stream_aliases al JOIN orgs o ON o.id = al.org_id LEFT JOIN accounts a ON a.id = al.created_by";

constexpr const char *kSelectTap =
    "SELECT t.id, t.alias_id, al.slug, al.org_id, t.timestamp, t.stream_id, s.slug, s.org_id, t.created_on, "
    "t.created_by, a.slug FROM stream_alias_taps t JOIN stream_aliases al ON al.id = t.alias_id "
    "JOIN streams s ON s.id = t.stream_id LEFT JOIN accounts a ON a.id = t.created_by";

StreamAlias readAlias(SqlQuery &q)
{
    StreamAlias a;
    a.id = q.int64(0);
    a.slug = q.text(1);
    a.name = q.text(2);
    a.orgId = q.int64(3);
    a.orgSlug = q.text(4);
    a.createdOn = q.int64(5);
    a.createdBy = q.optionalInt64(6);
    a.createdBySlug = q.text(7);
    return a;
}

StreamAliasTap readTap(SqlQuery &q)
{
    StreamAliasTap t;
    t.id = q.int64(0);
    t.aliasId = q.int64(1);
    t.aliasSlug = q.text(2);
    t.aliasOrgId = q.int64(3);
    t.timestamp = q.int64(4);
    t.streamId = q.int64(5);
    t.streamSlug = q.text(6);
    t.streamOrgId = q.optionalInt64(7);
    t.createdOn = q.int64(8);
    t.createdBy = q.optionalInt64(9);
    t.createdBySlug = q.text(10);
    return t;
}

QString aliasWhere(const AliasStore::ListQuery &query)
{
    QStringList c;
    if (!query.all)
        c << Access::orgFilter(QStringLiteral("al.org_id"));
    if (query.orgId)
        c << QStringLiteral("al.org_id = ?");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindAliasWhere(SqlQuery &q, const AliasStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, std::nullopt);
    if (query.orgId)
        q.bind(*query.orgId);
}

QString tapWhere(const AliasStore::TapQuery &query)
{
    QStringList c;
    if (!query.all)
        c << Access::orgFilter(QStringLiteral("al.org_id"));
    if (query.aliasId)
        c << QStringLiteral("t.alias_id = ?");
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindTapWhere(SqlQuery &q, const AliasStore::TapQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, std::nullopt);
    if (query.aliasId)
        q.bind(*query.aliasId);
}

} // namespace

Result<qint64> AliasStore::count(const ListQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM stream_aliases al") + aliasWhere(query));
    bindAliasWhere(q, query, access);
    return q.scalarInt64();
}

Result<QList<StreamAlias>> AliasStore::list(const ListQuery &query, const Access &access, qint64 offset,
                                            qint64 limit)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + aliasWhere(query)
                            + QStringLiteral(" ORDER BY al.slug LIMIT ? OFFSET ?"));
    bindAliasWhere(q, query, access);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<StreamAlias> rows;
    while (q.next())
        rows.append(readAlias(q));
    return rows;
}

Result<std::optional<StreamAlias>> AliasStore::one(const char *where, const QVariant &value)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QLatin1String(where));
    q.bind(value);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<StreamAlias>();
    return std::optional<StreamAlias>(readAlias(q));
}

Result<std::optional<StreamAlias>> AliasStore::bySlug(const QString &slug)
{
    return one(" WHERE al.slug = ?", slug);
}

Result<StreamAlias> AliasStore::create(StreamAlias alias)
{
    // The slug is made from the id, known only after the insert: a unique placeholder holds its place.
    SqlQuery q = m_db.query(
        "INSERT INTO stream_aliases (slug, name, org_id, created_on, created_by) VALUES (?,?,?,?,?) "
        "RETURNING id");
    q.bind(QStringLiteral("new-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
        .bind(alias.name)
        .bind(alias.orgId)
        .bind(alias.createdOn)
        .bindOptional(alias.createdBy);
    IOTILE_CHECK(q.exec());
    const std::optional<qint64> id = insertedId(q);
    if (!id)
        return Error::internal(QStringLiteral("stream alias not inserted"));
    alias.id = *id;
    alias.slug = AliasSlug(quint64(*id)).toString();
    SqlQuery slug = m_db.query("UPDATE stream_aliases SET slug = ? WHERE id = ?");
    slug.bind(alias.slug).bind(alias.id);
    IOTILE_CHECK(slug.exec());
    return alias;
}

Status AliasStore::update(const StreamAlias &alias)
{
    SqlQuery q = m_db.query("UPDATE stream_aliases SET name = ?, org_id = ? WHERE id = ?");
    q.bind(alias.name).bind(alias.orgId).bind(alias.id);
    return q.exec();
}

Status AliasStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM stream_aliases WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<qint64> AliasStore::countTaps(const TapQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(
        QStringLiteral(
            "SELECT count(*) FROM stream_alias_taps t JOIN stream_aliases al ON al.id = t.alias_id")
        + tapWhere(query));
    bindTapWhere(q, query, access);
    return q.scalarInt64();
}

Result<QList<StreamAliasTap>> AliasStore::listTaps(const TapQuery &query, const Access &access, qint64 offset,
                                                   qint64 limit)
{
    SqlQuery q = m_db.query(QLatin1String(kSelectTap) + tapWhere(query)
                            + QStringLiteral(" ORDER BY t.id LIMIT ? OFFSET ?"));
    bindTapWhere(q, query, access);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<StreamAliasTap> rows;
    while (q.next())
        rows.append(readTap(q));
    return rows;
}

Result<std::optional<StreamAliasTap>> AliasStore::tapById(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kSelectTap) + QStringLiteral(" WHERE t.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<StreamAliasTap>();
    return std::optional<StreamAliasTap>(readTap(q));
}

Result<QList<StreamAliasTap>> AliasStore::tapsOf(qint64 aliasId)
{
    SqlQuery q = m_db.query(QLatin1String(kSelectTap)
                            + QStringLiteral(" WHERE t.alias_id = ? ORDER BY t.timestamp, t.id"));
    q.bind(aliasId);
    IOTILE_CHECK(q.exec());
    QList<StreamAliasTap> rows;
    while (q.next())
        rows.append(readTap(q));
    return rows;
}

Result<StreamAliasTap> AliasStore::createTap(StreamAliasTap tap)
{
    SqlQuery q =
        m_db.query("INSERT INTO stream_alias_taps (alias_id, timestamp, stream_id, created_on, created_by) "
                   "VALUES (?,?,?,?,?) RETURNING id");
    q.bind(tap.aliasId)
        .bind(tap.timestamp)
        .bind(tap.streamId)
        .bind(tap.createdOn)
        .bindOptional(tap.createdBy);
    IOTILE_CHECK(q.exec());
    const std::optional<qint64> id = insertedId(q);
    if (!id)
        return Error::internal(QStringLiteral("stream alias tap not inserted"));
    tap.id = *id;
    return tap;
}

Status AliasStore::updateTap(const StreamAliasTap &tap)
{
    SqlQuery q =
        m_db.query("UPDATE stream_alias_taps SET alias_id = ?, timestamp = ?, stream_id = ? WHERE id = ?");
    q.bind(tap.aliasId).bind(tap.timestamp).bind(tap.streamId).bind(tap.id);
    return q.exec();
}

Status AliasStore::removeTap(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM stream_alias_taps WHERE id = ?");
    q.bind(id);
    return q.exec();
}

} // namespace iotile
