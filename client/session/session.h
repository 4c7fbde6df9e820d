#pragma once

#include "common/api/account.h"
#include "common/api/apireply.h"
#include "common/util/error.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

namespace iotile {

namespace api {
class ApiClient;
}

class ClientSettings;
class CredentialStore;

// The signed-in state of the studio: which server, which account, and the token, kept in the keychain
// when one works and in memory for this run otherwise.
class Session final : public QObject
{
    Q_OBJECT
public:
    enum class State { SignedOut, Restoring, SigningIn, SignedIn };
    Q_ENUM(State)

    Session(ClientSettings *settings, CredentialStore *credentials, QObject *parent = nullptr);
    ~Session() override;

    api::ApiClient *api() const { return m_api; }
    CredentialStore *credentials() const { return m_credentials; }
    State state() const { return m_state; }
    bool isSignedIn() const { return m_state == State::SignedIn; }
    const api::Account &account() const { return m_account; }
    QUrl serverUrl() const;
    // False when the token lives in memory only because no keychain works.
    bool isTokenPersisted() const { return m_tokenPersisted; }

    // Signs in with e-mail and password; the server and e-mail are remembered.
    void signIn(const QUrl &server, const QString &email, const QString &password);
    // Signs in again with the token the keychain holds for the remembered server and e-mail.
    void restore();
    // Revokes the token on the server, forgets it here and in the keychain.
    void signOut();

    // The keychain entry name for an account on a server.
    static QString credentialKey(const QUrl &server, const QString &email);
    // "https://host/" and "host:8000" become canonical URLs; invalid text gives an invalid URL.
    static QUrl normalizeServerUrl(const QString &text);

signals:
    void stateChanged(iotile::Session::State state);
    void signedIn(const iotile::api::Account &account);
    void signInFailed(const iotile::Error &error);
    // restore() found no usable token: ask for the password.
    void restoreFailed(const QString &reason);
    void signedOut();
    // The server refused the token mid-session (expired past its refresh window, revoked).
    void sessionExpired(const QString &reason);
    // No keychain service works; the token is kept for this session only. Emitted once.
    void keychainUnavailable(const QString &reason);

private:
    void setState(State state);
    void loginFinished(api::ApiReply *reply, const QString &email);
    void userInfoFinished(api::ApiReply *reply);
    void storeToken(const QByteArray &token);
    void onTokenChanged(const QByteArray &token);
    void onAuthenticationRequired(const QString &reason);
    void onKeychainUnavailable(const QString &reason);

    ClientSettings *m_settings;
    CredentialStore *m_credentials;
    api::ApiClient *m_api;
    State m_state = State::SignedOut;
    api::Account m_account;
    QString m_email;
    QString m_pendingRestoreKey;
    QPointer<api::ApiReply> m_pending;
    bool m_tokenPersisted = false;
    bool m_keychainNoticeSent = false;
};

} // namespace iotile
