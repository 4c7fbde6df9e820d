#include "common/reports/signedlistreport.h"
#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
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
#include "tests/support/httpclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTest>
#include <QUrl>

#include <limits>

using namespace iotile;
using namespace iotile::test;

namespace {

constexpr int kDevices = 3;
constexpr int kReports = 8; // per device
constexpr quint32 kStep = 2500; // report k holds ids k*kStep+1 .. k*kStep+kSize: 500 overlap the next
constexpr quint32 kSize = 3000;
constexpr quint32 kSent = 100000;
constexpr qint64 kUniqueIds = (kReports - 1) * kStep + kSize;

QByteArray report(quint64 device, int k)
{
    Report r;
    r.deviceId = device;
    r.reportId = quint32((k + 1) * kStep + kSize);
    r.sentTimestamp = kSent;
    r.streamerSelector = 0xD7FF;
    for (quint32 i = 0; i < kSize; ++i) {
        IOTileReading reading;
        reading.stream = 0x5001;
        reading.readingId = quint32(k) * kStep + 1 + i;
        reading.rawTime = reading.readingId; // a reading's time and value depend on its id alone
        reading.value = reading.readingId * 3;
        r.readings.push_back(reading);
    }
    return SignedListReport::build(r).value();
}

} // namespace

// The real iotile-server, killed with SIGKILL while it processes streamer reports (overlapping ones of
// several devices), then started again: the queue finishes the work and the stored data is what one clean
// pass gives: every reading id once, with its value and time, one COMPLETE_REPORT point per report.
class TstReportsCrash : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void killNineWhileProcessing();

private:
    QStringList serverArguments(int workers) const;
    QJsonArray reports(HttpClient &client);
    int countWith(const QJsonArray &all, const QString &status);

    TestDatabase m_database;
    ServerConfig m_config;
    QStringList m_streams;
};

void TstReportsCrash::initTestCase()
{
    m_config.databaseUrl = m_database.url();
    m_config.dataDir = m_database.dataDir();
    m_config.passwordIterations = 1000;
    auto context = ServerContext::create(m_config, true);
    QVERIFY2(context, context ? "" : qPrintable(context.error().message()));
    SqlConnection &db = **(*context)->db().connection();
    Account a;
    a.email = QStringLiteral("crash@example.com");
    a.username = QStringLiteral("crash");
    a.passwordHash = PasswordHasher(1000).hash(QStringLiteral("crash password"));
    a.emailVerified = true;
    auto user = AccountStore(db).create(a);
    QVERIFY(user);
    Org org;
    org.name = QStringLiteral("Crash Org");
    org.slug = QStringLiteral("crash-org");
    auto o = OrgStore(db).create(org, user->id);
    QVERIFY(o);
    Project p;
    p.name = QStringLiteral("Crash Project");
    p.orgId = o->id;
    auto created = ProjectStore(db).create(p);
    QVERIFY(created);
    const Project project = **ProjectStore(db).byId(created->id);
    for (int i = 0; i < kDevices; ++i) {
        Device d;
        d.id = 0x500 + i;
        QVERIFY(DeviceStore(db).create(d));
        Device device = **DeviceStore(db).byId(d.id);
        QVERIFY(DeviceLifecycle(db).claim(device, project, user->id));
        m_streams
            << StreamSlug(ProjectSlug(quint32(project.gid)), DeviceSlug(quint64(d.id)), 0x5001).toString();
    }
    (*context)->closeThreadConnections();
}

void TstReportsCrash::cleanupTestCase() { }

QStringList TstReportsCrash::serverArguments(int workers) const
{
    return {QStringLiteral("--database-url"),
            m_database.url(),
            QStringLiteral("--data-dir"),
            m_database.dataDir(),
            QStringLiteral("--worker-threads"),
            QString::number(workers),
            QStringLiteral("--worker-poll-ms"),
            QStringLiteral("50"),
            QStringLiteral("--job-lease-seconds"),
            QStringLiteral("1"),
            QStringLiteral("--job-backoff-seconds"),
            QStringLiteral("0.2")};
}

QJsonArray TstReportsCrash::reports(HttpClient &client)
{
    return client.get(QStringLiteral("/api/v1/streamer/report/?page_size=1000"))
        .object()
        .value("results")
        .toArray();
}

int TstReportsCrash::countWith(const QJsonArray &all, const QString &status)
{
    int n = 0;
    for (const QJsonValue &v : all)
        n += v.toObject().value("status").toString() == status ? 1 : 0;
    return n;
}

void TstReportsCrash::killNineWhileProcessing()
{
    const int total = kDevices * kReports;
    auto login = [](HttpClient &client) {
        const HttpReply r =
            client.post(QStringLiteral("/api/v1/auth/login/"),
                        QJsonObject {{"email", "crash@example.com"}, {"password", "crash password"}});
        client.setAuthorization("jwt " + r.object().value("jwt").toString().toLatin1());
        return r.status == 200;
    };
    {
        // Uploads first, to a server that runs no worker: the queue holds every report.
        ServerProcess uploader(QStringLiteral(IOTILE_SERVER_BINARY));
        QVERIFY2(uploader.start(serverArguments(0)), uploader.log().constData());
        HttpClient client(uploader.baseUrl());
        QVERIFY(login(client));
        const QString url = QStringLiteral("/api/v1/streamer/report/?timestamp=2021-01-20T12:00:00Z");
        for (int k = 0; k < kReports; ++k) {
            for (int d = 0; d < kDevices; ++d) {
                const HttpReply r =
                    client.upload(url, QStringLiteral("file"), QStringLiteral("r.bin"), report(0x500 + d, k));
                QVERIFY2(r.status == 201, r.body.constData());
            }
        }
        QCOMPARE(uploader.stop(), 0);
    }
    int doneAtKill = 0, processingAtKill = 0;
    {
        // Each report's transaction is held open a while before its commit (a fault-injection setting of
        // the server), so the kill lands inside one however fast this machine processes reports.
        ServerProcess first(QStringLiteral(IOTILE_SERVER_BINARY));
        first.setEnvironment(QStringLiteral("IOTILE_TEST_ACTIONS"), QStringLiteral("1"));
        first.setEnvironment(QStringLiteral("IOTILE_TEST_REPORT_HOLD_MS"), QStringLiteral("300"));
        QVERIFY2(first.start(serverArguments(2)), first.log().constData());
        HttpClient client(first.baseUrl());
        QVERIFY(login(client));
        // Some reports done, one being processed: kill without warning.
        QElapsedTimer timer;
        timer.start();
        QJsonArray all;
        while (timer.elapsed() < 60000) {
            all = reports(client);
            const int done = countWith(all, QStringLiteral("success"));
            if ((done >= 2 && countWith(all, QStringLiteral("processing")) >= 1) || done == total)
                break;
            QTest::qWait(5);
        }
        first.kill();
        doneAtKill = countWith(all, QStringLiteral("success"));
        processingAtKill = countWith(all, QStringLiteral("processing"));
        QVERIFY2(doneAtKill < total && processingAtKill >= 1,
                 "the kill came too late: raise IOTILE_TEST_REPORT_HOLD_MS");
        qInfo("killed with %d report(s) done and %d being processed", doneAtKill, processingAtKill);
    }

    ServerProcess second(QStringLiteral(IOTILE_SERVER_BINARY));
    QVERIFY2(second.start(serverArguments(2)), second.log().constData());
    HttpClient client(second.baseUrl());
    QVERIFY(login(client));
    QElapsedTimer timer;
    timer.start();
    QJsonArray all;
    while (timer.elapsed() < 120000) {
        all = reports(client);
        if (countWith(all, QStringLiteral("success")) == total)
            break;
        QTest::qWait(100);
    }
    QCOMPARE(all.size(), total);
    QCOMPARE(countWith(all, QStringLiteral("success")), total);
    QCOMPARE(second.stop(), 0);

    // One clean pass: each reading id of each device once, with the value and time its id gives; the new
    // ids of report k are exactly those above report k-1's.
    auto context = ServerContext::create(m_config, false);
    QVERIFY(context);
    SqlConnection &data = **(*context)->dataDb().connection();
    const qint64 received = *isotime::parse(QByteArrayView("2021-01-20T12:00:00Z"));
    const qint64 base = received - qint64(kSent) * isotime::kMicrosPerSecond;
    for (const QString &slug : std::as_const(m_streams)) {
        auto key = StreamDataStore(data).keyOf(slug);
        QVERIFY(key && *key);
        DataSelector stream;
        stream.key = *key;
        auto points = StreamDataStore(data).fetch(stream, std::nullopt, StreamDataStore::Order::TimeAscending,
                                                  0, 1000000);
        QVERIFY(points);
        QSet<qint64> seqs;
        qint64 minSeq = std::numeric_limits<qint64>::max(), maxSeq = 0, sum = 0, onTime = 0;
        for (const DataPoint &p : *points) {
            seqs.insert(p.seq);
            minSeq = std::min(minSeq, p.seq);
            maxSeq = std::max(maxSeq, p.seq);
            sum += p.intValue.value_or(0);
            onTime += p.ts == base + p.seq * 1000000 ? 1 : 0;
        }
        QCOMPARE(qint64(points->size()), kUniqueIds);
        QCOMPARE(qint64(seqs.size()), kUniqueIds);
        QCOMPARE(minSeq, qint64(1));
        QCOMPARE(maxSeq, kUniqueIds);
        QCOMPARE(sum, 3 * kUniqueIds * (kUniqueIds + 1) / 2);
        QCOMPARE(onTime, kUniqueIds);
        auto complete = StreamDataStore(data).keyOf(slug.left(slug.size() - 4) + QStringLiteral("5a05"));
        QVERIFY(complete && *complete);
        DataSelector completions;
        completions.key = **complete;
        QCOMPARE(*StreamDataStore(data).count(completions, std::nullopt), qint64(kReports));
    }
    for (const QJsonValue &v : std::as_const(all)) {
        const QJsonObject r = v.toObject();
        const qint64 last = r.value("original_last_id").toInteger();
        const qint64 first = r.value("original_first_id").toInteger();
        // First report of a device: all its ids; later ones: the ids past the overlap.
        QCOMPARE(r.value("actual_last_id").toInteger(), last);
        QCOMPARE(r.value("actual_first_id").toInteger(), first == 1 ? 1 : first + (kSize - kStep));
    }
    (*context)->closeThreadConnections();
}

QTEST_GUILESS_MAIN(TstReportsCrash)
#include "tst_reports_crash.moc"
