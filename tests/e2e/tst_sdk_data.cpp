#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "common/slug/variableslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/devicelifecycle.h"
#include "server/domain/passwordhasher.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"
#include "server/store/streamdatastore.h"
#include "server/store/variablestore.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

#include <QProcess>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// End to end: the SDK's own download loop (iotile_cloud.stream.data.StreamData, which pages through
// /api/v1/stream/<slug>/data/?page=N) fetches every point of a seeded stream of several pages from the real
// iotile-server executable.
class TstSdkData : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void downloadsEveryPoint();

private:
    TestDatabase m_database;
    std::unique_ptr<ServerProcess> m_server;
    QString m_stream;
    static constexpr int kPoints = 2500; // three pages of 1,000
};

void TstSdkData::initTestCase()
{
    ServerConfig config;
    config.databaseUrl = m_database.url();
    config.dataDir = m_database.dataDir();
    config.passwordIterations = 1000;
    {
        auto context = ServerContext::create(config, true);
        QVERIFY2(context, context ? "" : qPrintable(context.error().message()));
        SqlConnection &db = **(*context)->db().connection();
        Account a;
        a.email = QStringLiteral("sdk@example.com");
        a.username = QStringLiteral("sdk");
        a.passwordHash = PasswordHasher(1000).hash(QStringLiteral("sdk password"));
        a.emailVerified = true;
        auto user = AccountStore(db).create(a);
        QVERIFY(user);
        Org org;
        org.name = QStringLiteral("SDK Org");
        org.slug = QStringLiteral("sdk-org");
        auto o = OrgStore(db).create(org, user->id);
        QVERIFY(o);
        Project p;
        p.name = QStringLiteral("SDK Project");
        p.orgId = o->id;
        auto created = ProjectStore(db).create(p);
        QVERIFY(created);
        const Project project = **ProjectStore(db).byId(created->id);
        Variable v;
        v.name = QStringLiteral("Counter");
        v.lid = 0x5001;
        v.projectId = project.id;
        v.orgId = project.orgId;
        v.slug = VariableSlug(ProjectSlug(quint32(project.gid)), 0x5001).toString();
        auto variable = VariableStore(db).create(v);
        QVERIFY(variable);
        Device d;
        d.id = 0x77;
        QVERIFY(DeviceStore(db).create(d));
        Device device = **DeviceStore(db).byId(0x77);
        QVERIFY(DeviceLifecycle(db).claim(device, project, user->id));
        QVERIFY(DeviceLifecycle(db).ensureStream(device, project, *variable, user->id));
        m_stream = StreamSlug(ProjectSlug(quint32(project.gid)), DeviceSlug(0x77), 0x5001).toString();
        SqlConnection &data = **(*context)->dataDb().connection();
        StreamDataStore store(data);
        auto key = store.ensureKey(m_stream);
        QVERIFY(key);
        std::vector<DataPoint> points;
        std::vector<qint64> stamps;
        for (int i = 0; i < kPoints; ++i) {
            DataPoint pt;
            pt.streamId = *key;
            pt.ts = (1767225600LL + i * 60) * isotime::kMicrosPerSecond;
            pt.seq = i + 1;
            pt.intValue = i;
            pt.value = double(i);
            points.push_back(pt);
            stamps.push_back(pt.ts);
        }
        QVERIFY(store.ensurePartitions(stamps));
        Transaction tx(data);
        QVERIFY(store.insert(points));
        QVERIFY(tx.commit());
        (*context)->closeThreadConnections();
    }
    m_server = std::make_unique<ServerProcess>(QStringLiteral(IOTILE_SERVER_BINARY));
    QVERIFY2(m_server->start({QStringLiteral("--database-url"), m_database.url(),
                              QStringLiteral("--data-dir"), m_database.dataDir()}),
             m_server->log().constData());
}

void TstSdkData::cleanupTestCase()
{
    if (m_server)
        QCOMPARE(m_server->stop(), 0);
}

void TstSdkData::downloadsEveryPoint()
{
    QProcess sdk;
    sdk.setProcessChannelMode(QProcess::MergedChannels);
    sdk.start(QStringLiteral("/usr/bin/python3"),
              {QStringLiteral(IOTILE_SHARED_DIR "/clients/sdk_check.py"), QStringLiteral("--server"),
               m_server->baseUrl(), QStringLiteral("--email"), QStringLiteral("sdk@example.com"),
               QStringLiteral("--password"), QStringLiteral("sdk password"), QStringLiteral("--stream"),
               m_stream, QStringLiteral("--expect-points"), QString::number(kPoints)});
    QVERIFY(sdk.waitForFinished(180000));
    const QByteArray output = sdk.readAll();
    qInfo().noquote() << output;
    QCOMPARE(sdk.exitCode(), 0);
    QVERIFY(output.contains("OK   stream data " + m_stream.toLatin1()));
    QVERIFY(output.contains("\"points\": 2500"));
    QVERIFY(output.contains("0 step(s) failed"));
}

QTEST_GUILESS_MAIN(TstSdkData)
#include "tst_sdk_data.moc"
