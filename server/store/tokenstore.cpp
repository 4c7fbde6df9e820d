#include "server/store/tokenstore.h"

#include "common/util/isotime.h"
#include "server/store/database.h"

#include <QRandomGenerator>

namespace iotile {

QString randomHex(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), bytes / 4);
    for (int i = bytes / 4 * 4; i < bytes; ++i)
        raw[i] = char(QRandomGenerator::system()->bounded(256));
    return QString::fromLatin1(raw.toHex());
}

Result<QString> TokenStore::apiToken(qint64 userId)
{
    SqlQuery q = m_db.query("SELECT key FROM api_tokens WHERE user_id = ?");
    q.bind(userId);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (q.next())
        return q.text(0);
    const QString key = randomHex(20); // 40 hex characters, as DRF's tokens
    SqlQuery insert = m_db.query("INSERT INTO api_tokens (key, user_id, created_at) VALUES (?, ?, ?) "
                                 "ON CONFLICT (user_id) DO NOTHING");
    insert.bind(key).bind(userId).bind(isotime::now());
    if (Status s = insert.exec(); !s)
        return std::move(s).error();
    // Another request may have won the race: read back what is stored.
    q = m_db.query("SELECT key FROM api_tokens WHERE user_id = ?");
    q.bind(userId);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return Error::internal(QStringLiteral("api token vanished"));
    return q.text(0);
}

Status TokenStore::revokeApiToken(qint64 userId)
{
    SqlQuery q = m_db.query("DELETE FROM api_tokens WHERE user_id = ?");
    q.bind(userId);
    return q.exec();
}

Result<std::optional<qint64>> TokenStore::userOfApiToken(const QString &key)
{
    SqlQuery q = m_db.query("SELECT user_id FROM api_tokens WHERE key = ?");
    q.bind(key);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.int64(0));
}

Status TokenStore::revokeJwt(const QString &jti, qint64 userId, qint64 expiresAtSeconds)
{
    SqlQuery q = m_db.query("INSERT INTO revoked_jwts (jti, user_id, expires_at) VALUES (?, ?, ?) "
                            "ON CONFLICT (jti) DO NOTHING");
    q.bind(jti).bind(userId).bind(expiresAtSeconds);
    return q.exec();
}

Result<bool> TokenStore::isJwtRevoked(const QString &jti)
{
    SqlQuery q = m_db.query("SELECT 1 FROM revoked_jwts WHERE jti = ?");
    q.bind(jti);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    return q.next();
}

Status TokenStore::purgeExpired(qint64 nowSeconds)
{
    SqlQuery q = m_db.query("DELETE FROM revoked_jwts WHERE expires_at < ?");
    q.bind(nowSeconds);
    if (Status s = q.exec(); !s)
        return s;
    SqlQuery k = m_db.query("DELETE FROM account_keys WHERE expires_at < ?");
    k.bind(nowSeconds * isotime::kMicrosPerSecond);
    return k.exec();
}

Result<QString> TokenStore::createKey(qint64 userId, KeyPurpose purpose, qint64 lifetimeSeconds)
{
    const QString key = randomHex(24);
    const qint64 now = isotime::now();
    SqlQuery q = m_db.query(
        "INSERT INTO account_keys (key, user_id, purpose, created_at, expires_at) VALUES (?,?,?,?,?)");
    q.bind(key).bind(userId).bind(purpose == KeyPurpose::ConfirmEmail ? "confirm" : "reset").bind(now);
    q.bind(now + lifetimeSeconds * isotime::kMicrosPerSecond);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    return key;
}

Result<std::optional<qint64>> TokenStore::consumeKey(const QString &key, KeyPurpose purpose)
{
    SqlQuery q = m_db.query(
        "DELETE FROM account_keys WHERE key = ? AND purpose = ? AND expires_at > ? RETURNING user_id");
    q.bind(key).bind(purpose == KeyPurpose::ConfirmEmail ? "confirm" : "reset").bind(isotime::now());
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<qint64>();
    const qint64 id = q.int64(0);
    q.raw().finish();
    return std::optional<qint64>(id);
}

Result<std::optional<QString>> TokenStore::setting(const QString &name)
{
    SqlQuery q = m_db.query("SELECT value FROM server_settings WHERE name = ?");
    q.bind(name);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<QString>();
    return std::optional<QString>(q.text(0));
}

Result<QString> TokenStore::settingOrInsert(const QString &name, const QString &value)
{
    SqlQuery insert =
        m_db.query("INSERT INTO server_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING");
    insert.bind(name).bind(value);
    if (Status s = insert.exec(); !s)
        return std::move(s).error();
    auto stored = setting(name);
    if (!stored)
        return std::move(stored).error();
    if (!stored->has_value())
        return Error::internal(QStringLiteral("setting %1 vanished").arg(name));
    return **stored;
}

} // namespace iotile
