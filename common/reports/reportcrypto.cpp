#include "common/reports/reportcrypto.h"

#include <QtEndian>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace iotile {

namespace {

// Key derivation constant of CoreTools' auth providers (ReportKeyMagic).
constexpr quint32 kReportKeyMagic = 0x00000002;

} // namespace

ReportCrypto::Digest ReportCrypto::sha256(QByteArrayView data)
{
    Digest digest {};
    unsigned int size = 0;
    EVP_Digest(data.data(), size_t(data.size()), digest.data(), &size, EVP_sha256(), nullptr);
    return digest;
}

ReportCrypto::Digest ReportCrypto::hmacSha256(QByteArrayView key, QByteArrayView data)
{
    Digest digest {};
    unsigned int size = 0;
    HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const uchar *>(data.data()),
         size_t(data.size()), digest.data(), &size);
    return digest;
}

QByteArray ReportCrypto::deriveReportKey(QByteArrayView rootKey, quint32 reportId, quint32 sentTimestamp)
{
    std::array<uchar, 12> message {};
    qToLittleEndian<quint32>(kReportKeyMagic, message.data());
    qToLittleEndian<quint32>(reportId, message.data() + 4);
    qToLittleEndian<quint32>(sentTimestamp, message.data() + 8);
    const Digest key = hmacSha256(rootKey, QByteArrayView(message.data(), qsizetype(message.size())));
    return QByteArray(reinterpret_cast<const char *>(key.data()), kReportKeySize);
}

QByteArray ReportCrypto::signature(QByteArrayView signedData, QByteArrayView reportKey)
{
    Digest digest = sha256(signedData);
    if (!reportKey.isEmpty())
        digest = hmacSha256(reportKey, QByteArrayView(digest.data(), qsizetype(digest.size())));
    return QByteArray(reinterpret_cast<const char *>(digest.data()), kSignatureSize);
}

bool ReportCrypto::equalConstantTime(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

} // namespace iotile
