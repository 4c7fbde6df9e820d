#include "server/domain/apikeys.h"

#include "common/util/isotime.h"
#include "server/http/requestcontext.h"
#include "server/store/apikeystore.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace iotile {

namespace {

constexpr int kPrefixLength = 8;
constexpr int kSecretLength = 32;

QString randomAlphanumeric(int length)
{
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString out;
    out.reserve(length);
    for (int i = 0; i < length; ++i)
        out.append(QLatin1Char(kAlphabet[QRandomGenerator::system()->bounded(int(sizeof(kAlphabet) - 1))]));
    return out;
}

bool constantTimeEqual(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

Error invalidKey()
{
    // What the original answers: an unusable key leaves the caller anonymous.
    return Error::unauthorized();
}

} // namespace

QString ApiKeys::hashSecret(QByteArrayView secret)
{
    return QString::fromLatin1(QCryptographicHash::hash(secret, QCryptographicHash::Sha256).toHex());
}

Result<ApiKeys::Issued> ApiKeys::issue(SqlConnection &db, qint64 orgId, const QString &name,
                                       std::optional<qint64> expiry, qint64 createdBy)
{
    ApiKeyStore store(db);
    // A prefix collision is a one-in-2^47 event; draw again rather than fail.
    for (int attempt = 0; attempt < 5; ++attempt) {
        OrgApiKey key;
        key.orgId = orgId;
        key.name = name;
        key.prefix = randomAlphanumeric(kPrefixLength);
        const QString secret = randomAlphanumeric(kSecretLength);
        key.hashedKey = hashSecret(secret.toLatin1());
        key.expiry = expiry;
        key.createdBy = createdBy;
        IOTILE_TRY(created, store.create(key));
        if (created)
            return Issued {*created, key.prefix + QLatin1Char('.') + secret};
    }
    return Error::internal(QStringLiteral("could not draw a free API key prefix"));
}

Result<std::optional<qint64>> ApiKeys::orgOfKey(SqlConnection &db, QByteArrayView key)
{
    const qsizetype dot = key.indexOf('.');
    if (dot <= 0 || dot == key.size() - 1)
        return invalidKey();
    const QString prefix = QString::fromLatin1(key.first(dot));
    IOTILE_TRY(stored, ApiKeyStore(db).byPrefix(prefix));
    if (!stored || stored->revoked)
        return invalidKey();
    if (stored->expiry && *stored->expiry <= isotime::now())
        return invalidKey();
    const QByteArray hash = hashSecret(key.sliced(dot + 1)).toLatin1();
    if (!constantTimeEqual(hash, stored->hashedKey.toLatin1()))
        return invalidKey();
    return std::optional<qint64>(stored->orgId);
}

Result<std::optional<qint64>> ApiKeys::orgOfRequest(RequestContext &ctx)
{
    const QByteArray header = ctx.header("authorization").trimmed();
    const qsizetype space = header.indexOf(' ');
    if (space < 0 || QByteArrayView(header).first(space).compare("Api-Key", Qt::CaseInsensitive) != 0)
        return std::optional<qint64>();
    const QByteArray key = header.mid(space + 1).trimmed();
    IOTILE_TRY(db, ctx.db());
    return orgOfKey(*db, key);
}

} // namespace iotile
