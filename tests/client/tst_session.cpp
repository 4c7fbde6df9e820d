#include "client/session/credentialstore.h"
#include "client/session/session.h"
#include "client/settings/clientsettings.h"
#include "common/api/apiclient.h"
#include "common/api/apierror.h"
#include "tests/support/testserver.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// Signing in, out and again against a real server, with no keychain service reachable (the D-Bus
// address points nowhere): the token then lives for the session only and the user is told once.
class TstSession : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void normalizeServerUrl_data();
    void normalizeServerUrl();
    void credentialKey();
    void signInWithoutKeychain();
    void signInFails_data();
    void signInFails();
    void restoreWithoutSavedSignIn();
    void restoreWithoutKeychain();
    void signOutRevokes();
    void revokedTokenEndsSession();
    void settingsTable();

private:
    void signIn(Session &session, const QString &email = QStringLiteral("ann@example.com"),
                const QString &password = QStringLiteral("correct horse"));

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ClientSettings> m_settings;
};

void TstSession::initTestCase()
{
    // No keychain here: QtKeychain's libsecret backend fails at once without a session bus.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/iotile-no-session-bus");
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_server->createUser(QStringLiteral("ann@example.com"), QStringLiteral("correct horse"));
    m_server->createUser(QStringLiteral("bob@example.com"), QStringLiteral("battery staple"));
}

void TstSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<ClientSettings>(m_dir->filePath(QStringLiteral("studio.ini")));
}

void TstSession::cleanup()
{
    m_settings.reset();
    m_dir.reset();
}

void TstSession::signIn(Session &session, const QString &email, const QString &password)
{
    QSignalSpy signedIn(&session, &Session::signedIn);
    session.signIn(QUrl(m_server->baseUrl()), email, password);
    QVERIFY(signedIn.wait(10000));
}

void TstSession::normalizeServerUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("url");
    QTest::newRow("host and port") << QStringLiteral("127.0.0.1:8000")
                                   << QStringLiteral("http://127.0.0.1:8000");
    QTest::newRow("https with slash")
        << QStringLiteral(" https://cloud.example.com/ ") << QStringLiteral("https://cloud.example.com");
    QTest::newRow("path prefix") << QStringLiteral("https://example.com/iotile/?x=1")
                                 << QStringLiteral("https://example.com/iotile");
    QTest::newRow("other scheme") << QStringLiteral("ftp://example.com") << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("no host") << QStringLiteral("http://") << QString();
}

void TstSession::normalizeServerUrl()
{
    QFETCH(QString, text);
    QFETCH(QString, url);
    const QUrl result = Session::normalizeServerUrl(text);
    QCOMPARE(result.isValid() ? result.toString() : QString(), url);
}

void TstSession::credentialKey()
{
    QCOMPARE(Session::credentialKey(QUrl(QStringLiteral("https://cloud.example.com/")),
                                    QStringLiteral(" Ann@Example.com")),
             QStringLiteral("ann@example.com on https://cloud.example.com"));
}

void TstSession::signInWithoutKeychain()
{
    CredentialStore store(QStringLiteral("iotile-studio-test"));
    Session session(m_settings.get(), &store);
    QSignalSpy unavailable(&session, &Session::keychainUnavailable);
    QSignalSpy states(&session, &Session::stateChanged);
    signIn(session);
    QCOMPARE(session.state(), Session::State::SignedIn);
    QCOMPARE(session.account().email, QStringLiteral("ann@example.com"));
    QVERIFY(session.api()->hasToken());
    QCOMPARE(states.first().first().value<Session::State>(), Session::State::SigningIn);
    // The failed write is reported once; the session goes on with the token in memory.
    QVERIFY(unavailable.size() == 1 || unavailable.wait(10000));
    QVERIFY(!unavailable.first().first().toString().isEmpty());
    QVERIFY(!store.isAvailable());
    QVERIFY(!session.isTokenPersisted());
    api::ApiReply *reply = session.api()->get(QStringLiteral("/api/v1/account/"));
    QSignalSpy done(reply, &api::ApiReply::finished);
    QVERIFY(done.wait(10000));
    QVERIFY(reply->isOk());

    // Signing out and in again does not repeat the notice.
    session.signOut();
    signIn(session, QStringLiteral("bob@example.com"), QStringLiteral("battery staple"));
    QTest::qWait(200);
    QCOMPARE(unavailable.size(), 1);
    QCOMPARE(session.account().email, QStringLiteral("bob@example.com"));
}

void TstSession::signInFails_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");
    QTest::newRow("wrong password") << QStringLiteral("ann@example.com") << QStringLiteral("wrong")
                                    << int(ErrorKind::Unauthorized)
                                    << QStringLiteral("Username/password combination invalid.");
    QTest::newRow("not an address") << QStringLiteral("ann") << QStringLiteral("x")
                                    << int(ErrorKind::BadRequest)
                                    << QStringLiteral("email: Enter a valid email address.");
}

void TstSession::signInFails()
{
    QFETCH(QString, email);
    QFETCH(QString, password);
    QFETCH(int, kind);
    QFETCH(QString, text);
    CredentialStore store(QStringLiteral("iotile-studio-test"));
    Session session(m_settings.get(), &store);
    QSignalSpy failed(&session, &Session::signInFailed);
    session.signIn(QUrl(m_server->baseUrl()), email, password);
    QVERIFY(failed.wait(10000));
    const Error error = failed.first().first().value<Error>();
    QCOMPARE(int(error.kind()), kind);
    QCOMPARE(api::ApiError::serverText(error), text);
    QCOMPARE(session.state(), Session::State::SignedOut);
    QVERIFY(!session.api()->hasToken());
    // Nothing is remembered from a failed attempt.
    QVERIFY(m_settings->value(ClientSettings::Key::LastEmail).toString().isEmpty());
}

void TstSession::restoreWithoutSavedSignIn()
{
    CredentialStore store(QStringLiteral("iotile-studio-test"));
    Session session(m_settings.get(), &store);
    QSignalSpy failed(&session, &Session::restoreFailed);
    session.restore();
    QVERIFY(failed.size() == 1 || failed.wait(1000));
    QCOMPARE(session.state(), Session::State::SignedOut);
}

void TstSession::restoreWithoutKeychain()
{
    m_settings->setServerUrl(QUrl(m_server->baseUrl()));
    m_settings->setValue(ClientSettings::Key::LastEmail, QStringLiteral("ann@example.com"));
    CredentialStore store(QStringLiteral("iotile-studio-test"));
    Session session(m_settings.get(), &store);
    QSignalSpy failed(&session, &Session::restoreFailed);
    QSignalSpy unavailable(&session, &Session::keychainUnavailable);
    session.restore();
    QVERIFY(failed.wait(10000));
    QCOMPARE(session.state(), Session::State::SignedOut);
    QCOMPARE(unavailable.size(), 1);
    QCOMPARE(failed.first().first().toString(),
             QStringLiteral("The keychain cannot be read (%1).").arg(unavailable.first().first().toString()));
}

void TstSession::signOutRevokes()
{
    CredentialStore store(QStringLiteral("iotile-studio-test"));
    Session session(m_settings.get(), &store);
    signIn(session);
    const QByteArray token = session.api()->token();
    QSignalSpy signedOut(&session, &Session::signedOut);
    session.signOut();
    QCOMPARE(signedOut.size(), 1);
    QCOMPARE(session.state(), Session::State::SignedOut);
    QVERIFY(!session.api()->hasToken());
    QVERIFY(session.account().email.isEmpty());
    // The server stops accepting the token once the logout arrives.
    auto client = m_server->anonymous();
    client->setAuthorization("JWT " + token);
    QTRY_COMPARE_WITH_TIMEOUT(client->get(QStringLiteral("/api/v1/account/")).status, 401, 10000);
    // What is remembered is the server and the address, for the next sign-in.
    QCOMPARE(m_settings->serverUrl(), QUrl(m_server->baseUrl()));
    QCOMPARE(m_settings->value(ClientSettings::Key::LastEmail).toString(), QStringLiteral("ann@example.com"));
}

void TstSession::revokedTokenEndsSession()
{
    CredentialStore store(QStringLiteral("iotile-studio-test"));
    Session session(m_settings.get(), &store);
    signIn(session);
    // Another client logs out with the same token (e.g. a second window): the server revokes it.
    auto other = m_server->anonymous();
    other->setAuthorization("JWT " + session.api()->token());
    QCOMPARE(other->post(QStringLiteral("/api/v1/auth/logout/"), QJsonObject {}).status, 204);
    QSignalSpy expired(&session, &Session::sessionExpired);
    api::ApiReply *reply = session.api()->get(QStringLiteral("/api/v1/account/"));
    Q_UNUSED(reply);
    QVERIFY(expired.wait(10000));
    QCOMPARE(expired.first().first().toString(), QStringLiteral("Signature has been revoked."));
    QCOMPARE(session.state(), Session::State::SignedOut);
    QVERIFY(!session.api()->hasToken());
}

void TstSession::settingsTable()
{
    // Every key has a storage name of its own and a default.
    QSet<QString> names;
    const QMetaEnum keys = QMetaEnum::fromType<ClientSettings::Key>();
    for (int i = 0; i < keys.keyCount(); ++i) {
        const auto key = ClientSettings::Key(keys.value(i));
        QVERIFY(!names.contains(ClientSettings::storageName(key)));
        names.insert(ClientSettings::storageName(key));
    }
    QCOMPARE(m_settings->theme(), ClientSettings::Theme::System);
    QCOMPARE(m_settings->units(), ClientSettings::Units::Output);
    QSignalSpy changed(m_settings.get(), &ClientSettings::changed);
    m_settings->setValue(ClientSettings::Key::Theme, QStringLiteral("Dark"));
    m_settings->setValue(ClientSettings::Key::Theme, QStringLiteral("Dark"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_settings->theme(), ClientSettings::Theme::Dark);
    for (int i = 0; i < 10; ++i)
        m_settings->rememberServer(QUrl(QStringLiteral("http://host%1:8000").arg(i)));
    QCOMPARE(m_settings->recentServers().size(), 8);
    QCOMPARE(m_settings->recentServers().first(), QStringLiteral("http://host9:8000"));
}

QTEST_GUILESS_MAIN(TstSession)
#include "tst_session.moc"
