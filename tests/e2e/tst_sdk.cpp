#include "tests/support/testdatabase.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace iotile::test;

// End to end: the real iotile-server executable on a free loopback port, driven by the original
// service's Python SDK through ../shared/clients/sdk_check.py, as its users run it.
class TstSdk : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void loginAccountRefreshLogout();

private:
    QString runServerCommand(const QStringList &arguments);
    TestDatabase m_database;
    QProcess m_server;
    quint16 m_port = 0;
};

QString TstSdk::runServerCommand(const QStringList &arguments)
{
    QProcess p;
    p.start(QStringLiteral(IOTILE_SERVER_BINARY), arguments);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

void TstSdk::initTestCase()
{
    if (!QFile::exists(QStringLiteral("/usr/bin/python3")))
        QFAIL("Debian's /usr/bin/python3 is required (scripts/test.sh installs it)");
    const QStringList common = {QStringLiteral("--data-dir"),
                                m_database.dataDir(),
                                QStringLiteral("--database-url"),
                                m_database.url(),
                                QStringLiteral("--password-iterations"),
                                QStringLiteral("1000")};
    const QString created =
        runServerCommand(QStringList {QStringLiteral("createuser"), QStringLiteral("--email"),
                                      QStringLiteral("admin@example.com"), QStringLiteral("--password"),
                                      QStringLiteral("sdk password"), QStringLiteral("--staff")}
                         + common);
    QVERIFY2(created.contains(QLatin1String("created user")), qPrintable(created));

    m_server.setProcessChannelMode(QProcess::MergedChannels);
    m_server.start(QStringLiteral(IOTILE_SERVER_BINARY),
                   QStringList {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0")}
                       + common);
    QVERIFY(m_server.waitForStarted(10000));
    QByteArray log;
    const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)/"));
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired() && m_port == 0) {
        m_server.waitForReadyRead(500);
        log += m_server.readAll();
        const auto match = listening.match(QString::fromUtf8(log));
        if (match.hasMatch())
            m_port = quint16(match.captured(1).toUInt());
    }
    QVERIFY2(m_port != 0, log.constData());
}

void TstSdk::cleanupTestCase()
{
    if (m_server.state() == QProcess::Running) {
        m_server.terminate(); // SIGTERM: the server finishes and exits on its own
        QVERIFY(m_server.waitForFinished(20000));
        QCOMPARE(m_server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_server.exitCode(), 0);
    }
}

void TstSdk::loginAccountRefreshLogout()
{
    QProcess sdk;
    sdk.setProcessChannelMode(QProcess::MergedChannels);
    sdk.start(QStringLiteral("/usr/bin/python3"),
              {QStringLiteral(IOTILE_SHARED_DIR "/clients/sdk_check.py"), QStringLiteral("--server"),
               QStringLiteral("http://127.0.0.1:%1").arg(m_port), QStringLiteral("--email"),
               QStringLiteral("admin@example.com"), QStringLiteral("--password"),
               QStringLiteral("sdk password")});
    QVERIFY(sdk.waitForFinished(120000));
    const QByteArray output = sdk.readAll();
    qInfo().noquote() << output;
    QCOMPARE(sdk.exitCode(), 0);
    QVERIFY(output.contains("OK   login"));
    QVERIFY(output.contains("OK   account"));
    QVERIFY(output.contains("OK   refresh"));
    QVERIFY(output.contains("OK   logout"));
    QVERIFY(output.contains("0 step(s) failed"));
}

QTEST_GUILESS_MAIN(TstSdk)
#include "tst_sdk.moc"
