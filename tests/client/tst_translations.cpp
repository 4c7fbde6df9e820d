#include "client/app/mainwindow.h"
#include "client/app/translations.h"
#include "client/data/bucketplan.h"
#include "client/session/credentialstore.h"
#include "client/session/session.h"
#include "client/settings/clientsettings.h"

#include <QAction>
#include <QFile>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace iotile;

// The German and English .qm files built from translations/*.ts and embedded in the studio: strings and
// plural forms come out translated, the main window's menus too, and no German translation is missing.
class TstTranslations : public QObject
{
    Q_OBJECT
private slots:
    void cleanup();

    void embedded_data();
    void embedded();
    void german_data();
    void german();
    void plurals_data();
    void plurals();
    void install_data();
    void install();
    void germanWindow();
    void germanComplete();
};

void TstTranslations::cleanup()
{
    Translations::install(QStringLiteral("en"));
}

void TstTranslations::embedded_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("de") << QStringLiteral("de");
    QTest::newRow("en") << QStringLiteral("en");
}

void TstTranslations::embedded()
{
    QFETCH(QString, language);
    QVERIFY(QFile::exists(Translations::resource(language)));
    QTranslator translator;
    QVERIFY(translator.load(Translations::resource(language)));
    QVERIFY(!translator.isEmpty());
}

void TstTranslations::german_data()
{
    QTest::addColumn<QByteArray>("context");
    QTest::addColumn<QByteArray>("source");
    QTest::addColumn<QString>("translation");
    QTest::newRow("menu") << QByteArray("iotile::MainWindow") << QByteArray("&File")
                          << QStringLiteral("&Datei");
    QTest::newRow("action") << QByteArray("iotile::MainWindow") << QByteArray("&Generate Report…")
                            << QStringLiteral("Be&richt erstellen…");
    QTest::newRow("dialog title") << QByteArray("iotile::LoginDialog")
                                  << QByteArray("Sign In to IOTile Cloud")
                                  << QStringLiteral("Bei IOTile Cloud anmelden");
    QTest::newRow("with argument") << QByteArray("iotile::ChartPanel") << QByteArray("Could not load %1: %2")
                                   << QStringLiteral("%1 konnte nicht geladen werden: %2");
    QTest::newRow("error text") << QByteArray("iotile::ErrorText")
                                << QByteArray("The server cannot be reached.")
                                << QStringLiteral("Der Server ist nicht erreichbar.");
    QTest::newRow("report sheet") << QByteArray("iotile::XlsxReportWriter") << QByteArray("Timestamp (UTC)")
                                  << QStringLiteral("Zeitstempel (UTC)");
}

void TstTranslations::german()
{
    QFETCH(QByteArray, context);
    QFETCH(QByteArray, source);
    QFETCH(QString, translation);
    QCOMPARE(Translations::install(QStringLiteral("de")), QStringLiteral("de"));
    QCOMPARE(QCoreApplication::translate(context.constData(), source.constData()), translation);
}

void TstTranslations::plurals_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("de one hour") << QStringLiteral("de") << 3600 << QStringLiteral("1 Stunde");
    QTest::newRow("de three hours") << QStringLiteral("de") << 10800 << QStringLiteral("3 Stunden");
    QTest::newRow("de a day") << QStringLiteral("de") << 86400 << QStringLiteral("1 Tag");
    QTest::newRow("en one hour") << QStringLiteral("en") << 3600 << QStringLiteral("1 hour");
    QTest::newRow("en fifteen minutes") << QStringLiteral("en") << 900 << QStringLiteral("15 minutes");
}

void TstTranslations::plurals()
{
    QFETCH(QString, language);
    QFETCH(int, seconds);
    QFETCH(QString, text);
    Translations::install(language);
    QCOMPARE(BucketPlan::describe(seconds), text);
}

void TstTranslations::install_data()
{
    QTest::addColumn<QString>("wanted");
    QTest::addColumn<QString>("used");
    QTest::newRow("german") << QStringLiteral("de") << QStringLiteral("de");
    QTest::newRow("german region") << QStringLiteral("de_AT") << QStringLiteral("de");
    QTest::newRow("english") << QStringLiteral("en") << QStringLiteral("en");
    QTest::newRow("no translation") << QStringLiteral("fr") << QStringLiteral("en");
}

void TstTranslations::install()
{
    QFETCH(QString, wanted);
    QFETCH(QString, used);
    QCOMPARE(Translations::install(wanted), used);
    const QString file = QCoreApplication::translate("iotile::MainWindow", "&File");
    QCOMPARE(file, used == QLatin1String("de") ? QStringLiteral("&Datei") : QStringLiteral("&File"));
}

void TstTranslations::germanWindow()
{
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/iotile-no-session-bus");
    Translations::install(QStringLiteral("de"));
    QTemporaryDir dir;
    ClientSettings settings(dir.filePath(QStringLiteral("studio.ini")));
    CredentialStore store(QStringLiteral("iotile-studio-test"));
    Session session(&settings, &store);
    MainWindow window(&settings, &session);
    QStringList menus;
    for (QAction *menu : window.menuBar()->actions())
        menus.append(menu->text());
    QCOMPARE(menus,
             (QStringList {QStringLiteral("&Datei"), QStringLiteral("&Ansicht"), QStringLiteral("Dia&gramm"),
                           QStringLiteral("&Hilfe")}));
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("actionSignIn"))->text(),
             QStringLiteral("&Anmelden…"));
}

void TstTranslations::germanComplete()
{
    QFile file(QStringLiteral(IOTILE_SOURCE_DIR "/translations/iotile-studio_de.ts"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString ts = QString::fromUtf8(file.readAll());
    static const QRegularExpression message(QStringLiteral("<message[^>]*>.*?</message>"),
                                            QRegularExpression::DotMatchesEverythingOption);
    int count = 0;
    QStringList missing;
    for (auto it = message.globalMatch(ts); it.hasNext();) {
        const QString block = it.next().captured(0);
        ++count;
        if (block.contains(QStringLiteral("type=\"unfinished\""))
            || block.contains(QStringLiteral("<translation></translation>"))
            || block.contains(QStringLiteral("<numerusform></numerusform>")))
            missing.append(block);
    }
    QVERIFY(count > 200);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TstTranslations)
#include "tst_translations.moc"
