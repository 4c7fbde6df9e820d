#include "client/session/credentialstore.h"
#include "client/session/session.h"
#include "client/settings/clientsettings.h"

#ifdef IOTILE_KEYCHAIN_WITH_SERVER
#include "tests/support/testserver.h"
#endif

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace iotile;

// The token round trip through a real Secret Service (gnome-keyring in a private D-Bus session, started by
// run-with-keyring.sh): write, read, delete, a second process reading what the first stored, and a
// Session signing in again from the keychain. Skipped when not run through the wrapper.
class TstKeychain : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void roundTrip();
    void acrossProcesses();
    void sessionRestore();

private:
    static bool readBack(CredentialStore &store, const QString &key, QByteArray *secret);
    QString m_phase;
};

namespace {
const QString kService = QStringLiteral("iotile-studio-test");
const QString kPersisted = QStringLiteral("persisted across processes");
} // namespace

void TstKeychain::initTestCase()
{
    if (!qEnvironmentVariableIsSet("IOTILE_KEYCHAIN_SESSION"))
        QSKIP("needs a D-Bus session with gnome-keyring: run through "
              "tests/client/keychain/run-with-keyring.sh");
    m_phase = qEnvironmentVariable("IOTILE_KEYCHAIN_PHASE", QStringLiteral("write"));
}

bool TstKeychain::readBack(CredentialStore &store, const QString &key, QByteArray *secret)
{
    QSignalSpy read(&store, &CredentialStore::readFinished);
    store.read(key);
    if (!read.wait(10000))
        return false;
    *secret = read.first().at(1).toByteArray();
    return read.first().at(2).toBool();
}

void TstKeychain::roundTrip()
{
    if (m_phase != QLatin1String("write"))
        QSKIP("runs in the first process");
    CredentialStore store(kService);
    QSignalSpy unavailable(&store, &CredentialStore::unavailable);
    QSignalSpy written(&store, &CredentialStore::written);
    const QByteArray secret = "eyJhbGciOiJIUzI1NiJ9.payload.signature";
    store.write(QStringLiteral("user@example.com on http://127.0.0.1:8000"), secret);
    QVERIFY(written.wait(10000));
    QVERIFY2(written.first().at(1).toBool(), qPrintable(store.unavailableReason()));
    QByteArray back;
    QVERIFY(readBack(store, QStringLiteral("user@example.com on http://127.0.0.1:8000"), &back));
    QCOMPARE(back, secret);

    QSignalSpy removed(&store, &CredentialStore::removed);
    store.remove(QStringLiteral("user@example.com on http://127.0.0.1:8000"));
    QVERIFY(removed.wait(10000));
    QVERIFY(!readBack(store, QStringLiteral("user@example.com on http://127.0.0.1:8000"), &back));
    // A missing entry is not a broken keychain.
    QVERIFY(store.isAvailable());
    QCOMPARE(unavailable.size(), 0);
}

void TstKeychain::acrossProcesses()
{
    CredentialStore store(kService);
    if (m_phase == QLatin1String("write")) {
        QSignalSpy written(&store, &CredentialStore::written);
        store.write(kPersisted, "stored by the first process");
        QVERIFY(written.wait(10000));
        QVERIFY(written.first().at(1).toBool());
        return;
    }
    QByteArray back;
    QVERIFY(readBack(store, kPersisted, &back));
    QCOMPARE(back, QByteArray("stored by the first process"));
    QSignalSpy removed(&store, &CredentialStore::removed);
    store.remove(kPersisted);
    QVERIFY(removed.wait(10000));
}

void TstKeychain::sessionRestore()
{
#ifndef IOTILE_KEYCHAIN_WITH_SERVER
    QSKIP("built without the server");
#else
    if (m_phase != QLatin1String("write"))
        QSKIP("runs in the first process");
    test::TestServer server;
    QVERIFY2(server.ok(), qPrintable(server.error()));
    server.createUser(QStringLiteral("keychain@example.com"), QStringLiteral("open sesame"));
    QTemporaryDir dir;
    ClientSettings settings(dir.filePath(QStringLiteral("studio.ini")));
    const QUrl url(server.baseUrl());
    {
        CredentialStore store(kService);
        Session session(&settings, &store);
        QSignalSpy written(&store, &CredentialStore::written);
        QSignalSpy signedIn(&session, &Session::signedIn);
        session.signIn(url, QStringLiteral("keychain@example.com"), QStringLiteral("open sesame"));
        QVERIFY(signedIn.wait(10000));
        QVERIFY(written.size() == 1 || written.wait(10000));
        QVERIFY(session.isTokenPersisted());
    }
    {
        // A new start: no password, the token comes from the keychain.
        CredentialStore store(kService);
        Session session(&settings, &store);
        QSignalSpy signedIn(&session, &Session::signedIn);
        QSignalSpy failed(&session, &Session::restoreFailed);
        session.restore();
        QVERIFY(signedIn.wait(10000));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(session.account().email, QStringLiteral("keychain@example.com"));
        QSignalSpy removed(&store, &CredentialStore::removed);
        session.signOut();
        QVERIFY(removed.wait(10000));
    }
    {
        CredentialStore store(kService);
        Session session(&settings, &store);
        QSignalSpy failed(&session, &Session::restoreFailed);
        session.restore();
        QVERIFY(failed.wait(10000));
        QVERIFY(!session.isSignedIn());
    }
#endif
}

QTEST_GUILESS_MAIN(TstKeychain)
#include "tst_keychain.moc"
