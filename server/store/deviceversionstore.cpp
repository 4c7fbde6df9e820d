#include "server/store/deviceversionstore.h"

#include "common/util/isotime.h"
#include "server/domain/access.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

#include <QStringList>

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT v.id, v.device_id, d.slug, v.type, v.tag, v.major, v.minor, v.streamer_local_id, v.updated_ts, "
    "v.created_on FROM device_versions v JOIN devices d ON d.id = v.device_id";

// Rows that no later row of the same device and type supersedes: the current version per type. A
// version without a time counts as the oldest.
constexpr const char *kLatestOnly =
    "NOT EXISTS (SELECT 1 FROM device_versions w WHERE w.device_id = v.device_id AND w.type = v.type "
    "AND (COALESCE(w.updated_ts, 0) > COALESCE(v.updated_ts, 0) OR (COALESCE(w.updated_ts, 0) = "
    "COALESCE(v.updated_ts, 0) AND w.id > v.id)))";

DeviceVersion readVersion(SqlQuery &q)
{
    DeviceVersion v;
    v.id = q.int64(0);
    v.deviceId = q.int64(1);
    v.deviceSlug = q.text(2);
    v.type = q.text(3);
    v.tag = q.int64(4);
    v.major = int(q.int64(5));
    v.minor = int(q.int64(6));
    v.streamerLocalId = q.int64(7);
    v.updatedTs = q.optionalInt64(8);
    v.createdOn = q.int64(9);
    return v;
}

QString whereClause(const DeviceVersionStore::ListQuery &query)
{
    QStringList c;
    if (!query.all)
        c << QStringLiteral("d.active = {TRUE}") << Access::orgFilter(QStringLiteral("d.org_id"));
    if (query.id)
        c << QStringLiteral("v.id = ?");
    if (query.deviceId)
        c << QStringLiteral("v.device_id = ?");
    if (!query.type.isEmpty())
        c << QStringLiteral("v.type = ?");
    if (query.latest)
        c << QLatin1String(kLatestOnly);
    return c.isEmpty() ? QString() : QStringLiteral(" WHERE ") + c.join(QStringLiteral(" AND "));
}

void bindWhere(SqlQuery &q, const DeviceVersionStore::ListQuery &query, const Access &access)
{
    if (!query.all)
        access.bindOrgFilter(q, std::nullopt);
    if (query.id)
        q.bind(*query.id);
    if (query.deviceId)
        q.bind(*query.deviceId);
    if (!query.type.isEmpty())
        q.bind(query.type);
}

} // namespace

Result<qint64> DeviceVersionStore::count(const ListQuery &query, const Access &access)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT count(*) FROM device_versions v JOIN devices d ON d.id = "
                                           "v.device_id")
                            + whereClause(query));
    bindWhere(q, query, access);
    return q.scalarInt64();
}

Result<QList<DeviceVersion>> DeviceVersionStore::list(const ListQuery &query, const Access &access,
                                                      qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + whereClause(query)
                            + QStringLiteral(" ORDER BY v.device_id, v.type, v.major, v.minor, v.id "
                                             "LIMIT ? OFFSET ?"));
    bindWhere(q, query, access);
    q.bind(limit).bind(offset);
    IOTILE_CHECK(q.exec());
    QList<DeviceVersion> out;
    while (q.next())
        out.append(readVersion(q));
    return out;
}

Result<std::optional<DeviceVersion>> DeviceVersionStore::byId(qint64 id)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE v.id = ?"));
    q.bind(id);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DeviceVersion>();
    return std::optional<DeviceVersion>(readVersion(q));
}

Result<bool> DeviceVersionStore::taken(const DeviceVersion &v)
{
    SqlQuery q =
        m_db.query("SELECT count(*) FROM device_versions WHERE device_id = ? AND type = ? AND tag = ? "
                   "AND major = ? AND minor = ? AND streamer_local_id = ? AND id <> ?");
    q.bind(v.deviceId)
        .bind(v.type)
        .bind(v.tag)
        .bind(v.major)
        .bind(v.minor)
        .bind(v.streamerLocalId)
        .bind(v.id);
    IOTILE_TRY(n, q.scalarInt64());
    return n > 0;
}

Result<DeviceVersion> DeviceVersionStore::create(DeviceVersion v)
{
    v.createdOn = isotime::now();
    SqlQuery q =
        m_db.query("INSERT INTO device_versions (device_id, type, tag, major, minor, streamer_local_id, "
                   "updated_ts, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(v.deviceId).bind(v.type).bind(v.tag).bind(v.major).bind(v.minor).bind(v.streamerLocalId);
    q.bindOptional(v.updatedTs).bind(v.createdOn);
    IOTILE_TRY(id, q.scalarInt64());
    v.id = id;
    return v;
}

Result<qint64> DeviceVersionStore::upsert(const DeviceVersion &v)
{
    SqlQuery q =
        m_db.query("INSERT INTO device_versions (device_id, type, tag, major, minor, streamer_local_id, "
                   "updated_ts, created_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (device_id, type, tag, major, minor, streamer_local_id) "
                   "DO UPDATE SET updated_ts = excluded.updated_ts RETURNING id");
    q.bind(v.deviceId).bind(v.type).bind(v.tag).bind(v.major).bind(v.minor).bind(v.streamerLocalId);
    q.bindOptional(v.updatedTs).bind(isotime::now());
    IOTILE_CHECK(q.exec());
    const auto id = insertedId(q);
    if (!id)
        return Error::internal(QStringLiteral("device version upsert returned no id"));
    return *id;
}

Status DeviceVersionStore::update(const DeviceVersion &v)
{
    SqlQuery q =
        m_db.query("UPDATE device_versions SET device_id = ?, type = ?, tag = ?, major = ?, minor = ?, "
                   "streamer_local_id = ?, updated_ts = ? WHERE id = ?");
    q.bind(v.deviceId).bind(v.type).bind(v.tag).bind(v.major).bind(v.minor).bind(v.streamerLocalId);
    q.bindOptional(v.updatedTs).bind(v.id);
    return q.exec();
}

Status DeviceVersionStore::remove(qint64 id)
{
    SqlQuery q = m_db.query("DELETE FROM device_versions WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<QList<DeviceVersion>> DeviceVersionStore::latest(qint64 deviceId)
{
    SqlQuery q = m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE v.device_id = ? AND ")
                            + QLatin1String(kLatestOnly) + QStringLiteral(" ORDER BY v.type"));
    q.bind(deviceId);
    IOTILE_CHECK(q.exec());
    QList<DeviceVersion> out;
    while (q.next())
        out.append(readVersion(q));
    return out;
}

Result<QHash<qint64, QList<DeviceVersion>>> DeviceVersionStore::latestOf(const QList<qint64> &deviceIds)
{
    QHash<qint64, QList<DeviceVersion>> out;
    // In chunks: a statement's placeholders are limited (SQLite: 32766) and large IN lists plan poorly.
    constexpr qsizetype kChunk = 500;
    for (qsizetype start = 0; start < deviceIds.size(); start += kChunk) {
        const QList<qint64> chunk = deviceIds.mid(start, kChunk);
        QStringList marks;
        for (qsizetype i = 0; i < chunk.size(); ++i)
            marks << QStringLiteral("?");
        SqlQuery q =
            m_db.query(QLatin1String(kSelect)
                       + QStringLiteral(" WHERE v.device_id IN (%1) AND ").arg(marks.join(QLatin1Char(',')))
                       + QLatin1String(kLatestOnly) + QStringLiteral(" ORDER BY v.device_id, v.type"));
        for (qint64 id : chunk)
            q.bind(id);
        IOTILE_CHECK(q.exec());
        while (q.next()) {
            DeviceVersion v = readVersion(q);
            out[v.deviceId].append(v);
        }
    }
    return out;
}

Result<std::optional<DeviceVersion>> DeviceVersionStore::last(qint64 deviceId, const QString &type)
{
    SqlQuery q =
        m_db.query(QLatin1String(kSelect) + QStringLiteral(" WHERE v.device_id = ? AND v.type = ? AND ")
                   + QLatin1String(kLatestOnly));
    q.bind(deviceId).bind(type);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DeviceVersion>();
    return std::optional<DeviceVersion>(readVersion(q));
}

Result<std::optional<DeviceVersionStore::CatalogMatch>>
DeviceVersionStore::catalog(const char *exactSql, const char *tagSql, qint64 tag, int major, int minor)
{
    SqlQuery exact = m_db.query(exactSql);
    exact.bind(tag).bind(major).bind(minor);
    IOTILE_CHECK(exact.exec());
    if (exact.next())
        return std::optional<CatalogMatch>(CatalogMatch {exact.int64(0), exact.text(1), true});
    SqlQuery byTag = m_db.query(tagSql);
    byTag.bind(tag);
    IOTILE_CHECK(byTag.exec());
    if (byTag.next())
        return std::optional<CatalogMatch>(CatalogMatch {byTag.int64(0), byTag.text(1), false});
    return std::optional<CatalogMatch>();
}

Result<std::optional<DeviceVersionStore::CatalogMatch>> DeviceVersionStore::templateFor(qint64 osTag,
                                                                                        int major, int minor)
{
    return catalog("SELECT id, external_sku || ' v' || major || '.' || minor || '.' || patch FROM "
                   "device_templates WHERE os_tag = ? AND os_major = ? AND os_minor = ? AND active = {TRUE} "
                   "ORDER BY major DESC, minor DESC, patch DESC, id DESC LIMIT 1",
                   "SELECT id, external_sku || ' v' || major || '.' || minor || '.' || patch FROM "
                   "device_templates WHERE os_tag = ? AND active = {TRUE} "
                   "ORDER BY major DESC, minor DESC, patch DESC, id DESC LIMIT 1",
                   osTag, major, minor);
}

Result<std::optional<DeviceVersionStore::CatalogMatch>>
DeviceVersionStore::sensorGraphFor(qint64 appTag, int major, int minor)
{
    return catalog("SELECT id, name || ' v' || major || '.' || minor || '.' || patch FROM sensor_graphs "
                   "WHERE app_tag = ? AND app_major = ? AND app_minor = ? AND active = {TRUE} "
                   "ORDER BY major DESC, minor DESC, patch DESC, id DESC LIMIT 1",
                   "SELECT id, name || ' v' || major || '.' || minor || '.' || patch FROM sensor_graphs "
                   "WHERE app_tag = ? AND active = {TRUE} "
                   "ORDER BY major DESC, minor DESC, patch DESC, id DESC LIMIT 1",
                   appTag, major, minor);
}

Status DeviceVersionStore::setDeviceTemplate(qint64 deviceId, qint64 templateId)
{
    SqlQuery q = m_db.query("UPDATE devices SET template_id = ? WHERE id = ?");
    q.bind(templateId).bind(deviceId);
    return q.exec();
}

Status DeviceVersionStore::setDeviceSensorGraph(qint64 deviceId, qint64 sgId)
{
    SqlQuery q = m_db.query("UPDATE devices SET sg_id = ? WHERE id = ?");
    q.bind(sgId).bind(deviceId);
    return q.exec();
}

} // namespace iotile
