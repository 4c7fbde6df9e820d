#include "common/slug/deviceslug.h"
#include "common/util/isotime.h"
#include "server/domain/searchindex.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

namespace {

// More than one page of each list for the SDK's paging loop: orgs and projects page by 100, devices by 1000.
constexpr int kOrgs = 120;
constexpr int kProjects = 120;
constexpr int kDevices = 1100;
constexpr qint64 kFirstDevice = 0x10000;

} // namespace

// End to end with lists: the database is seeded in-process through the stores, then the real iotile-server
// executable serves it on a free loopback port and the original service's Python SDK pages through all
// orgs, projects and devices (../shared/clients/sdk_check.py --lists) and reads one device back.
class TstSdkLists : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void listsPageByPage();

private:
    std::unique_ptr<TestServer> m_seeder;
    QProcess m_server;
    quint16 m_port = 0;
};

void TstSdkLists::initTestCase()
{
    if (!QFile::exists(QStringLiteral("/usr/bin/python3")))
        QFAIL("Debian's /usr/bin/python3 is required (scripts/test.sh installs it)");
    // An in-process server migrates the test database; its stores seed it.
    m_seeder = std::make_unique<TestServer>();
    QVERIFY2(m_seeder->ok(), qPrintable(m_seeder->error()));
    const Account user =
        m_seeder->createUser(QStringLiteral("lists@example.com"), QStringLiteral("sdk password"));
    const Account other =
        m_seeder->createUser(QStringLiteral("other@example.com"), QStringLiteral("password1"));
    Seed seed(*m_seeder);
    {
        Transaction tx(seed.db()); // one commit: seconds instead of minutes on SQLite
        QVERIFY(tx.started());
        QList<Project> projects;
        for (int i = 0; i < kOrgs; ++i) {
            const Org org = seed.org(QStringLiteral("SDK Org %1").arg(i, 3, 10, QLatin1Char('0')), user);
            if (projects.size() < kProjects)
                projects << seed.project(org, QStringLiteral("Site %1").arg(i), user);
        }
        // Not the user's: must not show up in the user's lists.
        const Org foreign = seed.org(QStringLiteral("Someone Else"), other);
        const Project theirs = seed.project(foreign, QStringLiteral("Theirs"), other);
        DeviceStore devices(seed.db());
        for (int i = 0; i <= kDevices; ++i) {
            Device d;
            d.id = kFirstDevice + i;
            d.label = QStringLiteral("Meter %1").arg(i);
            const Project &p = i == kDevices ? theirs : projects.at(i % projects.size());
            d.projectId = p.id;
            d.orgId = p.orgId;
            d.claimedBy = i == kDevices ? other.id : user.id;
            d.claimedOn = isotime::now();
            QVERIFY(devices.create(d));
        }
        QVERIFY(tx.commit());
    }
    QVERIFY(SearchIndex::rebuild(seed.db()));
    m_seeder->stop(); // the executable takes over the database

    m_server.setProcessChannelMode(QProcess::MergedChannels);
    m_server.start(QStringLiteral(IOTILE_SERVER_BINARY),
                   {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                    QStringLiteral("--data-dir"), m_seeder->database().dataDir(),
                    QStringLiteral("--database-url"), m_seeder->database().url(),
                    QStringLiteral("--password-iterations"), QStringLiteral("1000")});
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

void TstSdkLists::cleanupTestCase()
{
    if (m_server.state() == QProcess::Running) {
        m_server.terminate();
        QVERIFY(m_server.waitForFinished(20000));
        QCOMPARE(m_server.exitCode(), 0);
    }
    m_seeder.reset(); // drops the PostgreSQL database once the executable has let go of it
}

void TstSdkLists::listsPageByPage()
{
    const QString device = DeviceSlug(quint64(kFirstDevice + kDevices - 1)).toString();
    QProcess sdk;
    sdk.setProcessChannelMode(QProcess::MergedChannels);
    sdk.start(QStringLiteral("/usr/bin/python3"),
              {QStringLiteral(IOTILE_SHARED_DIR "/clients/sdk_check.py"), QStringLiteral("--server"),
               QStringLiteral("http://127.0.0.1:%1").arg(m_port), QStringLiteral("--email"),
               QStringLiteral("lists@example.com"), QStringLiteral("--password"),
               QStringLiteral("sdk password"), QStringLiteral("--lists"), QStringLiteral("--device"),
               device});
    QVERIFY(sdk.waitForFinished(120000));
    const QByteArray output = sdk.readAll();
    qInfo().noquote() << output;
    QCOMPARE(sdk.exitCode(), 0);
    QVERIFY(output.contains("0 step(s) failed"));
    // The SDK's own paging loop saw every object of the user's, and nothing else.
    QVERIFY(output.contains(QStringLiteral("OK   orgs (all pages) -> {\"count\": %1}").arg(kOrgs).toUtf8()));
    QVERIFY(output.contains(
        QStringLiteral("OK   projects (all pages) -> {\"count\": %1}").arg(kProjects).toUtf8()));
    QVERIFY(output.contains(
        QStringLiteral("OK   devices (all pages) -> {\"count\": %1}").arg(kDevices).toUtf8()));
    QVERIFY(output.contains(QStringLiteral("OK   device %1").arg(device).toUtf8()));
}

QTEST_GUILESS_MAIN(TstSdkLists)
#include "tst_sdk_lists.moc"
