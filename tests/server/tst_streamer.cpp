#include "common/reports/signedlistreport.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
#include "server/ingest/ingesthooks.h"
#include "server/store/database.h"
#include "server/store/streamdatastore.h"
#include "server/worker/jobqueue.h"
#include "tests/support/seed.h"
#include "tests/support/testreports.h"
#include "tests/support/testserver.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>
#include <QUrl>

#include <atomic>

using namespace iotile;
using namespace iotile::test;

namespace {

const QString kReports = QStringLiteral(IOTILE_SHARED_DIR "/testdata/reports");
constexpr qint64 kSecond = isotime::kMicrosPerSecond;
// 2000-01-01T00:00:00Z: the epoch of RTC device times (bit 31 set).
constexpr qint64 kY2K = 946684800LL * kSecond;

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

QJsonObject manifest(const QString &dir)
{
    return QJsonDocument::fromJson(
               readFile(kReports + QLatin1Char('/') + dir + QStringLiteral("/manifest.json")))
        .object();
}

QString upload(const QString &timestamp)
{
    return QStringLiteral("/api/v1/streamer/report/?timestamp=")
        + QString::fromLatin1(QUrl::toPercentEncoding(timestamp));
}

// UTC of a binary reading as the original computes it: RTC seconds since 2000, or the report's base time
// (received - sent timestamp) plus the uptime.
qint64 expectedUtc(quint32 rawTime, qint64 received, quint32 sent)
{
    if ((rawTime & 0x80000000u) && rawTime != 0xFFFFFFFFu)
        return kY2K + qint64(rawTime & 0x7FFFFFFFu) * kSecond;
    return received - qint64(sent) * kSecond + qint64(rawTime) * kSecond;
}

// Counts what report processing tells the ingest hooks after its commits.
class ReportListener final : public IngestListener
{
public:
    void committed(const CommittedBatch &batch, ServerContext &) override
    {
        if (batch.source != CommittedBatch::Source::Report)
            return;
        ++batches;
        for (const CommittedStream &s : batch.streams)
            points += int(s.points.size());
    }
    std::atomic<int> batches {0};
    std::atomic<int> points {0};
};

// A server with one org, a project with variable 5001, and the test files' device 0x1234 claimed into it.
struct Env
{
    std::unique_ptr<TestServer> server;
    Account owner, member, outsider, staff;
    Project project;
    Device device;
    QString stream; // 5001 of the device (has a stream row)
    QString eventStream; // 5020 (no stream row: the original stores reports' items anyway)

    bool make()
    {
        server = std::make_unique<TestServer>();
        if (!server->ok())
            return false;
        owner = server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
        member = server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
        outsider = server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
        staff = server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
        Seed seed(*server);
        const Org org = seed.org(QStringLiteral("Report Org"), owner);
        seed.member(org, member, QStringLiteral("m1"));
        project = seed.project(org, QStringLiteral("Report Project"), owner);
        const Variable v = seed.variable(project, 0x5001, QStringLiteral("Counter"));
        device = seed.claim(seed.device(0x1234), project, owner);
        stream = seed.stream(device, project, v).slug;
        eventStream = QStringLiteral("s--%1--%2--5020").arg(project.slug.mid(3), device.slug.mid(3));
        const Org other = seed.org(QStringLiteral("Other Org"), outsider);
        seed.project(other, QStringLiteral("Other Project"), outsider);
        return true;
    }

    HttpReply send(const Account &who, const QString &fileName, const QByteArray &content,
                   const QString &timestamp = QStringLiteral("2021-01-20T12:00:00Z"))
    {
        return server->clientFor(who)->upload(upload(timestamp), QStringLiteral("file"), fileName, content);
    }

    // Registers a root key the way staff do (POST /api/v1/key/), as 64 hex digits.
    bool addKey(const QString &type, const QString &hex)
    {
        const HttpReply r = server->clientFor(staff)->post(
            QStringLiteral("/api/v1/key/"),
            QJsonObject {{"slug", device.slug}, {"type", type}, {"secret", hex}, {"downloadable", false}});
        return r.status == 201;
    }

    QJsonArray reports()
    {
        return server->clientFor(member)
            ->get(QStringLiteral("/api/v1/streamer/report/?page_size=1000"))
            .object()
            .value("results")
            .toArray();
    }

    // Waits until every report has left the queue; returns the newest.
    QJsonObject settled(int expectedReports)
    {
        QJsonObject last;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000) {
            const QJsonArray all = reports();
            bool done = all.size() == expectedReports;
            for (const QJsonValue &v : all) {
                const QString status = v.toObject().value("status").toString();
                done = done && (status == QLatin1String("success") || status == QLatin1String("failed"));
            }
            if (done && !all.isEmpty())
                return all.last().toObject();
            QTest::qWait(50);
        }
        return last;
    }

    QJsonArray data(const QString &slug, const QString &what = QStringLiteral("data"))
    {
        const HttpReply r = server->clientFor(member)->get(
            QStringLiteral("/api/v1/%1/?filter=%2&page_size=10000").arg(what, slug));
        return r.object().value("results").toArray();
    }
};

} // namespace

// Streamers and streamer reports over real HTTP: every report file of shared/testdata uploaded as the SDK
// does (keyed ones after their keys are registered) and read back through /api/v1/data/ with the UTC times
// the original gives them; re-uploads and overlaps add nothing; broken files get a 400 with the reason;
// the streamer and report lists, filters and who may see them.
class TstStreamer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void everyFileAccepted_data();
    void everyFileAccepted();
    void sameFileTwiceAddsNothing();
    void overlappingReports();
    void rejected_data();
    void rejected();
    void uploadAccess();
    void unclaimedAndUnknownDevice();
    void streamerLists();
    void reportLists();
    void staffCreatesStreamers();
    void staffEditsAndDeletesStreamers();
    void resetDropsReportsAndStreamers();
    void choppedReportRetimedByLaterReboot();
    void rebootFixesEarlierReadings_data();
    void rebootFixesEarlierReadings();
    void rebootWaitsForOtherStreamers();
    void delayedReportRetimed_data();
    void delayedReportRetimed();
    void delayAndRebootEitherOrder_data();
    void delayAndRebootEitherOrder();
    void delayWaitsForOtherStreamers();

private:
    Env m_env; // the shared server of the tests after everyFileAccepted
};

void TstStreamer::initTestCase()
{
    QVERIFY(QDir(kReports).exists());
}

void TstStreamer::cleanupTestCase()
{
    m_env.server.reset();
}

void TstStreamer::everyFileAccepted_data()
{
    QTest::addColumn<QString>("dir");
    QTest::addColumn<QString>("file");
    for (const QString &dir : {QStringLiteral("n20"), QStringLiteral("n1000-utc")}) {
        const QJsonObject files = manifest(dir).value("files").toObject();
        for (const QString &file : files.keys())
            QTest::addRow("%s/%s", qPrintable(dir), qPrintable(file)) << dir << file;
    }
}

void TstStreamer::everyFileAccepted()
{
    QFETCH(QString, dir);
    QFETCH(QString, file);
    Env env;
    QVERIFY(env.make());
    const QJsonObject m = manifest(dir);
    const QJsonObject spec = m.value("files").toObject().value(file).toObject();
    const QString receivedText = m.value("received_time_utc").toString();
    const qint64 received = *isotime::parse(receivedText);
    const QByteArray content = readFile(kReports + QLatin1Char('/') + dir + QLatin1Char('/') + file);
    QCOMPARE(content.size(), spec.value("length").toInt());
    const QString kind = spec.value("kind").toString();

    if (kind == QLatin1String("IndividualReadingReport")) {
        // The original reads only signed lists from binary uploads: format 0 is refused, as there.
        const HttpReply r = env.send(env.member, file, content, receivedText);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json(), QJsonValue(QJsonArray {"Unsupported Report Format: 0"}));
        QCOMPARE(env.data(env.stream).size(), 0);
        return;
    }

    const int flags = spec.value("signature_flags").toInt();
    if (flags == 1)
        QVERIFY(env.addKey(QStringLiteral("USR"), spec.value("root_key_hex").toString()));
    else if (flags == 2)
        QVERIFY(env.addKey(QStringLiteral("X-API-KEY"), spec.value("root_key_hex").toString()));

    const HttpReply r = env.send(env.member, file, content, receivedText);
    QVERIFY2(r.status == 201, r.body.constData());
    const QJsonObject report = env.settled(1);
    QCOMPARE(report.value("status").toString(), QStringLiteral("success"));
    QCOMPARE(report.value("sent_timestamp").toString(), QStringLiteral("2021-01-20T12:00:00Z"));
    QCOMPARE(report.value("created_by").toString(), env.member.slug);

    if (kind == QLatin1String("SignedListReport")) {
        const QJsonArray readings = spec.value("readings").toArray();
        QCOMPARE(r.object(), (QJsonObject {{"count", readings.size()}}));
        QCOMPARE(report.value("incremental_id").toInt(), spec.value("report_id").toInt());
        QCOMPARE(report.value("device_sent_timestamp").toInt(), spec.value("sent_timestamp").toInt());
        QCOMPARE(report.value("original_first_id").toInt(), spec.value("lowest_id").toInt());
        QCOMPARE(report.value("original_last_id").toInt(), spec.value("highest_id").toInt());
        QCOMPARE(report.value("actual_first_id").toInt(), 1);
        QCOMPARE(report.value("actual_last_id").toInt(), readings.size());
        QCOMPARE(report.value("streamer").toString(),
                 QStringLiteral("t--%1--0000").arg(env.device.slug.mid(3)));
        const quint32 sent = quint32(spec.value("sent_timestamp").toInteger());
        const QJsonArray points = env.data(env.stream);
        QCOMPARE(points.size(), readings.size());
        for (qsizetype i = 0; i < readings.size(); ++i) {
            const QJsonObject want = readings[i].toObject();
            const QJsonObject got = points[i].toObject();
            const quint32 raw = quint32(want.value("raw_time").toInteger());
            QCOMPARE(*isotime::parse(got.value("timestamp").toString()), expectedUtc(raw, received, sent));
            QCOMPARE(got.value("int_value").toInteger(), want.value("value").toInteger());
            QCOMPARE(got.value("value").toDouble(), want.value("value").toDouble());
            QCOMPARE(got.value("streamer_local_id").toInteger(), want.value("reading_id").toInteger());
            QCOMPARE(got.value("device_timestamp").toInteger(), qint64(raw));
        }
        // The original's bookkeeping point: one COMPLETE_REPORT (5a05) per report with new data.
        const QJsonArray complete =
            env.data(QStringLiteral("s--%1--%2--5a05").arg(env.project.slug.mid(3), env.device.slug.mid(3)));
        QCOMPARE(complete.size(), 1);
        QCOMPARE(complete[0].toObject().value("streamer_local_id").toInt(), spec.value("report_id").toInt());
        QCOMPARE(complete[0].toObject().value("timestamp").toString(),
                 QStringLiteral("2021-01-20T12:00:00Z"));
    } else {
        const QJsonObject decoded = spec.value("decoded").toObject();
        const QJsonArray items = decoded.value("data").toArray();
        const QJsonArray events = decoded.value("events").toArray();
        QCOMPARE(r.object(), (QJsonObject {{"count", items.size() + events.size()}}));
        QCOMPARE(report.value("incremental_id").toInt(), decoded.value("incremental_id").toInt());
        QVERIFY(report.value("device_sent_timestamp").isNull()); // not set for dictionaries, as the original
        QCOMPARE(report.value("actual_first_id").toInt(), decoded.value("lowest_id").toInt());
        QCOMPARE(report.value("actual_last_id").toInt(), decoded.value("highest_id").toInt());
        QCOMPARE(report.value("streamer").toString(),
                 QStringLiteral("t--%1--0100").arg(env.device.slug.mid(3)));
        const QJsonArray points = env.data(env.stream);
        QCOMPARE(points.size(), items.size());
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QJsonObject want = items[i].toObject();
            const QJsonObject got = points[i].toObject();
            // Item times are used as given (naive: UTC).
            QCOMPARE(*isotime::parse(got.value("timestamp").toString()),
                     *isotime::parse(want.value("timestamp").toString()));
            QCOMPARE(got.value("int_value").toInteger(), want.value("value").toInteger());
            QCOMPARE(got.value("streamer_local_id").toInteger(), want.value("streamer_local_id").toInteger());
        }
        const QJsonArray stored = env.data(env.eventStream, QStringLiteral("event"));
        QCOMPARE(stored.size(), events.size());
        for (qsizetype i = 0; i < events.size(); ++i) {
            const QJsonObject want = events[i].toObject();
            const QJsonObject got = stored[i].toObject();
            QCOMPARE(*isotime::parse(got.value("timestamp").toString()),
                     *isotime::parse(want.value("timestamp").toString()));
            QCOMPARE(got.value("streamer_local_id").toInteger(), want.value("streamer_local_id").toInteger());
            QCOMPARE(got.value("extra_data").toObject(), want.value("extra_data").toObject());
        }
    }

    // The streamer's watermark moved to the report's last id.
    const QJsonArray streamers = env.server->clientFor(env.member)
                                     ->get(QStringLiteral("/api/v1/streamer/?device=%1").arg(env.device.slug))
                                     .object()
                                     .value("results")
                                     .toArray();
    QCOMPARE(streamers.size(), 1);
    QCOMPARE(streamers[0].toObject().value("last_id").toInteger(),
             report.value("actual_last_id").toInteger());
    // last_reboot_ts: the report's base time (received - the device's sent timestamp).
    const qint64 sentAt = kind == QLatin1String("SignedListReport")
        ? spec.value("sent_timestamp").toInteger()
        : spec.value("decoded").toObject().value("device_sent_timestamp").toInteger();
    QCOMPARE(*isotime::parse(streamers[0].toObject().value("last_reboot_ts").toString()),
             received - sentAt * kSecond);
}

void TstStreamer::sameFileTwiceAddsNothing()
{
    QVERIFY(m_env.make());
    auto listener = std::make_shared<ReportListener>();
    m_env.server->context().ingestHooks().add(listener);
    const QJsonObject m = manifest(QStringLiteral("n20"));
    const QByteArray hash = readFile(kReports + QStringLiteral("/n20/signed_list_hash.bin"));
    QCOMPARE(m_env.send(m_env.member, QStringLiteral("signed_list_hash.bin"), hash).status, 201);
    QCOMPARE(m_env.settled(1).value("actual_last_id").toInt(), 20);
    QCOMPARE(m_env.data(m_env.stream).size(), 20);
    // Told after the commit, so possibly a moment after the report reads as processed.
    QTRY_COMPARE_WITH_TIMEOUT(listener->batches.load(), 1, 5000);
    QCOMPARE(listener->points.load(), 21); // the readings and the COMPLETE_REPORT point

    QCOMPARE(m_env.send(m_env.member, QStringLiteral("signed_list_hash.bin"), hash).status, 201);
    QJsonObject again = m_env.settled(2);
    QCOMPARE(again.value("status").toString(), QStringLiteral("success"));
    QCOMPARE(again.value("actual_first_id").toInt(), 0);
    QCOMPARE(again.value("actual_last_id").toInt(), 0);
    QCOMPARE(m_env.data(m_env.stream).size(), 20);

    // The same readings encrypted with the device key: verified, decrypted, and still nothing new.
    const QJsonObject keyed = m.value("files").toObject().value("signed_list_device_key.bin").toObject();
    QVERIFY(m_env.addKey(QStringLiteral("X-API-KEY"), keyed.value("root_key_hex").toString()));
    QCOMPARE(m_env
                 .send(m_env.member, QStringLiteral("report.bin"),
                       readFile(kReports + QStringLiteral("/n20/signed_list_device_key.bin")))
                 .status,
             201);
    again = m_env.settled(3);
    QCOMPARE(again.value("status").toString(), QStringLiteral("success"));
    QCOMPARE(again.value("actual_last_id").toInt(), 0);
    QCOMPARE(m_env.data(m_env.stream).size(), 20);
    const QString complete =
        QStringLiteral("s--%1--%2--5a05").arg(m_env.project.slug.mid(3), m_env.device.slug.mid(3));
    QCOMPARE(m_env.data(complete).size(), 1);
    QCOMPARE(listener->batches.load(), 1); // nothing new, nothing told
}

void TstStreamer::overlappingReports()
{
    // A second device of the same project: ids 1..10, then 6..15 (a gateway re-sending what it was not
    // sure had arrived), then 1..15 again: 15 points, each once.
    Seed seed(*m_env.server);
    const Device d = seed.claim(seed.device(0x99), m_env.project, m_env.owner);
    const QString slug = QStringLiteral("s--%1--%2--5001").arg(m_env.project.slug.mid(3), d.slug.mid(3));
    const int before = m_env.reports().size();
    QCOMPARE(m_env.send(m_env.member, QStringLiteral("a.bin"), signedListReport(0x99, 1, 10, 11, 200)).status,
             201);
    QCOMPARE(m_env.send(m_env.member, QStringLiteral("b.bin"), signedListReport(0x99, 6, 10, 16, 200)).status,
             201);
    QCOMPARE(m_env.send(m_env.member, QStringLiteral("c.bin"), signedListReport(0x99, 1, 15, 16, 200)).status,
             201);
    m_env.settled(before + 3);
    const QJsonArray points = m_env.data(slug);
    QCOMPARE(points.size(), 15);
    for (int i = 0; i < 15; ++i) {
        const QJsonObject p = points[i].toObject();
        QCOMPARE(p.value("streamer_local_id").toInt(), i + 1);
        QCOMPARE(p.value("int_value").toInt(), 100 + i + 1);
    }
    const QJsonArray all = m_env.reports();
    const QJsonObject b = all[before + 1].toObject();
    QCOMPARE(b.value("actual_first_id").toInt(), 11);
    QCOMPARE(b.value("actual_last_id").toInt(), 15);
    QCOMPARE(all[before + 2].toObject().value("actual_last_id").toInt(), 0);
    // Base 12:00:00 - 200 s, +10 s per id.
    const qint64 received = *isotime::parse(QByteArrayView("2021-01-20T12:00:00Z"));
    QCOMPARE(*isotime::parse(points[0].toObject().value("timestamp").toString()), received - 190 * kSecond);
    QCOMPARE(*isotime::parse(points[14].toObject().value("timestamp").toString()), received - 50 * kSecond);
}

void TstStreamer::rejected_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("timestamp");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason"); // the start of the answer's message

    const QString ts = QStringLiteral("2021-01-20T12:00:00Z");
    const QByteArray hash = readFile(kReports + QStringLiteral("/n20/signed_list_hash.bin"));
    const QByteArray user = readFile(kReports + QStringLiteral("/n20/signed_list_user_key.bin"));
    QByteArray badSignature = hash;
    badSignature[badSignature.size() - 1] = char(badSignature.at(badSignature.size() - 1) ^ 0x55);
    QByteArray badValue = hash;
    badValue[20 + 12] = char(badValue.at(20 + 12) ^ 1); // a reading's value: the hash no longer matches
    QByteArray wrongLength = hash;
    wrongLength[1] = char(wrongLength.at(1) + 16); // header says one reading more than the file holds
    QByteArray trailing = hash + QByteArray(16, '\0'); // data after the footer
    QByteArray unknownFlags = hash;
    unknownFlags[16] = 7;

    QTest::newRow("truncated header")
        << "r.bin" << hash.left(12) << ts << 400 << "Invalid Streamer Report: truncated";
    QTest::newRow("truncated body") << "r.bin" << hash.left(hash.size() - 30) << ts << 400
                                    << "Invalid Streamer Report: length field";
    QTest::newRow("empty") << "r.bin" << QByteArray() << ts << 400 << "Invalid Streamer Report: empty";
    QTest::newRow("oversized") << "r.bin" << QByteArray(16 * 1024 * 1024 + 1, '\1') << ts << 400
                               << "Streamer Report too large";
    QTest::newRow("wrong length") << "r.bin" << wrongLength << ts << 400
                                  << "Invalid Streamer Report: length field";
    QTest::newRow("data after footer")
        << "r.bin" << trailing << ts << 400 << "Invalid Streamer Report: length field";
    QTest::newRow("wrong signature") << "r.bin" << badSignature << ts << 400
                                     << "Invalid Hash: d--0000-0000-0000-1234 (idx=0, user=@";
    QTest::newRow("tampered reading")
        << "r.bin" << badValue << ts << 400 << "Invalid Hash: d--0000-0000-0000-1234 (idx=0, user=@";
    QTest::newRow("unknown flags") << "r.bin" << unknownFlags << ts << 400 << "Unrecognized signature flags";
    QTest::newRow("user key not registered")
        << "r.bin" << user << ts << 400 << "Cannot verify report: d--0000-0000-0000-1234";
    QTest::newRow("not a report") << "r.bin" << QByteArray("\xff\xd8\xff\xe0 JFIF") << ts << 400
                                  << "Unsupported Report Format: 255";
    QTest::newRow("bad msgpack") << "r.mp" << QByteArray("\xc1\xc1") << ts << 400 << "JSON parsing error: ";
    QTest::newRow("bad json") << "r.json" << QByteArray("{\"format\": ") << ts << 400
                              << "JSON parsing error: ";
    QTest::newRow("extension") << "r.jpg" << hash << ts << 400
                               << "Streamer Report file extension not supported";
    QTest::newRow("timestamp") << "r.bin" << hash << "yesterday" << 400
                               << "Upload function requires a ?timestamp=str argument in UTC format";
}

void TstStreamer::rejected()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QString, timestamp);
    QFETCH(int, status);
    QFETCH(QString, reason);
    const int before = m_env.data(m_env.stream).size();
    const HttpReply r = m_env.send(m_env.member, fileName, content, timestamp);
    QCOMPARE(r.status, status);
    const QJsonValue body = r.json();
    QVERIFY2(body.isArray() && body.toArray().size() == 1, r.body.constData());
    QVERIFY2(body.toArray().at(0).toString().startsWith(reason), r.body.constData());
    QCOMPARE(m_env.data(m_env.stream).size(), before);
}

void TstStreamer::uploadAccess()
{
    const QByteArray hash = readFile(kReports + QStringLiteral("/n20/signed_list_hash.bin"));
    // Beyond the original: only those who may write the device's data upload its reports.
    QCOMPARE(m_env.send(m_env.outsider, QStringLiteral("r.bin"), hash).status, 403);
    QCOMPARE(m_env.server->anonymous()
                 ->upload(upload(QStringLiteral("2021-01-20T12:00:00Z")), QStringLiteral("file"),
                          QStringLiteral("r.bin"), hash)
                 .status,
             401);
    HttpReply r = m_env.server->clientFor(m_env.member)
                      ->upload(QStringLiteral("/api/v1/streamer/report/"), QStringLiteral("file"),
                               QStringLiteral("r.bin"), hash);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object(), (QJsonObject {{"error", "missing timestamp argument"}}));
    r = m_env.server->clientFor(m_env.member)
            ->upload(upload(QStringLiteral("2021-01-20T12:00:00Z")), QStringLiteral("other"),
                     QStringLiteral("r.bin"), hash);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object(), (QJsonObject {{"error", "missing request.data['file']"}}));
    // Naive times are UTC; an offset is honoured.
    const int before = m_env.reports().size();
    QCOMPARE(
        m_env.send(m_env.member, QStringLiteral("r.bin"), hash, QStringLiteral("2021-01-20T14:00:00+02:00"))
            .status,
        201);
    QCOMPARE(m_env.send(m_env.member, QStringLiteral("r"), hash, QStringLiteral("2021-01-20T12:00:00.123456"))
                 .status,
             201);
    m_env.settled(before + 2);
    const QJsonArray all = m_env.reports();
    QCOMPARE(all[before].toObject().value("sent_timestamp").toString(),
             QStringLiteral("2021-01-20T12:00:00Z"));
    QCOMPARE(all[before + 1].toObject().value("sent_timestamp").toString(),
             QStringLiteral("2021-01-20T12:00:00Z"));
}

void TstStreamer::unclaimedAndUnknownDevice()
{
    QCOMPARE(m_env.send(m_env.member, QStringLiteral("r.bin"), signedListReport(0x4242, 1, 3, 4, 10)).status,
             404);
    Seed seed(*m_env.server);
    seed.device(0x4343);
    const HttpReply r =
        m_env.send(m_env.staff, QStringLiteral("r.bin"), signedListReport(0x4343, 1, 3, 4, 10));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json(),
             QJsonValue(QJsonArray {"Device d--0000-0000-0000-4343 has not been claimed. Yet, it is "
                                    "uploading a report"}));
}

void TstStreamer::streamerLists()
{
    auto member = m_env.server->clientFor(m_env.member);
    const QString t0 = QStringLiteral("t--%1--0000").arg(m_env.device.slug.mid(3));
    HttpReply r = member->get(QStringLiteral("/api/v1/streamer/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 2); // 0x1234 and 0x99, streamer 0 each
    r = member->get(QStringLiteral("/api/v1/streamer/?device=%1").arg(m_env.device.slug));
    QCOMPARE(r.object().value("count").toInt(), 1);
    const QJsonObject s = r.object().value("results").toArray().at(0).toObject();
    QCOMPARE(QStringList(s.keys()),
             (QStringList {"device", "id", "index", "is_system", "last_id", "last_reboot_ts",
                           "process_engine_ver", "selector", "slug"}));
    QCOMPARE(s.value("slug").toString(), t0);
    QCOMPARE(s.value("device").toString(), m_env.device.slug);
    QCOMPARE(s.value("index").toInt(), 0);
    QCOMPARE(s.value("selector").toInt(), 0xD7FF);
    QCOMPARE(s.value("is_system").toBool(), false);
    QCOMPARE(s.value("last_id").toInt(), 20);
    QCOMPARE(member->get(QStringLiteral("/api/v1/streamer/?selector=%1").arg(0xD7FF))
                 .object()
                 .value("count")
                 .toInt(),
             2);
    QCOMPARE(member->get(QStringLiteral("/api/v1/streamer/?selector=1")).object().value("count").toInt(), 0);
    QCOMPARE(member->get(QStringLiteral("/api/v1/streamer/?slug=%1").arg(t0)).object().value("count").toInt(),
             1);
    QCOMPARE(member->get(QStringLiteral("/api/v1/streamer/?device=bad-word")).status, 400);
    QCOMPARE(member->get(QStringLiteral("/api/v1/streamer/?device=d--0000-0000-0000-7777")).status, 404);
    QCOMPARE(member->get(QStringLiteral("/api/v1/streamer/%1/").arg(t0)).object().value("slug").toString(),
             t0);
    QCOMPARE(member->get(QStringLiteral("/api/v1/streamer/bad-word/")).status, 404);
    r = member->get(QStringLiteral("/api/v1/streamer/%1/report/").arg(t0));
    QCOMPARE(r.status, 200);
    QVERIFY(r.json().isArray());
    QVERIFY(r.array().size() >= 3);
    r = member->get(QStringLiteral("/api/v1/device/%1/streamers/").arg(m_env.device.slug));
    QCOMPARE(r.array().size(), 1);

    // Other orgs' streamers are hidden; staff see all with ?staff=1.
    auto outsider = m_env.server->clientFor(m_env.outsider);
    QCOMPARE(outsider->get(QStringLiteral("/api/v1/streamer/")).object().value("count").toInt(), 0);
    QCOMPARE(outsider->get(QStringLiteral("/api/v1/streamer/%1/").arg(t0)).status, 404);
    QCOMPARE(outsider->get(QStringLiteral("/api/v1/streamer/%1/report/").arg(t0)).status, 404);
    auto staff = m_env.server->clientFor(m_env.staff);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/streamer/")).object().value("count").toInt(), 0);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/streamer/?staff=1")).object().value("count").toInt(), 2);
    QCOMPARE(m_env.server->anonymous()->get(QStringLiteral("/api/v1/streamer/")).status, 401);
}

void TstStreamer::reportLists()
{
    auto member = m_env.server->clientFor(m_env.member);
    const QString t0 = QStringLiteral("t--%1--0000").arg(m_env.device.slug.mid(3));
    HttpReply r = member->get(QStringLiteral("/api/v1/streamer/report/"));
    QCOMPARE(r.status, 200);
    const int all = r.object().value("count").toInt();
    // Reports of the two devices; rejected uploads are kept for staff but belong to no streamer.
    QCOMPARE(all, 3 + 3 + 2);
    const QJsonObject first = r.object().value("results").toArray().at(0).toObject();
    for (const char *key : {"id", "original_first_id", "original_last_id", "actual_first_id",
                            "actual_last_id", "streamer", "sent_timestamp", "device_sent_timestamp",
                            "incremental_id", "time_epsilon", "created_on", "created_by"})
        QVERIFY2(first.contains(QLatin1String(key)), key);
    QCOMPARE(member->get(QStringLiteral("/api/v1/streamer/report/?streamer__slug=%1").arg(t0))
                 .object()
                 .value("count")
                 .toInt(),
             5);
    QCOMPARE(
        member->get(QStringLiteral("/api/v1/streamer/report/?created_by__slug=%1").arg(m_env.member.slug))
            .object()
            .value("count")
            .toInt(),
        all);
    QCOMPARE(member->get(QStringLiteral("/api/v1/streamer/report/?start=2021-01-20T12:00:00Z"))
                 .object()
                 .value("count")
                 .toInt(),
             all);
    QCOMPARE(member->get(QStringLiteral("/api/v1/streamer/report/?end=2021-01-20T12:00:00Z"))
                 .object()
                 .value("count")
                 .toInt(),
             0);
    QCOMPARE(member->get(QStringLiteral("/api/v1/streamer/report/?start=nonsense")).status, 400);

    const QString id = first.value("id").toString();
    QCOMPARE(
        member->get(QStringLiteral("/api/v1/streamer/report/%1/").arg(id)).object().value("id").toString(),
        id);
    r = member->get(QStringLiteral("/api/v1/streamer/report/42/"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json(), QJsonValue(QJsonArray {"Streamer Report ID must be a UUID"}));
    QCOMPARE(
        member->get(QStringLiteral("/api/v1/streamer/report/7d0b7c4e-2f0a-4e55-9c1a-5f0d1b2a9e61/")).status,
        404);

    auto outsider = m_env.server->clientFor(m_env.outsider);
    QCOMPARE(outsider->get(QStringLiteral("/api/v1/streamer/report/")).object().value("count").toInt(), 0);
    QCOMPARE(outsider->get(QStringLiteral("/api/v1/streamer/report/%1/").arg(id)).status, 404);
    auto staff = m_env.server->clientFor(m_env.staff);
    // Staff also see the rejected uploads (kept as failed reports without a streamer).
    QVERIFY(staff->get(QStringLiteral("/api/v1/streamer/report/?staff=1")).object().value("count").toInt()
            > all);
}

void TstStreamer::staffCreatesStreamers()
{
    const QJsonObject body {{"device", m_env.device.slug}, {"index", 1}};
    QCOMPARE(m_env.server->clientFor(m_env.member)->post(QStringLiteral("/api/v1/streamer/"), body).status,
             403);
    HttpReply r = m_env.server->clientFor(m_env.staff)->post(QStringLiteral("/api/v1/streamer/"), body);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("slug").toString(),
             QStringLiteral("t--%1--0001").arg(m_env.device.slug.mid(3)));
    QCOMPARE(r.object().value("last_id").toInt(), 0);
    r = m_env.server->clientFor(m_env.staff)->post(QStringLiteral("/api/v1/streamer/"), body);
    QCOMPARE(r.status, 400);
}

void TstStreamer::staffEditsAndDeletesStreamers()
{
    Seed seed(*m_env.server);
    const Device d = seed.claim(seed.device(0x77), m_env.project, m_env.owner);
    const QString data = QStringLiteral("s--%1--%2--5001").arg(m_env.project.slug.mid(3), d.slug.mid(3));
    int reports = m_env.reports().size();
    QCOMPARE(m_env.send(m_env.member, QStringLiteral("a.bin"), signedListReport(0x77, 1, 10, 11, 200)).status,
             201);
    QCOMPARE(m_env.settled(++reports).value("actual_last_id").toInt(), 10);
    auto staff = m_env.server->clientFor(m_env.staff);
    auto member = m_env.server->clientFor(m_env.member);
    const QJsonArray streamers =
        member->get(QStringLiteral("/api/v1/device/%1/streamers/").arg(d.slug)).array();
    QCOMPARE(streamers.size(), 1);
    const QString url =
        QStringLiteral("/api/v1/streamer/%1/").arg(streamers[0].toObject().value("slug").toString());
    QCOMPARE(member->get(url).object().value("last_id").toInt(), 10);

    // Writes are staff's (IsStaffOrReadOnly); bad values are field errors.
    QCOMPARE(member->patch(url, QJsonObject {{"last_id", 5}}).status, 403);
    HttpReply r = staff->patch(url, QJsonObject {{"last_id", -1}});
    QCOMPARE(r.status, 400);
    QVERIFY(r.object().contains("last_id"));
    r = staff->patch(url, QJsonObject {{"last_reboot_ts", "yesterday"}});
    QCOMPARE(r.status, 400);
    QVERIFY(r.object().contains("last_reboot_ts"));
    r = staff->put(url, QJsonObject {{"device", d.slug}});
    QCOMPARE(r.status, 400);
    QVERIFY(r.object().contains("index"));
    QCOMPARE(staff
                 ->patch(QStringLiteral("/api/v1/streamer/t--0000-0000-0000-0fff--0000/"),
                         QJsonObject {{"last_id", 1}})
                 .status,
             404);
    // Another streamer of the device with index 1: moving this one onto it is refused.
    QCOMPARE(staff->post(QStringLiteral("/api/v1/streamer/"), QJsonObject {{"device", d.slug}, {"index", 1}})
                 .status,
             201);
    r = staff->patch(url, QJsonObject {{"index", 1}});
    QCOMPARE(r.status, 400);
    QVERIFY(r.object().contains("non_field_errors"));

    // Staff set the watermark back: the device's re-sent readings above it are taken again, and the
    // points already stored stay single.
    r = staff->patch(url, QJsonObject {{"last_id", 5}, {"last_reboot_ts", "2021-01-20T11:00:00Z"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("last_id").toInt(), 5);
    QCOMPARE(r.object().value("last_reboot_ts").toString(), QStringLiteral("2021-01-20T11:00:00Z"));
    QCOMPARE(member->get(url).object().value("last_id").toInt(), 5);
    QCOMPARE(m_env.send(m_env.member, QStringLiteral("a.bin"), signedListReport(0x77, 1, 10, 11, 200)).status,
             201);
    const QJsonObject again = m_env.settled(++reports);
    QCOMPARE(again.value("actual_first_id").toInt(), 6);
    QCOMPARE(again.value("actual_last_id").toInt(), 10);
    QCOMPARE(m_env.data(data).size(), 10);
    QCOMPARE(member->get(url).object().value("last_id").toInt(), 10);

    // DELETE: the streamer, its two reports and their files.
    const qint64 filesBefore = m_env.server->context().blobs().list()->size();
    QCOMPARE(member->del(url).status, 403);
    QCOMPARE(staff->del(url).status, 204);
    QCOMPARE(member->get(url).status, 404);
    QCOMPARE(m_env.reports().size(), reports - 2);
    QCOMPARE(m_env.server->context().blobs().list()->size(), filesBefore - 2);
    QCOMPARE(m_env.data(data).size(), 10); // the data stays
    QCOMPARE(staff->del(url).status, 404);
}

void TstStreamer::resetDropsReportsAndStreamers()
{
    // A full device reset drops the device's reports and streamers with its data: the device starts over
    // from reading id 1 (the original's reset).
    Seed seed(*m_env.server);
    const Device d = seed.claim(seed.device(0x78), m_env.project, m_env.owner);
    const QString data = QStringLiteral("s--%1--%2--5001").arg(m_env.project.slug.mid(3), d.slug.mid(3));
    int reports = m_env.reports().size();
    QCOMPARE(m_env.send(m_env.member, QStringLiteral("a.bin"), signedListReport(0x78, 1, 10, 11, 200)).status,
             201);
    QCOMPARE(m_env.settled(++reports).value("actual_last_id").toInt(), 10);
    auto owner = m_env.server->clientFor(m_env.owner);
    const QString device = QStringLiteral("/api/v1/device/%1/").arg(d.slug);
    QCOMPARE(owner->get(device + QStringLiteral("streamers/")).array().size(), 1);
    const qint64 filesBefore = m_env.server->context().blobs().list()->size();
    QCOMPARE(owner->post(device + QStringLiteral("reset/"), QJsonObject {}).status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(owner->get(device).object().value("state").toString(), QStringLiteral("N1"),
                              20000);
    QCOMPARE(owner->get(device + QStringLiteral("streamers/")).array().size(), 0);
    QCOMPARE(m_env.reports().size(), reports - 1);
    // The report's file goes once the reset committed (the state above shows that commit).
    QTRY_COMPARE_WITH_TIMEOUT(m_env.server->context().blobs().list()->size(), filesBefore - 1, 5000);
    QCOMPARE(m_env.data(data).size(), 0);
    // The same readings again: all taken, as from a new device.
    QCOMPARE(m_env.send(m_env.member, QStringLiteral("a.bin"), signedListReport(0x78, 1, 10, 11, 200)).status,
             201);
    const QJsonObject fresh = m_env.settled(reports);
    QCOMPARE(fresh.value("actual_first_id").toInt(), 1);
    QCOMPARE(fresh.value("actual_last_id").toInt(), 10);
    QCOMPARE(m_env.data(data).size(), 10);
}

void TstStreamer::choppedReportRetimedByLaterReboot()
{
    // Engine v2: a report cut off at the phone's upload limit is first anchored at its upload; the
    // system streamer's later reboot re-anchors it (the original's HandleChoppedReportV2Action).
    Seed seed(*m_env.server);
    SensorGraph sg = seed.sensorGraph(QStringLiteral("Chopped SG"), {QStringLiteral("5001")});
    QCOMPARE(m_env.server->clientFor(m_env.staff)
                 ->patch(QStringLiteral("/api/v1/sg/%1/").arg(sg.slug),
                         QJsonObject {{"report_processing_engine_ver", 2}})
                 .status,
             200);
    const Device d = seed.claim(seed.device(0x2345, &sg), m_env.project, m_env.owner);
    const QString data = QStringLiteral("s--%1--%2--5001").arg(m_env.project.slug.mid(3), d.slug.mid(3));
    constexpr quint32 kCount = 12285; // 196,604 bytes: just under the phone's 196,608
    Report r;
    r.deviceId = 0x2345;
    r.reportId = 1;
    r.streamerIndex = 0;
    r.streamerSelector = 0xD7FF;
    r.sentTimestamp = 100 + kCount + 10;
    for (quint32 i = 1; i <= kCount; ++i) {
        IOTileReading reading;
        reading.stream = 0x5001;
        reading.readingId = i;
        reading.rawTime = 100 + i;
        reading.value = i;
        r.readings.push_back(reading);
    }
    const QByteArray chopped = SignedListReport::build(r).value();
    QVERIFY(SignedListReport::isChopped(chopped.size()));
    int reports = m_env.reports().size();
    QCOMPARE(m_env.send(m_env.owner, QStringLiteral("c.bin"), chopped, QStringLiteral("2021-02-01T12:00:00Z"))
                 .status,
             201);
    QCOMPARE(m_env.settled(++reports).value("actual_last_id").toInt(), int(kCount));
    const auto pointOf = [&](quint32 id) {
        return m_env.server->clientFor(m_env.member)
            ->get(QStringLiteral("/api/v1/data/?filter=%1&streamer_id_min=%2&streamer_id_max=%2")
                      .arg(data)
                      .arg(id))
            .object()
            .value("results")
            .toArray()
            .at(0)
            .toObject();
    };
    const qint64 uploaded = *isotime::parse(QStringLiteral("2021-02-01T12:00:00Z"));
    const qint64 base = uploaded - qint64(r.sentTimestamp) * kSecond;
    QCOMPARE(*isotime::parse(pointOf(1).value("timestamp").toString()), base + 101 * kSecond);

    // The fix-up waits 15 minutes for the device's next report.
    SqlConnection &db = **m_env.server->context().db().connection();
    SqlQuery queued = db.query("SELECT count(*) FROM jobs WHERE action = ? AND status = 'queued'");
    queued.bind(QStringLiteral("HandleChoppedReportV2Action"));
    QCOMPARE(*queued.scalarInt64(), 1);

    // The system streamer reports a reboot after the chopped readings, an hour later.
    Report system;
    system.deviceId = 0x2345;
    system.reportId = 2;
    system.streamerIndex = 1;
    system.streamerSelector = 0x5FFF;
    system.sentTimestamp = 20;
    IOTileReading reboot;
    reboot.stream = 0x5c00;
    reboot.readingId = kCount + 1;
    reboot.rawTime = 5;
    system.readings.push_back(reboot);
    QCOMPARE(m_env
                 .send(m_env.owner, QStringLiteral("s.bin"), SignedListReport::build(system).value(),
                       QStringLiteral("2021-02-01T13:00:00Z"))
                 .status,
             201);
    QCOMPARE(m_env.settled(++reports).value("actual_last_id").toInt(), int(kCount + 1));
    const qint64 rebootTs = *isotime::parse(QStringLiteral("2021-02-01T13:00:00Z")) - 15 * kSecond;

    // Due now: the reboot ends the chopped block, each reading its uptime before it.
    SqlQuery due = db.query("UPDATE jobs SET run_after = 0 WHERE action = ? AND status = 'queued'");
    due.bind(QStringLiteral("HandleChoppedReportV2Action"));
    QVERIFY(due.exec());
    JobQueue::notify();
    QTRY_COMPARE_WITH_TIMEOUT(*isotime::parse(pointOf(kCount).value("timestamp").toString()), rebootTs,
                              20000);
    const QJsonObject firstPoint = pointOf(1);
    QCOMPARE(*isotime::parse(firstPoint.value("timestamp").toString()),
             rebootTs - qint64(kCount - 1) * kSecond);
    QCOMPARE(firstPoint.value("status").toString(), QStringLiteral("cln"));
    QCOMPARE(firstPoint.value("int_value").toInt(), 1);
    QCOMPARE(m_env.server->clientFor(m_env.member)
                 ->get(QStringLiteral("/api/v1/data/?filter=%1&page_size=1").arg(data))
                 .object()
                 .value("count")
                 .toInt(),
             int(kCount)); // moved, none added or lost
    // Done, not queued again.
    QCOMPARE(*queued.scalarInt64(), 0);
}

namespace {

// One reading of a device's life: what the device records and the true time it was taken.
struct LifeReading
{
    quint16 lid = 0;
    quint32 id = 0;
    quint32 uptime = 0;
    qint64 trueTs = 0;
};

// A device's life around a reboot (the original's test_handle_reboot, engine v1): session 1 from `base`
// takes 5001 readings 1..20 every 10 minutes (with `priorReboot`, id 1 is session 1's reboot instead) and
// sends user report 23 (and with `priorSystem`, system report 24 with 5c01 readings 21, 22) at uptime
// 12,300 s; it records 25..49, reboots at id 50 (30,000 s after `base`); with two reboots it records
// 51..100 and reboots again at 101 (31,000 s later); then it records 9 readings and sends the user
// report (last reboot + 10) and the system report with the reboots (last reboot + 11).
struct RebootLife
{
    qint64 base = 0;
    bool priorSystem = false;
    bool priorReboot = false;
    int reboots = 1;

    std::vector<LifeReading> readings;
    std::vector<quint32> rebootIds;
    qint64 lastBase = 0; // the session the final reports were sent in
    quint32 userReportId = 0, systemReportId = 0;

    // The life every reboot test starts from: 2017-01-10 10:00 UTC, the given history, readings made.
    static RebootLife of(bool priorSystem, bool priorReboot = false, int reboots = 1)
    {
        RebootLife life;
        life.base = *isotime::parse(QStringLiteral("2017-01-10T10:00:00Z"));
        life.priorSystem = priorSystem;
        life.priorReboot = priorReboot;
        life.reboots = reboots;
        life.make();
        return life;
    }

    void make()
    {
        const auto add = [&](quint16 lid, quint32 id, qint64 sessionBase, quint32 uptime) {
            readings.push_back(LifeReading {lid, id, uptime, sessionBase + qint64(uptime) * kSecond});
            if (lid == 0x5c00 && id > 20)
                rebootIds.push_back(id);
        };
        for (quint32 i = 1; i <= 20; ++i) {
            if (i == 1 && priorReboot)
                add(0x5c00, 1, base, 3);
            else
                add(0x5001, i, base, 600 * i);
        }
        if (priorSystem) {
            add(0x5c01, 21, base, 12100);
            add(0x5c01, 22, base, 12200);
        }
        for (quint32 i = 25; i <= 49; ++i)
            add(0x5001, i, base, 600 * i);
        qint64 session = base + 30000 * kSecond;
        add(0x5c00, 50, session, 3);
        quint32 last = 50;
        if (reboots == 2) {
            for (quint32 i = 51; i <= 100; ++i)
                add(0x5001, i, session, 600 * (i - 50));
            session += 31000 * kSecond;
            add(0x5c00, 101, session, 3);
            last = 101;
        }
        for (quint32 i = last + 1; i <= last + 9; ++i)
            add(0x5001, i, session, 600 * (i - last));
        lastBase = session;
        userReportId = last + 10;
        systemReportId = last + 11;
    }

    // index: another user streamer than 0.
    static QByteArray report(quint64 device, bool system, quint32 reportId, quint32 sent,
                             const std::vector<LifeReading> &of, int index = -1)
    {
        Report r;
        r.deviceId = device;
        r.reportId = reportId;
        r.sentTimestamp = sent;
        r.streamerIndex = index >= 0 ? quint8(index) : system ? 1 : 0;
        r.streamerSelector = system ? 0x5FFF : 0xD7FF;
        for (const LifeReading &l : of) {
            IOTileReading reading;
            reading.stream = l.lid;
            reading.readingId = l.id;
            reading.rawTime = l.uptime;
            reading.value = l.id;
            r.readings.push_back(reading);
        }
        return SignedListReport::build(r).value();
    }

    std::vector<LifeReading> pick(quint32 firstId, quint32 lastId, bool system) const
    {
        std::vector<LifeReading> out;
        for (const LifeReading &l : readings) {
            const bool systemLid = l.lid == 0x5c01 || (l.lid == 0x5c00 && l.id > 20);
            if (l.id >= firstId && l.id <= lastId && systemLid == system)
                out.push_back(l);
        }
        return out;
    }
};

QJsonObject pointOf(Env &env, const QString &slug, int id)
{
    for (const QJsonValue &v : env.data(slug))
        if (v.toObject().value("streamer_local_id").toInt() == id)
            return v.toObject();
    return {};
}

QString iso(qint64 ts)
{
    return isotime::toString(ts);
}

// Uploads the reports of one device's life, each once the one before it was processed, and checks that
// each is accepted and processed.
class LifeUploader
{
public:
    LifeUploader(Env &env, quint64 device)
        : m_env(env)
        , m_device(device)
        , m_reports(int(env.reports().size()))
    { }

    void operator()(bool system, quint32 reportId, quint32 sent, qint64 received,
                    const std::vector<LifeReading> &of, int index = -1)
    {
        const HttpReply r =
            m_env.send(m_env.owner, system ? QStringLiteral("s.bin") : QStringLiteral("u.bin"),
                       RebootLife::report(m_device, system, reportId, sent, of, index), iso(received));
        QVERIFY2(r.status == 201,
                 qPrintable(QStringLiteral("upload of report %1: HTTP %2").arg(reportId).arg(r.status)));
        const QString status = m_env.settled(++m_reports).value("status").toString();
        QVERIFY2(status == QLatin1String("success"),
                 qPrintable(QStringLiteral("report %1 processed as %2").arg(reportId).arg(status)));
    }

private:
    Env &m_env;
    quint64 m_device;
    int m_reports;
};

// HandleRebootAction jobs of a device in one state.
qint64 rebootJobs(SqlConnection &db, const QString &device, const QString &status)
{
    SqlQuery q = db.query("SELECT count(*) FROM jobs WHERE action = 'HandleRebootAction' AND status = ?"
                          " AND dedup_key LIKE ?");
    q.bind(status).bind(QStringLiteral("reboot:%1:%").arg(device));
    return *q.scalarInt64();
}

// HandleDelayAction jobs of a device in one state.
qint64 delayJobs(SqlConnection &db, const QString &device, const QString &status)
{
    SqlQuery q = db.query("SELECT count(*) FROM jobs WHERE action = 'HandleDelayAction' AND status = ?"
                          " AND dedup_key LIKE ?");
    q.bind(status).bind(QStringLiteral("delay:%1:%").arg(device));
    return *q.scalarInt64();
}

void runDelayJobsNow(SqlConnection &db, const QString &device)
{
    SqlQuery due = db.query("UPDATE jobs SET run_after = 0 WHERE action = 'HandleDelayAction'"
                            " AND status = 'queued' AND dedup_key LIKE ?");
    due.bind(QStringLiteral("delay:%1:%").arg(device));
    QVERIFY(due.exec());
    JobQueue::notify();
}

void runRebootJobsNow(SqlConnection &db)
{
    SqlQuery due = db.query("UPDATE jobs SET run_after = 0 WHERE action = 'HandleRebootAction'"
                            " AND status = 'queued'");
    QVERIFY(due.exec());
    JobQueue::notify();
}

// A device with a v1 sensor graph, claimed into the shared project.
Device v1Device(Env &env, qint64 id)
{
    if (!env.server) // run alone: the shared server is made by sameFileTwiceAddsNothing
        env.make();
    Seed seed(*env.server);
    SensorGraph sg = seed.sensorGraph(QStringLiteral("Reboot SG %1").arg(id), {QStringLiteral("5001")});
    env.server->clientFor(env.staff)->patch(QStringLiteral("/api/v1/sg/%1/").arg(sg.slug),
                                            QJsonObject {{"report_processing_engine_ver", 1}});
    return seed.claim(seed.device(id, &sg), env.project, env.owner);
}

// The rollups of a stream agree with its points, hour by hour.
void checkRollups(Env &env, const QString &slug, const QJsonArray &points)
{
    QMap<qint64, QPair<qint64, double>> hours;
    constexpr qint64 kHour = 3600 * kSecond;
    for (const QJsonValue &v : points) {
        const qint64 ts = *isotime::parse(v.toObject().value("timestamp").toString());
        auto &h = hours[ts - ts % kHour];
        ++h.first;
        h.second += v.toObject().value("value").toDouble();
    }
    QVERIFY(!hours.isEmpty());
    StreamDataStore data(**env.server->context().dataDb().connection());
    const auto key = data.keyOf(slug);
    QVERIFY(key && *key);
    const qint64 start = hours.firstKey() - 24 * kHour, end = hours.lastKey() + 24 * kHour;
    const auto buckets = data.aggregate(**key, start, end, kHour);
    QVERIFY(buckets);
    QMap<qint64, QPair<qint64, double>> rolled;
    for (const AggregateBucket &b : *buckets)
        if (b.count > 0)
            rolled[b.start] = {b.count, b.sum};
    QCOMPARE(rolled, hours);
}

} // namespace

void TstStreamer::rebootFixesEarlierReadings_data()
{
    QTest::addColumn<bool>("priorSystem");
    QTest::addColumn<bool>("priorReboot");
    QTest::addColumn<int>("reboots");
    QTest::addColumn<qint64>("device");
    // Clean: the previous system report (id 24) knew the session the readings before the reboot belong to.
    QTest::newRow("clean from the previous system report") << true << false << 1 << qint64(0x3101);
    // Clean: no system report before, but the device's last trusted reboot (id 1) starts that session.
    QTest::newRow("clean from the last trusted reboot") << false << true << 1 << qint64(0x3102);
    // Nothing is trusted: the readings before the reboot end where the reboot's session began.
    QTest::newRow("dirty without a trusted base") << false << false << 1 << qint64(0x3103);
    // Readings between two reboots of one report are dirty; those before the first are clean.
    QTest::newRow("two reboots") << true << false << 2 << qint64(0x3104);
    QTest::newRow("two reboots without a trusted base") << false << false << 2 << qint64(0x3105);
}

void TstStreamer::rebootFixesEarlierReadings()
{
    QFETCH(bool, priorSystem);
    QFETCH(bool, priorReboot);
    QFETCH(int, reboots);
    QFETCH(qint64, device);
    const Device d = v1Device(m_env, device);
    const RebootLife life = RebootLife::of(priorSystem, priorReboot, reboots);
    LifeUploader send(m_env, quint64(device));
    send(false, 23, 12300, life.base + 12300 * kSecond, life.pick(1, 22, false));
    if (priorSystem)
        send(true, 24, 12300, life.base + 12300 * kSecond, life.pick(1, 22, true));
    const quint32 end = life.systemReportId;
    send(false, life.userReportId, 6000, life.lastBase + 6000 * kSecond, life.pick(25, end, false));
    send(true, end, 6010, life.lastBase + 6010 * kSecond, life.pick(25, end, true));

    // Queued with the original's arguments, five minutes out.
    SqlConnection &db = **m_env.server->context().db().connection();
    const qint64 blockStart = priorSystem ? 24 : 1;
    QJsonArray ids;
    for (const quint32 id : life.rebootIds)
        ids.append(qint64(id));
    SqlQuery queued = db.query("SELECT args, run_after FROM jobs WHERE action = 'HandleRebootAction'"
                               " AND status = 'queued' AND dedup_key LIKE ?");
    queued.bind(QStringLiteral("reboot:%1:%").arg(d.slug));
    QVERIFY(queued.exec());
    QVERIFY(queued.next());
    QCOMPARE(QJsonDocument::fromJson(queued.text(0).toUtf8()).object(),
             (QJsonObject {{"device_slug", d.slug},
                           {"project_id", m_env.project.uuid},
                           {"block_start_id", blockStart},
                           {"block_end_id", qint64(end)},
                           {"reboot_ids", ids}}));
    QVERIFY(queued.int64(1) > isotime::now() + 4 * 60 * kSecond);
    QVERIFY(!queued.next());
    // The user report came before the reboot was stored: nothing for HandleDelayAction.
    QCOMPARE(delayJobs(db, d.slug, QStringLiteral("queued")), qint64(0));

    const QString data = QStringLiteral("s--%1--%2--5001").arg(m_env.project.slug.mid(3), d.slug.mid(3));
    const QString reboot = QStringLiteral("s--%1--%2--5c00").arg(m_env.project.slug.mid(3), d.slug.mid(3));
    // As processed: the readings before the reboot are timed from the session the report was sent in.
    QCOMPARE(*isotime::parse(pointOf(m_env, data, 49).value("timestamp").toString()),
             life.lastBase + 600 * 49 * kSecond);

    runRebootJobsNow(db);
    QTRY_COMPARE_WITH_TIMEOUT(rebootJobs(db, d.slug, QStringLiteral("done")), qint64(1), 20000);
    QCOMPARE(rebootJobs(db, d.slug, QStringLiteral("queued")), qint64(0));

    // What each reading should be now.
    const bool trusted = priorSystem || priorReboot;
    const qint64 firstReboot = 50, lastReboot = reboots == 2 ? 101 : 50;
    // Between two reboots: id 100 (uptime 30,000 s) ends just where the last reboot's session began.
    const qint64 between = life.lastBase - 30000 * kSecond;
    const qint64 nextBase = reboots == 2 ? between : life.lastBase;
    const qint64 dirtyBase = nextBase - 600 * 49 * kSecond; // id 49 ends the first session
    QMap<qint64, QJsonObject> got;
    for (const QString &slug : {data, reboot})
        for (const QJsonValue &v : m_env.data(slug))
            got.insert(v.toObject().value("streamer_local_id").toInteger(), v.toObject());
    int checked = 0;
    for (const LifeReading &l : life.readings) {
        if (l.lid == 0x5c01)
            continue;
        const QJsonObject p = got.value(l.id);
        QVERIFY2(!p.isEmpty(), qPrintable(QString::number(l.id)));
        qint64 ts = l.trueTs;
        QString status = QStringLiteral("unk");
        bool dirty = false;
        if (l.id > blockStart && l.id < firstReboot) {
            status = trusted ? QStringLiteral("cln") : QStringLiteral("drt");
            dirty = !trusted;
            if (!trusted)
                ts = dirtyBase + qint64(l.uptime) * kSecond;
        } else if (l.id >= firstReboot && l.id < lastReboot) {
            status = QStringLiteral("drt");
            dirty = true;
            ts = between + qint64(l.uptime) * kSecond;
        } else if (l.id >= lastReboot) {
            status = QStringLiteral("cln");
        }
        const QByteArray what = QByteArray::number(l.id);
        QVERIFY2(*isotime::parse(p.value("timestamp").toString()) == ts,
                 what + " at " + p.value("timestamp").toString().toLatin1() + ", not " + iso(ts).toLatin1());
        QVERIFY2(p.value("status").toString() == status,
                 what + " " + p.value("status").toString().toLatin1());
        QVERIFY2(p.value("dirty_ts").toBool() == dirty, what);
        // Staff find a retimed point by its id where it is now (on PostgreSQL through the ranges of ids
        // the retiming noted).
        const HttpReply detail = m_env.server->clientFor(m_env.staff)
                                     ->get(QStringLiteral("/api/v1/data/%1/").arg(p.value("id").toInteger()));
        QVERIFY2(detail.status == 200, what + " by id: " + QByteArray::number(detail.status));
        QVERIFY2(detail.object().value("timestamp") == p.value("timestamp"), what + " by id");
        ++checked;
    }
    QCOMPARE(checked, int(got.size()));
    // The reports' bookkeeping points keep their upload times.
    const QJsonArray complete =
        m_env.data(QStringLiteral("s--%1--%2--5a05").arg(m_env.project.slug.mid(3), d.slug.mid(3)));
    QCOMPARE(complete.size(), priorSystem ? 4 : 3);
    QCOMPARE(*isotime::parse(complete.last().toObject().value("timestamp").toString()),
             life.lastBase + 6010 * kSecond);
    checkRollups(m_env, data, m_env.data(data));
}

void TstStreamer::rebootWaitsForOtherStreamers()
{
    // The system report with the reboot comes first: the user streamer has not reached the block yet, so
    // the fix waits (the original's DelayChecker) until its report is in.
    const Device d = v1Device(m_env, 0x3201);
    const RebootLife life = RebootLife::of(true);
    LifeUploader send(m_env, 0x3201);
    send(false, 23, 12300, life.base + 12300 * kSecond, life.pick(1, 19, false));
    send(true, 24, 12300, life.base + 12300 * kSecond, life.pick(1, 22, true));
    const quint32 end = life.systemReportId;
    send(true, end, 6010, life.lastBase + 6010 * kSecond, life.pick(25, end, true));

    SqlConnection &db = **m_env.server->context().db().connection();
    runRebootJobsNow(db);
    QTRY_COMPARE_WITH_TIMEOUT(rebootJobs(db, d.slug, QStringLiteral("done")), qint64(1), 20000);
    QCOMPARE(rebootJobs(db, d.slug, QStringLiteral("queued")), qint64(1)); // looks again in 5 minutes
    SqlQuery again = db.query("SELECT args, run_after FROM jobs WHERE action = 'HandleRebootAction'"
                              " AND status = 'queued' AND dedup_key LIKE ?");
    again.bind(QStringLiteral("reboot:%1:%").arg(d.slug));
    QVERIFY(again.exec() && again.next());
    QCOMPARE(QJsonDocument::fromJson(again.text(0).toUtf8()).object().value("attempt_count").toInt(), 2);
    QVERIFY(again.int64(1) > isotime::now() + 4 * 60 * kSecond);

    // Still not there: the streamer's last id (19) is before the block's start (24).
    runRebootJobsNow(db);
    QTRY_COMPARE_WITH_TIMEOUT(rebootJobs(db, d.slug, QStringLiteral("done")), qint64(2), 20000);
    QCOMPARE(rebootJobs(db, d.slug, QStringLiteral("queued")), qint64(1));

    // The user report arrives; the next look fixes the block.
    send(false, life.userReportId, 6000, life.lastBase + 6000 * kSecond, life.pick(20, end, false));
    const QString data = QStringLiteral("s--%1--%2--5001").arg(m_env.project.slug.mid(3), d.slug.mid(3));
    const auto p49 = [&] { return pointOf(m_env, data, 49); };
    QCOMPARE(*isotime::parse(p49().value("timestamp").toString()), life.lastBase + 600 * 49 * kSecond);
    runRebootJobsNow(db);
    QTRY_COMPARE_WITH_TIMEOUT(rebootJobs(db, d.slug, QStringLiteral("done")), qint64(3), 20000);
    QCOMPARE(rebootJobs(db, d.slug, QStringLiteral("queued")), qint64(0));
    QCOMPARE(*isotime::parse(p49().value("timestamp").toString()), life.base + 600 * 49 * kSecond);
    QCOMPARE(p49().value("status").toString(), QStringLiteral("cln"));
    checkRollups(m_env, data, m_env.data(data));

    // A block that never becomes ready is given up after the original's five more looks.
    QJsonObject args {{"device_slug", d.slug},           {"project_id", m_env.project.uuid},
                      {"block_start_id", qint64(1000)},  {"block_end_id", qint64(1010)},
                      {"reboot_ids", QJsonArray {1005}}, {"attempt_count", 6}};
    EnqueueOptions now;
    now.dedupKey = QStringLiteral("reboot:%1:1000:1010:6").arg(d.slug);
    now.maxAttempts = 1;
    QVERIFY(JobQueue::enqueue(db, QStringLiteral("HandleRebootAction"), args, now));
    JobQueue::notify();
    QTRY_COMPARE_WITH_TIMEOUT(rebootJobs(db, d.slug, QStringLiteral("failed")), qint64(1), 20000);
    QCOMPARE(rebootJobs(db, d.slug, QStringLiteral("queued")), qint64(0));
}

void TstStreamer::delayedReportRetimed_data()
{
    QTest::addColumn<int>("reboots");
    QTest::addColumn<int>("firstId");
    QTest::addColumn<int>("lastId");
    QTest::addColumn<int>("sentAfter"); // the delayed report's uptime when sent, past its last reading
    QTest::addColumn<int>("changed"); // points the delay fix changes
    QTest::addColumn<qint64>("device");
    // Readings 31..49 (session 1) and 51..59 (session 2) arrive after reboot 50 was handled: all were
    // timed from session 2; 31..49 move back to session 1, anchored by the clean reading 30.
    QTest::newRow("delayed past a handled reboot") << 1 << 31 << 59 << 600 << 28 << qint64(0x3301);
    // Readings 31..45 sent before the reboot: timed from their own session, nothing to fix.
    QTest::newRow("no reboot in the range") << 1 << 31 << 45 << 100 << 0 << qint64(0x3302);
    // Reboot 50 was between two reboots of the system report (dirty); the delayed report (sent in its
    // session) re-bases it and 51..99 clean from reading 100, then fixes 31..49 as above.
    QTest::newRow("dirty last reboot re-based") << 2 << 31 << 100 << 100 << 70 << qint64(0x3303);
}

void TstStreamer::delayedReportRetimed()
{
    // A user report (engine v1) that arrives after the reboot in its range was handled: the original's
    // HandleDelayAction re-times it as HandleRebootAction would have.
    QFETCH(int, reboots);
    QFETCH(int, firstId);
    QFETCH(int, lastId);
    QFETCH(int, sentAfter);
    QFETCH(int, changed);
    QFETCH(qint64, device);
    const Device d = v1Device(m_env, device);
    const RebootLife life = RebootLife::of(true, false, reboots);
    LifeUploader send(m_env, quint64(device));
    send(false, 23, 12300, life.base + 12300 * kSecond, life.pick(1, 22, false));
    send(true, 24, 12300, life.base + 12300 * kSecond, life.pick(1, 22, true));
    // The user streamer reaches the block (25..30, session 1), so the reboot is handled without it.
    send(false, 31, 18100, life.base + 18100 * kSecond, life.pick(25, 30, false));
    const quint32 end = life.systemReportId;
    send(true, end, 6010, life.lastBase + 6010 * kSecond, life.pick(25, end, true));
    SqlConnection &db = **m_env.server->context().db().connection();
    runRebootJobsNow(db);
    QTRY_COMPARE_WITH_TIMEOUT(rebootJobs(db, d.slug, QStringLiteral("done")), qint64(1), 20000);
    QCOMPARE(delayJobs(db, d.slug, QStringLiteral("queued")), qint64(0));

    const QString data = QStringLiteral("s--%1--%2--5001").arg(m_env.project.slug.mid(3), d.slug.mid(3));
    const QString reboot = QStringLiteral("s--%1--%2--5c00").arg(m_env.project.slug.mid(3), d.slug.mid(3));
    QCOMPARE(pointOf(m_env, reboot, 50).value("dirty_ts").toBool(), reboots == 2);

    // The delayed report, sent in the session of its last reading.
    LifeReading last;
    for (const LifeReading &l : life.readings)
        if (l.id == quint32(lastId))
            last = l;
    const qint64 session = last.trueTs - qint64(last.uptime) * kSecond;
    const quint32 sent = last.uptime + quint32(sentAfter);
    send(false, quint32(lastId + 1), sent, session + qint64(sent) * kSecond,
         life.pick(quint32(firstId), quint32(lastId), false));

    // Queued with the original's arguments, five minutes out.
    SqlQuery queued = db.query("SELECT args, run_after FROM jobs WHERE action = 'HandleDelayAction'"
                               " AND status = 'queued' AND dedup_key LIKE ?");
    queued.bind(QStringLiteral("delay:%1:%").arg(d.slug));
    QVERIFY(queued.exec());
    QVERIFY(queued.next());
    const QJsonObject args = QJsonDocument::fromJson(queued.text(0).toUtf8()).object();
    QCOMPARE(args,
             (QJsonObject {{"device_slug", d.slug},
                           {"project_id", m_env.project.uuid},
                           {"start_id", firstId},
                           {"end_id", lastId},
                           {"report_id", m_env.reports().last().toObject().value("id").toString()}}));
    QVERIFY(queued.int64(1) > isotime::now() + 4 * 60 * kSecond);
    QVERIFY(!queued.next());

    const auto snapshot = [&] {
        QMap<qint64, QJsonObject> got;
        for (const QString &slug : {data, reboot})
            for (const QJsonValue &v : m_env.data(slug))
                got.insert(v.toObject().value("streamer_local_id").toInteger(), v.toObject());
        return got;
    };
    const QMap<qint64, QJsonObject> before = snapshot();
    runDelayJobsNow(db, d.slug);
    QTRY_COMPARE_WITH_TIMEOUT(delayJobs(db, d.slug, QStringLiteral("done")), qint64(1), 20000);
    QCOMPARE(delayJobs(db, d.slug, QStringLiteral("queued")), qint64(0));
    QCOMPARE(rebootJobs(db, d.slug, QStringLiteral("queued")), qint64(0));
    const QMap<qint64, QJsonObject> after = snapshot();

    // Every reading at its true time; clean where a fix confirmed it, the first report's untouched.
    QCOMPARE(after.keys(), before.keys());
    int moved = 0;
    for (const LifeReading &l : life.readings) {
        if (l.lid == 0x5c01 || !after.contains(l.id))
            continue;
        const QJsonObject p = after.value(l.id);
        const bool untouched = l.id <= 20 || (changed == 0 && l.id >= quint32(firstId) && l.id < 50);
        const QString status = untouched ? QStringLiteral("unk") : QStringLiteral("cln");
        const QByteArray what = QByteArray::number(l.id);
        QVERIFY2(*isotime::parse(p.value("timestamp").toString()) == l.trueTs,
                 what + " at " + p.value("timestamp").toString().toLatin1() + ", not "
                     + iso(l.trueTs).toLatin1());
        QVERIFY2(p.value("status").toString() == status,
                 what + " " + p.value("status").toString().toLatin1());
        QVERIFY2(!p.value("dirty_ts").toBool(), what);
        const QJsonObject was = before.value(l.id);
        if (was.value("timestamp") != p.value("timestamp") || was.value("status") != p.value("status")
            || was.value("dirty_ts") != p.value("dirty_ts"))
            ++moved;
    }
    QCOMPARE(moved, changed);
    QCOMPARE(after.size(), (lastId - firstId + 1) + 6 + 20 + (lastId < 50 ? 1 : 0) + (reboots == 2 ? 1 : 0));
    checkRollups(m_env, data, m_env.data(data));
}

void TstStreamer::delayAndRebootEitherOrder_data()
{
    QTest::addColumn<bool>("delayFirst");
    QTest::addColumn<qint64>("device");
    QTest::newRow("reboot fix first") << false << qint64(0x3401);
    QTest::newRow("delay fix first") << true << qint64(0x3402);
}

void TstStreamer::delayAndRebootEitherOrder()
{
    // The user report (20..59) arrives after the system report with reboot 50 but before its fix ran:
    // both fixes are queued, and either order ends with every reading at its true time. The delay fix
    // (block 19..59) takes its base from system report 24, sent inside its block before the reboot.
    QFETCH(bool, delayFirst);
    QFETCH(qint64, device);
    const Device d = v1Device(m_env, device);
    const RebootLife life = RebootLife::of(true);
    LifeUploader send(m_env, quint64(device));
    send(false, 23, 12300, life.base + 12300 * kSecond, life.pick(1, 19, false));
    send(true, 24, 12300, life.base + 12300 * kSecond, life.pick(1, 22, true));
    const quint32 end = life.systemReportId;
    send(true, end, 6010, life.lastBase + 6010 * kSecond, life.pick(25, end, true));
    send(false, life.userReportId, 6000, life.lastBase + 6000 * kSecond, life.pick(20, end, false));
    SqlConnection &db = **m_env.server->context().db().connection();
    QCOMPARE(rebootJobs(db, d.slug, QStringLiteral("queued")), qint64(1));
    QCOMPARE(delayJobs(db, d.slug, QStringLiteral("queued")), qint64(1));

    const auto reboot = [&] {
        runRebootJobsNow(db);
        QTRY_COMPARE_WITH_TIMEOUT(rebootJobs(db, d.slug, QStringLiteral("done")), qint64(1), 20000);
    };
    const auto delay = [&] {
        runDelayJobsNow(db, d.slug);
        QTRY_COMPARE_WITH_TIMEOUT(delayJobs(db, d.slug, QStringLiteral("done")), qint64(1), 20000);
    };
    if (delayFirst) {
        delay();
        reboot();
    } else {
        reboot();
        delay();
    }
    QCOMPARE(rebootJobs(db, d.slug, QStringLiteral("queued")), qint64(0));
    QCOMPARE(delayJobs(db, d.slug, QStringLiteral("queued")), qint64(0));

    const QString data = QStringLiteral("s--%1--%2--5001").arg(m_env.project.slug.mid(3), d.slug.mid(3));
    const QString rebootStream =
        QStringLiteral("s--%1--%2--5c00").arg(m_env.project.slug.mid(3), d.slug.mid(3));
    QMap<qint64, QJsonObject> got;
    for (const QString &slug : {data, rebootStream})
        for (const QJsonValue &v : m_env.data(slug))
            got.insert(v.toObject().value("streamer_local_id").toInteger(), v.toObject());
    int checked = 0;
    for (const LifeReading &l : life.readings) {
        if (l.lid == 0x5c01)
            continue;
        const QJsonObject p = got.value(l.id);
        QVERIFY2(!p.isEmpty(), qPrintable(QString::number(l.id)));
        const QByteArray what = QByteArray::number(l.id);
        QVERIFY2(*isotime::parse(p.value("timestamp").toString()) == l.trueTs,
                 what + " at " + p.value("timestamp").toString().toLatin1() + ", not "
                     + iso(l.trueTs).toLatin1());
        const QString status = l.id < 20 ? QStringLiteral("unk") : QStringLiteral("cln");
        QVERIFY2(p.value("status").toString() == status,
                 what + " " + p.value("status").toString().toLatin1());
        QVERIFY2(!p.value("dirty_ts").toBool(), what);
        ++checked;
    }
    QCOMPARE(checked, int(got.size()));
    checkRollups(m_env, data, m_env.data(data));
}

void TstStreamer::delayWaitsForOtherStreamers()
{
    // As HandleRebootAction, the delay fix waits until the device's other user streamers have reached
    // its block; it looks again itself, so the re-base step is not lost.
    const Device d = v1Device(m_env, 0x3501);
    const RebootLife life = RebootLife::of(true);
    LifeUploader send(m_env, 0x3501);
    send(false, 23, 12300, life.base + 12300 * kSecond, life.pick(1, 22, false));
    send(true, 24, 12300, life.base + 12300 * kSecond, life.pick(1, 22, true));
    send(false, 31, 18100, life.base + 18100 * kSecond, life.pick(25, 30, false));
    const quint32 end = life.systemReportId;
    send(true, end, 6010, life.lastBase + 6010 * kSecond, life.pick(25, end, true));
    SqlConnection &db = **m_env.server->context().db().connection();
    runRebootJobsNow(db);
    QTRY_COMPARE_WITH_TIMEOUT(rebootJobs(db, d.slug, QStringLiteral("done")), qint64(1), 20000);
    // A second user streamer, at id 23: behind the delay block (30..59).
    const auto other = [&](quint32 id, qint64 trueTs) {
        const quint32 uptime = quint32((trueTs - life.base) / kSecond) % 30000;
        send(false, id + 1, uptime + 10, trueTs + 10 * kSecond, {LifeReading {0x5002, id, uptime, trueTs}},
             2);
    };
    other(23, life.base + 600 * 23 * kSecond);
    send(false, life.userReportId, 6000, life.lastBase + 6000 * kSecond, life.pick(31, end, false));

    // Two jobs: the other streamer's report (id 23, before reboot 50: no reboot in its range) and this one.
    runDelayJobsNow(db, d.slug);
    QTRY_COMPARE_WITH_TIMEOUT(delayJobs(db, d.slug, QStringLiteral("done")), qint64(2), 20000);
    SqlQuery again = db.query("SELECT args, run_after, dedup_key FROM jobs WHERE action = 'HandleDelayAction'"
                              " AND status = 'queued' AND dedup_key LIKE ?");
    again.bind(QStringLiteral("delay:%1:%").arg(d.slug));
    QVERIFY(again.exec() && again.next());
    QCOMPARE(QJsonDocument::fromJson(again.text(0).toUtf8()).object().value("attempt_count").toInt(), 2);
    QVERIFY(again.int64(1) > isotime::now() + 4 * 60 * kSecond);
    QCOMPARE(again.text(2), QStringLiteral("delay:%1:31:59:2").arg(d.slug));
    QVERIFY(!again.next());
    const QString data = QStringLiteral("s--%1--%2--5001").arg(m_env.project.slug.mid(3), d.slug.mid(3));
    const auto p49 = [&] { return pointOf(m_env, data, 49); };
    QCOMPARE(*isotime::parse(p49().value("timestamp").toString()), life.lastBase + 600 * 49 * kSecond);

    // The other streamer catches up; the next look fixes the report.
    other(65, life.lastBase + 600 * 12 * kSecond);
    runDelayJobsNow(db, d.slug);
    QTRY_COMPARE_WITH_TIMEOUT(delayJobs(db, d.slug, QStringLiteral("done")), qint64(3), 20000);
    QCOMPARE(delayJobs(db, d.slug, QStringLiteral("queued")), qint64(0));
    QCOMPARE(*isotime::parse(p49().value("timestamp").toString()), life.base + 600 * 49 * kSecond);
    QCOMPARE(p49().value("status").toString(), QStringLiteral("cln"));
    checkRollups(m_env, data, m_env.data(data));
}

QTEST_GUILESS_MAIN(TstStreamer)
#include "tst_streamer.moc"
