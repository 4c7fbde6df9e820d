#include "client/app/mainwindow.h"

#include "client/app/aboutdialog.h"
#include "client/app/logindialog.h"
#include "client/app/settingsdialog.h"
#include "client/app/theme.h"
#include "client/charts/chartpanel.h"
#include "client/charts/streamchart.h"
#include "client/data/apitimeseriessource.h"
#include "client/data/demotimeseriessource.h"
#include "client/demo/democatalog.h"
#include "client/explorer/detailspanel.h"
#include "client/explorer/explorerfiltermodel.h"
#include "client/explorer/explorermodel.h"
#include "client/explorer/explorerwidget.h"
#include "client/fleets/fleetswidget.h"
#include "client/live/livefeed.h"
#include "client/reports/reportdialog.h"
#include "client/session/credentialstore.h"
#include "client/session/session.h"
#include "client/widgets/noticebar.h"
#include "common/api/apiclient.h"
#include "common/api/stream.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMetaEnum>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QStyleHints>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include <utility>

namespace iotile {

MainWindow::MainWindow(ClientSettings *settings, Session *session, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_session(session)
    , m_explorerModel(new ExplorerModel(session->api(), this))
    , m_explorer(new ExplorerWidget(m_explorerModel, this))
    , m_details(new DetailsPanel(session->api(), this))
    , m_chart(new ChartPanel(this))
    , m_apiSource(new ApiTimeSeriesSource(session->api(), this))
    , m_liveFeed(new LiveFeed(session->api(), this))
    , m_fleets(new FleetsWidget(session->api(), this))
    , m_notice(new NoticeBar(this))
    , m_mainSplitter(new QSplitter(Qt::Horizontal, this))
    , m_rightSplitter(new QSplitter(Qt::Vertical, this))
    , m_tabs(new QTabWidget(this))
    , m_activity(new QLabel(this))
    , m_account(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_rightSplitter->setObjectName(QStringLiteral("rightSplitter"));
    m_account->setObjectName(QStringLiteral("accountLabel"));
    m_activity->setObjectName(QStringLiteral("activityLabel"));

    m_rightSplitter->addWidget(m_chart);
    m_rightSplitter->addWidget(m_details);
    m_rightSplitter->setStretchFactor(0, 3);
    m_rightSplitter->setStretchFactor(1, 2);
    m_mainSplitter->addWidget(m_explorer);
    m_mainSplitter->addWidget(m_rightSplitter);
    m_mainSplitter->setStretchFactor(0, 1);
    m_mainSplitter->setStretchFactor(1, 3);
    m_mainSplitter->setSizes({300, 900});
    m_rightSplitter->setSizes({480, 320});
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_notice);
    // Data (explorer, chart, details) and Fleets & OTA are separate jobs: one tab each.
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_mainSplitter, tr("Data"));
    m_tabs->addTab(m_fleets, tr("Fleets && OTA"));
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(m_activity);
    statusBar()->addPermanentWidget(m_account);

    m_apiSource->setStoredUnits(settings->units() == ClientSettings::Units::Stored);
    m_liveFeed->setStoredUnits(settings->units() == ClientSettings::Units::Stored);
    m_chart->setSource(m_apiSource);
    m_chart->setLiveUpdates(m_liveFeed);
    const int preset = QMetaEnum::fromType<ChartPanel::Preset>().keyToValue(
        settings->value(ClientSettings::Key::ChartPreset).toString().toLatin1().constData());
    if (preset >= 0)
        m_chart->setPreset(ChartPanel::Preset(preset));

    createActions();
    createMenus();
    createToolBar();

    connect(m_session, &Session::signedIn, this, &MainWindow::onSignedIn);
    connect(m_session, &Session::signedOut, this, &MainWindow::onSignedOut);
    connect(m_session, &Session::stateChanged, this, &MainWindow::updateActions);
    connect(m_session, &Session::restoreFailed, this, [this](const QString &reason) { showLogin(reason); });
    connect(m_session, &Session::sessionExpired, this, [this](const QString &reason) {
        onSignedOut();
        m_notice->showMessage(tr("Your session has ended (%1). Please sign in again.").arg(reason),
                              NoticeBar::Level::Warning);
        showLogin();
    });
    connect(m_session, &Session::keychainUnavailable, this, [this](const QString &reason) {
        m_notice->showMessage(
            tr("No keychain is available (%1). You stay signed in until IOTile Studio closes; "
               "next time it will ask for your password again.")
                .arg(reason),
            NoticeBar::Level::Warning);
    });
    connect(m_session->api(), &api::ApiClient::requestsInFlightChanged, this,
            [this](int count) { m_activity->setText(count > 0 ? tr("Loading…") : QString()); });
    connect(m_explorerModel, &ExplorerModel::loadFailed, this,
            [this](const QString &what, const QString &message) {
                m_notice->showMessage(tr("Could not load %1: %2").arg(what, message),
                                      NoticeBar::Level::Error);
            });
    connect(m_explorerModel, &ExplorerModel::streamCheckChanged, this, &MainWindow::onStreamCheckChanged);
    connect(m_explorerModel, &ExplorerModel::loadingChanged, this, [this](bool loading) {
        if (!loading)
            advanceReveal();
    });
    connect(m_explorer, &ExplorerWidget::currentChanged, m_details, &DetailsPanel::setItem);
    connect(m_explorer, &ExplorerWidget::streamActivated, this, [this](const QJsonObject &stream) {
        plotStream(stream.value(QLatin1String("slug")).toString());
    });
    connect(m_details, &DetailsPanel::objectChanged, m_explorerModel,
            qOverload<const QJsonObject &>(&ExplorerModel::updateObject));
    connect(m_chart, &ChartPanel::errorOccurred, this,
            [this](const QString &message) { m_notice->showMessage(message, NoticeBar::Level::Error); });
    connect(m_chart, &ChartPanel::statusChanged, this,
            [this](const QString &text) { statusBar()->showMessage(text); });
    connect(m_chart, &ChartPanel::presetChanged, this, [this](ChartPanel::Preset preset) {
        m_settings->setValue(
            ClientSettings::Key::ChartPreset,
            QString::fromLatin1(QMetaEnum::fromType<ChartPanel::Preset>().valueToKey(int(preset))));
        if (m_presets && m_presets->actions().size() > int(preset))
            m_presets->actions().at(int(preset))->setChecked(true);
    });
    connect(m_settings, &ClientSettings::changed, this, &MainWindow::onSettingChanged);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    connect(QGuiApplication::styleHints(), &QStyleHints::colorSchemeChanged, this, &MainWindow::applyTheme);
#endif

    resize(1280, 800);
    restoreLayout();
    applyTheme();
    updateActions();
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    auto make = [this](const QString &name, const QString &text, const QKeySequence &shortcut = {}) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        if (!shortcut.isEmpty())
            action->setShortcut(shortcut);
        return action;
    };
    QStyle *s = style();
    m_signIn = make(QStringLiteral("actionSignIn"), tr("&Sign In…"), QKeySequence(tr("Ctrl+L")));
    m_signIn->setIcon(s->standardIcon(QStyle::SP_DialogYesButton));
    m_signOut = make(QStringLiteral("actionSignOut"), tr("Sign &Out"));
    m_refresh = make(QStringLiteral("actionRefresh"), tr("&Refresh"), QKeySequence::Refresh);
    m_refresh->setIcon(s->standardIcon(QStyle::SP_BrowserReload));
    m_find = make(QStringLiteral("actionFind"), tr("&Find…"), QKeySequence::Find);
    m_exportPng = make(QStringLiteral("actionExportPng"), tr("Export Chart as &PNG…"),
                       QKeySequence(tr("Ctrl+Shift+P")));
    m_exportCsv = make(QStringLiteral("actionExportCsv"), tr("Export Chart Data as &CSV…"),
                       QKeySequence(tr("Ctrl+Shift+C")));
    m_report = make(QStringLiteral("actionReport"), tr("&Generate Report…"), QKeySequence(tr("Ctrl+R")));
    m_report->setIcon(s->standardIcon(QStyle::SP_FileDialogDetailedView));
    m_settingsAction = make(QStringLiteral("actionSettings"), tr("&Settings…"), QKeySequence::Preferences);
    if (m_settingsAction->shortcut().isEmpty())
        m_settingsAction->setShortcut(QKeySequence(tr("Ctrl+,")));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_quit = make(QStringLiteral("actionQuit"), tr("&Quit"), QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);
    m_zoomIn = make(QStringLiteral("actionZoomIn"), tr("Zoom &In"), QKeySequence::ZoomIn);
    m_zoomOut = make(QStringLiteral("actionZoomOut"), tr("Zoom &Out"), QKeySequence::ZoomOut);
    m_resetZoom = make(QStringLiteral("actionResetZoom"), tr("&Reset Zoom"), QKeySequence(tr("Ctrl+0")));
    m_live = make(QStringLiteral("actionLive"), tr("&Live Refresh"), QKeySequence(tr("Ctrl+Shift+L")));
    m_live->setCheckable(true);
    m_showExplorer = make(QStringLiteral("actionShowExplorer"), tr("&Explorer"), QKeySequence(tr("Ctrl+1")));
    m_showDetails = make(QStringLiteral("actionShowDetails"), tr("&Details"), QKeySequence(tr("Ctrl+2")));
    m_showData = make(QStringLiteral("actionShowData"), tr("Go to &Data"), QKeySequence(tr("Ctrl+3")));
    m_showFleets =
        make(QStringLiteral("actionShowFleets"), tr("Go to Fleets && &OTA"), QKeySequence(tr("Ctrl+4")));
    for (QAction *toggle : {m_showExplorer, m_showDetails}) {
        toggle->setCheckable(true);
        toggle->setChecked(true);
    }
    m_about = make(QStringLiteral("actionAbout"), tr("&About IOTile Studio"));
    m_about->setMenuRole(QAction::AboutRole);
    m_aboutQt = make(QStringLiteral("actionAboutQt"), tr("About &Qt"));
    m_aboutQt->setMenuRole(QAction::AboutQtRole);

    m_presets = new QActionGroup(this);
    const QStringList names {tr("Last &Hour"),  tr("Last &Day"),  tr("Last &Week"),
                             tr("Last &Month"), tr("Last &Year"), tr("&All Data")};
    for (int i = 0; i < names.size(); ++i) {
        QAction *action = make(QStringLiteral("actionPreset%1").arg(i), names[i],
                               QKeySequence(QStringLiteral("Alt+%1").arg(i + 1)));
        action->setCheckable(true);
        action->setChecked(int(m_chart->preset()) == i);
        m_presets->addAction(action);
        connect(action, &QAction::triggered, this, [this, i] { m_chart->setPreset(ChartPanel::Preset(i)); });
    }

    connect(m_signIn, &QAction::triggered, this, [this] { showLogin(); });
    connect(m_signOut, &QAction::triggered, m_session, &Session::signOut);
    connect(m_refresh, &QAction::triggered, this, [this] {
        if (!m_demo)
            m_explorer->refreshCurrent();
        m_chart->reload();
    });
    connect(m_find, &QAction::triggered, m_explorer, &ExplorerWidget::focusSearch);
    connect(m_exportPng, &QAction::triggered, m_chart, &ChartPanel::exportPng);
    connect(m_exportCsv, &QAction::triggered, m_chart, &ChartPanel::exportCsv);
    connect(m_report, &QAction::triggered, this, &MainWindow::showReport);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);
    connect(m_zoomIn, &QAction::triggered, this, [this] { m_chart->chart()->zoom(0.5); });
    connect(m_zoomOut, &QAction::triggered, this, [this] { m_chart->chart()->zoom(2.0); });
    connect(m_resetZoom, &QAction::triggered, m_chart->chart(), &StreamChart::resetZoom);
    connect(m_live, &QAction::toggled, m_chart, &ChartPanel::setLive);
    connect(m_chart, &ChartPanel::liveChanged, m_live, &QAction::setChecked);
    connect(m_showExplorer, &QAction::toggled, m_explorer, &QWidget::setVisible);
    connect(m_showDetails, &QAction::toggled, m_details, &QWidget::setVisible);
    connect(m_showData, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_mainSplitter); });
    connect(m_showFleets, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_fleets); });
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_signIn);
    file->addAction(m_signOut);
    file->addSeparator();
    file->addAction(m_report);
    file->addAction(m_exportPng);
    file->addAction(m_exportCsv);
    file->addSeparator();
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_refresh);
    view->addAction(m_find);
    view->addSeparator();
    view->addAction(m_showExplorer);
    view->addAction(m_showDetails);
    view->addSeparator();
    view->addAction(m_showData);
    view->addAction(m_showFleets);

    QMenu *chart = menuBar()->addMenu(tr("&Chart"));
    chart->addActions(m_presets->actions());
    chart->addSeparator();
    chart->addAction(m_zoomIn);
    chart->addAction(m_zoomOut);
    chart->addAction(m_resetZoom);
    chart->addSeparator();
    chart->addAction(m_live);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_about);
    help->addAction(m_aboutQt);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_signIn);
    bar->addAction(m_refresh);
    bar->addSeparator();
    bar->addAction(m_report);
}

void MainWindow::restoreLayout()
{
    restoreGeometry(m_settings->value(ClientSettings::Key::MainWindowGeometry).toByteArray());
    restoreState(m_settings->value(ClientSettings::Key::MainWindowState).toByteArray());
    m_mainSplitter->restoreState(m_settings->value(ClientSettings::Key::MainSplitter).toByteArray());
    m_rightSplitter->restoreState(m_settings->value(ClientSettings::Key::RightSplitter).toByteArray());
}

void MainWindow::saveLayout()
{
    m_settings->setValue(ClientSettings::Key::MainWindowGeometry, saveGeometry());
    m_settings->setValue(ClientSettings::Key::MainWindowState, saveState());
    m_settings->setValue(ClientSettings::Key::MainSplitter, m_mainSplitter->saveState());
    m_settings->setValue(ClientSettings::Key::RightSplitter, m_rightSplitter->saveState());
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}

void MainWindow::start()
{
    if (m_demo)
        return;
    if (m_settings->value(ClientSettings::Key::LastEmail).toString().isEmpty())
        showLogin();
    else
        m_session->restore();
}

void MainWindow::enableDemo(qint64 nowMs)
{
    m_demo = true;
    if (!m_demoSource)
        m_demoSource = new DemoTimeSeriesSource(this);
    m_demoSource->setNow(nowMs);
    m_chart->setNow(nowMs);
    m_chart->clearStreams();
    m_chart->setSource(m_demoSource);
    m_chart->setLiveUpdates(nullptr); // the demo data has no server to push it: the panel polls
    m_explorerModel->populate(DemoCatalog::orgs());
    m_explorer->view()->expandToDepth(1);
    updateActions();
    updateTitle();
}

LoginDialog *MainWindow::showLogin(const QString &message)
{
    if (!m_login) {
        m_login = new LoginDialog(m_session, m_settings, this);
        m_login->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_login->setMessage(message);
    m_login->open();
    return m_login;
}

QString MainWindow::chartLabel(const api::Stream &stream) const
{
    // Streams of different devices share variable names ("Temperature"): the device tells them apart.
    const QModelIndex device = m_explorerModel->findSlug(stream.slug).parent();
    return device.isValid() ? device.data().toString() + QStringLiteral(": ") + stream.displayName()
                            : stream.displayName();
}

void MainWindow::selectSlug(const QString &slug)
{
    const QModelIndex source = m_explorerModel->findSlug(slug);
    const QModelIndex index = m_explorer->filterModel()->mapFromSource(source);
    if (!index.isValid())
        return;
    m_explorer->view()->scrollTo(index);
    m_explorer->view()->setCurrentIndex(index);
    m_explorer->view()->expand(index);
}

void MainWindow::reveal(const QStringList &plot, const QString &select)
{
    m_revealPlot = plot;
    m_revealSelect = select;
    advanceReveal();
}

void MainWindow::advanceReveal()
{
    if (!isRevealing() || (!m_demo && !m_session->isSignedIn()) || m_explorerModel->isLoading())
        return;
    QStringList waiting;
    for (const QString &slug : std::exchange(m_revealPlot, {})) {
        if (m_explorerModel->findSlug(slug).isValid())
            plotStream(slug);
        else
            waiting.append(slug);
    }
    m_revealPlot = waiting;
    if (!m_revealSelect.isEmpty() && m_explorerModel->findSlug(m_revealSelect).isValid())
        selectSlug(std::exchange(m_revealSelect, QString()));
    if (!isRevealing())
        return;
    // Not loaded yet: open one more level of the tree everywhere (the lists come page by page, and a
    // stream's device and project are not known from its slug alone).
    bool fetching = false;
    QList<QModelIndex> pending {QModelIndex()};
    while (!pending.isEmpty()) {
        const QModelIndex parent = pending.takeLast();
        if (m_explorerModel->canFetchMore(parent)) {
            m_explorerModel->fetchMore(parent);
            fetching = true;
            continue;
        }
        for (int row = 0; row < m_explorerModel->rowCount(parent); ++row)
            pending.append(m_explorerModel->index(row, 0, parent));
    }
    if (!fetching) {
        m_revealPlot.clear();
        m_revealSelect.clear();
    }
}

LoginDialog *MainWindow::loginDialog() const
{
    return m_login;
}

void MainWindow::plotStream(const QString &slug)
{
    const QModelIndex index = m_explorerModel->findSlug(slug);
    if (index.isValid())
        m_explorerModel->setData(index, Qt::Checked, Qt::CheckStateRole);
}

void MainWindow::onStreamCheckChanged(const QJsonObject &object, bool checked)
{
    const api::Stream stream = api::Stream::fromJson(object);
    if (checked)
        m_chart->addStream(stream.slug, chartLabel(stream), stream.unitShort());
    else
        m_chart->removeStream(stream.slug);
}

void MainWindow::onSignedIn(const api::Account &account)
{
    m_account->setText(tr("%1 on %2").arg(account.email, m_session->serverUrl().host()));
    if (m_session->credentials()->isAvailable() || m_notice->level() != NoticeBar::Level::Warning)
        m_notice->hide();
    if (!m_demo) {
        m_chart->clearStreams();
        m_explorerModel->reload();
        m_fleets->reload();
        advanceReveal();
    }
    updateActions();
    updateTitle();
}

void MainWindow::onSignedOut()
{
    m_account->setText(tr("Signed out"));
    if (!m_demo) {
        m_chart->clearStreams();
        m_explorerModel->clear();
        m_details->setItem(ExplorerNode::Kind::Root, {});
        m_fleets->clear();
    }
    updateActions();
    updateTitle();
}

void MainWindow::updateActions()
{
    const bool signedIn = m_session->isSignedIn();
    m_signIn->setEnabled(!signedIn);
    m_signOut->setEnabled(signedIn);
    m_refresh->setEnabled(signedIn || m_demo);
    m_report->setEnabled(signedIn || m_demo);
    // The demo has no fleets: they live on a server only.
    const bool fleets = signedIn && !m_demo;
    m_tabs->setTabEnabled(m_tabs->indexOf(m_fleets), fleets);
    m_showFleets->setEnabled(fleets);
}

void MainWindow::updateTitle()
{
    QString title = tr("IOTile Studio");
    if (m_session->isSignedIn())
        title += QStringLiteral(" — ") + m_session->serverUrl().toString(QUrl::RemoveUserInfo);
    if (m_demo)
        title += QStringLiteral(" — ") + tr("Demo data");
    setWindowTitle(title);
}

void MainWindow::onSettingChanged(ClientSettings::Key key)
{
    switch (key) {
    case ClientSettings::Key::Theme:
        applyTheme();
        break;
    case ClientSettings::Key::Units:
        m_apiSource->setStoredUnits(m_settings->units() == ClientSettings::Units::Stored);
        m_liveFeed->setStoredUnits(m_settings->units() == ClientSettings::Units::Stored);
        m_chart->reload();
        break;
    default:
        break;
    }
}

void MainWindow::applyTheme()
{
    Theme::apply(m_settings->theme());
    m_chart->chart()->setDark(Theme::isDark());
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showAbout()
{
    auto *dialog = new AboutDialog(m_session->isSignedIn() ? m_session->api() : nullptr, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showReport()
{
    auto *dialog = new ReportDialog(m_demo ? static_cast<TimeSeriesSource *>(m_demoSource) : m_apiSource,
                                    m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QList<SeriesRequest> streams;
    for (const QJsonObject &object : m_explorerModel->checkedStreams()) {
        const api::Stream stream = api::Stream::fromJson(object);
        SeriesRequest r;
        r.slug = stream.slug;
        r.label = stream.displayName();
        r.unit = stream.unitShort();
        streams.append(r);
    }
    dialog->setStreams(streams);
    dialog->setRange(m_chart->chart()->visibleStart(), m_chart->chart()->visibleEnd());
    dialog->setIdentity(m_session->account().email, m_session->serverUrl().toString());
    dialog->open();
}

} // namespace iotile
