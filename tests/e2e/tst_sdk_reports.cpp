#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/devicelifecycle.h"
#include "server/domain/passwordhasher.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/devicekeystore.h"
#include "server/store/devicestore.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"
#include "tests/support/httpclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

namespace {

const QString kN20 = QStringLiteral(IOTILE_SHARED_DIR "/testdata/reports/n20");

} // namespace

// End to end: the SDK's own upload call (api.streamer.report.upload_file) sends every report kind of
// shared/testdata/reports/n20 to the real iotile-server executable (the keyed ones after their device's
// keys are registered); the worker then makes the readings readable through /api/v1/data/.
class TstSdkReports : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void uploadsEveryKind();

private:
    TestDatabase m_database;
    std::unique_ptr<ServerProcess> m_server;
    QString m_stream;
};

void TstSdkReports::initTestCase()
{
    QFile file(kN20 + QStringLiteral("/manifest.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject files = QJsonDocument::fromJson(file.readAll()).object().value("files").toObject();

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
        Device d;
        d.id = 0x1234;
        QVERIFY(DeviceStore(db).create(d));
        Device device = **DeviceStore(db).byId(0x1234);
        QVERIFY(DeviceLifecycle(db).claim(device, project, user->id));
        // The root keys of the keyed kinds (user key: USR, device key: X-API-KEY).
        for (const auto &[name, type] : {std::pair {"signed_list_user_key.bin", "USR"},
                                         std::pair {"signed_list_device_key.bin", "X-API-KEY"}}) {
            DeviceKey key;
            key.deviceId = device.id;
            key.type = QString::fromLatin1(type);
            key.secret = files.value(QLatin1String(name)).toObject().value("root_key_hex").toString();
            QVERIFY(!key.secret.isEmpty());
            auto made = DeviceKeyStore(db).create(key);
            QVERIFY(made && *made);
        }
        m_stream = StreamSlug(ProjectSlug(quint32(project.gid)), DeviceSlug(0x1234), 0x5001).toString();
        (*context)->closeThreadConnections();
    }
    m_server = std::make_unique<ServerProcess>(QStringLiteral(IOTILE_SERVER_BINARY));
    QVERIFY2(m_server->start({QStringLiteral("--database-url"), m_database.url(),
                              QStringLiteral("--data-dir"), m_database.dataDir()}),
             m_server->log().constData());
}

void TstSdkReports::cleanupTestCase()
{
    if (m_server)
        QCOMPARE(m_server->stop(), 0);
}

void TstSdkReports::uploadsEveryKind()
{
    const QStringList kinds {"signed_list_hash.bin", "flexible_dict.mp", "signed_list_user_key.bin",
                             "signed_list_device_key.bin"};
    QProcess sdk;
    sdk.setProcessChannelMode(QProcess::MergedChannels);
    sdk.start(QStringLiteral("/usr/bin/python3"),
              {QStringLiteral(IOTILE_SHARED_DIR "/clients/sdk_check.py"), QStringLiteral("--server"),
               m_server->baseUrl(), QStringLiteral("--email"), QStringLiteral("sdk@example.com"),
               QStringLiteral("--password"), QStringLiteral("sdk password"), QStringLiteral("--reports"),
               kN20, QStringLiteral("--kinds"), kinds.join(QLatin1Char(','))});
    QVERIFY(sdk.waitForFinished(180000));
    const QByteArray output = sdk.readAll();
    qInfo().noquote() << output;
    QCOMPARE(sdk.exitCode(), 0);
    for (const QString &kind : kinds)
        QVERIFY2(output.contains("OK   report " + kind.toLatin1()), qPrintable(kind));
    QVERIFY(output.contains("OK   streamers of d--0000-0000-0000-1234"));
    QVERIFY(output.contains("0 step(s) failed"));

    // Processing: all four reports succeed; the signed lists carry the same readings 1..20, so the data
    // holds each reading once.
    HttpClient client(m_server->baseUrl());
    const HttpReply login =
        client.post(QStringLiteral("/api/v1/auth/login/"),
                    QJsonObject {{"email", "sdk@example.com"}, {"password", "sdk password"}});
    QCOMPARE(login.status, 200);
    client.setAuthorization("jwt " + login.object().value("jwt").toString().toLatin1());
    QElapsedTimer timer;
    timer.start();
    QJsonArray reports;
    bool done = false;
    while (!done && timer.elapsed() < 60000) {
        reports = client.get(QStringLiteral("/api/v1/streamer/report/")).object().value("results").toArray();
        done = reports.size() == kinds.size();
        for (const QJsonValue &r : std::as_const(reports))
            done = done && r.toObject().value("status").toString() == QLatin1String("success");
        if (!done)
            QTest::qWait(100);
    }
    QVERIFY2(done, QJsonDocument(reports).toJson().constData());
    const QJsonArray points =
        client.get(QStringLiteral("/api/v1/data/?filter=%1&page_size=1000").arg(m_stream))
            .object()
            .value("results")
            .toArray();
    QCOMPARE(points.size(), 20);
    QCOMPARE(points.first().toObject().value("timestamp").toString(), QStringLiteral("2021-01-20T11:40:00Z"));
    QCOMPARE(points.last().toObject().value("timestamp").toString(), QStringLiteral("2021-01-20T11:59:00Z"));
    QCOMPARE(points.last().toObject().value("int_value").toInt(), 1019);
}

QTEST_GUILESS_MAIN(TstSdkReports)
#include "tst_sdk_reports.moc"
