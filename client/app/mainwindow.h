#pragma once

#include "client/explorer/explorernode.h"
#include "client/settings/clientsettings.h"

#include <QJsonObject>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QActionGroup;
class QLabel;
class QSplitter;
class QTabWidget;

namespace iotile {

namespace api {
struct Account;
struct Stream;
} // namespace api

class ApiTimeSeriesSource;
class ChartPanel;
class DemoTimeSeriesSource;
class DetailsPanel;
class ExplorerModel;
class ExplorerWidget;
class FleetsWidget;
class LiveFeed;
class LoginDialog;
class NoticeBar;
class Session;

// The studio's main window: explorer on the left, chart above the details panel on the right, menus,
// toolbar and status bar; it follows the Session (sign in, sign out, expiry) and persists its layout.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(ClientSettings *settings, Session *session, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Signs in again with the saved token, or asks for the password.
    void start();
    // The offline demo: the explorer shows DemoCatalog, the chart made-up values ending at nowMs.
    void enableDemo(qint64 nowMs = 0);
    bool isDemo() const { return m_demo; }
    LoginDialog *showLogin(const QString &message = {});

    ExplorerModel *explorerModel() const { return m_explorerModel; }
    ExplorerWidget *explorer() const { return m_explorer; }
    DetailsPanel *details() const { return m_details; }
    ChartPanel *chartPanel() const { return m_chart; }
    FleetsWidget *fleets() const { return m_fleets; }
    QTabWidget *tabs() const { return m_tabs; }
    NoticeBar *notice() const { return m_notice; }
    LoginDialog *loginDialog() const;
    // Ticks the stream in the explorer (which adds it to the chart).
    void plotStream(const QString &slug);
    // Makes the item current in the explorer and expands it (and its ancestors), which shows its details.
    void selectSlug(const QString &slug);
    // Once signed in, loads the explorer down to these items, plots the streams and selects `select`
    // (what --plot and --select ask for); gives up on slugs the server does not have.
    void reveal(const QStringList &plot, const QString &select);
    bool isRevealing() const { return !m_revealPlot.isEmpty() || !m_revealSelect.isEmpty(); }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void restoreLayout();
    void saveLayout();
    void updateActions();
    void updateTitle();
    void onSignedIn(const api::Account &account);
    void onSignedOut();
    void onSettingChanged(ClientSettings::Key key);
    void onStreamCheckChanged(const QJsonObject &stream, bool checked);
    QString chartLabel(const api::Stream &stream) const;
    void showSettings();
    void showAbout();
    void showReport();
    void applyTheme();
    void advanceReveal();

    ClientSettings *m_settings;
    Session *m_session;
    ExplorerModel *m_explorerModel;
    ExplorerWidget *m_explorer;
    DetailsPanel *m_details;
    ChartPanel *m_chart;
    ApiTimeSeriesSource *m_apiSource;
    LiveFeed *m_liveFeed;
    DemoTimeSeriesSource *m_demoSource = nullptr;
    FleetsWidget *m_fleets;
    NoticeBar *m_notice;
    QSplitter *m_mainSplitter;
    QSplitter *m_rightSplitter;
    QTabWidget *m_tabs;
    QLabel *m_activity;
    QLabel *m_account;
    QPointer<LoginDialog> m_login;
    bool m_demo = false;
    QStringList m_revealPlot;
    QString m_revealSelect;

    QAction *m_signIn = nullptr;
    QAction *m_signOut = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_find = nullptr;
    QAction *m_exportPng = nullptr;
    QAction *m_exportCsv = nullptr;
    QAction *m_report = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_zoomIn = nullptr;
    QAction *m_zoomOut = nullptr;
    QAction *m_resetZoom = nullptr;
    QAction *m_live = nullptr;
    QAction *m_showExplorer = nullptr;
    QAction *m_showDetails = nullptr;
    QAction *m_showData = nullptr;
    QAction *m_showFleets = nullptr;
    QAction *m_about = nullptr;
    QAction *m_aboutQt = nullptr;
    QActionGroup *m_presets = nullptr;
};

} // namespace iotile
