#include "server/store/accountstore.h"

#include "common/slug/slugify.h"
#include "common/util/isotime.h"
#include "server/domain/membershipcache.h"
#include "server/store/database.h"

namespace iotile {

namespace {

constexpr const char *kColumns =
    "id, email, username, slug, name, tagline, password, time_zone, is_active, is_staff, "
    "is_superuser, email_verified, created_at, updated_at, last_login, jwt_not_before";

Account readAccount(SqlQuery &q)
{
    Account a;
    a.id = q.int64(0);
    a.email = q.text(1);
    a.username = q.text(2);
    a.slug = q.text(3);
    a.name = q.text(4);
    a.tagline = q.text(5);
    a.passwordHash = q.text(6);
    a.timeZone = q.text(7);
    a.isActive = q.boolean(8);
    a.isStaff = q.boolean(9);
    a.isSuperuser = q.boolean(10);
    a.emailVerified = q.boolean(11);
    a.createdAt = q.int64(12);
    a.updatedAt = q.int64(13);
    a.lastLogin = q.optionalInt64(14);
    a.jwtNotBefore = q.int64(15);
    return a;
}

} // namespace

Result<std::optional<Account>> AccountStore::one(const char *whereClause, const QVariant &value)
{
    SqlQuery q = m_db.query(QStringLiteral("SELECT %1 FROM accounts WHERE %2")
                                .arg(QLatin1String(kColumns), QLatin1String(whereClause)));
    q.bind(value);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    if (!q.next())
        return std::optional<Account>();
    return std::optional<Account>(readAccount(q));
}

Result<std::optional<Account>> AccountStore::byId(qint64 id)
{
    return one("id = ?", id);
}

Result<std::optional<Account>> AccountStore::byEmail(const QString &email)
{
    return one("lower(email) = lower(?)", email);
}

Result<std::optional<Account>> AccountStore::byUsername(const QString &username)
{
    return one("username = ?", username);
}

Result<std::optional<Account>> AccountStore::bySlug(const QString &slug)
{
    return one("slug = ?", slug);
}

Result<std::optional<Account>> AccountStore::byLogin(const QString &emailOrUsername)
{
    if (emailOrUsername.contains(QLatin1Char('@'))) {
        auto byMail = byEmail(emailOrUsername);
        if (!byMail || byMail->has_value())
            return byMail;
    }
    return byUsername(emailOrUsername);
}

Result<QString> AccountStore::uniqueSlug(const QString &username, qint64 exceptId)
{
    // The original: slugify(username), then "0", "1", ... appended on collision.
    QString base = slugify(username);
    if (base.isEmpty())
        base = QStringLiteral("user");
    for (int n = -1; n < 10000; ++n) {
        const QString candidate = n < 0 ? base : base + QString::number(n);
        SqlQuery q = m_db.query("SELECT id FROM accounts WHERE slug = ?");
        q.bind(candidate);
        if (Status s = q.exec(); !s)
            return std::move(s).error();
        if (!q.next() || q.int64(0) == exceptId)
            return candidate;
    }
    return Error::internal(QStringLiteral("no free slug for %1").arg(username));
}

Result<Account> AccountStore::create(Account a)
{
    auto slug = uniqueSlug(a.username, -1);
    if (!slug)
        return std::move(slug).error();
    a.slug = *slug;
    a.createdAt = a.updatedAt = isotime::now();
    SqlQuery q = m_db.query("INSERT INTO accounts (email, username, slug, name, tagline, password, "
                            "time_zone, is_active, is_staff, "
                            "is_superuser, email_verified, created_at, updated_at, jwt_not_before) "
                            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    q.bind(a.email)
        .bind(a.username)
        .bind(a.slug)
        .bind(a.name)
        .bind(a.tagline)
        .bind(a.passwordHash)
        .bind(a.timeZone);
    q.bind(a.isActive)
        .bind(a.isStaff)
        .bind(a.isSuperuser)
        .bind(a.emailVerified)
        .bind(a.createdAt)
        .bind(a.updatedAt);
    q.bind(a.jwtNotBefore);
    auto id = q.scalarInt64();
    if (!id) {
        if (q.isUniqueViolation())
            return Error(ErrorKind::Conflict,
                         QJsonObject {{QStringLiteral("detail"), QStringLiteral("Account exists.")}});
        return std::move(id).error();
    }
    a.id = *id;
    return a;
}

Result<Account> AccountStore::update(Account a)
{
    auto slug = uniqueSlug(a.username, a.id);
    if (!slug)
        return std::move(slug).error();
    a.slug = *slug;
    a.updatedAt = isotime::now();
    SqlQuery q = m_db.query(
        "UPDATE accounts SET email = ?, username = ?, slug = ?, name = ?, tagline = ?, time_zone = ?, "
        "is_active = ?, is_staff = ?, is_superuser = ?, email_verified = ?, updated_at = ? WHERE id = ?");
    q.bind(a.email)
        .bind(a.username)
        .bind(a.slug)
        .bind(a.name)
        .bind(a.tagline)
        .bind(a.timeZone)
        .bind(a.isActive);
    q.bind(a.isStaff).bind(a.isSuperuser).bind(a.emailVerified).bind(a.updatedAt).bind(a.id);
    if (Status s = q.exec(); !s) {
        if (q.isUniqueViolation())
            return Error(ErrorKind::Conflict,
                         QJsonObject {{QStringLiteral("detail"), QStringLiteral("Account exists.")}});
        return std::move(s).error();
    }
    return a;
}

Status AccountStore::setPassword(qint64 id, const QString &hash, qint64 jwtNotBefore)
{
    SqlQuery q =
        m_db.query("UPDATE accounts SET password = ?, jwt_not_before = ?, updated_at = ? WHERE id = ?");
    q.bind(hash).bind(jwtNotBefore).bind(isotime::now()).bind(id);
    return q.exec();
}

Status AccountStore::setLastLogin(qint64 id, qint64 when)
{
    SqlQuery q = m_db.query("UPDATE accounts SET last_login = ? WHERE id = ?");
    q.bind(when).bind(id);
    return q.exec();
}

Status AccountStore::setActive(qint64 id, bool active, bool emailVerified)
{
    SqlQuery q =
        m_db.query("UPDATE accounts SET is_active = ?, email_verified = ?, updated_at = ? WHERE id = ?");
    q.bind(active).bind(emailVerified).bind(isotime::now()).bind(id);
    return q.exec();
}

Status AccountStore::remove(qint64 id)
{
    MembershipCache::changed(m_db); // its memberships go with it
    SqlQuery q = m_db.query("DELETE FROM accounts WHERE id = ?");
    q.bind(id);
    return q.exec();
}

Result<qint64> AccountStore::count()
{
    return m_db.query("SELECT count(*) FROM accounts").scalarInt64();
}

Result<QList<Account>> AccountStore::list(qint64 offset, qint64 limit)
{
    SqlQuery q = m_db.query(
        QStringLiteral("SELECT %1 FROM accounts ORDER BY id LIMIT ? OFFSET ?").arg(QLatin1String(kColumns)));
    q.bind(limit).bind(offset);
    if (Status s = q.exec(); !s)
        return std::move(s).error();
    QList<Account> out;
    while (q.next())
        out.append(readAccount(q));
    return out;
}

} // namespace iotile
