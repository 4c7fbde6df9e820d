#include "server/domain/passwordhasher.h"

#include <QByteArray>
#include <QRandomGenerator>
#include <QStringList>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace iotile {

namespace {

QByteArray pbkdf2(const QByteArray &password, const QByteArray &salt, int iterations,
                  const EVP_MD *digest = EVP_sha256())
{
    QByteArray out(EVP_MD_get_size(digest), Qt::Uninitialized);
    // OpenSSL's PBKDF2 is several times faster than QPasswordDigestor, which matters at 260k iterations.
    PKCS5_PBKDF2_HMAC(password.constData(), int(password.size()),
                      reinterpret_cast<const unsigned char *>(salt.constData()), int(salt.size()), iterations,
                      digest, int(out.size()), reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

const QLatin1String kSha256("pbkdf2_sha256");
// Django's PBKDF2SHA1PasswordHasher: accounts of the original that never logged in since it changed its
// default still carry it; verified, then re-hashed on that login.
const QLatin1String kSha1("pbkdf2_sha1");

QString randomSalt()
{
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    QString salt;
    auto *rng = QRandomGenerator::system();
    for (int i = 0; i < 22; ++i)
        salt += QLatin1Char(kAlphabet[rng->bounded(int(sizeof kAlphabet - 1))]);
    return salt;
}

} // namespace

QString PasswordHasher::hash(const QString &password) const
{
    const QString salt = randomSalt();
    const QByteArray digest = pbkdf2(password.toUtf8(), salt.toUtf8(), m_iterations);
    return QStringLiteral("pbkdf2_sha256$%1$%2$%3")
        .arg(m_iterations)
        .arg(salt, QString::fromLatin1(digest.toBase64()));
}

bool PasswordHasher::verify(const QString &password, const QString &encoded)
{
    const QStringList parts = encoded.split(QLatin1Char('$'));
    if (parts.size() != 4 || (parts[0] != kSha256 && parts[0] != kSha1))
        return false;
    bool ok = false;
    const int iterations = parts[1].toInt(&ok);
    if (!ok || iterations < 1 || iterations > 100'000'000)
        return false;
    const EVP_MD *digest = parts[0] == kSha256 ? EVP_sha256() : EVP_sha1();
    const QByteArray expected = QByteArray::fromBase64(parts[3].toLatin1());
    if (expected.size() != EVP_MD_get_size(digest))
        return false;
    const QByteArray actual = pbkdf2(password.toUtf8(), parts[2].toUtf8(), iterations, digest);
    return CRYPTO_memcmp(actual.constData(), expected.constData(), size_t(expected.size())) == 0;
}

bool PasswordHasher::needsRehash(const QString &encoded) const
{
    const QStringList parts = encoded.split(QLatin1Char('$'));
    return parts.size() != 4 || parts[0] != kSha256 || parts[1].toInt() < m_iterations;
}

QString PasswordHasher::unusable()
{
    // Django marks unusable passwords with a leading '!'; nothing verifies against it.
    return QStringLiteral("!") + randomSalt() + randomSalt();
}

} // namespace iotile
