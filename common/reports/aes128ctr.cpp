#include "common/reports/aes128ctr.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <climits>

namespace iotile {

Aes128Ctr::Aes128Ctr(QByteArrayView key)
{
    if (key.size() < kKeySize)
        return;
    // Counter block = the counter itself: 15 zero bytes then 1.
    std::array<uchar, 16> counter {};
    counter[15] = 1;
    m_ctx = EVP_CIPHER_CTX_new();
    if (m_ctx == nullptr)
        return;
    if (EVP_EncryptInit_ex(m_ctx, EVP_aes_128_ctr(), nullptr, reinterpret_cast<const uchar *>(key.data()),
                           counter.data())
        != 1) {
        EVP_CIPHER_CTX_free(m_ctx);
        m_ctx = nullptr;
    }
}

Aes128Ctr::~Aes128Ctr()
{
    EVP_CIPHER_CTX_free(m_ctx);
}

bool Aes128Ctr::process(const uchar *in, uchar *out, qsizetype size)
{
    if (m_ctx == nullptr || size < 0)
        return false;
    // EVP takes int lengths; large inputs go through in slices (CTR keeps its position between calls).
    constexpr qsizetype kSlice = qsizetype(1) << 30;
    while (size > 0) {
        const int n = int(std::min(size, kSlice));
        int written = 0;
        if (EVP_EncryptUpdate(m_ctx, out, &written, in, n) != 1 || written != n)
            return false;
        in += n;
        out += n;
        size -= n;
    }
    return true;
}

QByteArray Aes128Ctr::apply(QByteArrayView key, QByteArrayView data)
{
    Aes128Ctr cipher(key);
    if (!cipher.isValid())
        return {};
    QByteArray out(data.size(), Qt::Uninitialized);
    if (!cipher.process(reinterpret_cast<const uchar *>(data.data()), reinterpret_cast<uchar *>(out.data()),
                        data.size()))
        return {};
    return out;
}

} // namespace iotile
