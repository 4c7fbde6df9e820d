#include "client/app/mainwindow.h"
#include "client/app/translations.h"
#include "client/charts/chartpanel.h"
#include "client/demo/democatalog.h"
#include "client/explorer/explorermodel.h"
#include "client/session/credentialstore.h"
#include "client/session/session.h"
#include "client/settings/clientsettings.h"
#include "common/util/isotime.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QMetaEnum>
#include <QTimer>

#include <memory>

using namespace iotile;

namespace {

// --screenshot: waits until signing in and loading have settled, then saves a picture of the window.
void scheduleScreenshot(MainWindow *window, Session *session, const QString &path, bool waitForSignIn)
{
    auto *poll = new QTimer(window);
    auto deadline = std::make_shared<int>(300); // 30 s at 100 ms
    QObject::connect(poll, &QTimer::timeout, window, [=] {
        const bool settled = !window->chartPanel()->isLoading() && !window->isRevealing()
            && !window->explorerModel()->isLoading() && (!waitForSignIn || session->isSignedIn());
        if (!settled && --*deadline > 0)
            return;
        poll->stop();
        // One more round of events so the last data is painted.
        QTimer::singleShot(500, window, [window, path] {
            const bool saved = window->grab().save(path, "PNG");
            if (!saved)
                qCritical("could not save %s", qPrintable(path));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    });
    poll->start(100);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("iotile-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("IOTile Studio"));
    QApplication::setOrganizationName(QStringLiteral("IOTile"));
    QApplication::setApplicationVersion(QStringLiteral(IOTILE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/studio/iotile-studio.png")));
    QGuiApplication::setDesktopFileName(QStringLiteral("iotile-studio"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("IOTile Studio, the desktop client of IOTile Cloud for Qt"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption settingsFile(QStringLiteral("settings"),
                                          QStringLiteral("Use this INI file for settings."),
                                          QStringLiteral("file"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Show the built-in demo fleet and data."));
    const QCommandLineOption now(QStringLiteral("now"), QStringLiteral("The demo's clock (ISO-8601)."),
                                 QStringLiteral("time"));
    const QCommandLineOption server(QStringLiteral("server"), QStringLiteral("Sign in to this server."),
                                    QStringLiteral("url"));
    const QCommandLineOption email(
        QStringLiteral("email"),
        QStringLiteral("Sign in with this e-mail; the password comes from IOTILE_STUDIO_PASSWORD."),
        QStringLiteral("address"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a picture of the window to this file and quit."),
                                        QStringLiteral("png"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size, e.g. 1400x860."),
                                  QStringLiteral("WxH"));
    const QCommandLineOption plot(QStringLiteral("plot"),
                                  QStringLiteral("After signing in, chart this stream (repeatable)."),
                                  QStringLiteral("slug"));
    const QCommandLineOption select(QStringLiteral("select"),
                                    QStringLiteral("After signing in, select this item in the explorer."),
                                    QStringLiteral("slug"));
    const QCommandLineOption preset(
        QStringLiteral("preset"),
        QStringLiteral("The chart's time range: hour, day, week, month, year or all."),
        QStringLiteral("range"));
    parser.addOptions({settingsFile, demo, now, server, email, screenshot, size, plot, select, preset});
    parser.process(app);

    auto settings = parser.isSet(settingsFile) ? std::make_unique<ClientSettings>(parser.value(settingsFile))
                                               : std::make_unique<ClientSettings>();
    Translations::install(settings->language());
    CredentialStore credentials(QStringLiteral("iotile-studio"));
    Session session(settings.get(), &credentials);
    MainWindow window(settings.get(), &session);
    if (parser.isSet(size)) {
        const QStringList parts = parser.value(size).split(QLatin1Char('x'));
        if (parts.size() == 2)
            window.resize(parts[0].toInt(), parts[1].toInt());
    }
    window.show();
    if (parser.isSet(preset)) {
        const QString name = parser.value(preset);
        const QMetaEnum presets = QMetaEnum::fromType<ChartPanel::Preset>();
        bool known = false;
        for (int i = 0; i < presets.keyCount(); ++i) {
            if (name.compare(QLatin1String(presets.key(i)), Qt::CaseInsensitive) == 0) {
                window.chartPanel()->setPreset(ChartPanel::Preset(presets.value(i)));
                known = true;
            }
        }
        if (!known)
            qWarning("unknown --preset %s", qPrintable(name));
    }

    const QString password = qEnvironmentVariable("IOTILE_STUDIO_PASSWORD");
    const bool autoSignIn = parser.isSet(server) && parser.isSet(email) && !password.isEmpty();
    if (parser.isSet(demo)) {
        qint64 clock = 0;
        if (parser.isSet(now)) {
            if (const auto micros = isotime::parse(parser.value(now)))
                clock = *micros / 1000;
        }
        window.enableDemo(clock);
        for (const QString &slug : DemoCatalog::featuredStreams())
            window.plotStream(slug);
        window.selectSlug(DemoCatalog::featuredDevice());
    }
    if (parser.isSet(plot) || parser.isSet(select))
        window.reveal(parser.values(plot), parser.value(select));
    if (autoSignIn)
        session.signIn(Session::normalizeServerUrl(parser.value(server)), parser.value(email), password);
    else if (!parser.isSet(demo))
        window.start();
    if (parser.isSet(screenshot))
        scheduleScreenshot(&window, &session, QDir::current().absoluteFilePath(parser.value(screenshot)),
                           autoSignIn);
    return QApplication::exec();
}
