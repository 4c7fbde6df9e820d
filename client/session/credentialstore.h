#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

namespace iotile {

// Secrets in the operating system's keychain through QtKeychain (Secret Service, macOS Keychain, Windows
// Credential Store). QtKeychain 0.13 has no usable fallback without a keychain service, so when one does
// not work the store says so once (unavailable()) and the caller keeps its secret in memory only.
class CredentialStore final : public QObject
{
    Q_OBJECT
public:
    explicit CredentialStore(const QString &service, QObject *parent = nullptr);

    const QString &service() const { return m_service; }
    // False after a keychain operation failed for another reason than a missing entry.
    bool isAvailable() const { return m_available; }
    const QString &unavailableReason() const { return m_reason; }

    void write(const QString &key, const QByteArray &secret);
    void read(const QString &key);
    void remove(const QString &key);

signals:
    void written(const QString &key, bool ok);
    void readFinished(const QString &key, const QByteArray &secret, bool found);
    void removed(const QString &key);
    // Emitted once, on the first failure of the keychain service itself.
    void unavailable(const QString &reason);

private:
    void noteFailure(int error, const QString &text);

    QString m_service;
    bool m_available = true;
    QString m_reason;
};

} // namespace iotile
