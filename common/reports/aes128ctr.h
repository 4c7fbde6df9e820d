#pragma once

#include <QByteArray>
#include <QByteArrayView>

struct evp_cipher_ctx_st;

namespace iotile {

// AES-128-CTR key stream as CoreTools makes it (PyCryptodome Counter.new(128): a 128-bit big-endian
// counter starting at 1, no nonce); encrypting and decrypting are the same operation.
class Aes128Ctr final
{
public:
    static constexpr qsizetype kKeySize = 16;

    // Uses the first 16 bytes of key; isValid() is false if key is shorter or OpenSSL fails.
    explicit Aes128Ctr(QByteArrayView key);
    ~Aes128Ctr();
    Aes128Ctr(const Aes128Ctr &) = delete;
    Aes128Ctr &operator=(const Aes128Ctr &) = delete;

    bool isValid() const { return m_ctx != nullptr; }
    // XORs the next size bytes of key stream into out (in and out may be the same buffer).
    bool process(const uchar *in, uchar *out, qsizetype size);

    // One-shot form; returns an empty array on failure.
    static QByteArray apply(QByteArrayView key, QByteArrayView data);

private:
    evp_cipher_ctx_st *m_ctx = nullptr;
};

} // namespace iotile
