#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/ingest/batchwriter.h"
#include "server/store/database.h"
#include "server/store/migrations/migrations.h"
#include "server/store/streamdatastore.h"
#include "server/store/streamscanner.h"
#include "tests/support/rawhttpclient.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QTest>
#include <QUrlQuery>

#include <atomic>
#include <cmath>
#include <limits>
#include <optional>
#include <thread>

using namespace iotile;
using namespace iotile::test;

namespace {

// A run of points `step` µs apart, `gap` µs after the run before it.
struct Run
{
    int count;
    qint64 step;
    qint64 gap = 0;
};
using Runs = std::vector<Run>;

} // namespace

Q_DECLARE_METATYPE(Runs)

// /api/v1/data/ and the stream data routes over real HTTP: ingest (single, bulk, atomicity, retries,
// access), every read filter, unit conversion, pagination, CSV export, aggregation checked against values
// computed here, and the device data mask.
class TstData : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void postSingleConverts();
    void postBulk();
    void bulkIsAtomic_data();
    void bulkIsAtomic();
    void retriedBulkAddsNothing();
    void groupCommit_data();
    void groupCommit();
    void postRefusals_data();
    void postRefusals();
    void readFilters_data();
    void readFilters();
    void readErrors_data();
    void readErrors();
    void pagination();
    void manyDistinctLastn();
    void csvExport();
    void staffOnlyDetail();
    void streamDataInOutputUnits();
    void aggregateMatchesRawValues_data();
    void aggregateMatchesRawValues();
    void dataMask();
    void countAfterCommitIsFresh();
    void lastnWithEqualTimestamps_data();
    void lastnWithEqualTimestamps();
    void lastnAcrossMonths();
    void lastnOnOnePage_data();
    void lastnOnOnePage();
    void largeLastnPages_data();
    void largeLastnPages();
    void largeLastnPagesWhateverTheRollups_data();
    void largeLastnPagesWhateverTheRollups();
    void csvExportWhateverTheDensity_data();
    void csvExportWhateverTheDensity();
    void flagsReadBack_data();
    void flagsReadBack();
    void storedAsWritten_data();
    void storedAsWritten();
    void detailFindsEveryWrite_data();
    void detailFindsEveryWrite();
    void rollupsMergeAcrossPosts_data();
    void rollupsMergeAcrossPosts();
    void idsStayUniqueAcrossWritePaths_data();
    void idsStayUniqueAcrossWritePaths();
    void reachesPostgresAsConfigured();

private:
    QJsonArray points(const QString &stream, qint64 firstTs, int count, int step = 1, qint64 firstValue = 0,
                      int firstSeq = 0);
    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_operator, m_outsider, m_staff;
    Org m_org;
    Project m_project;
    Device m_device, m_device2;
    QString m_stream, m_stream2, m_virtualStream;
    qint64 m_t0 = 0;
};

QJsonArray TstData::points(const QString &stream, qint64 firstTs, int count, int step, qint64 firstValue,
                           int firstSeq)
{
    QJsonArray list;
    for (int i = 0; i < count; ++i) {
        QJsonObject p {
            {"stream", stream},
            {"timestamp", isotime::toString(firstTs + qint64(i) * step * isotime::kMicrosPerSecond)},
            {"int_value", double(firstValue + i)}};
        if (firstSeq > 0)
            p.insert("streamer_local_id", firstSeq + i);
        list.append(p);
    }
    return list;
}

void TstData::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_operator = m_server->createUser(QStringLiteral("operator@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Data Org"), m_owner);
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.member(m_org, m_operator, QStringLiteral("r1"));
    seed.org(QStringLiteral("Outside"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Data Project"), m_owner);
    // Input unit: x4/2; output unit: x1/10 (so stored 20.0 reads back as 2.0).
    const VarType type = seed.varType(QStringLiteral("Liquid"), 4, 2, 1, 10);
    const Variable v = seed.variable(m_project, 0x5001, QStringLiteral("Flow"), &type);
    const Variable v2 = seed.variable(m_project, 0x5002, QStringLiteral("Level"));
    m_device = seed.claim(seed.device(0xd1), m_project, m_owner);
    m_device2 = seed.claim(seed.device(0xd2), m_project, m_owner);
    const Stream s = seed.stream(m_device, m_project, v);
    const Stream s2 = seed.stream(m_device, m_project, v2);
    seed.stream(m_device2, m_project, v2);
    m_stream = s.slug;
    m_stream2 = s2.slug;
    m_virtualStream = QStringLiteral("s--%1--0000-0000-0000-0000--5002").arg(m_project.slug.mid(3));
    // The stream's own MDO: x2 (the original's worked example: int_value 5 -> 5*2 -> *4/2 -> 20.0).
    SqlQuery q = seed.db().query("UPDATE streams SET m = 2, d = 1, mdo_type = 'S' WHERE slug = ?");
    q.bind(m_stream);
    QVERIFY(q.exec());
    m_t0 = *isotime::parse(QByteArrayView("2026-01-05T00:00:00Z"));
}

void TstData::cleanupTestCase()
{
    m_server.reset();
}

void TstData::postSingleConverts()
{
    const HttpReply r =
        m_server->clientFor(m_member)->post(QStringLiteral("/api/v1/data/"),
                                            QJsonObject {{"stream", m_stream},
                                                         {"timestamp", "2025-12-31T23:59:59.500Z"},
                                                         {"int_value", 5},
                                                         {"streamer_local_id", 7}});
    QCOMPARE(r.status, 201);
    const QJsonObject p = r.object();
    QCOMPARE(p.value("value").toDouble(), 20.0);
    QCOMPARE(p.value("type").toString(), QStringLiteral("ITR")); // an input unit applied
    QCOMPARE(p.value("int_value").toInt(), 5);
    QCOMPARE(p.value("timestamp").toString(),
             QStringLiteral("2025-12-31T23:59:59Z")); // seconds only, as the original
    QCOMPARE(p.value("stream").toString(), m_stream);
    QCOMPARE(p.value("project").toString(), m_project.slug);
    QCOMPARE(p.value("device").toString(), m_device.slug);
    QCOMPARE(p.value("variable").toString(), QStringLiteral("v--%1--5001").arg(m_project.slug.mid(3)));
    QCOMPARE(p.value("streamer_local_id").toInt(), 7);
    QCOMPARE(p.value("status").toString(), QStringLiteral("unk"));
    QVERIFY(p.value("id").toInteger() > 0);
    // The raw body says 20.0, a float, as the original's FloatField.
    QVERIFY(r.body.contains("\"value\":20.0"));
    // A stream without a stream id: value = float(int_value).
    const HttpReply virt = m_server->clientFor(m_member)->post(
        QStringLiteral("/api/v1/data/"),
        QJsonObject {{"stream", m_virtualStream}, {"timestamp", "2025-12-31T00:00:00Z"}, {"int_value", 9}});
    QCOMPARE(virt.status, 201);
    QCOMPARE(virt.object().value("value").toDouble(), 9.0);
    QCOMPARE(virt.object().value("type").toString(), QStringLiteral("Num"));
}

void TstData::postBulk()
{
    const HttpReply r = m_server->clientFor(m_member)->post(QStringLiteral("/api/v1/data/"),
                                                            points(m_stream2, m_t0, 1000, 1, 0, 1));
    QCOMPARE(r.status, 201);
    QCOMPARE(r.body, QByteArray(R"({"count":1000})"));
    const HttpReply stored = m_server->clientFor(m_member)->get(
        QStringLiteral("/api/v1/data/?filter=%1&page_size=1").arg(m_stream2));
    QCOMPARE(stored.object().value("count").toInt(), 1000);
    QCOMPARE(stored.object().value("results").toArray().first().toObject().value("value").toDouble(), 0.0);
}

void TstData::bulkIsAtomic_data()
{
    QTest::addColumn<QJsonObject>("bad");
    QTest::addColumn<QByteArray>("error");
    QTest::newRow("no timestamp") << QJsonObject {{"stream", m_stream2}, {"int_value", 1}}
                                  << QByteArray(R"({"timestamp":["This field is required."]})");
    QTest::newRow("bad timestamp")
        << QJsonObject {{"stream", m_stream2}, {"timestamp", "yesterday"}, {"int_value", 1}}
        << QByteArray(
               R"({"timestamp":["Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."]})");
    QTest::newRow("both values") << QJsonObject {
        {"stream", m_stream2},
        {"timestamp", "2026-02-01T00:00:00Z"},
        {"int_value", 1},
        {"value", 2.0},
        {"type", "ITR"}} << QByteArray(R"({"non_field_errors":["Only int_value or value should be used"]})");
    QTest::newRow("no value") << QJsonObject {{"stream", m_stream2}, {"timestamp", "2026-02-01T00:00:00Z"}}
                              << QByteArray(
                                     R"({"non_field_errors":["Either int_value or value should be used"]})");
    QTest::newRow("value without ITR")
        << QJsonObject {{"stream", m_stream2}, {"timestamp", "2026-02-01T00:00:00Z"}, {"value", 2.5}}
        << QByteArray(R"({"non_field_errors":["type should be 'ITR' or None if value is used"]})");
    QTest::newRow("int_value not an int")
        << QJsonObject {{"stream", m_stream2}, {"timestamp", "2026-02-01T00:00:00Z"}, {"int_value", 2.5}}
        << QByteArray(R"({"int_value":["A valid integer is required."]})");
    QTest::newRow("bad slug")
        << QJsonObject {{"stream", "s--zz"}, {"timestamp", "2026-02-01T00:00:00Z"}, {"int_value", 1}}
        << QByteArray(R"({"stream":["Bad Request: Illegal Project, Device or Stream slug"]})");
}

void TstData::bulkIsAtomic()
{
    QFETCH(QJsonObject, bad);
    QFETCH(QByteArray, error);
    auto client = m_server->clientFor(m_member);
    const qint64 start = *isotime::parse(QByteArrayView("2026-02-01T00:00:00Z"));
    QJsonArray body = points(m_stream2, start, 3);
    body.insert(1, bad);
    const HttpReply r = client->post(QStringLiteral("/api/v1/data/"), body);
    QCOMPARE(r.status, 400);
    // One error object per item, empty for the good ones (DRF's list serializer).
    QCOMPARE(r.array().size(), 4);
    QCOMPARE(r.array().at(0).toObject(), QJsonObject {});
    QCOMPARE(QJsonDocument(r.array().at(1).toObject()).toJson(QJsonDocument::Compact), error);
    const HttpReply stored =
        client->get(QStringLiteral("/api/v1/data/?filter=%1&start=2026-02-01T00:00:00Z").arg(m_stream2));
    QCOMPARE(stored.object().value("count").toInt(), 0);
}

void TstData::retriedBulkAddsNothing()
{
    auto client = m_server->clientFor(m_member);
    const qint64 start = *isotime::parse(QByteArrayView("2026-03-01T00:00:00Z"));
    const QJsonArray body = points(m_stream2, start, 500, 1, 100, 5000);
    QCOMPARE(client->post(QStringLiteral("/api/v1/data/"), body).status, 201);
    // The same upload again (a client that did not see the answer), and one overlapping half of it.
    QCOMPARE(client->post(QStringLiteral("/api/v1/data/"), body).status, 201);
    QCOMPARE(client
                 ->post(QStringLiteral("/api/v1/data/"),
                        points(m_stream2, start + 250 * isotime::kMicrosPerSecond, 500, 1, 350, 5250))
                 .status,
             201);
    const HttpReply stored = client->get(
        QStringLiteral("/api/v1/data/?filter=%1&start=2026-03-01T00:00:00Z&end=2026-04-01T00:00:00Z")
            .arg(m_stream2));
    QCOMPARE(stored.object().value("count").toInt(), 750);
    // Aggregates count each point once too.
    const HttpReply agg = client->get(
        QStringLiteral("/api/v1/stream/%1/data/aggregate/"
                       "?interval=1d&fn=count&start=2026-03-01T00:00:00Z&end=2026-03-02T00:00:00Z")
            .arg(m_stream2));
    QCOMPARE(agg.object().value("results").toArray().first().toObject().value("count").toInt(), 750);
}

// Bulk posts that queue while the writers are busy share one transaction (server/ingest/batchwriter.h).
// The test pauses the writers so the posts queue, then lets them go: one transaction takes them all, every
// post is answered once it is committed, and together they store what one pass through them would (a
// retried or overlapping post in the same group adds nothing twice, to the points and to the rollups).
void TstData::groupCommit_data()
{
    QTest::addColumn<QString>("month");
    QTest::addColumn<QList<int>>("starts"); // each post: 200 points from this second of the month
    QTest::addColumn<int>("expected");
    QTest::newRow("distinct posts") << "2027-01" << QList<int> {0, 1000, 2000, 3000, 4000, 5000} << 1200;
    QTest::newRow("a retried post in the group")
        << "2027-02" << QList<int> {0, 1000, 1000, 2000, 3000} << 800;
    QTest::newRow("overlapping posts") << "2027-03" << QList<int> {0, 1000, 1100, 2000, 3000} << 900;
}

void TstData::groupCommit()
{
    QFETCH(QString, month);
    QFETCH(QList<int>, starts);
    QFETCH(int, expected);
    BatchWriter *writer = m_server->context().batchWriter();
    QVERIFY(writer);
    const qint64 commitsBefore = writer->commits();
    const qint64 postsBefore = writer->posts();
    const qint64 first =
        *isotime::parse(QByteArrayView((month + QStringLiteral("-01T00:00:00Z")).toLatin1()));

    // One client thread per post, on plain sockets.
    std::vector<RawHttpClient::Reply> answers(starts.size());
    std::atomic<int> answered {0};
    std::vector<std::thread> clients;
    writer->setPaused(true);
    const auto release = qScopeGuard([&] {
        writer->setPaused(false);
        for (std::thread &t : clients)
            t.join();
    });
    const QByteArray authorization = "jwt " + m_server->jwtFor(m_member);
    for (size_t i = 0; i < size_t(starts.size()); ++i) {
        const int start = starts.at(qsizetype(i));
        // Sequence ids far above the other tests' (their streamer id filters count this stream).
        const QByteArray body =
            QJsonDocument(points(m_stream2, first + qint64(start) * isotime::kMicrosPerSecond, 200, 1, start,
                                 1000000 + start + 1))
                .toJson(QJsonDocument::Compact);
        clients.emplace_back([&, i, body] {
            RawHttpClient client("127.0.0.1", m_server->port());
            answers[i] = client.request("POST", "/api/v1/data/", authorization, body);
            answered.fetch_add(1);
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(writer->queuedPosts(), qint64(starts.size()), 20000);
    QTest::qWait(100);
    QCOMPARE(answered.load(), 0); // nothing is answered before it is committed
    writer->setPaused(false);
    for (std::thread &t : clients)
        t.join();
    clients.clear();
    for (const RawHttpClient::Reply &reply : answers) {
        QCOMPARE(reply.status, 201);
        QCOMPARE(reply.body, QByteArray(R"({"count":200})"));
    }
    QCOMPARE(writer->posts() - postsBefore, qint64(starts.size()));
    QCOMPARE(writer->commits() - commitsBefore, qint64(1));

    auto client = m_server->clientFor(m_member);
    const QString end = isotime::toString(first + 27 * isotime::kMicrosPerDay);
    const HttpReply stored =
        client->get(QStringLiteral("/api/v1/data/?filter=%1&start=%2T00:00:00Z&end=%3&page_size=10000")
                        .arg(m_stream2, month + QStringLiteral("-01"), end));
    QCOMPARE(stored.object().value("count").toInt(), expected);
    // Every point once, each with the value of its second (a duplicate would repeat one).
    QSet<int> seconds;
    for (const QJsonValue &v : stored.object().value("results").toArray()) {
        const qint64 ts =
            *isotime::parse(QByteArrayView(v.toObject().value("timestamp").toString().toLatin1()));
        const int second = int((ts - first) / isotime::kMicrosPerSecond);
        QCOMPARE(v.toObject().value("int_value").toInt(), second);
        seconds.insert(second);
    }
    QCOMPARE(seconds.size(), expected);
    // The rollups of the shared transaction count each point once too.
    const HttpReply agg = client->get(QStringLiteral("/api/v1/stream/%1/data/aggregate/"
                                                     "?interval=1d&fn=count&start=%2T00:00:00Z&end=%3")
                                          .arg(m_stream2, month + QStringLiteral("-01"), end));
    int counted = 0;
    for (const QJsonValue &v : agg.object().value("results").toArray())
        counted += v.toObject().value("count").toInt();
    QCOMPARE(counted, expected);
}

void TstData::postRefusals_data()
{
    QTest::addColumn<int>("who");
    QTest::addColumn<QString>("stream");
    QTest::addColumn<int>("status");
    const QString gid = m_project.slug.mid(3);
    QTest::newRow("operator may post") << 0 << m_stream2 << 201;
    QTest::newRow("outsider") << 1 << m_stream2 << 403;
    QTest::newRow("anonymous") << 2 << m_stream2 << 401;
    QTest::newRow("unknown project") << 3 << QStringLiteral("s--7777-0000--0000-0000-0000-00d1--5001") << 404;
    QTest::newRow("unknown device") << 3 << QStringLiteral("s--%1--0000-0000-0000-0fff--5001").arg(gid)
                                    << 404;
    QTest::newRow("staff") << 4 << m_stream2 << 201;
}

void TstData::postRefusals()
{
    QFETCH(int, who);
    QFETCH(QString, stream);
    QFETCH(int, status);
    const Account *accounts[] = {&m_operator, &m_outsider, nullptr, &m_owner, &m_staff};
    auto client = accounts[who] ? m_server->clientFor(*accounts[who]) : m_server->anonymous();
    static int n = 0;
    const HttpReply r =
        client->post(QStringLiteral("/api/v1/data/"),
                     QJsonArray {QJsonObject {
                         {"stream", stream},
                         {"timestamp", isotime::toString(m_t0 - (400 + ++n) * isotime::kMicrosPerDay)},
                         {"int_value", 1}}});
    QCOMPARE(r.status, status);
}

void TstData::readFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("firstValue");
    const QString s = m_stream2;
    QTest::newRow("stream")
        << QStringLiteral("filter=%1&start=2026-01-01T00:00:00Z&end=2026-02-01T00:00:00Z").arg(s) << 1000
        << 0;
    QTest::newRow("start/end")
        << QStringLiteral("filter=%1&start=2026-01-05T00:01:40Z&end=2026-01-05T00:02:00Z").arg(s) << 20
        << 100;
    QTest::newRow("end is exclusive")
        << QStringLiteral("filter=%1&end=2026-01-05T00:00:01Z&start=2026-01-05T00:00:00Z").arg(s) << 1 << 0;
    QTest::newRow("lastn ascending") << QStringLiteral("filter=%1&lastn=3&end=2026-02-01T00:00:00Z").arg(s)
                                     << 3 << 997;
    // Pages within the last n, in each order (time orders page one descending scan).
    const QString lastFive = QStringLiteral("filter=%1&lastn=5&end=2026-02-01T00:00:00Z&page_size=2").arg(s);
    QTest::newRow("lastn page 2") << lastFive + QStringLiteral("&page=2") << 5 << 997;
    QTest::newRow("lastn last page") << lastFive + QStringLiteral("&page=3") << 5 << 999;
    QTest::newRow("lastn descending page 1") << lastFive + QStringLiteral("&ordering=-timestamp") << 5 << 999;
    QTest::newRow("lastn descending page 3")
        << lastFive + QStringLiteral("&ordering=-timestamp&page=3") << 5 << 995;
    QTest::newRow("lastn by streamer id, page 2")
        << lastFive + QStringLiteral("&ordering=streamer_local_id&page=2") << 5 << 997;
    QTest::newRow("lastn by streamer id descending")
        << lastFive + QStringLiteral("&ordering=-streamer_local_id") << 5 << 999;
    // Without lastn every point of the range is ranked; only the pages up to the one asked for are kept.
    const QString january =
        QStringLiteral("filter=%1&start=2026-01-01T00:00:00Z&end=2026-02-01T00:00:00Z&page_size=10").arg(s);
    QTest::newRow("by streamer id, page 3")
        << january + QStringLiteral("&ordering=streamer_local_id&page=3") << 1000 << 20;
    QTest::newRow("by streamer id descending, page 3")
        << january + QStringLiteral("&ordering=-streamer_local_id&page=3") << 1000 << 979;
    QTest::newRow("exact timestamp") << QStringLiteral("filter=%1&timestamp=2026-01-05T00:00:10Z").arg(s) << 1
                                     << 10;
    QTest::newRow("streamer ids") << QStringLiteral("filter=%1&streamer_id_min=11&streamer_id_max=20").arg(s)
                                  << 10 << 10;
    QTest::newRow("legacy streamer ids")
        << QStringLiteral("filter=%1&streamer_id_0=11&streamer_id_1=12").arg(s) << 2 << 10;
    QTest::newRow("device: both streams")
        << QStringLiteral("filter=%1&end=2026-02-01T00:00:00Z&start=2026-01-01T00:00:00Z").arg(m_device.slug)
        << 1000 << 0;
    QTest::newRow("variable") << QStringLiteral(
                                     "filter=v--%1--5002&end=2026-02-01T00:00:00Z&start=2026-01-05T00:00:00Z")
                                     .arg(m_project.slug.mid(3))
                              << 1000 << 0;
    QTest::newRow("no filter") << QString() << 0 << 0;
    QTest::newRow("project filter gives nothing")
        << QStringLiteral("filter=%1").arg(m_project.slug) << 0 << 0;
    QTest::newRow("unknown device") << QStringLiteral("filter=d--0000-0000-0000-0fff") << 0 << 0;
}

void TstData::readFilters()
{
    QFETCH(QString, query);
    QFETCH(int, count);
    QFETCH(int, firstValue);
    const HttpReply r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/data/?") + query);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), count);
    if (count > 0)
        QCOMPARE(r.object().value("results").toArray().first().toObject().value("int_value").toInt(),
                 firstValue);
    // An outsider and an operator (no can_read_stream_data) get an empty first page, never an error (a
    // later page of nothing is DRF's "Invalid page." 404).
    const bool laterPage = query.contains(QLatin1String("&page="));
    for (const Account *who : {&m_outsider, &m_operator}) {
        QString first = query;
        first.replace(QRegularExpression(QStringLiteral("&page=\\d+")), QString());
        const HttpReply hidden = m_server->clientFor(*who)->get(QStringLiteral("/api/v1/data/?") + first);
        QCOMPARE(hidden.status, 200);
        if (laterPage)
            QCOMPARE(m_server->clientFor(*who)->get(QStringLiteral("/api/v1/data/?") + query).status, 404);
        QCOMPARE(hidden.object().value("count").toInt(), 0);
    }
}

void TstData::readErrors_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("body");
    const QString f = QStringLiteral("filter=%1&").arg(m_stream2);
    QTest::newRow("lastn 0") << f + QStringLiteral("lastn=0")
                             << QByteArray(R"(["lastn must be greater than 0"])");
    QTest::newRow("lastn too big") << f + QStringLiteral("lastn=100001")
                                   << QByteArray(R"(["lastn limit is 100000"])");
    QTest::newRow("bad stream slug") << QStringLiteral(
        "filter=s--nope") << QByteArray(R"({"detail":"Bad Request: Illegal filter/target string"})");
    // "+00:00" typed raw in a URL decodes to a space: the original refuses it too.
    QTest::newRow("raw plus offset") << f + QStringLiteral("end=2016-09-28T11:00:00+00:00")
                                     << QByteArray(R"({"end":["Enter a valid date/time."]})");
    QTest::newRow("bad ordering") << f + QStringLiteral("ordering=value")
                                  << QByteArray(R"({"ordering":["Unknown ordering."]})");
}

void TstData::readErrors()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, body);
    const HttpReply r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/data/?") + query);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, body);
}

void TstData::pagination()
{
    auto client = m_server->clientFor(m_member);
    const QString base =
        QStringLiteral(
            "/api/v1/data/?filter=%1&start=2026-01-01T00:00:00Z&end=2026-02-01T00:00:00Z&page_size=300")
            .arg(m_stream2);
    HttpReply r = client->get(base);
    QCOMPARE(r.object().value("count").toInt(), 1000);
    QCOMPARE(r.object().value("results").toArray().size(), 300);
    QVERIFY(r.object().value("previous").isNull());
    const QString next = r.object().value("next").toString();
    QVERIFY(next.contains(QLatin1String("page=2")) && next.contains(QLatin1String("page_size=300")));
    r = client->get(base + QStringLiteral("&page=4"));
    QCOMPARE(r.object().value("results").toArray().size(), 100);
    QCOMPARE(r.object().value("results").toArray().first().toObject().value("int_value").toInt(), 900);
    QVERIFY(r.object().value("next").isNull());
    QCOMPARE(client->get(base + QStringLiteral("&page=5")).status, 404);
    r = client->get(base + QStringLiteral("&ordering=-timestamp&page_size=1"));
    QCOMPARE(r.object().value("results").toArray().first().toObject().value("int_value").toInt(), 999);
}

void TstData::manyDistinctLastn()
{
    // Each lastn is a statement of its own on PostgreSQL (the limit is in its text); past 64 on one
    // connection they are dropped and prepared again. Every answer must stay right through that.
    auto client = m_server->clientFor(m_member);
    const QString base =
        QStringLiteral("/api/v1/data/?filter=%1&start=2026-01-01T00:00:00Z&end=2026-02-01T00:00:00Z"
                       "&page_size=1000&lastn=")
            .arg(m_stream2);
    for (int n = 1; n <= 200; n += (n < 150 ? 1 : 7)) {
        const QJsonArray results = client->get(base + QString::number(n)).object().value("results").toArray();
        QCOMPARE(results.size(), n);
        QCOMPARE(results.first().toObject().value("int_value").toInt(), 1000 - n);
        QCOMPARE(results.last().toObject().value("int_value").toInt(), 999);
        const QJsonArray newest =
            client->get(base + QString::number(n) + QStringLiteral("&ordering=-timestamp"))
                .object()
                .value("results")
                .toArray();
        QCOMPARE(newest.size(), n);
        QCOMPARE(newest.first().toObject().value("int_value").toInt(), 999);
    }
}

void TstData::csvExport()
{
    const HttpReply r = m_server->clientFor(m_member)->get(
        QStringLiteral(
            "/api/v1/data/?filter=%1&format=csv&start=2026-01-01T00:00:00Z&end=2026-02-01T00:00:00Z")
            .arg(m_stream2));
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").startsWith("text/csv"));
    QCOMPARE(r.header("transfer-encoding"), QByteArray("chunked"));
    const QList<QByteArray> lines = r.body.trimmed().split('\n');
    QCOMPARE(lines.size(), 1001);
    QCOMPARE(
        lines.first(),
        QByteArray("id,stream,timestamp,device_timestamp,streamer_local_id,int_value,value,type,status"));
    QVERIFY(lines.at(1).contains(m_stream2.toLatin1() + ",2026-01-05T00:00:00Z,,1,0,0.0,Num,unk"));
    const HttpReply s = m_server->clientFor(m_member)->get(
        QStringLiteral("/api/v1/stream/%1/csv/?start=2026-01-01T00:00:00Z&end=2026-01-05T00:00:03Z")
            .arg(m_stream2));
    QCOMPARE(s.status, 200);
    QCOMPARE(
        s.body,
        QByteArray(
            "Timestamp,Value\n2026/01/05 00:00:00,0.0\n2026/01/05 00:00:01,1.0\n2026/01/05 00:00:02,2.0\n"));
    QCOMPARE(
        m_server->clientFor(m_outsider)->get(QStringLiteral("/api/v1/stream/%1/csv/").arg(m_stream2)).status,
        403);
}

void TstData::staffOnlyDetail()
{
    const HttpReply page = m_server->clientFor(m_member)->get(
        QStringLiteral("/api/v1/data/?filter=%1&lastn=1&end=2026-02-01T00:00:00Z").arg(m_stream2));
    const qint64 id = page.object().value("results").toArray().first().toObject().value("id").toInteger();
    QCOMPARE(m_server->clientFor(m_owner)->get(QStringLiteral("/api/v1/data/%1/").arg(id)).status, 403);
    QCOMPARE(m_server->clientFor(m_owner)->get(QStringLiteral("/api/v1/data/%1/").arg(m_stream2)).status,
             400);
    auto staff = m_server->clientFor(m_staff);
    HttpReply r = staff->get(QStringLiteral("/api/v1/data/%1/").arg(id));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("int_value").toInt(), 999);
    r = staff->patch(QStringLiteral("/api/v1/data/%1/").arg(id),
                     QJsonObject {{"int_value", 10}, {"value", 10.5}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("value").toDouble(), 10.5);
    QCOMPARE(staff->del(QStringLiteral("/api/v1/data/%1/").arg(id)).status, 204);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/data/%1/").arg(id)).status, 404);
    QCOMPARE(staff
                 ->get(QStringLiteral(
                           "/api/v1/data/?filter=%1&start=2026-01-01T00:00:00Z&end=2026-02-01T00:00:00Z")
                           .arg(m_stream2))
                 .object()
                 .value("count")
                 .toInt(),
             999);
}

void TstData::streamDataInOutputUnits()
{
    auto client = m_server->clientFor(m_member);
    const HttpReply r = client->get(QStringLiteral("/api/v1/stream/%1/data/").arg(m_stream));
    QCOMPARE(r.status, 200);
    const QJsonObject p = r.object().value("results").toArray().first().toObject();
    QCOMPARE(p.value("value").toDouble(), 20.0);
    QCOMPARE(p.value("output_value").toDouble(), 2.0); // output unit x1/10
    QCOMPARE(p.value("display_value").toString(), QStringLiteral("2")); // the variable's 0 decimal places
    QCOMPARE(QStringList(p.keys()),
             (QStringList {"display_value", "int_value", "output_value", "streamer_local_id", "timestamp",
                           "type", "value"}));
    // lastn is clamped here, not refused.
    QCOMPARE(client->get(QStringLiteral("/api/v1/stream/%1/data/?lastn=0").arg(m_stream2))
                 .object()
                 .value("count")
                 .toInt(),
             1);
    QCOMPARE(client->get(QStringLiteral("/api/v1/stream/%1/data/?lastn=999999").arg(m_stream2)).status, 200);
    QCOMPARE(
        m_server->clientFor(m_operator)->get(QStringLiteral("/api/v1/stream/%1/data/").arg(m_stream)).status,
        403);
    QCOMPARE(
        client->get(QStringLiteral("/api/v1/stream/s--0000-0099--0000-0000-0000-00d1--5001/data/")).status,
        404);
}

void TstData::aggregateMatchesRawValues_data()
{
    QTest::addColumn<QString>("interval");
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("end");
    QTest::newRow("1m from rollups") << QStringLiteral("1m") << qint64(60)
                                     << QStringLiteral("2026-01-05T00:00:00Z")
                                     << QStringLiteral("2026-01-05T00:16:40Z");
    QTest::newRow("5m, ragged edges")
        << QStringLiteral("5m") << qint64(300) << QStringLiteral("2026-01-05T00:00:30Z")
        << QStringLiteral("2026-01-05T00:15:10Z");
    QTest::newRow("90s from raw points")
        << QStringLiteral("90") << qint64(90) << QStringLiteral("2026-01-05T00:00:00Z")
        << QStringLiteral("2026-01-05T00:16:40Z");
    QTest::newRow("1h") << QStringLiteral("1h") << qint64(3600) << QStringLiteral("2026-01-04T00:00:00Z")
                        << QStringLiteral("2026-01-06T00:00:00Z");
}

void TstData::aggregateMatchesRawValues()
{
    QFETCH(QString, interval);
    QFETCH(qint64, seconds);
    QFETCH(QString, start);
    QFETCH(QString, end);
    auto client = m_server->clientFor(m_member);
    const HttpReply raw = client->get(
        QStringLiteral("/api/v1/data/?filter=%1&start=%2&end=%3&page_size=10000").arg(m_stream2, start, end));
    // Expected buckets computed here from the raw points.
    QMap<qint64, QList<double>> expected;
    for (const QJsonValue &v : raw.object().value("results").toArray()) {
        const qint64 t =
            *isotime::parse(v.toObject().value("timestamp").toString()) / isotime::kMicrosPerSecond;
        expected[t - t % seconds].append(v.toObject().value("value").toDouble());
    }
    QVERIFY(!expected.isEmpty());
    const HttpReply r = client->get(
        QStringLiteral(
            "/api/v1/stream/%1/data/aggregate/?interval=%2&fn=avg,min,max,count,sum&start=%3&end=%4")
            .arg(m_stream2, interval, start, end));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("interval_seconds").toInteger(), seconds);
    const QJsonArray buckets = r.object().value("results").toArray();
    QCOMPARE(buckets.size(), expected.size());
    int i = 0;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it, ++i) {
        const QJsonObject b = buckets.at(i).toObject();
        QCOMPARE(*isotime::parse(b.value("timestamp").toString()) / isotime::kMicrosPerSecond, it.key());
        const QList<double> &vs = it.value();
        double sum = 0;
        for (double v : vs)
            sum += v;
        QCOMPARE(b.value("count").toInt(), vs.size());
        QCOMPARE(b.value("sum").toDouble(), sum);
        QCOMPARE(b.value("min").toDouble(), *std::min_element(vs.begin(), vs.end()));
        QCOMPARE(b.value("max").toDouble(), *std::max_element(vs.begin(), vs.end()));
        QVERIFY(std::fabs(b.value("avg").toDouble() - sum / vs.size()) < 1e-9);
    }
}

void TstData::dataMask()
{
    auto owner = m_server->clientFor(m_owner);
    const QString url = QStringLiteral("/api/v1/device/%1/mask/").arg(m_device.slug);
    HttpReply r = owner->get(url);
    QCOMPARE(r.status, 200);
    QVERIFY(r.object().value("start").isNull());
    QCOMPARE(
        m_server->clientFor(m_member)->patch(url, QJsonObject {{"start", "2026-01-05T00:00:10Z"}}).status,
        403);
    QCOMPARE(owner->patch(url, QJsonObject {}).status, 400);
    QCOMPARE(
        owner->patch(url, QJsonObject {{"start", "2026-01-06T00:00:00Z"}, {"end", "2026-01-05T00:00:00Z"}})
            .status,
        400);
    r = owner->patch(url, QJsonObject {{"start", "2026-01-05T00:00:10Z"}, {"end", "2026-01-05T00:00:20Z"}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.object().value("start").toString(), QStringLiteral("2026-01-05T00:00:10Z"));
    QCOMPARE(owner->get(url).object().value("end").toString(), QStringLiteral("2026-01-05T00:00:20Z"));
    // mask=1 clips /data/; stream/<slug>/data/ always clips.
    QCOMPARE(owner->get(QStringLiteral("/api/v1/data/?filter=%1&mask=1").arg(m_stream2))
                 .object()
                 .value("count")
                 .toInt(),
             10);
    QCOMPARE(owner
                 ->get(QStringLiteral(
                           "/api/v1/data/?filter=%1&start=2026-01-01T00:00:00Z&end=2026-02-01T00:00:00Z")
                           .arg(m_stream2))
                 .object()
                 .value("count")
                 .toInt(),
             999);
    QCOMPARE(
        owner->get(QStringLiteral("/api/v1/stream/%1/data/").arg(m_stream2)).object().value("count").toInt(),
        10);
    QCOMPARE(owner->del(url).status, 204);
    QCOMPARE(owner
                 ->get(QStringLiteral(
                           "/api/v1/stream/%1/data/?start=2026-01-01T00:00:00Z&end=2026-02-01T00:00:00Z")
                           .arg(m_stream2))
                 .object()
                 .value("count")
                 .toInt(),
             999);
}

void TstData::countAfterCommitIsFresh()
{
    // A count read while a write is open sees the rows before it. Kept in the count cache, it would be
    // what list requests report for seconds after the write committed.
    Seed seed(*m_server);
    const Variable v = seed.variable(m_project, 0x5077, QStringLiteral("Count cache"));
    const QString stream = seed.stream(m_device, m_project, v).slug;
    auto http = m_server->clientFor(m_owner);
    auto count = [&] {
        return http->get(QStringLiteral("/api/v1/data/?filter=%1&page_size=1").arg(stream))
            .object()
            .value("count")
            .toInteger(-1);
    };
    QCOMPARE(http->post("/api/v1/data/", points(stream, m_t0, 2)).status, 201);
    QCOMPARE(count(), 2);
    auto db = m_server->context().dataDb().connection();
    QVERIFY(db);
    StreamDataStore store(**db);
    const auto key = store.ensureKey(stream);
    QVERIFY(key);
    {
        Transaction tx(**db);
        QVERIFY(tx.started());
        std::vector<DataPoint> more(3);
        for (size_t i = 0; i < more.size(); ++i) {
            more[i].streamId = *key;
            more[i].ts = m_t0 + qint64(100 + i) * isotime::kMicrosPerSecond;
            more[i].intValue = qint64(i);
            more[i].value = double(i);
        }
        QVERIFY(store.insert(more));
        QCOMPARE(count(), 2); // served on an HTTP thread: the write is not visible yet
        QVERIFY(tx.commit());
    }
    QCOMPARE(count(), 5);
    (*db)->finishAll();
}

void TstData::lastnWithEqualTimestamps_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<int>>("values");
    QTest::newRow("ascending") << QStringLiteral("lastn=4") << QList<int> {2, 3, 4, 5};
    QTest::newRow("ascending page 2") << QStringLiteral("lastn=4&page_size=3&page=2") << QList<int> {5};
    QTest::newRow("descending") << QStringLiteral("lastn=4&ordering=-timestamp") << QList<int> {5, 4, 3, 2};
    QTest::newRow("more than there are")
        << QStringLiteral("lastn=50&page_size=4&page=2") << QList<int> {4, 5};
    QTest::newRow("within a range")
        << QStringLiteral("lastn=2&end=%1").arg(isotime::toString(m_t0 + 200 * isotime::kMicrosPerSecond))
        << QList<int> {1, 2};
}

void TstData::lastnWithEqualTimestamps()
{
    // Points of one time told apart by their streamer ids: the last n follow (time, streamer id).
    QFETCH(QString, query);
    QFETCH(QList<int>, values);
    static QString stream;
    auto http = m_server->clientFor(m_owner);
    if (stream.isEmpty()) {
        Seed seed(*m_server);
        stream =
            seed.stream(m_device, m_project, seed.variable(m_project, 0x5078, QStringLiteral("Ties"))).slug;
        QJsonArray list;
        for (int i = 0; i < 6; ++i)
            list.append(QJsonObject {
                {"stream", stream},
                {"timestamp", isotime::toString(m_t0 + (i < 3 ? 100 : 300) * isotime::kMicrosPerSecond)},
                {"streamer_local_id", i + 1},
                {"int_value", i}});
        QCOMPARE(http->post("/api/v1/data/", list).status, 201);
    }
    const HttpReply r = http->get(QStringLiteral("/api/v1/data/?filter=%1&%2").arg(stream, query));
    QCOMPARE(r.status, 200);
    QList<int> got;
    for (const QJsonValue &v : r.object().value("results").toArray())
        got << v.toObject().value("int_value").toInt();
    QCOMPARE(got, values);
}

void TstData::lastnAcrossMonths()
{
    // On PostgreSQL a lastn read is first bounded to the month of the stream's newest point (kept for a
    // few seconds): when that month has fewer points than asked, or newer ones came since, the answer
    // must still be the newest n.
    Seed seed(*m_server);
    const QString stream =
        seed.stream(m_device, m_project, seed.variable(m_project, 0x5079, QStringLiteral("Months"))).slug;
    auto http = m_server->clientFor(m_owner);
    const auto post = [&](const QStringList &times, int firstValue) {
        QJsonArray list;
        for (const QString &t : times)
            list.append(QJsonObject {{"stream", stream}, {"timestamp", t}, {"int_value", firstValue++}});
        return http->post("/api/v1/data/", list).status;
    };
    const auto values = [&](const QString &query) {
        QList<int> got;
        const HttpReply r = http->get(QStringLiteral("/api/v1/data/?filter=%1&%2").arg(stream, query));
        for (const QJsonValue &v : r.object().value("results").toArray())
            got << v.toObject().value("int_value").toInt();
        return got;
    };
    QCOMPARE(post({"2025-11-03T00:00:00Z", "2025-11-04T00:00:00Z", "2025-12-30T00:00:00Z",
                   "2026-01-02T00:00:00Z", "2026-03-05T00:00:00Z", "2026-03-06T00:00:00Z"},
                  0),
             201);
    QCOMPARE(values("lastn=2"), (QList<int> {4, 5}));
    QCOMPARE(values("lastn=3"), (QList<int> {3, 4, 5}));
    QCOMPARE(values("lastn=4&ordering=-timestamp"), (QList<int> {5, 4, 3, 2}));
    QCOMPARE(values("lastn=5&page_size=2&page=2"), (QList<int> {3, 4}));
    QCOMPARE(values("lastn=5&ordering=-timestamp&page_size=2&page=2"), (QList<int> {3, 2}));
    QCOMPARE(values("lastn=2&end=2026-03-01T00:00:00Z"), (QList<int> {2, 3}));
    // Newer points than the month read a moment ago, and older ones.
    QCOMPARE(post({"2026-05-01T00:00:00Z"}, 6), 201);
    QCOMPARE(values("lastn=2"), (QList<int> {5, 6}));
    QCOMPARE(post({"2025-10-01T00:00:00Z"}, 7), 201);
    QCOMPARE(values("lastn=9"), (QList<int> {7, 0, 1, 2, 3, 4, 5, 6}));
}

void TstData::lastnOnOnePage_data()
{
    // The last n that fit on the first page are read without a count of their own: the page is the count.
    // Pages past the first, or smaller than n, still count. The stream has 6 points (int values 0-5).
    QTest::addColumn<QString>("path"); // %1: the stream
    QTest::addColumn<QList<int>>("values");
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("next");
    QTest::newRow("fewer points than n")
        << QStringLiteral("data/?filter=%1&lastn=50") << QList<int> {0, 1, 2, 3, 4, 5} << 6 << false;
    QTest::newRow("n of more") << QStringLiteral("data/?filter=%1&lastn=4") << QList<int> {2, 3, 4, 5} << 4
                               << false;
    QTest::newRow("n of more, newest first") << QStringLiteral("data/?filter=%1&lastn=3&ordering=-timestamp")
                                             << QList<int> {5, 4, 3} << 3 << false;
    QTest::newRow("page as large as n")
        << QStringLiteral("data/?filter=%1&lastn=3&page_size=3") << QList<int> {3, 4, 5} << 3 << false;
    QTest::newRow("page smaller than n")
        << QStringLiteral("data/?filter=%1&lastn=5&page_size=2") << QList<int> {1, 2} << 5 << true;
    QTest::newRow("last page of n") << QStringLiteral("data/?filter=%1&lastn=5&page_size=2&page=last")
                                    << QList<int> {5} << 5 << false;
    QTest::newRow("by streamer id") << QStringLiteral("data/?filter=%1&lastn=2&ordering=streamer_local_id")
                                    << QList<int> {4, 5} << 2 << false;
    QTest::newRow("stream endpoint") << QStringLiteral("stream/%1/data/?lastn=2") << QList<int> {4, 5} << 2
                                     << false;
    QTest::newRow("stream endpoint, fewer than n")
        << QStringLiteral("stream/%1/data/?lastn=100") << QList<int> {0, 1, 2, 3, 4, 5} << 6 << false;
}

void TstData::lastnOnOnePage()
{
    QFETCH(QString, path);
    QFETCH(QList<int>, values);
    QFETCH(int, count);
    QFETCH(bool, next);
    static QString stream;
    auto http = m_server->clientFor(m_owner);
    if (stream.isEmpty()) {
        Seed seed(*m_server);
        stream =
            seed.stream(m_device, m_project, seed.variable(m_project, 0x507c, QStringLiteral("One page")))
                .slug;
        QJsonArray list;
        for (int i = 0; i < 6; ++i)
            list.append(QJsonObject {
                {"stream", stream},
                {"timestamp", isotime::toString(m_t0 + qint64(i) * 3600 * isotime::kMicrosPerSecond)},
                {"int_value", i},
                {"streamer_local_id", 100 + i}});
        QCOMPARE(http->post("/api/v1/data/", list).status, 201);
    }
    const HttpReply r = http->get(QStringLiteral("/api/v1/") + path.arg(stream));
    QCOMPARE(r.status, 200);
    QList<int> got;
    for (const QJsonValue &v : r.object().value("results").toArray())
        got << v.toObject().value("int_value").toInt();
    QCOMPARE(got, values);
    QCOMPARE(r.object().value("count").toInt(), count);
    QCOMPARE(!r.object().value("next").isNull(), next);
}

void TstData::largeLastnPages_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("first"); // int_value of the page's first record
    QTest::addColumn<int>("last");
    QTest::newRow("newest month only") << QStringLiteral("lastn=8000&page_size=8000") << 4000 << 11999;
    QTest::newRow("newest month only, descending")
        << QStringLiteral("lastn=8000&page_size=8000&ordering=-timestamp") << 11999 << 4000;
    QTest::newRow("across months") << QStringLiteral("lastn=10000&page_size=10000") << 2000 << 11999;
    QTest::newRow("across months, descending")
        << QStringLiteral("lastn=10000&page_size=10000&ordering=-timestamp") << 11999 << 2000;
    QTest::newRow("second page") << QStringLiteral("lastn=12000&page_size=5000&page=2") << 5000 << 9999;
    QTest::newRow("oldest of the last n") << QStringLiteral("lastn=11000&page_size=8000") << 1000 << 8999;
    QTest::newRow("odd size") << QStringLiteral("lastn=4001&page_size=4001") << 7999 << 11999;
    QTest::newRow("small") << QStringLiteral("lastn=500") << 11500 << 11999;
}

void TstData::largeLastnPages()
{
    // Large pages of the last n points, read from many chunks. Three points share each timestamp (told apart
    // by streamer id), so a seam between chunks or reads at equal times shows; the first 3,000 points are a
    // month older than the rest. int_value counts up in (time, streamer id) order.
    QFETCH(QString, query);
    QFETCH(int, first);
    QFETCH(int, last);
    static QString stream;
    if (stream.isEmpty()) {
        Seed seed(*m_server);
        stream =
            seed.stream(m_device, m_project, seed.variable(m_project, 0x507b, QStringLiteral("Halves"))).slug;
        auto db = m_server->context().dataDb().connection();
        QVERIFY(db);
        StreamDataStore store(**db);
        const auto key = store.ensureKey(stream);
        QVERIFY(key);
        const qint64 december = *isotime::parse(QByteArrayView("2025-12-31T00:00:00Z"));
        std::vector<DataPoint> points(12000);
        for (int i = 0; i < 12000; ++i) {
            DataPoint &p = points[size_t(i)];
            p.streamId = *key;
            p.ts = i < 3000 ? december + qint64(i / 3) * isotime::kMicrosPerSecond
                            : m_t0 + qint64((i - 3000) / 3) * isotime::kMicrosPerSecond;
            p.seq = i + 1;
            p.intValue = i;
        }
        QVERIFY(store.ensurePartitions({points.front().ts, points.back().ts}));
        Transaction tx(**db);
        QVERIFY(store.insert(points));
        QVERIFY(tx.commit());
    }
    const HttpReply r =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/data/?filter=%1&%2").arg(stream, query));
    QCOMPARE(r.status, 200);
    const QJsonArray results = r.object().value("results").toArray();
    QCOMPARE(results.size(), std::abs(last - first) + 1);
    const int step = last >= first ? 1 : -1;
    for (int i = 0; i < results.size(); ++i)
        QCOMPARE(results.at(i).toObject().value("int_value").toInt(), first + i * step);
    // Pages of more than 1,000 records leave as they are written (chunked).
    const bool chunked = results.size() > 1000;
    QCOMPARE(r.header("transfer-encoding") == "chunked", chunked);
    QCOMPARE(r.header("content-length").isEmpty(), chunked);
}

void TstData::largeLastnPagesWhateverTheRollups_data()
{
    // Reads of a large page once took the stream's per-minute rollups as a guide to where its newer half
    // begins. Each row leaves the rollups wrong in its own way before the page is read (as a write committed
    // meanwhile or a rollup rebuilt later can): the page must not change.
    QTest::addColumn<QString>("rollups"); // a statement run on stream_rollups for the stream (%1: its key)
    QTest::newRow("as written") << QString();
    QTest::newRow("counting more than there is: the page read again in one piece")
        << QStringLiteral("UPDATE stream_rollups SET count = count * 50 WHERE stream_id = %1 AND level = 0");
    QTest::newRow("counting less: the newer part holds the page")
        << QStringLiteral("UPDATE stream_rollups SET count = count / 2 WHERE stream_id = %1 AND level = 0");
    QTest::newRow("none: split at a key")
        << QStringLiteral("DELETE FROM stream_rollups WHERE stream_id = %1");
}

void TstData::largeLastnPagesWhateverTheRollups()
{
    QFETCH(QString, rollups);
    // 12,000 points one second apart; int_value and value count up.
    static quint16 variable = 0x5080; // one stream per row
    Seed seed(*m_server);
    const QString stream =
        seed.stream(m_device, m_project, seed.variable(m_project, variable++, QStringLiteral("Seam"))).slug;
    {
        auto db = m_server->context().dataDb().connection();
        QVERIFY(db);
        StreamDataStore store(**db);
        const auto key = store.ensureKey(stream);
        QVERIFY(key);
        std::vector<DataPoint> points(12000);
        for (int i = 0; i < 12000; ++i) {
            points[size_t(i)].streamId = *key;
            points[size_t(i)].ts = m_t0 + qint64(i) * isotime::kMicrosPerSecond;
            points[size_t(i)].seq = i + 1;
            points[size_t(i)].intValue = i;
            points[size_t(i)].value = double(i); // rollups count the points with a value
        }
        QVERIFY(store.ensurePartitions({points.front().ts, points.back().ts}));
        Transaction tx(**db);
        QVERIFY(store.insert(points));
        if (!rollups.isEmpty())
            QVERIFY((**db).execOnce(rollups.arg(*key)));
        QVERIFY(tx.commit());
    }
    for (const bool descending : {false, true}) {
        const HttpReply r = m_server->clientFor(m_member)->get(
            QStringLiteral("/api/v1/data/?filter=%1&lastn=8000&page_size=8000%2")
                .arg(stream, descending ? QStringLiteral("&ordering=-timestamp") : QString()));
        QCOMPARE(r.status, 200);
        const QJsonArray results = r.object().value("results").toArray();
        QCOMPARE(results.size(), 8000);
        for (int i = 0; i < results.size(); ++i)
            QCOMPARE(results.at(i).toObject().value("int_value").toInt(), descending ? 11999 - i : 4000 + i);
    }
}

void TstData::csvExportWhateverTheDensity_data()
{
    // An export reads its first page (20,000 points), then time slices cut to hold about 15,000 points at
    // the density seen so far, the next ones on two connections while it writes one out. Each row makes
    // the guesses wrong in its own way: the CSV must hold every point in the window once, in order.
    constexpr qint64 s = isotime::kMicrosPerSecond, ms = 1000;
    QTest::addColumn<Runs>("runs");
    QTest::addColumn<int>("from"); // index of the first point of the window (-1: no start)
    QTest::addColumn<int>("to"); // index of the point the window ends before (-1: no end)
    QTest::newRow("even, 1 s apart") << Runs {{45001, s}} << -1 << -1;
    QTest::newRow("a burst 1,000 times denser") << Runs {{25000, s}, {40000, ms}, {10000, s}} << -1 << -1;
    QTest::newRow("dense, then sparse") << Runs {{30000, ms}, {6000, 3600 * s}} << -1 << -1;
    QTest::newRow("a gap of 400 days") << Runs {{30000, s}, {30000, s, 400 * 86400 * s}} << -1 << -1;
    QTest::newRow("every point at one time") << Runs {{45001, 0}} << -1 << -1;
    QTest::newRow("a window") << Runs {{70000, s}} << 5000 << 61000;
    QTest::newRow("a window on a page's edge") << Runs {{50000, s}} << 10000 << 30000;
}

void TstData::csvExportWhateverTheDensity()
{
    QFETCH(Runs, runs);
    QFETCH(int, from);
    QFETCH(int, to);
    static quint16 variable = 0x50b0; // one stream per row
    Seed seed(*m_server);
    const QString stream =
        seed.stream(m_device, m_project, seed.variable(m_project, variable++, QStringLiteral("Pages"))).slug;
    std::vector<DataPoint> points;
    qint64 key = 0;
    {
        auto db = m_server->context().dataDb().connection();
        QVERIFY(db);
        StreamDataStore store(**db);
        const auto stored = store.ensureKey(stream);
        QVERIFY(stored);
        key = *stored;
        qint64 ts = m_t0;
        for (const Run &run : runs) {
            ts += run.gap;
            for (int i = 0; i < run.count; ++i, ts += run.step) {
                DataPoint p;
                p.streamId = key;
                p.ts = ts;
                p.seq = qint64(points.size()) + 1;
                p.intValue = qint64(points.size());
                p.value = double(points.size());
                points.push_back(p);
            }
        }
        std::vector<qint64> times;
        for (const DataPoint &p : points)
            times.push_back(p.ts);
        QVERIFY(store.ensurePartitions(times));
        Transaction tx(**db);
        QVERIFY(store.insert(points));
        QVERIFY(tx.commit());
    }
    const int first = from < 0 ? 0 : from, end = to < 0 ? int(points.size()) : to;
    QString window;
    if (from >= 0)
        window += QStringLiteral("&start=") + isotime::toString(points[size_t(from)].ts);
    if (to >= 0)
        window += QStringLiteral("&end=") + isotime::toString(points[size_t(to)].ts);
    ServerContext &server = m_server->context();
    auto http = m_server->clientFor(m_member);
    const HttpReply data =
        http->get(QStringLiteral("/api/v1/data/?filter=%1&format=csv%2").arg(stream, window));
    QCOMPARE(data.status, 200);
    QList<QByteArray> lines = data.body.trimmed().split('\n');
    QCOMPARE(lines.size(), end - first + 1);
    for (int i = first; i < end; ++i) {
        const QList<QByteArray> fields = lines.at(i - first + 1).split(',');
        QCOMPARE(fields.at(4).toInt(), i + 1); // streamer_local_id
        QCOMPARE(fields.at(5).toInt(), i); // int_value
    }
    const HttpReply values =
        http->get(QStringLiteral("/api/v1/stream/%1/csv/?%2").arg(stream, window.mid(1)));
    QCOMPARE(values.status, 200);
    lines = values.body.trimmed().split('\n');
    QCOMPARE(lines.size(), end - first + 1);
    for (int i = first; i < end; ++i)
        QCOMPARE(lines.at(i - first + 1).split(',').at(1).toDouble(), double(i));
    QCOMPARE(lines.last().left(19),
             isotime::toString(points[size_t(end - 1)].ts)
                 .left(19)
                 .replace(QLatin1Char('-'), QLatin1Char('/'))
                 .replace(QLatin1Char('T'), QLatin1Char(' '))
                 .toLatin1());
    auto db = server.dataDb().connection();
    QVERIFY(db);
    StreamScanner scanner(key, from < 0 ? std::nullopt : std::optional(points[size_t(from)].ts),
                          to < 0 ? std::nullopt : std::optional(points[size_t(to)].ts));
    qint64 expected = first, wrong = 0;
    for (;;) {
        const auto more = scanner.next(**db, [&](const std::vector<DataPoint> &rows) {
            for (const DataPoint &p : rows)
                wrong += p.seq == ++expected ? 0 : 1;
        });
        QVERIFY2(more, more ? "" : qPrintable(more.error().message()));
        if (!*more)
            break;
    }
    QCOMPARE(wrong, 0);
    QCOMPARE(expected, qint64(end));
}

void TstData::flagsReadBack_data()
{
    QTest::addColumn<int>("variable");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("dirty");
    QTest::newRow("Num unk clean") << 0x5090 << QStringLiteral("Num") << QStringLiteral("unk") << false;
    QTest::newRow("Num drt dirty") << 0x5091 << QStringLiteral("Num") << QStringLiteral("drt") << true;
    QTest::newRow("ITR utc dirty") << 0x5092 << QStringLiteral("ITR") << QStringLiteral("utc") << true;
    QTest::newRow("ITR cln clean") << 0x5093 << QStringLiteral("ITR") << QStringLiteral("cln") << false;
}

void TstData::flagsReadBack()
{
    // PostgreSQL reads carry type, status and the dirty flag packed in one column: each must come back
    // as posted, through a page, a lastn read and the detail view.
    QFETCH(int, variable);
    QFETCH(QString, type);
    QFETCH(QString, status);
    QFETCH(bool, dirty);
    Seed seed(*m_server);
    const QString stream =
        seed.stream(m_device, m_project, seed.variable(m_project, variable, QStringLiteral("Flags"))).slug;
    QJsonObject point {{"stream", stream},  {"timestamp", "2026-03-02T10:00:00Z"},
                       {"type", type},      {"status", status},
                       {"dirty_ts", dirty}, {"streamer_local_id", 12}};
    if (type == QLatin1String("Num"))
        point.insert("int_value", 7);
    else
        point.insert("value", 7.5);
    QCOMPARE(m_server->clientFor(m_member)->post(QStringLiteral("/api/v1/data/"), QJsonArray {point}).status,
             201);
    const auto check = [&](const QJsonObject &p) {
        QCOMPARE(p.value("type").toString(), type);
        QCOMPARE(p.value("status").toString(), status);
        QCOMPARE(p.value("dirty_ts").toBool(), dirty);
        QCOMPARE(p.value("streamer_local_id").toInt(), 12);
        QCOMPARE(p.value("stream").toString(), stream);
    };
    auto http = m_server->clientFor(m_member);
    const QJsonArray page =
        http->get(QStringLiteral("/api/v1/data/?filter=%1").arg(stream)).object().value("results").toArray();
    QCOMPARE(page.size(), 1);
    check(page.first().toObject());
    const QJsonArray last = http->get(QStringLiteral("/api/v1/data/?filter=%1&lastn=1").arg(stream))
                                .object()
                                .value("results")
                                .toArray();
    QCOMPARE(last.size(), 1);
    check(last.first().toObject());
    const HttpReply detail = m_server->clientFor(m_staff)->get(
        QStringLiteral("/api/v1/data/%1/").arg(page.first().toObject().value("id").toInteger()));
    QCOMPARE(detail.status, 200);
    check(detail.object());
}

void TstData::storedAsWritten_data()
{
    // Every field through the bulk write (PostgreSQL: binary COPY) and back (packed flags), including
    // NULLs and extreme values.
    QTest::addColumn<qint64>("seq");
    QTest::addColumn<QVariant>("deviceTs");
    QTest::addColumn<QVariant>("intValue");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("dirty");
    QTest::newRow("nulls") << qint64(0) << QVariant() << QVariant() << QVariant() << int(PointType::Num)
                           << int(PointStatus::Unknown) << false;
    QTest::newRow("extremes") << (qint64(1) << 40) << QVariant(std::numeric_limits<qint64>::min() + 1)
                              << QVariant(std::numeric_limits<qint64>::max()) << QVariant(-1.5e300)
                              << int(PointType::PE) << int(PointStatus::Utc) << true;
    QTest::newRow("negatives") << qint64(7) << QVariant(qint64(0)) << QVariant(qint64(-5)) << QVariant(-0.25)
                               << int(PointType::P1) << int(PointStatus::Dirty) << true;
    QTest::newRow("fractions") << qint64(1) << QVariant(qint64(123456789)) << QVariant()
                               << QVariant(1.0 / 3.0) << int(PointType::Itr) << int(PointStatus::Clean)
                               << false;
}

void TstData::storedAsWritten()
{
    QFETCH(qint64, seq);
    QFETCH(QVariant, deviceTs);
    QFETCH(QVariant, intValue);
    QFETCH(QVariant, value);
    QFETCH(int, type);
    QFETCH(int, status);
    QFETCH(bool, dirty);
    auto db = m_server->context().dataDb().connection();
    QVERIFY(db);
    StreamDataStore store(**db);
    // A stream of its own per row (keys are all the data store needs).
    const auto key = store.ensureKey(
        QStringLiteral("s--0000-0fff--0000-0000-0000-0fff--%1").arg(seq, 4, 16, QLatin1Char('0')));
    QVERIFY(key);
    std::vector<DataPoint> points(3);
    for (size_t i = 0; i < points.size(); ++i) {
        DataPoint &p = points[i];
        p.streamId = *key;
        p.ts = m_t0 + qint64(i) * isotime::kMicrosPerSecond;
        p.seq = seq + qint64(i);
        if (deviceTs.isValid())
            p.deviceTs = deviceTs.toLongLong();
        if (intValue.isValid())
            p.intValue = intValue.toLongLong();
        if (value.isValid())
            p.value = value.toDouble();
        p.type = PointType(type);
        p.status = PointStatus(status);
        p.dirty = dirty;
    }
    QVERIFY(store.ensurePartitions({points.front().ts, points.back().ts}));
    {
        Transaction tx(**db);
        QVERIFY(store.insert(points));
        QVERIFY(tx.commit());
    }
    const auto read = store.after(*key, m_t0 - 1, 0, std::nullopt, 10, false);
    QVERIFY(read);
    QCOMPARE(read->size(), points.size());
    for (size_t i = 0; i < points.size(); ++i) {
        const DataPoint &p = points[i], &r = (*read)[i];
        QVERIFY(r.id > 0);
        QCOMPARE(r.streamId, p.streamId);
        QCOMPARE(r.ts, p.ts);
        QCOMPARE(r.seq, p.seq);
        QCOMPARE(r.deviceTs, p.deviceTs);
        QCOMPARE(r.intValue, p.intValue);
        QCOMPARE(r.value, p.value);
        QCOMPARE(int(r.type), type);
        QCOMPARE(int(r.status), status);
        QCOMPARE(r.dirty, dirty);
    }
}

void TstData::detailFindsEveryWrite_data()
{
    // How the points were written.
    QTest::addColumn<QString>("how");
    QTest::addColumn<int>("window"); // a time window of its own per row (days after 2030-01-01)
    QTest::newRow("bulk post") << QStringLiteral("bulk") << 0;
    QTest::newRow("retried bulk post (merged past the duplicate)") << QStringLiteral("retry") << 10;
    QTest::newRow("single post") << QStringLiteral("single") << 20;
    QTest::newRow("moved to another month by PATCH") << QStringLiteral("patch") << 30;
}

void TstData::detailFindsEveryWrite()
{
    QFETCH(QString, how);
    QFETCH(int, window);
    const qint64 start = isotime::parse(QStringLiteral("2030-01-01T00:00:00Z")).value()
        + qint64(window) * isotime::kMicrosPerDay;
    auto member = m_server->clientFor(m_member);
    auto staff = m_server->clientFor(m_staff);
    const QJsonArray list = points(m_stream, start, 3, 60, 500 + window);
    if (how == QLatin1String("bulk") || how == QLatin1String("patch")) {
        QCOMPARE(member->post(QStringLiteral("/api/v1/data/"), list).status, 201);
    } else if (how == QLatin1String("retry")) {
        QCOMPARE(member->post(QStringLiteral("/api/v1/data/"), QJsonArray {list[0]}).status, 201);
        const HttpReply again = member->post(QStringLiteral("/api/v1/data/"), list);
        QCOMPARE(again.status, 201);
    } else {
        for (const QJsonValue &p : list)
            QCOMPARE(member->post(QStringLiteral("/api/v1/data/"), p.toObject()).status, 201);
    }
    // Where the points are expected (the PATCH moves the last one 40 days on, into another month).
    QJsonArray expected = list;
    const HttpReply page = member->get(
        QStringLiteral("/api/v1/data/?filter=%1&start=%2&end=%3")
            .arg(m_stream, isotime::toString(start), isotime::toString(start + isotime::kMicrosPerDay)));
    QCOMPARE(page.status, 200);
    const QJsonArray stored = page.object().value("results").toArray();
    QCOMPARE(stored.size(), 3);
    if (how == QLatin1String("patch")) {
        const qint64 id = stored[2].toObject().value("id").toInteger();
        const QString later = isotime::toString(start + 40 * isotime::kMicrosPerDay);
        const HttpReply patched =
            staff->patch(QStringLiteral("/api/v1/data/%1/").arg(id), QJsonObject {{"timestamp", later}});
        QCOMPARE(patched.status, 200);
        QJsonObject moved = expected[2].toObject();
        moved.insert("timestamp", later);
        expected[2] = moved;
    }
    qint64 highest = 0;
    for (int i = 0; i < 3; ++i) {
        const qint64 id = stored[i].toObject().value("id").toInteger();
        highest = std::max(highest, id);
        const HttpReply r = staff->get(QStringLiteral("/api/v1/data/%1/").arg(id));
        QVERIFY2(r.status == 200,
                 qPrintable(QStringLiteral("point %1 (id %2): %3").arg(i).arg(id).arg(r.status)));
        QCOMPARE(r.object().value("id").toInteger(), id);
        QCOMPARE(r.object().value("timestamp").toString(),
                 expected[i].toObject().value("timestamp").toString());
        QCOMPARE(r.object().value("int_value").toInteger(),
                 expected[i].toObject().value("int_value").toInteger());
    }
    QCOMPARE(staff->get(QStringLiteral("/api/v1/data/%1/").arg(highest + 1000000)).status, 404);
}

void TstData::rollupsMergeAcrossPosts_data()
{
    // Posts in turn into the same buckets (each: first second after the window's start, points, one a
    // second): the second and later ones update the stored rollups (count, sum, min and max merged).
    QTest::addColumn<QList<int>>("posts"); // pairs: first second, points
    QTest::addColumn<int>("window"); // days after 2028-01-01
    QTest::newRow("one post") << QList<int> {0, 300} << 0;
    QTest::newRow("later posts continue the buckets") << QList<int> {0, 150, 150, 150, 300, 1} << 2;
    QTest::newRow("a post fills the gaps of others") << QList<int> {0, 90, 200, 100, 90, 110, 3599, 2} << 4;
}

void TstData::rollupsMergeAcrossPosts()
{
    QFETCH(QList<int>, posts);
    QFETCH(int, window);
    const qint64 first = isotime::parse(QStringLiteral("2028-01-01T00:00:00Z")).value()
        + qint64(window) * isotime::kMicrosPerDay;
    const QString from = isotime::toString(first), to = isotime::toString(first + isotime::kMicrosPerDay);
    auto member = m_server->clientFor(m_member);
    int total = 0;
    for (qsizetype i = 0; i < posts.size(); i += 2) {
        QJsonArray list;
        for (int k = 0; k < posts[i + 1]; ++k) {
            const int second = posts[i] + k;
            // Values of both signs: the merged min, max and sum must be the raw points' own.
            list.append(QJsonObject {
                {"stream", m_stream},
                {"timestamp", isotime::toString(first + qint64(second) * isotime::kMicrosPerSecond)},
                {"int_value", (second * 37) % 101 - 50}});
        }
        total += posts[i + 1];
        QCOMPARE(member->post(QStringLiteral("/api/v1/data/"), list).status, 201);
    }
    // The points' values in the stream's output unit (what the aggregates are in), by bucket.
    const HttpReply raw = member->get(
        QStringLiteral("/api/v1/stream/%1/data/?start=%2&end=%3&page_size=10000").arg(m_stream, from, to));
    QCOMPARE(raw.status, 200);
    QCOMPARE(raw.object().value("count").toInt(), total);
    for (const qint64 seconds : {qint64(60), qint64(3600), qint64(86400)}) {
        QMap<qint64, QList<double>> expected;
        for (const QJsonValue &v : raw.object().value("results").toArray()) {
            const qint64 t = (*isotime::parse(v.toObject().value("timestamp").toString()) - first)
                / isotime::kMicrosPerSecond;
            expected[t - t % seconds].append(v.toObject().value("output_value").toDouble());
        }
        const HttpReply r = member->get(
            QStringLiteral(
                "/api/v1/stream/%1/data/aggregate/?interval=%2&fn=count,sum,min,max&start=%3&end=%4")
                .arg(m_stream, QString::number(seconds), from, to));
        QCOMPARE(r.status, 200);
        const QJsonArray buckets = r.object().value("results").toArray();
        QCOMPARE(buckets.size(), expected.size());
        int i = 0;
        for (auto it = expected.cbegin(); it != expected.cend(); ++it, ++i) {
            const QJsonObject b = buckets.at(i).toObject();
            const QList<double> &vs = it.value();
            QCOMPARE(*isotime::parse(b.value("timestamp").toString()),
                     first + it.key() * isotime::kMicrosPerSecond);
            QCOMPARE(b.value("count").toInt(), vs.size());
            QCOMPARE(b.value("sum").toDouble(), std::accumulate(vs.begin(), vs.end(), 0.0));
            QCOMPARE(b.value("min").toDouble(), *std::min_element(vs.begin(), vs.end()));
            QCOMPARE(b.value("max").toDouble(), *std::max_element(vs.begin(), vs.end()));
        }
    }
}

void TstData::idsStayUniqueAcrossWritePaths_data()
{
    // Writes in turn, one letter each: b a bulk post of 5 points, B one of 2,500 (ids drawn in several
    // blocks on PostgreSQL), s a single point, r a retried bulk post (its first point stored before).
    QTest::addColumn<QString>("writes");
    QTest::addColumn<int>("window"); // days after 2031-01-01
    QTest::newRow("bulk, single, bulk") << QStringLiteral("bsb") << 0;
    QTest::newRow("singles between bulks") << QStringLiteral("bsbsb") << 10;
    QTest::newRow("retries among the rest") << QStringLiteral("rsrb") << 20;
    QTest::newRow("large bulks (several blocks)") << QStringLiteral("BsB") << 30;
}

void TstData::idsStayUniqueAcrossWritePaths()
{
    QFETCH(QString, writes);
    QFETCH(int, window);
    qint64 next = isotime::parse(QStringLiteral("2031-01-01T00:00:00Z")).value()
        + qint64(window) * isotime::kMicrosPerDay;
    auto member = m_server->clientFor(m_member);
    auto staff = m_server->clientFor(m_staff);
    auto db = m_server->context().dataDb().connection();
    QVERIFY(db);
    StreamDataStore store(**db);
    const auto key = store.ensureKey(m_stream);
    QVERIFY(key);
    QVERIFY(store.ensurePartitions({next, next + isotime::kMicrosPerDay}));
    int expected = 0;
    for (const QChar w : writes) {
        const int count = w == QLatin1Char('B')              ? 2500
            : w == QLatin1Char('b') || w == QLatin1Char('r') ? 5
                                                             : 1;
        const QJsonArray list = points(m_stream, next, count, 1, expected);
        next += qint64(count) * isotime::kMicrosPerSecond;
        expected += count;
        if (w == QLatin1Char('r'))
            QCOMPARE(member->post(QStringLiteral("/api/v1/data/"), QJsonArray {list[0]}).status, 201);
        const HttpReply r = w == QLatin1Char('s')
            ? member->post(QStringLiteral("/api/v1/data/"), list[0].toObject())
            : member->post(QStringLiteral("/api/v1/data/"), list);
        QCOMPARE(r.status, 201);
    }
    StreamDataStore::invalidateCounts();
    const qint64 from = isotime::parse(QStringLiteral("2031-01-01T00:00:00Z")).value()
        + qint64(window) * isotime::kMicrosPerDay;
    const HttpReply page =
        member->get(QStringLiteral("/api/v1/data/?filter=%1&start=%2&end=%3&page_size=10000")
                        .arg(m_stream, isotime::toString(from), isotime::toString(next)));
    QCOMPARE(page.status, 200);
    const QJsonArray stored = page.object().value("results").toArray();
    QCOMPARE(stored.size(), expected);
    QSet<qint64> ids;
    for (const QJsonValue &v : stored)
        ids.insert(v.toObject().value("id").toInteger());
    QCOMPARE(ids.size(), expected);
    // Every point is found by its id.
    int found = 0;
    for (const QJsonValue &v : stored) {
        const QJsonObject p = v.toObject();
        const HttpReply r = staff->get(QStringLiteral("/api/v1/data/%1/").arg(p.value("id").toInteger()));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("timestamp"), p.value("timestamp"));
        if (++found >= 60) // enough of the large rows' 5,000
            break;
    }
    QVERIFY(found > 0);
}

void TstData::reachesPostgresAsConfigured()
{
    if (!m_server->database().isPostgres())
        QSKIP("PostgreSQL only");
    // A URL with ?host=<directory> reaches PostgreSQL through its Unix socket (scripts/test.sh runs the
    // split-database suites that way), one without it over TCP; the data database's connection too.
    const bool socket = QUrlQuery(QUrl(m_server->database().url())).hasQueryItem(QStringLiteral("host"));
    for (auto *database : {&m_server->context().db(), &m_server->context().dataDb()}) {
        auto connection = database->connection();
        QVERIFY(connection);
        SqlQuery q = (*connection)->query("SELECT CASE WHEN inet_client_addr() IS NULL THEN 1 ELSE 0 END");
        const auto overSocket = q.scalarInt64();
        QVERIFY(overSocket);
        QCOMPARE(*overSocket == 1, socket);
    }
}

QTEST_GUILESS_MAIN(TstData)
#include "tst_data.moc"
