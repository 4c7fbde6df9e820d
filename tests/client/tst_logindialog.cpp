#include "client/app/logindialog.h"
#include "client/session/credentialstore.h"
#include "client/session/session.h"
#include "client/settings/clientsettings.h"
#include "tests/support/testserver.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// The sign-in dialog driven with key clicks against a real server: success closes it, failures show the
// server's words and keep it open, and what worked is offered next time.
class TstLoginDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void buttonNeedsAllFields();
    void signIn_data();
    void signIn();
    void prefilledNextTime();

private:
    struct Fields
    {
        QComboBox *server;
        QLineEdit *email;
        QLineEdit *password;
        QPushButton *signIn;
        QLabel *message;
    };
    static Fields fields(LoginDialog &dialog);
    static void type(QWidget *widget, const QString &text);

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ClientSettings> m_settings;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<Session> m_session;
};

void TstLoginDialog::initTestCase()
{
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/iotile-no-session-bus");
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_server->createUser(QStringLiteral("dana@example.com"), QStringLiteral("s3cret words"));
}

void TstLoginDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<ClientSettings>(m_dir->filePath(QStringLiteral("studio.ini")));
    m_store = std::make_unique<CredentialStore>(QStringLiteral("iotile-studio-test"));
    m_session = std::make_unique<Session>(m_settings.get(), m_store.get());
}

void TstLoginDialog::cleanup()
{
    m_session.reset();
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
}

TstLoginDialog::Fields TstLoginDialog::fields(LoginDialog &dialog)
{
    return Fields {dialog.findChild<QComboBox *>(QStringLiteral("server")),
                   dialog.findChild<QLineEdit *>(QStringLiteral("email")),
                   dialog.findChild<QLineEdit *>(QStringLiteral("password")),
                   dialog.findChild<QPushButton *>(QStringLiteral("signIn")),
                   dialog.findChild<QLabel *>(QStringLiteral("message"))};
}

void TstLoginDialog::type(QWidget *widget, const QString &text)
{
    widget->setFocus();
    QTest::keyClick(widget, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(widget, Qt::Key_Delete);
    QTest::keyClicks(widget, text);
}

void TstLoginDialog::buttonNeedsAllFields()
{
    LoginDialog dialog(m_session.get(), m_settings.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const Fields f = fields(dialog);
    QVERIFY(f.server && f.email && f.password && f.signIn && f.message);
    QVERIFY(!f.signIn->isEnabled());
    type(f.server->lineEdit(), m_server->baseUrl());
    type(f.email, QStringLiteral("dana@example.com"));
    QVERIFY(!f.signIn->isEnabled());
    type(f.password, QStringLiteral("x"));
    QVERIFY(f.signIn->isEnabled());
    QTest::keyClick(f.password, Qt::Key_Backspace);
    QVERIFY(!f.signIn->isEnabled());
}

void TstLoginDialog::signIn_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("message");
    const QString url = QStringLiteral("127.0.0.1:%1").arg(m_server->port());
    QTest::newRow("right password") << url << QStringLiteral("dana@example.com")
                                    << QStringLiteral("s3cret words") << true << QString();
    QTest::newRow("wrong password") << url << QStringLiteral("dana@example.com") << QStringLiteral("guess")
                                    << false << QStringLiteral("Username/password combination invalid.");
    QTest::newRow("bad address") << url << QStringLiteral("dana") << QStringLiteral("s3cret words") << false
                                 << QStringLiteral("email: Enter a valid email address.");
    QTest::newRow("bad server") << QStringLiteral("ftp://somewhere") << QStringLiteral("dana@example.com")
                                << QStringLiteral("s3cret words") << false
                                << QStringLiteral(
                                       "Enter a server address such as https://iotile.example.com.");
}

void TstLoginDialog::signIn()
{
    QFETCH(QString, server);
    QFETCH(QString, email);
    QFETCH(QString, password);
    QFETCH(bool, accepted);
    QFETCH(QString, message);
    LoginDialog dialog(m_session.get(), m_settings.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const Fields f = fields(dialog);
    type(f.server->lineEdit(), server);
    type(f.email, email);
    type(f.password, password);
    QSignalSpy done(&dialog, &QDialog::finished);
    QTest::keyClick(f.password, Qt::Key_Return);
    if (accepted) {
        QVERIFY(done.wait(10000));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(m_session->isSignedIn());
        QCOMPARE(m_session->account().email, email);
        return;
    }
    QTRY_COMPARE_WITH_TIMEOUT(f.message->text(), message, 10000);
    QVERIFY(dialog.isVisible());
    QCOMPARE(done.size(), 0);
    QVERIFY(f.password->isEnabled());
    QVERIFY(!m_session->isSignedIn());
}

void TstLoginDialog::prefilledNextTime()
{
    {
        LoginDialog dialog(m_session.get(), m_settings.get());
        dialog.show();
        const Fields f = fields(dialog);
        type(f.server->lineEdit(), m_server->baseUrl());
        type(f.email, QStringLiteral("dana@example.com"));
        type(f.password, QStringLiteral("s3cret words"));
        QSignalSpy done(&dialog, &QDialog::finished);
        QTest::mouseClick(f.signIn, Qt::LeftButton);
        QVERIFY(done.wait(10000));
    }
    LoginDialog again(m_session.get(), m_settings.get());
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    const Fields f = fields(again);
    QCOMPARE(f.server->currentText(), m_server->baseUrl());
    QCOMPARE(f.server->itemText(0), m_server->baseUrl());
    QCOMPARE(f.email->text(), QStringLiteral("dana@example.com"));
    QVERIFY(f.password->text().isEmpty());
    QCOMPARE(QApplication::focusWidget(), f.password);
}

QTEST_MAIN(TstLoginDialog)
#include "tst_logindialog.moc"
