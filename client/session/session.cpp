#include "client/session/session.h"

#include "client/session/credentialstore.h"
#include "client/settings/clientsettings.h"
#include "common/api/apiclient.h"
#include "common/api/apierror.h"

namespace iotile {

Session::Session(ClientSettings *settings, CredentialStore *credentials, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_credentials(credentials)
    , m_api(new api::ApiClient(this))
{
    m_api->setUserAgent(QByteArrayLiteral("iotile-studio/" IOTILE_VERSION));
    connect(m_api, &api::ApiClient::tokenChanged, this, &Session::onTokenChanged);
    connect(m_api, &api::ApiClient::authenticationRequired, this, &Session::onAuthenticationRequired);
    connect(m_credentials, &CredentialStore::unavailable, this, &Session::onKeychainUnavailable);
    connect(m_credentials, &CredentialStore::written, this,
            [this](const QString &, bool ok) { m_tokenPersisted = ok; });
    connect(
        m_credentials, &CredentialStore::readFinished, this,
        [this](const QString &key, const QByteArray &secret, bool found) {
            if (m_state != State::Restoring || key != m_pendingRestoreKey)
                return;
            if (!found || secret.isEmpty()) {
                setState(State::SignedOut);
                emit restoreFailed(
                    m_credentials->isAvailable()
                        ? tr("No saved sign-in for this server.")
                        : tr("The keychain cannot be read (%1).").arg(m_credentials->unavailableReason()));
                return;
            }
            m_tokenPersisted = true;
            m_api->setToken(secret);
            api::ApiReply *reply = m_api->get(QStringLiteral("/api/v1/auth/user-info/"));
            m_pending = reply;
            connect(reply, &api::ApiReply::finished, this, [this, reply] { userInfoFinished(reply); });
        });
}

Session::~Session() = default;

QUrl Session::serverUrl() const
{
    return m_api->baseUrl();
}

namespace {

// "https://host/" and "https://host" are the same server; QUrl::StripTrailingSlash keeps a lone "/".
QUrl withoutTrailingSlash(const QUrl &url)
{
    QUrl result = url.adjusted(QUrl::StripTrailingSlash);
    if (result.path() == QLatin1String("/"))
        result.setPath(QString());
    return result;
}

} // namespace

QString Session::credentialKey(const QUrl &server, const QString &email)
{
    return email.trimmed().toLower() + QLatin1String(" on ") + withoutTrailingSlash(server).toString();
}

QUrl Session::normalizeServerUrl(const QString &text)
{
    QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    if (!trimmed.contains(QLatin1String("://")))
        trimmed.prepend(QLatin1String("http://"));
    QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return {};
    return withoutTrailingSlash(url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment));
}

void Session::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void Session::signIn(const QUrl &server, const QString &email, const QString &password)
{
    if (m_pending)
        m_pending->cancel();
    m_api->setBaseUrl(server);
    m_api->setToken({});
    m_email = email.trimmed();
    setState(State::SigningIn);
    api::ApiReply *reply = m_api->login(m_email, password);
    m_pending = reply;
    const QString signedInEmail = m_email;
    connect(reply, &api::ApiReply::finished, this,
            [this, reply, signedInEmail] { loginFinished(reply, signedInEmail); });
}

void Session::loginFinished(api::ApiReply *reply, const QString &email)
{
    if (reply->isCancelled())
        return;
    if (!reply->isOk()) {
        setState(State::SignedOut);
        emit signInFailed(reply->error());
        return;
    }
    m_account = api::Account::fromJson(reply->object());
    m_settings->rememberServer(m_api->baseUrl());
    m_settings->setValue(ClientSettings::Key::LastEmail, email);
    storeToken(m_api->token());
    setState(State::SignedIn);
    emit signedIn(m_account);
}

void Session::restore()
{
    const QUrl server = m_settings->serverUrl();
    const QString email = m_settings->value(ClientSettings::Key::LastEmail).toString();
    if (!server.isValid() || email.isEmpty()) {
        emit restoreFailed(tr("No saved sign-in."));
        return;
    }
    m_api->setBaseUrl(server);
    m_email = email;
    m_pendingRestoreKey = credentialKey(server, email);
    setState(State::Restoring);
    m_credentials->read(m_pendingRestoreKey);
}

void Session::userInfoFinished(api::ApiReply *reply)
{
    if (reply->isCancelled() || m_state != State::Restoring)
        return;
    if (!reply->isOk()) {
        // A refused token is useless from now on; a server that cannot be reached says nothing about it.
        if (reply->status() == 401)
            m_credentials->remove(credentialKey(m_api->baseUrl(), m_email));
        m_api->setToken({});
        setState(State::SignedOut);
        emit restoreFailed(api::ApiError::serverText(reply->error()));
        return;
    }
    m_account = api::Account::fromJson(reply->object());
    setState(State::SignedIn);
    emit signedIn(m_account);
}

void Session::signOut()
{
    if (m_pending)
        m_pending->cancel();
    if (m_api->hasToken()) {
        m_api->logout();
        m_api->setToken({});
    }
    if (!m_email.isEmpty())
        m_credentials->remove(credentialKey(m_api->baseUrl(), m_email));
    m_tokenPersisted = false;
    m_account = {};
    setState(State::SignedOut);
    emit signedOut();
}

void Session::storeToken(const QByteArray &token)
{
    if (token.isEmpty() || m_email.isEmpty())
        return;
    if (!m_credentials->isAvailable()) {
        m_tokenPersisted = false;
        return;
    }
    m_credentials->write(credentialKey(m_api->baseUrl(), m_email), token);
}

void Session::onTokenChanged(const QByteArray &token)
{
    // A refreshed token replaces the stored one, so the next start does not begin with a stale token.
    if (m_state == State::SignedIn && !token.isEmpty())
        storeToken(token);
}

void Session::onAuthenticationRequired(const QString &reason)
{
    if (m_state != State::SignedIn)
        return;
    m_credentials->remove(credentialKey(m_api->baseUrl(), m_email));
    m_api->setToken({});
    m_tokenPersisted = false;
    setState(State::SignedOut);
    emit sessionExpired(reason);
}

void Session::onKeychainUnavailable(const QString &reason)
{
    m_tokenPersisted = false;
    if (m_keychainNoticeSent)
        return;
    m_keychainNoticeSent = true;
    emit keychainUnavailable(reason);
}

} // namespace iotile
