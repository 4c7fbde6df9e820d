#include "server/store/devicekeystore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"
#include "server/store/storehelpers.h"

namespace iotile {

namespace {

constexpr const char *kSelect =
    "SELECT k.id, k.device_id, d.slug, k.type, k.secret, k.downloadable, "
    "k.created_on, k.created_by FROM device_keys k JOIN devices d ON d.id = k.device_id";

// The a-jwt signing key signs device tokens: it never leaves the server, whatever its flag says.
constexpr const char *kNeverDownloadable = "A-JWT-KEY";

DeviceKey readKey(SqlQuery &q)
{
    DeviceKey k;
    k.id = q.int64(0);
    k.deviceId = q.int64(1);
    k.deviceSlug = q.text(2);
    k.type = q.text(3);
    k.secret = q.text(4);
    k.downloadable = q.boolean(5);
    k.createdOn = q.int64(6);
    k.createdBy = q.optionalInt64(7);
    return k;
}

} // namespace

Result<std::optional<DeviceKey>> DeviceKeyStore::create(DeviceKey key)
{
    key.createdOn = isotime::now();
    SqlQuery q =
        m_db.query("INSERT INTO device_keys (device_id, type, secret, downloadable, created_on, created_by) "
                   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, type) DO NOTHING RETURNING id");
    q.bind(key.deviceId).bind(key.type).bind(key.secret).bind(key.downloadable).bind(key.createdOn);
    q.bindOptional(key.createdBy);
    IOTILE_CHECK(q.exec());
    const auto insertedRow = insertedId(q);
    if (!insertedRow)
        return std::optional<DeviceKey>();
    key.id = *insertedRow;
    return std::optional<DeviceKey>(std::move(key));
}

Result<QList<DeviceKey>> DeviceKeyStore::ofType(const QString &type)
{
    SqlQuery q =
        m_db.query(QString::fromLatin1(kSelect) + QStringLiteral(" WHERE k.type = ? ORDER BY k.device_id"));
    q.bind(type);
    IOTILE_CHECK(q.exec());
    QList<DeviceKey> out;
    while (q.next())
        out.append(readKey(q));
    return out;
}

Result<std::optional<DeviceKey>> DeviceKeyStore::find(qint64 deviceId, const QString &type)
{
    SqlQuery q =
        m_db.query(QString::fromLatin1(kSelect) + QStringLiteral(" WHERE k.device_id = ? AND k.type = ?"));
    q.bind(deviceId).bind(type);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DeviceKey>();
    return std::optional<DeviceKey>(readKey(q));
}

Result<std::optional<DeviceKey>> DeviceKeyStore::downloadable(qint64 deviceId, const QString &type)
{
    SqlQuery q =
        m_db.query(QString::fromLatin1(kSelect)
                   + QStringLiteral(" WHERE k.device_id = ? AND k.type = ? AND k.downloadable = {TRUE} "
                                    "AND k.type <> ?"));
    q.bind(deviceId).bind(type).bind(kNeverDownloadable);
    IOTILE_CHECK(q.exec());
    if (!q.next())
        return std::optional<DeviceKey>();
    return std::optional<DeviceKey>(readKey(q));
}

Result<QList<DeviceKey>> DeviceKeyStore::downloadableOf(qint64 deviceId)
{
    SqlQuery q =
        m_db.query(QString::fromLatin1(kSelect)
                   + QStringLiteral(" WHERE k.device_id = ? AND k.downloadable = {TRUE} AND k.type <> ? "
                                    "ORDER BY k.type"));
    q.bind(deviceId).bind(kNeverDownloadable);
    IOTILE_CHECK(q.exec());
    QList<DeviceKey> keys;
    while (q.next())
        keys.append(readKey(q));
    return keys;
}

Result<DeviceKey> DeviceKeyStore::findOrCreate(const DeviceKey &candidate)
{
    IOTILE_TRY(existing, find(candidate.deviceId, candidate.type));
    if (existing)
        return *existing;
    IOTILE_CHECK(create(candidate));
    IOTILE_TRY(stored, find(candidate.deviceId, candidate.type));
    if (!stored)
        return Error::internal(QStringLiteral("device key vanished"));
    return *stored;
}

} // namespace iotile
