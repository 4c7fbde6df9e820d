#include "server/store/locationstore.h"

#include "server/store/database.h"

namespace iotile {

namespace {

constexpr const char *kSelect = "SELECT l.id, l.target, l.timestamp, l.lat, l.lon, l.user_id, a.slug "
                                "FROM locations l LEFT JOIN accounts a ON a.id = l.user_id";

Location readLocation(SqlQuery &q)
{
    Location l;
    l.id = q.int64(0);
    l.target = q.text(1);
    l.timestamp = q.int64(2);
    l.lat = q.text(3);
    l.lon = q.text(4);
    l.userId = q.optionalInt64(5);
    l.userSlug = q.text(6);
    return l;
}

QString whereClause(const LocationStore::ListQuery &query)
{
    QString where = QStringLiteral(" WHERE l.target = ?");
    if (query.start)
        where += QStringLiteral(" AND l.timestamp >= ?");
    if (query.end)
        where += QStringLiteral(" AND l.timestamp < ?");
    if (query.timestamp)
        where += QStringLiteral(" AND l.timestamp = ?");
    return where;
}

void bindWhere(SqlQuery &q, const LocationStore::ListQuery &query)
{
    q.bind(query.target);
    for (const auto &v : {query.start, query.end, query.timestamp})
        if (v)
            q.bind(*v);
}

} // namespace

Result<qint64> LocationStore::count(const ListQuery &query)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM locations l") + whereClause(query));
    bindWhere(q, query);
    return q.scalarInt64();
}

Result<QList<Location>> LocationStore::list(const ListQuery &query, qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + whereClause(query)
                            + QStringLiteral(" ORDER BY l.timestamp, l.id LIMIT ? OFFSET ?"));
    bindWhere(q, query);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<Location> rows;
    while (q.next())
        rows.append(readLocation(q));
    return rows;
}

Result<std::optional<Location>> LocationStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QString::fromLatin1(kSelect) + QStringLiteral(" WHERE l.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<Location>();
    return std::optional<Location>(readLocation(q));
}

Result<Location> LocationStore::create(Location location)
{
    SqlQuery q =
        m_db.query("INSERT INTO locations (target, timestamp, lat, lon, user_id) VALUES (?, ?, ?, ?, ?) "
                   "RETURNING id");
    q.bind(location.target).bind(location.timestamp).bind(location.lat).bind(location.lon);
    q.bindOptional(location.userId);
    IOTILE_TRY(id, q.scalarInt64());
    location.id = id;
    return location;
}

Status LocationStore::update(const Location &location)
{
    SqlQuery q = m_db.query("UPDATE locations SET target = ?, timestamp = ?, lat = ?, lon = ? WHERE id = ?");
    q.bind(location.target).bind(location.timestamp).bind(location.lat).bind(location.lon).bind(location.id);
    return q.exec();
}

Status LocationStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM locations WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Status LocationStore::setDevicePosition(qint64 deviceId, const QString &lat, const QString &lon)
{
    SqlQuery q = m_db.query("UPDATE devices SET lat = ?, lon = ? WHERE id = ?");
    q.bind(lat).bind(lon).bind(deviceId);
    return q.exec();
}

} // namespace iotile
