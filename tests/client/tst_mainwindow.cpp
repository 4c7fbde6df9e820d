#include "client/app/logindialog.h"
#include "client/app/mainwindow.h"
#include "client/app/theme.h"
#include "client/charts/chartpanel.h"
#include "client/charts/streamchart.h"
#include "client/data/pollingliveupdates.h"
#include "client/demo/democatalog.h"
#include "client/explorer/explorermodel.h"
#include "client/explorer/explorerwidget.h"
#include "client/live/livefeed.h"
#include "client/reports/reportdialog.h"
#include "client/reports/reportgenerator.h"
#include "client/session/credentialstore.h"
#include "client/session/session.h"
#include "client/widgets/noticebar.h"
#include "common/api/apiclient.h"
#include "tests/support/testserver.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// The main window as a user meets it: menus and shortcuts, signing in and out through it against a real
// server (without a keychain), session expiry, settings, layout kept between runs, the offline demo with a
// report generated from the dialog.
class TstMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();

    void menus();
    void shortcuts_data();
    void shortcuts();
    void signInAndOut();
    void sessionExpiry();
    void settingsDialog();
    void layoutPersists();
    void presetsPersist();
    void aboutDialog();
    void demoAndReport();

private:
    void createWindow();
    void signIn();
    QAction *action(const QString &name) const;

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ClientSettings> m_settings;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void TstMainWindow::initTestCase()
{
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/iotile-no-session-bus");
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_server->createUser(QStringLiteral("eve@example.com"), QStringLiteral("window pane"));
}

void TstMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<ClientSettings>(m_dir->filePath(QStringLiteral("studio.ini")));
    createWindow();
}

void TstMainWindow::createWindow()
{
    m_window.reset();
    m_session.reset();
    m_store = std::make_unique<CredentialStore>(QStringLiteral("iotile-studio-test"));
    m_session = std::make_unique<Session>(m_settings.get(), m_store.get());
    m_window = std::make_unique<MainWindow>(m_settings.get(), m_session.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TstMainWindow::cleanup()
{
    m_window.reset();
    m_session.reset();
    m_store.reset();
    m_settings.reset();
    m_dir.reset();
    Theme::apply(ClientSettings::Theme::System);
}

QAction *TstMainWindow::action(const QString &name) const
{
    return m_window->findChild<QAction *>(name);
}

void TstMainWindow::signIn()
{
    LoginDialog *dialog = m_window->showLogin();
    QVERIFY(dialog->isVisible());
    auto *server = dialog->findChild<QComboBox *>(QStringLiteral("server"));
    server->setEditText(m_server->baseUrl());
    dialog->findChild<QLineEdit *>(QStringLiteral("email"))->setText(QStringLiteral("eve@example.com"));
    auto *password = dialog->findChild<QLineEdit *>(QStringLiteral("password"));
    QTest::keyClicks(password, QStringLiteral("window pane"));
    QSignalSpy signedIn(m_session.get(), &Session::signedIn);
    QTest::keyClick(password, Qt::Key_Return);
    QVERIFY(signedIn.wait(10000));
}

void TstMainWindow::menus()
{
    QStringList titles;
    for (QAction *menu : m_window->menuBar()->actions())
        titles.append(menu->text());
    QCOMPARE(titles,
             (QStringList {QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Chart"),
                           QStringLiteral("&Help")}));
    QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("IOTile Studio")));
    // Signed out: what needs a session is off.
    QVERIFY(action(QStringLiteral("actionSignIn"))->isEnabled());
    QVERIFY(!action(QStringLiteral("actionSignOut"))->isEnabled());
    QVERIFY(!action(QStringLiteral("actionReport"))->isEnabled());
}

void TstMainWindow::shortcuts_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QKeySequence>("shortcut");
    QTest::newRow("sign in") << QStringLiteral("actionSignIn") << QKeySequence(QStringLiteral("Ctrl+L"));
    QTest::newRow("refresh") << QStringLiteral("actionRefresh") << QKeySequence(QKeySequence::Refresh);
    QTest::newRow("find") << QStringLiteral("actionFind") << QKeySequence(QKeySequence::Find);
    QTest::newRow("report") << QStringLiteral("actionReport") << QKeySequence(QStringLiteral("Ctrl+R"));
    QTest::newRow("export png") << QStringLiteral("actionExportPng")
                                << QKeySequence(QStringLiteral("Ctrl+Shift+P"));
    QTest::newRow("quit") << QStringLiteral("actionQuit") << QKeySequence(QKeySequence::Quit);
    QTest::newRow("zoom in") << QStringLiteral("actionZoomIn") << QKeySequence(QKeySequence::ZoomIn);
    QTest::newRow("reset zoom") << QStringLiteral("actionResetZoom")
                                << QKeySequence(QStringLiteral("Ctrl+0"));
    QTest::newRow("last hour") << QStringLiteral("actionPreset0") << QKeySequence(QStringLiteral("Alt+1"));
    QTest::newRow("all data") << QStringLiteral("actionPreset5") << QKeySequence(QStringLiteral("Alt+6"));
}

void TstMainWindow::shortcuts()
{
    QFETCH(QString, name);
    QFETCH(QKeySequence, shortcut);
    QAction *a = action(name);
    QVERIFY2(a, qPrintable(name));
    QCOMPARE(a->shortcut(), shortcut);
    QVERIFY(!action(QStringLiteral("actionSettings"))->shortcut().isEmpty());
    // Ctrl+F puts the cursor into the explorer's search box.
    action(QStringLiteral("actionFind"))->trigger();
    QCOMPARE(QApplication::focusWidget(), m_window->findChild<QLineEdit *>(QStringLiteral("explorerSearch")));
}

void TstMainWindow::signInAndOut()
{
    signIn();
    QVERIFY(m_session->isSignedIn());
    auto *account = m_window->findChild<QLabel *>(QStringLiteral("accountLabel"));
    QCOMPARE(account->text(), QStringLiteral("eve@example.com on 127.0.0.1"));
    QVERIFY(m_window->windowTitle().contains(m_server->baseUrl()));
    QVERIFY(action(QStringLiteral("actionSignOut"))->isEnabled());
    QVERIFY(!action(QStringLiteral("actionSignIn"))->isEnabled());
    // No keychain here: the window says so, once, without a modal box.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->notice()->isVisible(), 5000);
    // Signing in starts loading the explorer. Until the server has org/, the failure shows in the notice
    // bar; once it has, the user's organizations (none for this account) load without one.
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->explorerModel()->isLoading(), 10000);
    const QString notice = m_window->notice()->text();
    QVERIFY2(notice.contains(QStringLiteral("No keychain"))
                 || notice.contains(QStringLiteral("Could not load Organizations")),
             qPrintable(notice));

    action(QStringLiteral("actionSignOut"))->trigger();
    QVERIFY(!m_session->isSignedIn());
    QCOMPARE(account->text(), QStringLiteral("Signed out"));
    QCOMPARE(m_window->explorerModel()->rowCount(), 0);
    QVERIFY(action(QStringLiteral("actionSignIn"))->isEnabled());
    QVERIFY(!m_window->windowTitle().contains(m_server->baseUrl()));
}

void TstMainWindow::sessionExpiry()
{
    signIn();
    // The token is revoked elsewhere; the next request finds out and the window asks to sign in again.
    auto other = m_server->anonymous();
    other->setAuthorization("JWT " + m_session->api()->token());
    QCOMPARE(other->post(QStringLiteral("/api/v1/auth/logout/"), QJsonObject {}).status, 204);
    action(QStringLiteral("actionRefresh"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->isSignedIn(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->loginDialog() && m_window->loginDialog()->isVisible(), 5000);
    QVERIFY(m_window->notice()->text().contains(QStringLiteral("Signature has been revoked.")));
    QCOMPARE(m_window->notice()->level(), NoticeBar::Level::Warning);
}

void TstMainWindow::settingsDialog()
{
    action(QStringLiteral("actionSettings"))->trigger();
    auto *dialog = m_window->findChild<QDialog *>(QStringLiteral("settingsDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *theme = dialog->findChild<QComboBox *>(QStringLiteral("theme"));
    auto *units = dialog->findChild<QComboBox *>(QStringLiteral("units"));
    auto *server = dialog->findChild<QLineEdit *>(QStringLiteral("server"));
    theme->setCurrentIndex(theme->findData(QStringLiteral("Dark")));
    units->setCurrentIndex(units->findData(QStringLiteral("Stored")));
    server->setText(QStringLiteral("https://cloud.example.com/"));
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QCOMPARE(m_settings->theme(), ClientSettings::Theme::Dark);
    QCOMPARE(m_settings->units(), ClientSettings::Units::Stored);
    QCOMPARE(m_settings->serverUrl(), QUrl(QStringLiteral("https://cloud.example.com")));
    // Applied at once.
    QVERIFY(Theme::isDark());
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 100);
    m_settings->setValue(ClientSettings::Key::Theme, QStringLiteral("Light"));
    QVERIFY(!Theme::isDark());
}

void TstMainWindow::layoutPersists()
{
    m_window->resize(1111, 777);
    auto *splitter = m_window->findChild<QSplitter *>(QStringLiteral("mainSplitter"));
    splitter->setSizes({250, 850});
    const QList<int> sizes = splitter->sizes();
    m_window->close();
    QVERIFY(!m_settings->value(ClientSettings::Key::MainWindowGeometry).toByteArray().isEmpty());
    createWindow();
    QCOMPARE(m_window->size(), QSize(1111, 777));
    QCOMPARE(m_window->findChild<QSplitter *>(QStringLiteral("mainSplitter"))->sizes(), sizes);
}

void TstMainWindow::presetsPersist()
{
    action(QStringLiteral("actionPreset0"))->trigger();
    QCOMPARE(m_window->chartPanel()->preset(), ChartPanel::Preset::Hour);
    QCOMPARE(m_settings->value(ClientSettings::Key::ChartPreset).toString(), QStringLiteral("Hour"));
    m_window->chartPanel()->setPreset(ChartPanel::Preset::Year);
    QVERIFY(action(QStringLiteral("actionPreset4"))->isChecked());
    createWindow();
    QCOMPARE(m_window->chartPanel()->preset(), ChartPanel::Preset::Year);
}

void TstMainWindow::aboutDialog()
{
    action(QStringLiteral("actionAbout"))->trigger();
    auto *dialog = m_window->findChild<QDialog *>(QStringLiteral("aboutDialog"));
    QVERIFY(dialog);
    const QString text = dialog->findChild<QLabel *>(QStringLiteral("aboutText"))->text();
    QVERIFY(text.contains(QStringLiteral(IOTILE_VERSION)));
    QVERIFY(text.contains(QString::fromLatin1(qVersion())));
    dialog->close();
}

void TstMainWindow::demoAndReport()
{
    // Against a server the chart's live mode listens to its push; the demo data has none, so it polls.
    QVERIFY(qobject_cast<LiveFeed *>(m_window->chartPanel()->liveUpdates()));
    const qint64 now = 1'717'243'200'000; // 2024-06-01T12:00:00Z
    m_window->enableDemo(now);
    QVERIFY(qobject_cast<PollingLiveUpdates *>(m_window->chartPanel()->liveUpdates()));
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("Demo data")));
    QCOMPARE(m_window->explorerModel()->rowCount(), 2);
    for (const QString &slug : DemoCatalog::featuredStreams())
        m_window->plotStream(slug);
    ChartPanel *chart = m_window->chartPanel();
    QCOMPARE(chart->streams(), DemoCatalog::featuredStreams());
    QTRY_VERIFY_WITH_TIMEOUT(!chart->isLoading(), 10000);
    QCOMPARE(chart->chart()->slugs().size(), 3);
    // The chart names each stream after its device.
    QVERIFY(chart->chart()
                ->series(DemoCatalog::featuredStreams().first())
                ->label.startsWith(QStringLiteral("Warehouse A")));
    m_window->selectSlug(DemoCatalog::featuredDevice());
    QVERIFY(m_window->findChild<QLabel *>()); // the details show the device
    // Unticking removes the stream from the chart.
    const QModelIndex first = m_window->explorerModel()->findSlug(DemoCatalog::featuredStreams().first());
    m_window->explorerModel()->setData(first, Qt::Unchecked, Qt::CheckStateRole);
    QCOMPARE(chart->streams().size(), 2);

    action(QStringLiteral("actionReport"))->trigger();
    auto *dialog = m_window->findChild<ReportDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QListWidget *>()->count(), 2);
    auto *path = dialog->findChildren<QLineEdit *>().last();
    path->setText(m_dir->filePath(QStringLiteral("demo-report.pdf")));
    QSignalSpy finished(dialog->generator(), &ReportGenerator::finished);
    dialog->generate();
    QVERIFY(finished.wait(30000));
    QVERIFY(finished.first().first().value<Status>());
    QVERIFY(QFileInfo(m_dir->filePath(QStringLiteral("demo-report.pdf"))).size() > 10000);
}

QTEST_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"
