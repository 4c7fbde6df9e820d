#pragma once

#include <QString>

namespace iotile {

// Django's "pbkdf2_sha256$<iterations>$<salt>$<base64 hash>" encoding, so accounts moved from the
// original service keep their passwords (its older "pbkdf2_sha1$..." hashes verify too).
class PasswordHasher
{
public:
    explicit PasswordHasher(int iterations)
        : m_iterations(iterations)
    { }

    QString hash(const QString &password) const;
    // Constant-time check; false for malformed or unusable ("!...") encodings.
    static bool verify(const QString &password, const QString &encoded);
    // True when the stored hash is not pbkdf2_sha256 or uses fewer iterations than configured (rehash on
    // next login).
    bool needsRehash(const QString &encoded) const;
    static QString unusable();

private:
    int m_iterations;
};

} // namespace iotile
