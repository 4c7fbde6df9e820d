#include "common/reports/msgpackwriter.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
#include "server/blob/gzip.h"
#include "server/http/httpresponse.h"
#include "server/ingest/streamresolver.h"
#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QJsonDocument>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

using namespace iotile;
using namespace iotile::test;

namespace {

const char *const kNoS3 =
    "IOTILE_TEST_S3_URL is not set. scripts/test.sh starts s3rver and sets it; by hand: "
    "source scripts/lib/common.sh; source scripts/lib/s3.sh; s3_start; "
    "export IOTILE_TEST_S3_URL=$S3_URL (s3://S3RVER:S3RVER@127.0.0.1:PORT/test-bucket?secure=0)";

QByteArray compact(const QJsonValue &v)
{
    return toJsonText(v);
}

QJsonObject record(const QString &stream, const QString &timestamp, const QJsonObject &more = {})
{
    QJsonObject o = more;
    o.insert("stream", stream);
    o.insert("timestamp", timestamp);
    return o;
}

} // namespace

// /api/v1/event/ over real HTTP (the original's StreamEventData): posts (JSON and msgpack, one or many,
// all or nothing with their files), who may post, list filters and order as /data/, decode errors hidden,
// the device mask, single-event access, PATCH/PUT/DELETE with their files, the data/url/file actions,
// multipart uploads, and files on S3-compatible storage when one is configured.
class TstEvent : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void postSingle();
    void postTimestamps_data();
    void postTimestamps();
    void postList();
    void postMsgpack();
    void postValidation_data();
    void postValidation();
    void postAccess_data();
    void postAccess();
    void batchIsAtomic();
    void failedInsertRemovesFiles();
    void disabledStream();

    void listFilters_data();
    void listFilters();
    void listErrors_data();
    void listErrors();
    void listOrder();
    void listHidesDecodeErrors();
    void listPagination();
    void listMask();

    void detailAccess_data();
    void detailAccess();
    void patchAndPut();
    void deleteRemovesFile();
    void dataAction();
    void urlAndFile();
    void upload_data();
    void upload();
    void uploadGzipWithExtraData();

    void s3Files_data();
    void s3Files();

private:
    HttpReply post(const Account &who, const QJsonValue &body);
    QJsonObject postOne(const QJsonObject &body);
    int blobCount(TestServer &server);
    std::unique_ptr<HttpClient> client(int who);

    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_operator, m_outsider, m_staff;
    Project m_project;
    Device m_device, m_device2;
    // d1: posts and files; d2: the list tests' fixed events; o1: a stream of another org.
    QString m_s1, m_s2, m_t1, m_t2, m_o1, m_virtual;
    qint64 m_t0 = 0;
    QList<qint64> m_t1Ids; // ids of the t1 events, by streamer_local_id - 100
};

HttpReply TstEvent::post(const Account &who, const QJsonValue &body)
{
    return m_server->clientFor(who)->post(QStringLiteral("/api/v1/event/"), body);
}

QJsonObject TstEvent::postOne(const QJsonObject &body)
{
    const HttpReply r = post(m_member, body);
    if (r.status != 201)
        qWarning("post failed: %d %s", r.status, r.body.constData());
    return r.object();
}

int TstEvent::blobCount(TestServer &server)
{
    auto all = server.context().blobs().list(QStringLiteral("events/"));
    return all ? int(all->size()) : -1;
}

std::unique_ptr<HttpClient> TstEvent::client(int who)
{
    const Account *accounts[] = {&m_member, &m_operator, &m_owner, &m_outsider, &m_staff, nullptr};
    return accounts[who] ? m_server->clientFor(*accounts[who]) : m_server->anonymous();
}

enum Who { Member, Operator, Owner, Outsider, Staff, Anonymous };

void TstEvent::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    if (qEnvironmentVariableIsSet("IOTILE_TEST_SPLIT_DATA_DB") && m_server->database().isPostgres())
        QVERIFY(m_server->context().hasSeparateDataDb());
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_operator = m_server->createUser(QStringLiteral("operator@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    const Org org = seed.org(QStringLiteral("Event Org"), m_owner);
    seed.member(org, m_member, QStringLiteral("m1"));
    seed.member(org, m_operator, QStringLiteral("r1"));
    m_project = seed.project(org, QStringLiteral("Event Project"), m_owner);
    const Variable v1 = seed.variable(m_project, 0x5001, QStringLiteral("Trips"));
    const Variable v2 = seed.variable(m_project, 0x5002, QStringLiteral("Shocks"));
    const Variable v3 = seed.variable(m_project, 0x5003, QStringLiteral("Only on d2"));
    m_device = seed.claim(seed.device(0xd1), m_project, m_owner);
    m_device2 = seed.claim(seed.device(0xd2), m_project, m_owner);
    m_s1 = seed.stream(m_device, m_project, v1).slug;
    m_s2 = seed.stream(m_device, m_project, v2).slug;
    m_t1 = seed.stream(m_device2, m_project, v1).slug;
    m_t2 = seed.stream(m_device2, m_project, v3).slug;
    m_virtual = QStringLiteral("s--%1--0000-0000-0000-0000--5001").arg(m_project.slug.mid(3));

    const Org other = seed.org(QStringLiteral("Other Org"), m_outsider);
    const Project otherProject = seed.project(other, QStringLiteral("Other Project"), m_outsider);
    const Variable ov = seed.variable(otherProject, 0x5001, QStringLiteral("Theirs"));
    const Device od = seed.claim(seed.device(0xf1), otherProject, m_outsider);
    m_o1 = seed.stream(od, otherProject, ov).slug;

    // The list tests' events on d2: t1 in time and streamer order, t2 with streamer ids running
    // backwards in time, and one t2 event whose packet failed to decode.
    m_t0 = *isotime::parse(QByteArrayView("2020-03-01T00:00:00Z"));
    QJsonArray list;
    for (int i = 0; i < 10; ++i)
        list.append(record(m_t1, isotime::toString(m_t0 + i * 60 * isotime::kMicrosPerSecond),
                           {{"streamer_local_id", 100 + i},
                            {"device_timestamp", 1000 + i},
                            {"extra_data", QJsonObject {{"i", i}}}}));
    for (int i = 0; i < 5; ++i)
        list.append(record(m_t2, isotime::toString(m_t0 + (i * 60 + 30) * isotime::kMicrosPerSecond),
                           {{"streamer_local_id", 10 - i}}));
    list.append(
        record(m_t2, isotime::toString(m_t0 + 3600 * isotime::kMicrosPerSecond),
               {{"streamer_local_id", 50},
                {"extra_data", QJsonObject {{"error", "RawPacketFormat length is not the packet size"}}}}));
    const HttpReply r = post(m_member, list);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.body, QByteArray(R"({"count":16})"));
    const HttpReply page =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/event/?filter=%1").arg(m_t1));
    for (const QJsonValue &v : page.object().value("results").toArray())
        m_t1Ids.append(v.toObject().value("id").toInteger());
    QCOMPARE(m_t1Ids.size(), 10);
}

void TstEvent::cleanupTestCase()
{
    m_server.reset();
}

void TstEvent::postSingle()
{
    const int filesBefore = blobCount(*m_server);
    const HttpReply r = post(m_member,
                             record(m_s1, "2021-05-01T10:00:00Z",
                                    {{"streamer_local_id", 7},
                                     {"device_timestamp", 1234},
                                     {"dirty_ts", true},
                                     {"status", "cln"},
                                     {"extra_data", QJsonObject {{"v1", "foo"}, {"v2", 2}, {"v3", true}}},
                                     {"data", QJsonObject {{"foo", 5}, {"bar", "abc"}}}}));
    QCOMPARE(r.status, 201);
    const QJsonObject e = r.object();
    QCOMPARE(QStringList(e.keys()),
             (QStringList {"device", "device_timestamp", "dirty_ts", "ext", "extra_data", "has_raw_data",
                           "id", "project", "s3bucket", "s3key", "status", "stream", "streamer_local_id",
                           "timestamp", "variable"}));
    QVERIFY(e.value("id").toInteger() > 0);
    QCOMPARE(e.value("stream").toString(), m_s1);
    QCOMPARE(e.value("project").toString(), m_project.slug);
    QCOMPARE(e.value("device").toString(), m_device.slug);
    QCOMPARE(e.value("variable").toString(), QStringLiteral("v--%1--5001").arg(m_project.slug.mid(3)));
    QCOMPARE(e.value("s3bucket").toString(), QStringLiteral("iotile-cloud-stream-event-data"));
    const QString key = e.value("s3key").toString();
    QVERIFY2(key.startsWith(QLatin1String("events/")) && key.endsWith(QLatin1String(".json")),
             qPrintable(key));
    QCOMPARE(e.value("ext").toString(), QStringLiteral("json"));
    QCOMPARE(e.value("has_raw_data").toBool(), true);
    QCOMPARE(e.value("device_timestamp").toInt(), 1234);
    QCOMPARE(e.value("timestamp").toString(), QStringLiteral("2021-05-01T10:00:00Z"));
    QCOMPARE(e.value("streamer_local_id").toInt(), 7);
    QCOMPARE(e.value("dirty_ts").toBool(), true);
    QCOMPARE(e.value("status").toString(), QStringLiteral("cln"));
    QCOMPARE(e.value("extra_data").toObject(), (QJsonObject {{"v1", "foo"}, {"v2", 2}, {"v3", true}}));
    // `data` went to the blob store, not into the record.
    QCOMPARE(blobCount(*m_server), filesBefore + 1);
    auto stored = m_server->context().blobs().get(key);
    QVERIFY(stored);
    QCOMPARE(QJsonDocument::fromJson(*stored).object(), (QJsonObject {{"foo", 5}, {"bar", "abc"}}));

    // Without data (or with empty data, as the original's `if data:`) there is no file.
    for (const QJsonValue &data :
         {QJsonValue(QJsonValue::Undefined), QJsonValue(QJsonObject {}), QJsonValue(QJsonValue::Null)}) {
        QJsonObject body = record(m_s1, "2021-05-01T11:00:00Z");
        if (!data.isUndefined())
            body.insert("data", data);
        const QJsonObject bare = postOne(body);
        QVERIFY(bare.value("s3bucket").isNull());
        QVERIFY(bare.value("s3key").isNull());
        QCOMPARE(bare.value("has_raw_data").toBool(), false);
        QVERIFY(bare.value("extra_data").isNull());
        QVERIFY(bare.value("device_timestamp").isNull());
        QCOMPARE(bare.value("streamer_local_id").toInt(), 0);
        QCOMPARE(bare.value("status").toString(), QStringLiteral("unk"));
    }
    QCOMPARE(blobCount(*m_server), filesBefore + 1);
}

void TstEvent::postTimestamps_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("Z") << "2017-09-28T10:00:00Z"
                       << "2017-09-28T10:00:00Z";
    QTest::newRow("offset -08:00 to UTC") << "2017-09-28T20:00:00-08:00"
                                          << "2017-09-29T04:00:00Z";
    QTest::newRow("offset +03:00 to UTC") << "2017-09-29T20:00:00+03:00"
                                          << "2017-09-29T17:00:00Z";
    QTest::newRow("+00:00") << "2017-09-28T20:00:00+00:00"
                            << "2017-09-28T20:00:00Z";
    QTest::newRow("naive is UTC") << "2017-09-28T20:00:00"
                                  << "2017-09-28T20:00:00Z";
    QTest::newRow("microseconds kept") << "2017-09-28T10:00:00.123456Z"
                                       << "2017-09-28T10:00:00.123456Z";
    QTest::newRow("milliseconds as microseconds") << "2017-09-28T10:00:00.5Z"
                                                  << "2017-09-28T10:00:00.500000Z";
}

void TstEvent::postTimestamps()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    const QJsonObject e = postOne(record(m_s1, in));
    QCOMPARE(e.value("timestamp").toString(), out);
    const HttpReply again = m_server->clientFor(m_member)->get(
        QStringLiteral("/api/v1/event/%1/").arg(e.value("id").toInteger()));
    QCOMPARE(again.object().value("timestamp").toString(), out);
}

void TstEvent::postList()
{
    const int filesBefore = blobCount(*m_server);
    const QJsonArray body {
        record(m_s2, "2021-06-01T00:00:00Z", {{"streamer_local_id", 2}, {"data", QJsonObject {{"foo", 5}}}}),
        record(m_s2, "2021-06-01T01:00:00Z", {{"streamer_local_id", 3}, {"data", QJsonArray {1, 2}}})};
    HttpReply r = post(m_member, body);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.body, QByteArray(R"({"count":2})"));
    QCOMPARE(blobCount(*m_server), filesBefore + 2);
    r = m_server->clientFor(m_member)->get(
        QStringLiteral("/api/v1/event/?filter=%1&start=2021-06-01T00:00:00Z&end=2021-06-02T00:00:00Z")
            .arg(m_s2));
    QCOMPARE(r.object().value("count").toInt(), 2);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("streamer_local_id").toInt(), 2);
    QCOMPARE(r.object().value("results").toArray().at(1).toObject().value("has_raw_data").toBool(), true);
    // An empty list stores nothing and answers null, as the original's None.
    r = post(m_member, QJsonArray {});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.body, QByteArray("null"));
}

void TstEvent::postMsgpack()
{
    auto c = m_server->clientFor(m_member);
    const QJsonArray list {
        record(m_s2, "2021-07-01T00:00:00Z",
               {{"streamer_local_id", 2}, {"data", QJsonObject {{"foo", 5}, {"bar", "abc"}}}}),
        record(m_s2, "2021-07-01T01:00:00Z",
               {{"streamer_local_id", 3}, {"extra_data", QJsonObject {{"n", 1}}}})};
    HttpReply r =
        c->send("POST", QStringLiteral("/api/v1/event/"), MsgpackWriter::encode(list), "application/msgpack");
    QCOMPARE(r.status, 201);
    QCOMPARE(r.body, QByteArray(R"({"count":2})"));
    r = c->send("POST", QStringLiteral("/api/v1/event/"),
                MsgpackWriter::encode(record(m_s2, "2021-07-01T02:00:00Z",
                                             {{"streamer_local_id", 4}, {"data", QJsonObject {{"x", 1}}}})),
                "application/msgpack");
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("streamer_local_id").toInt(), 4);
    QCOMPARE(r.object().value("has_raw_data").toBool(), true);
    r = c->get(QStringLiteral("/api/v1/event/?filter=%1&start=2021-07-01T00:00:00Z&end=2021-07-02T00:00:00Z")
                   .arg(m_s2));
    QCOMPARE(r.object().value("count").toInt(), 3);
    QCOMPARE(r.object().value("results").toArray().at(1).toObject().value("extra_data").toObject(),
             (QJsonObject {{"n", 1}}));
}

void TstEvent::postValidation_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("answer"); // empty: not compared
    const QByteArray ok = compact(record(m_s1, "2021-08-01T00:00:00Z"));
    const QByteArray json = "application/json";
    QTest::newRow("no stream") << QByteArray(R"({"timestamp":"2021-08-01T00:00:00Z"})") << json << 400
                               << QByteArray(R"({"stream":["This field is required."]})");
    QTest::newRow("no stream in a list")
        << "[" + ok + R"(,{"timestamp":"2021-08-01T00:00:00Z"}])" << json << 400
        << QByteArray(R"([{},{"stream":["This field is required."]}])");
    QTest::newRow("no timestamp") << compact(QJsonObject {{"stream", m_s1}}) << json << 400
                                  << QByteArray(R"({"timestamp":["This field is required."]})");
    QTest::newRow("bad timestamp")
        << compact(record(m_s1, "yesterday")) << json << 400
        << QByteArray(R"({"timestamp":["Datetime has wrong format. Use one of these formats instead: )"
                      R"(YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."]})");
    QTest::newRow("extra_data list")
        << compact(record(m_s1, "2021-08-01T00:00:00Z", {{"extra_data", QJsonArray {"v1", "v2"}}})) << json
        << 400 << QByteArray(R"({"extra_data":["extra_data must be a valid dictionary object"]})");
    QTest::newRow("extra_data number")
        << compact(record(m_s1, "2021-08-01T00:00:00Z", {{"extra_data", 5}})) << json << 400
        << QByteArray(R"({"extra_data":["extra_data must be a valid dictionary object"]})");
    QTest::newRow("extra_data null")
        << compact(record(m_s1, "2021-08-01T00:00:00Z", {{"extra_data", QJsonValue::Null}})) << json << 400
        << QByteArray(R"({"extra_data":["extra_data must be a valid dictionary object"]})");
    QTest::newRow("extra_data with NUL")
        << compact(
               record(m_s1, "2021-08-01T00:00:00Z", {{"extra_data", QJsonObject {{"a", QString(QChar(0))}}}}))
        << json << 400 << QByteArray(R"({"extra_data":["extra_data must not contain NUL characters"]})");
    QTest::newRow("bad slug") << compact(record("s--zz", "2021-08-01T00:00:00Z")) << json << 400
                              << QByteArray(
                                     R"({"stream":["Bad Request: Illegal Project, Device or Stream slug"]})");
    QTest::newRow("bad status") << compact(record(m_s1, "2021-08-01T00:00:00Z", {{"status", "zz"}})) << json
                                << 400 << QByteArray(R"({"status":["\"zz\" is not a valid choice."]})");
    QTest::newRow("bad ext") << compact(record(m_s1, "2021-08-01T00:00:00Z", {{"ext", "exe"}})) << json << 400
                             << QByteArray(R"({"ext":["\"exe\" is not a valid choice."]})");
    QTest::newRow("negative streamer id")
        << compact(record(m_s1, "2021-08-01T00:00:00Z", {{"streamer_local_id", -1}})) << json << 400
        << QByteArray(R"({"streamer_local_id":["Ensure this value is greater than or equal to 0."]})");
    QTest::newRow("device_timestamp not a number")
        << compact(record(m_s1, "2021-08-01T00:00:00Z", {{"device_timestamp", "x"}})) << json << 400
        << QByteArray(R"({"device_timestamp":["A valid integer is required."]})");
    QTest::newRow("dirty_ts not a boolean")
        << compact(record(m_s1, "2021-08-01T00:00:00Z", {{"dirty_ts", "maybe"}})) << json << 400
        << QByteArray(R"({"dirty_ts":["Must be a valid boolean."]})");
    QTest::newRow("not JSON") << QByteArray("{nope") << json << 400 << QByteArray();
    QTest::newRow("not msgpack") << QByteArray("\xc1") << QByteArray("application/msgpack") << 400
                                 << QByteArray();
    QTest::newRow("a form") << QByteArray("stream=x") << QByteArray("application/x-www-form-urlencoded")
                            << 415 << QByteArray();
}

void TstEvent::postValidation()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QByteArray, answer);
    auto c = m_server->clientFor(m_member);
    const QString range =
        QStringLiteral("/api/v1/event/?filter=%1&start=2021-08-01T00:00:00Z&end=2021-08-02T00:00:00Z")
            .arg(m_s1);
    const HttpReply r = c->send("POST", QStringLiteral("/api/v1/event/"), body, contentType);
    QCOMPARE(r.status, status);
    if (!answer.isEmpty())
        QCOMPARE(r.body, answer);
    QCOMPARE(c->get(range).object().value("count").toInt(),
             0); // the good item of a list was not stored either
}

void TstEvent::postAccess_data()
{
    QTest::addColumn<int>("who");
    QTest::addColumn<QString>("stream");
    QTest::addColumn<int>("status");
    const QString gid = m_project.slug.mid(3);
    QTest::newRow("member") << int(Member) << m_s1 << 201;
    QTest::newRow("operator (can_create_stream_data)") << int(Operator) << m_s1 << 201;
    QTest::newRow("owner") << int(Owner) << m_s1 << 201;
    QTest::newRow("staff") << int(Staff) << m_s1 << 201;
    QTest::newRow("outsider") << int(Outsider) << m_s1 << 403;
    QTest::newRow("anonymous") << int(Anonymous) << m_s1 << 401;
    QTest::newRow("unknown device") << int(Member)
                                    << QStringLiteral("s--%1--0000-0000-0000-0fff--5001").arg(gid) << 404;
    QTest::newRow("virtual stream of the project") << int(Member) << m_virtual << 201;
    QTest::newRow("outsider on the virtual stream") << int(Outsider) << m_virtual << 403;
    QTest::newRow("virtual stream, unknown project")
        << int(Member) << QStringLiteral("s--7777-0000--0000-0000-0000-0000--5001") << 404;
    QTest::newRow("no project, no device")
        << int(Staff) << QStringLiteral("s--0000-0000--0000-0000-0000-0000--5001") << 403;
    // The original's testNoStreamIdPost: the device decides, the project part may be 0.
    QTest::newRow("device stream without project")
        << int(Member) << QStringLiteral("s--0000-0000--0000-0000-0000-00d1--5a09") << 201;
    QTest::newRow("block stream") << int(Staff) << QStringLiteral("s--0000-0000--0001-0000-0000-00d1--5001")
                                  << 404;
    QTest::newRow("another org's stream") << int(Member) << m_o1 << 403;
}

void TstEvent::postAccess()
{
    QFETCH(int, who);
    QFETCH(QString, stream);
    QFETCH(int, status);
    static int n = 0;
    const HttpReply single =
        client(who)->post(QStringLiteral("/api/v1/event/"),
                          record(stream, isotime::toString(m_t0 - (++n) * isotime::kMicrosPerDay)));
    QCOMPARE(single.status, status);
    const HttpReply list = client(who)->post(
        QStringLiteral("/api/v1/event/"),
        QJsonArray {record(stream, isotime::toString(m_t0 - (++n) * isotime::kMicrosPerDay))});
    QCOMPARE(list.status, status);
}

void TstEvent::batchIsAtomic()
{
    const int filesBefore = blobCount(*m_server);
    // The second item is not the caller's to write: nothing of the batch is stored, not even the file of the
    // first.
    const QJsonArray body {record(m_s1, "2021-09-01T00:00:00Z", {{"data", QJsonObject {{"a", 1}}}}),
                           record(m_o1, "2021-09-01T01:00:00Z", {{"data", QJsonObject {{"b", 2}}}})};
    const HttpReply r = post(m_member, body);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("detail").toString(), QStringLiteral("Not allowed to upload to %1").arg(m_o1));
    QCOMPARE(m_server->clientFor(m_member)
                 ->get(QStringLiteral(
                           "/api/v1/event/?filter=%1&start=2021-09-01T00:00:00Z&end=2021-09-02T00:00:00Z")
                           .arg(m_s1))
                 .object()
                 .value("count")
                 .toInt(),
             0);
    QCOMPARE(blobCount(*m_server), filesBefore);
}

void TstEvent::failedInsertRemovesFiles()
{
    // A database failure after the files were stored: the second row is refused by a constraint made
    // for this test. Neither row nor any file may remain.
    auto dataDb = m_server->context().dataDb().connection();
    QVERIFY(dataDb);
    SqlConnection &db = **dataDb;
    const bool pg = db.dialect().isPostgres();
    db.finishAll(); // the seeding's reads of this thread hold an old SQLite snapshot otherwise
    const Status added = db.execOnce(
        pg ? QStringLiteral("ALTER TABLE stream_events ADD CONSTRAINT tst_refuse CHECK (seq <> 424242)")
           : QStringLiteral("CREATE TRIGGER tst_refuse BEFORE INSERT ON stream_events WHEN NEW.seq = 424242"
                            " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"));
    QVERIFY2(added, added ? "" : qPrintable(added.error().message()));
    const int filesBefore = blobCount(*m_server);
    const QJsonArray body {
        record(m_s1, "2021-10-01T00:00:00Z", {{"streamer_local_id", 1}, {"data", QJsonObject {{"a", 1}}}}),
        record(m_s1, "2021-10-01T01:00:00Z",
               {{"streamer_local_id", 424242}, {"data", QJsonObject {{"b", 2}}}})};
    const HttpReply r = post(m_member, body);
    QVERIFY(db.execOnce(pg ? QStringLiteral("ALTER TABLE stream_events DROP CONSTRAINT tst_refuse")
                           : QStringLiteral("DROP TRIGGER tst_refuse")));
    QVERIFY2(r.status >= 500, r.body.constData());
    QCOMPARE(blobCount(*m_server), filesBefore);
    QCOMPARE(m_server->clientFor(m_member)
                 ->get(QStringLiteral(
                           "/api/v1/event/?filter=%1&start=2021-10-01T00:00:00Z&end=2021-10-02T00:00:00Z")
                           .arg(m_s1))
                 .object()
                 .value("count")
                 .toInt(),
             0);
    // And the same post goes through once the database takes it.
    QCOMPARE(post(m_member, QJsonArray {body.at(0)}).status, 201);
}

void TstEvent::disabledStream()
{
    const auto setEnabled = [&](bool enabled) {
        Seed seed(*m_server);
        SqlQuery q = seed.db().query("UPDATE streams SET enabled = ? WHERE slug = ?");
        q.bind(enabled).bind(m_s1);
        QVERIFY(q.exec());
        m_server->context().streams().invalidate();
    };
    setEnabled(false);
    const QJsonObject one = record(m_s1, "2021-11-01T00:00:00Z", {{"data", QJsonObject {{"a", 1}}}});
    HttpReply r = post(m_member, QJsonArray {one, one});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("detail").toString(), QStringLiteral("Stream not enabled %1").arg(m_s1));
    QCOMPARE(post(m_member, one).status, 403); // the original crashed here (500)
    r = m_server->clientFor(m_member)->upload(QStringLiteral("/api/v1/event/upload/"), QStringLiteral("file"),
                                              QStringLiteral("x.json"), "{}",
                                              {{"stream", m_s1}, {"timestamp", "2021-11-01T00:00:00Z"}});
    QCOMPARE(r.status, 403);
    setEnabled(true);
    QCOMPARE(post(m_member, QJsonArray {one, one}).status, 201);
}

void TstEvent::listFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("firstSeq");
    const QString t1 = QStringLiteral("filter=") + m_t1;
    QTest::newRow("stream") << t1 << 10 << 100;
    QTest::newRow("start/end") << t1 + "&start=2020-03-01T00:02:00Z&end=2020-03-01T00:05:00Z" << 3 << 102;
    QTest::newRow("end is exclusive") << t1 + "&end=2020-03-01T00:01:00Z" << 1 << 100;
    QTest::newRow("lastn: the last by time, ascending") << t1 + "&lastn=3" << 3 << 107;
    QTest::newRow("lastn above the count") << t1 + "&lastn=50" << 10 << 100;
    QTest::newRow("exact timestamp") << t1 + "&timestamp=2020-03-01T00:03:00Z" << 1 << 103;
    QTest::newRow("id range") << t1
            + QStringLiteral("&id_min=%1&id_max=%2").arg(m_t1Ids.at(2)).arg(m_t1Ids.at(4))
                              << 3 << 102;
    QTest::newRow("legacy id range") << t1 + QStringLiteral("&id_0=%1&id_1=%1").arg(m_t1Ids.at(1)) << 1
                                     << 101;
    QTest::newRow("streamer ids") << t1 + "&streamer_id_min=105" << 5 << 105;
    QTest::newRow("legacy streamer ids") << t1 + "&streamer_id_0=105&streamer_id_1=106" << 2 << 105;
    QTest::newRow("device timestamps") << t1 + "&streamer_ts_min=1003&streamer_ts_max=1005" << 3 << 103;
    QTest::newRow("device: both streams") << QStringLiteral("filter=") + m_device2.slug << 15 << 100;
    QTest::newRow("variable") << QStringLiteral("filter=v--%1--5003").arg(m_project.slug.mid(3)) << 5 << 6;
    QTest::newRow("no filter") << QString() << 0 << 0;
    QTest::newRow("project filter gives nothing") << QStringLiteral("filter=") + m_project.slug << 0 << 0;
    QTest::newRow("unknown device") << QStringLiteral("filter=d--0000-0000-0000-0fff") << 0 << 0;
    QTest::newRow("stream without events")
        << QStringLiteral("filter=s--%1--0000-0000-0000-00d2--5002").arg(m_project.slug.mid(3)) << 0 << 0;
}

void TstEvent::listFilters()
{
    QFETCH(QString, query);
    QFETCH(int, count);
    QFETCH(int, firstSeq);
    for (const Account *who : {&m_member, &m_staff}) {
        const HttpReply r = m_server->clientFor(*who)->get(QStringLiteral("/api/v1/event/?") + query);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("count").toInt(), count);
        QCOMPARE(r.object().value("results").toArray().size(), count);
        if (count > 0)
            QCOMPARE(
                r.object().value("results").toArray().first().toObject().value("streamer_local_id").toInt(),
                firstSeq);
    }
    // An outsider and an operator (no can_read_stream_data) get an empty page, never an error.
    for (const Account *who : {&m_outsider, &m_operator}) {
        const HttpReply hidden = m_server->clientFor(*who)->get(QStringLiteral("/api/v1/event/?") + query);
        QCOMPARE(hidden.status, 200);
        QCOMPARE(hidden.object().value("count").toInt(), 0);
    }
}

void TstEvent::listErrors_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("body");
    const QString f = QStringLiteral("filter=%1&").arg(m_t1);
    QTest::newRow("lastn 0") << f + "lastn=0" << QByteArray(R"(["lastn must be greater than 0"])");
    QTest::newRow("lastn -1") << f + "lastn=-1" << QByteArray(R"(["lastn must be greater than 0"])");
    QTest::newRow("lastn too big") << f + "lastn=20000000000" << QByteArray(R"(["lastn limit is 100000"])");
    QTest::newRow("bad stream slug") << QStringLiteral(
        "filter=s--nope") << QByteArray(R"({"detail":"Bad Request: Illegal filter/target string"})");
    QTest::newRow("raw plus offset") << f + "end=2016-09-28T11:00:00+00:00"
                                     << QByteArray(R"({"end":["Enter a valid date/time."]})");
    QTest::newRow("id not a number") << f + "id_min=x" << QByteArray(R"({"id_min":["Enter a number."]})");
}

void TstEvent::listErrors()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, body);
    const HttpReply r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/event/?") + query);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, body);
}

void TstEvent::listOrder()
{
    auto c = m_server->clientFor(m_member);
    const auto seqs = [&](const QString &query) {
        QList<int> out;
        for (const QJsonValue &v :
             c->get(QStringLiteral("/api/v1/event/?") + query).object().value("results").toArray())
            out.append(v.toObject().value("streamer_local_id").toInt());
        return out;
    };
    // The original's order: stream slug, then streamer_local_id, then timestamp (t2's ids run backwards in
    // time).
    QCOMPARE(seqs("filter=" + m_t2), (QList<int> {6, 7, 8, 9, 10}));
    QList<int> device {100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 6, 7, 8, 9, 10};
    QCOMPARE(seqs("filter=" + m_device2.slug), device);
    // lastn: the last N by time, in time order.
    QCOMPARE(seqs("filter=" + m_t2 + "&lastn=3"), (QList<int> {8, 7, 6}));
    QCOMPARE(seqs("filter=" + m_device2.slug + "&lastn=7"), (QList<int> {104, 6, 105, 106, 107, 108, 109}));
}

void TstEvent::listHidesDecodeErrors()
{
    const QString url = QStringLiteral("/api/v1/event/?filter=%1").arg(m_t2);
    QCOMPARE(m_server->clientFor(m_member)->get(url).object().value("count").toInt(), 5);
    QCOMPARE(m_server->clientFor(m_member)->get(url + "&with_errors=1").object().value("count").toInt(),
             5); // staff only
    QCOMPARE(m_server->clientFor(m_staff)->get(url).object().value("count").toInt(), 5);
    const HttpReply all = m_server->clientFor(m_staff)->get(url + "&with_errors=1");
    QCOMPARE(all.object().value("count").toInt(), 6);
    QCOMPARE(all.object()
                 .value("results")
                 .toArray()
                 .last()
                 .toObject()
                 .value("extra_data")
                 .toObject()
                 .value("error")
                 .toString(),
             QStringLiteral("RawPacketFormat length is not the packet size"));
}

void TstEvent::listPagination()
{
    QJsonArray body;
    const qint64 start = *isotime::parse(QByteArrayView("2019-01-01T00:00:00Z"));
    for (int i = 0; i < 1005; ++i)
        body.append(record(m_s2, isotime::toString(start + i * isotime::kMicrosPerSecond),
                           {{"streamer_local_id", i + 1}}));
    QCOMPARE(post(m_member, body).status, 201);
    auto c = m_server->clientFor(m_member);
    const QString base =
        QStringLiteral("/api/v1/event/?filter=%1&start=2019-01-01T00:00:00Z&end=2019-02-01T00:00:00Z")
            .arg(m_s2);
    HttpReply r = c->get(base);
    QCOMPARE(r.object().value("count").toInt(), 1005);
    QCOMPARE(r.object().value("results").toArray().size(), 1000); // Large pagination: 1000 a page
    QVERIFY(r.object().value("previous").isNull());
    QVERIFY(r.object().value("next").toString().contains(QLatin1String("page=2")));
    r = c->get(base + "&page=2");
    QCOMPARE(r.object().value("results").toArray().size(), 5);
    QCOMPARE(r.object().value("results").toArray().first().toObject().value("streamer_local_id").toInt(),
             1001);
    QVERIFY(r.object().value("next").isNull());
    QCOMPARE(c->get(base + "&page_size=10000").object().value("results").toArray().size(), 1005);
    QCOMPARE(c->get(base + "&page_size=10&page=3")
                 .object()
                 .value("results")
                 .toArray()
                 .first()
                 .toObject()
                 .value("streamer_local_id")
                 .toInt(),
             21);
    QCOMPARE(c->get(base + "&page=3").status, 404);
}

void TstEvent::listMask()
{
    auto owner = m_server->clientFor(m_owner);
    const QString mask = QStringLiteral("/api/v1/device/%1/mask/").arg(m_device2.slug);
    QCOMPARE(
        owner->patch(mask, QJsonObject {{"start", "2020-03-01T00:02:00Z"}, {"end", "2020-03-01T00:05:00Z"}})
            .status,
        202);
    const auto count = [&](const QString &query) {
        return owner->get(QStringLiteral("/api/v1/event/?") + query).object().value("count").toInt();
    };
    QCOMPARE(count("filter=" + m_t1 + "&mask=1"), 3);
    QCOMPARE(count("filter=" + m_t1), 10);
    QCOMPARE(count("filter=" + m_t1 + "&mask=1&start=2020-03-01T00:03:00Z"), 2);
    QCOMPARE(count("filter=" + m_t1 + "&mask=1&end=2020-03-01T00:03:00Z&start=2020-02-01T00:00:00Z"), 1);
    QCOMPARE(count("filter=" + m_device2.slug + "&mask=1"), 6); // t2 at 02:30, 03:30 and 04:30 too
    QCOMPARE(count(QStringLiteral("filter=v--%1--5003&mask=1").arg(m_project.slug.mid(3))),
             5); // no mask for variables
    QCOMPARE(owner->del(mask).status, 204);
    QCOMPARE(count("filter=" + m_t1 + "&mask=1"), 10);
}

void TstEvent::detailAccess_data()
{
    QTest::addColumn<int>("who");
    QTest::addColumn<QString>(
        "which"); // "stream": an event of a stream id; "virtual": of a stream without one
    QTest::addColumn<QString>("path"); // after /api/v1/event/<id>/
    QTest::addColumn<int>("status");
    QTest::newRow("member") << int(Member) << "stream"
                            << "" << 200;
    QTest::newRow("operator: can_create_stream_data") << int(Operator) << "stream"
                                                      << "" << 200;
    QTest::newRow("owner") << int(Owner) << "stream"
                           << "" << 200;
    QTest::newRow("staff") << int(Staff) << "stream"
                           << "" << 200;
    QTest::newRow("outsider") << int(Outsider) << "stream"
                              << "" << 403;
    QTest::newRow("anonymous") << int(Anonymous) << "stream"
                               << "" << 401;
    QTest::newRow("no stream id: member") << int(Member) << "virtual"
                                          << "" << 404;
    QTest::newRow("no stream id: staff") << int(Staff) << "virtual"
                                         << "" << 200;
    QTest::newRow("data: outsider") << int(Outsider) << "stream"
                                    << "data/" << 403;
    QTest::newRow("url: outsider") << int(Outsider) << "stream"
                                   << "url/" << 403;
    QTest::newRow("file: outsider") << int(Outsider) << "stream"
                                    << "file/" << 403;
    QTest::newRow("file: anonymous") << int(Anonymous) << "stream"
                                     << "file/" << 401;
    QTest::newRow("data: operator") << int(Operator) << "stream"
                                    << "data/" << 200;
    QTest::newRow("not an id") << int(Member) << "s--nope"
                               << "" << 400;
    QTest::newRow("missing") << int(Member) << "999999"
                             << "" << 404;
    QTest::newRow("missing: staff") << int(Staff) << "999999"
                                    << "url/" << 404;
}

void TstEvent::detailAccess()
{
    QFETCH(int, who);
    QFETCH(QString, which);
    QFETCH(QString, path);
    QFETCH(int, status);
    static QString streamEvent, virtualEvent;
    if (streamEvent.isEmpty()) {
        streamEvent =
            QString::number(postOne(record(m_s1, "2021-12-01T00:00:00Z", {{"data", QJsonObject {{"k", 1}}}}))
                                .value("id")
                                .toInteger());
        virtualEvent =
            QString::number(postOne(record(m_virtual, "2021-12-01T00:00:00Z")).value("id").toInteger());
    }
    const QString id = which == QLatin1String("stream") ? streamEvent
        : which == QLatin1String("virtual")             ? virtualEvent
                                                        : which;
    const HttpReply r = client(who)->get(QStringLiteral("/api/v1/event/%1/%2").arg(id, path));
    QCOMPARE(r.status, status);
    if (status == 400)
        QCOMPARE(r.body, QByteArray(R"({"detail":"Bad Request: Expected an integer database ID"})"));
    if (status == 200 && path.isEmpty())
        QCOMPARE(QString::number(r.object().value("id").toInteger()), id);
}

void TstEvent::patchAndPut()
{
    auto c = m_server->clientFor(m_member);
    const QJsonObject created =
        postOne(record(m_s1, "2022-01-01T00:00:00Z", {{"extra_data", QJsonObject {{"keep", 1}}}}));
    QCOMPARE(created.value("has_raw_data").toBool(), false);
    const QString url = QStringLiteral("/api/v1/event/%1/").arg(created.value("id").toInteger());

    // data gives the event a file; new data a new file, and the old one goes.
    HttpReply r = c->patch(url, QJsonObject {{"data", QJsonObject {{"foo", 5}, {"bar", "abc"}}}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("has_raw_data").toBool(), true);
    const QString firstKey = r.object().value("s3key").toString();
    QVERIFY(*m_server->context().blobs().exists(firstKey));
    r = m_server->clientFor(m_owner)->patch(url,
                                            QJsonObject {{"data", QJsonObject {{"foo", 6}, {"bar", "def"}}}});
    QCOMPARE(r.status, 200);
    const QString secondKey = r.object().value("s3key").toString();
    QVERIFY(secondKey != firstKey);
    QVERIFY(!*m_server->context().blobs().exists(firstKey));
    QCOMPARE(c->get(url + "data/").object(), (QJsonObject {{"foo", 6}, {"bar", "def"}}));

    r = c->patch(
        url,
        QJsonObject {
            {"status", "drt"}, {"dirty_ts", true}, {"streamer_local_id", 9}, {"device_timestamp", 77}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("status").toString(), QStringLiteral("drt"));
    QCOMPARE(r.object().value("dirty_ts").toBool(), true);
    QCOMPARE(r.object().value("streamer_local_id").toInt(), 9);
    QCOMPARE(r.object().value("device_timestamp").toInt(), 77);
    QCOMPARE(r.object().value("extra_data").toObject(), (QJsonObject {{"keep", 1}}));
    QCOMPARE(r.object().value("s3key").toString(), secondKey);
    QCOMPARE(c->patch(url, QJsonObject {{"extra_data", QJsonArray {1}}}).body,
             QByteArray(R"({"extra_data":["extra_data must be a valid dictionary object"]})"));
    r = c->patch(
        url,
        QJsonObject {{"extra_data", QJsonObject {{"new", true}}}, {"device_timestamp", QJsonValue::Null}});
    QCOMPARE(r.object().value("extra_data").toObject(), (QJsonObject {{"new", true}}));
    QVERIFY(r.object().value("device_timestamp").isNull());

    // PUT needs the required fields; what it does not name stays.
    r = c->put(url, QJsonObject {{"streamer_local_id", 3}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body,
             QByteArray(R"({"stream":["This field is required."],"timestamp":["This field is required."]})"));
    r = c->put(url, record(m_s1, "2022-01-02T00:00:00-01:00", {{"streamer_local_id", 3}}));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("timestamp").toString(), QStringLiteral("2022-01-02T01:00:00Z"));
    QCOMPARE(r.object().value("streamer_local_id").toInt(), 3);
    QCOMPARE(r.object().value("status").toString(), QStringLiteral("drt"));

    // Moving it to another stream: one the caller may write to, not another org's.
    r = c->patch(url, QJsonObject {{"stream", m_s2}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("variable").toString(),
             QStringLiteral("v--%1--5002").arg(m_project.slug.mid(3)));
    QCOMPARE(c->get(url).object().value("stream").toString(), m_s2);
    QCOMPARE(c->patch(url, QJsonObject {{"stream", m_o1}}).status, 403);

    // Who may change it: as for reading it.
    QCOMPARE(m_server->clientFor(m_outsider)->patch(url, QJsonObject {{"status", "cln"}}).status, 403);
    QCOMPARE(m_server->clientFor(m_operator)->patch(url, QJsonObject {{"status", "cln"}}).status, 200);
    QCOMPARE(m_server->clientFor(m_staff)
                 ->patch(url, QJsonObject {{"status", "utc"}})
                 .object()
                 .value("status")
                 .toString(),
             QStringLiteral("utc"));
    QCOMPARE(c->patch(QStringLiteral("/api/v1/event/x/"), QJsonObject {}).status, 400);
}

void TstEvent::deleteRemovesFile()
{
    const QJsonObject created =
        postOne(record(m_s1, "2022-02-01T00:00:00Z", {{"data", QJsonObject {{"a", 1}}}}));
    const QString url = QStringLiteral("/api/v1/event/%1/").arg(created.value("id").toInteger());
    const QString key = created.value("s3key").toString();
    QVERIFY(*m_server->context().blobs().exists(key));
    QCOMPARE(m_server->clientFor(m_outsider)->del(url).status, 403);
    QCOMPARE(m_server->clientFor(m_member)->del(url).status, 204);
    QVERIFY(!*m_server->context().blobs().exists(key));
    QCOMPARE(m_server->clientFor(m_member)->get(url).status, 404);
    QCOMPARE(m_server->clientFor(m_member)->del(url).status, 404);
}

void TstEvent::dataAction()
{
    auto c = m_server->clientFor(m_member);
    const QJsonObject payload {{"foo", 5}, {"bar", "abc"}, {"list", QJsonArray {1, 2.5, "x"}}};
    const qint64 id =
        postOne(record(m_s1, "2022-03-01T00:00:00Z", {{"data", payload}})).value("id").toInteger();
    HttpReply r = c->get(QStringLiteral("/api/v1/event/%1/data/").arg(id));
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("content-type").startsWith("application/json"));
    QCOMPARE(r.object(), payload);

    const qint64 bare = postOne(record(m_s1, "2022-03-01T01:00:00Z")).value("id").toInteger();
    r = c->get(QStringLiteral("/api/v1/event/%1/data/").arg(bare));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.body, QByteArray(R"({"error":"Event has no data"})"));

    // A file that says .json.gz but is not gzip: the original's 404 with the reason.
    r = c->upload(QStringLiteral("/api/v1/event/upload/"), QStringLiteral("file"),
                  QStringLiteral("broken.json.gz"), "not gzip",
                  {{"stream", m_s1}, {"timestamp", "2022-03-01T02:00:00Z"}});
    QCOMPARE(r.status, 201);
    r = c->get(QStringLiteral("/api/v1/event/%1/data/").arg(r.object().value("id").toInteger()));
    QCOMPARE(r.status, 404);
    QVERIFY2(r.object().value("error").toString().contains(QLatin1String("gzip")), r.body.constData());

    // A .json file that is not JSON.
    r = c->upload(QStringLiteral("/api/v1/event/upload/"), QStringLiteral("file"),
                  QStringLiteral("notjson.json"), "{nope",
                  {{"stream", m_s1}, {"timestamp", "2022-03-01T03:00:00Z"}});
    r = c->get(QStringLiteral("/api/v1/event/%1/data/").arg(r.object().value("id").toInteger()));
    QCOMPARE(r.status, 404);
    QVERIFY(r.object().contains("error"));
}

void TstEvent::urlAndFile()
{
    auto c = m_server->clientFor(m_member);
    const QJsonObject payload {{"trip", 42}};
    const QJsonObject created = postOne(record(m_s1, "2022-04-01T00:00:00Z", {{"data", payload}}));
    const qint64 id = created.value("id").toInteger();
    const qint64 bare = postOne(record(m_s1, "2022-04-01T01:00:00Z")).value("id").toInteger();

    HttpReply r = c->get(QStringLiteral("/api/v1/event/%1/url/").arg(bare));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray(R"({"url":null})"));

    // The local store has no presigned links: a signed link to the server that needs no credentials.
    r = c->get(QStringLiteral("/api/v1/event/%1/url/").arg(id));
    QCOMPARE(r.status, 200);
    const QString link = r.object().value("url").toString();
    QVERIFY2(link.startsWith(m_server->baseUrl() + QStringLiteral("/api/v1/event/%1/file/?token=").arg(id)),
             qPrintable(link));
    HttpClient anyone {QString()};
    r = anyone.get(link);
    QCOMPARE(r.status, 200);
    QCOMPARE(QJsonDocument::fromJson(r.body).object(), payload);
    QVERIFY(r.header("content-type").startsWith("application/json"));
    QVERIFY(r.header("content-disposition").contains(".json"));

    // Tampered, or for another event: refused.
    QCOMPARE(anyone.get(link.chopped(2) + (link.endsWith(QLatin1String("AA")) ? "BB" : "AA")).status, 403);
    QString other = link;
    other.replace(QStringLiteral("/event/%1/").arg(id), QStringLiteral("/event/%1/").arg(bare));
    QCOMPARE(anyone.get(other).status, 403);

    // With credentials instead of a link.
    r = c->get(QStringLiteral("/api/v1/event/%1/file/").arg(id));
    QCOMPARE(r.status, 200);
    QCOMPARE(QJsonDocument::fromJson(r.body).object(), payload);
    QCOMPARE(c->get(QStringLiteral("/api/v1/event/%1/file/").arg(bare)).status, 404);

    // A new file ends the old link.
    QCOMPARE(c->patch(QStringLiteral("/api/v1/event/%1/").arg(id),
                      QJsonObject {{"data", QJsonObject {{"trip", 43}}}})
                 .status,
             200);
    QCOMPARE(anyone.get(link).status, 403);
}

void TstEvent::upload_data()
{
    QTest::addColumn<int>("who");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("form"); // name, value, name, value...
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("answer"); // empty: not compared
    const QStringList ok {"stream", m_s1, "timestamp", "2022-05-01T00:00:00Z", "streamer_local_id", "1"};
    const QByteArray json = R"({"a":[1,2,3]})";
    QTest::newRow(".json") << int(Member) << "file"
                           << "sample1.json" << json << ok << 201 << QByteArray();
    QTest::newRow("path in the name") << int(Member) << "file"
                                      << "C:\\data\\sample1.json" << json << ok << 201 << QByteArray();
    QTest::newRow("other extension") << int(Member) << "file"
                                     << "sample.txt" << json << ok << 400
                                     << QByteArray(R"(["Unsupported extension for Stream Event"])");
    QTest::newRow("two extensions") << int(Member) << "file"
                                    << "sample.tar.json" << json << ok << 400
                                    << QByteArray(R"(["Unsupported extension for Stream Event"])");
    QTest::newRow("no extension") << int(Member) << "file"
                                  << "sample" << json << ok << 400
                                  << QByteArray(R"(["Filename must use file extensions"])");
    QTest::newRow("no file") << int(Member) << "attachment"
                             << "sample1.json" << json << ok << 400
                             << QByteArray(R"({"error":"missing request.data['file']"})");
    QTest::newRow("empty file") << int(Member) << "file"
                                << "sample1.json" << QByteArray() << ok << 400
                                << QByteArray(R"({"file":["The submitted file is empty."]})");
    QTest::newRow("no timestamp") << int(Member) << "file"
                                  << "sample1.json" << json << QStringList {"stream", m_s1} << 400
                                  << QByteArray(R"({"timestamp":["This field is required."]})");
    QTest::newRow("extra data not JSON")
        << int(Member) << "file"
        << "sample1.json" << json << (ok + QStringList {"encoded_extra_data", "nope"}) << 400 << QByteArray();
    QTest::newRow("extra data not an object")
        << int(Member) << "file"
        << "sample1.json" << json << (ok + QStringList {"encoded_extra_data", "[1]"}) << 400
        << QByteArray(R"({"encoded_extra_data":["Value should be a utf-8 encoded string"]})");
    QTest::newRow("bad streamer id")
        << int(Member) << "file"
        << "sample1.json" << json
        << QStringList {"stream", m_s1, "timestamp", "2022-05-01T00:00:00Z", "streamer_local_id", "x"} << 400
        << QByteArray(R"({"streamer_local_id":["A valid integer is required."]})");
    QTest::newRow("outsider") << int(Outsider) << "file"
                              << "sample1.json" << json << ok << 403 << QByteArray();
    QTest::newRow("outsider, bad extension: access first")
        << int(Outsider) << "file"
        << "sample.txt" << json << ok << 403 << QByteArray();
    QTest::newRow("anonymous") << int(Anonymous) << "file"
                               << "sample1.json" << json << ok << 401 << QByteArray();
}

void TstEvent::upload()
{
    QFETCH(int, who);
    QFETCH(QString, field);
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, form);
    QFETCH(int, status);
    QFETCH(QByteArray, answer);
    QList<QPair<QString, QString>> fields;
    for (qsizetype i = 0; i + 1 < form.size(); i += 2)
        fields.append({form.at(i), form.at(i + 1)});
    const int filesBefore = blobCount(*m_server);
    const HttpReply r =
        client(who)->upload(QStringLiteral("/api/v1/event/upload/"), field, fileName, content, fields);
    QCOMPARE(r.status, status);
    if (!answer.isEmpty())
        QCOMPARE(r.body, answer);
    QCOMPARE(blobCount(*m_server), filesBefore + (status == 201 ? 1 : 0));
    if (status != 201)
        return;
    const QJsonObject e = r.object();
    QCOMPARE(QStringList(e.keys()),
             (QStringList {"device_timestamp", "encoded_extra_data", "id", "stream", "streamer_local_id",
                           "timestamp"}));
    QCOMPARE(e.value("stream").toString(), m_s1);
    QCOMPARE(e.value("timestamp").toString(), QStringLiteral("2022-05-01T00:00:00Z"));
    QCOMPARE(e.value("streamer_local_id").toInt(), 1);
    QVERIFY(e.value("device_timestamp").isNull());
    QVERIFY(e.value("encoded_extra_data").isNull());
    auto c = m_server->clientFor(m_member);
    const QJsonObject record =
        c->get(QStringLiteral("/api/v1/event/%1/").arg(e.value("id").toInteger())).object();
    QCOMPARE(record.value("ext").toString(), QStringLiteral("json"));
    QCOMPARE(record.value("has_raw_data").toBool(), true);
    QVERIFY(record.value("extra_data").isNull());
    QCOMPARE(c->get(QStringLiteral("/api/v1/event/%1/data/").arg(e.value("id").toInteger())).body, content);
}

void TstEvent::uploadGzipWithExtraData()
{
    auto c = m_server->clientFor(m_owner);
    const QJsonObject payload {{"samples", QJsonArray {1, 2, 3}}, {"peak", 9.5}};
    const QByteArray gz = gzip::compress(QJsonDocument(payload).toJson());
    QVERIFY(!gz.isEmpty());
    HttpReply r = c->upload(QStringLiteral("/api/v1/event/upload/"), QStringLiteral("file"),
                            QStringLiteral("sample2.json.gz"), gz,
                            {{"stream", m_s1},
                             {"timestamp", "2022-06-01T00:00:00+02:00"},
                             {"streamer_local_id", "2"},
                             {"device_timestamp", "3600"},
                             {"encoded_extra_data", R"({"a": 4})"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("encoded_extra_data").toString(), QStringLiteral(R"({"a":4})"));
    QCOMPARE(r.object().value("timestamp").toString(), QStringLiteral("2022-05-31T22:00:00Z"));
    QCOMPARE(r.object().value("device_timestamp").toInt(), 3600);
    const qint64 id = r.object().value("id").toInteger();
    const QJsonObject record = c->get(QStringLiteral("/api/v1/event/%1/").arg(id)).object();
    QCOMPARE(record.value("ext").toString(), QStringLiteral("json.gz"));
    QVERIFY(record.value("s3key").toString().endsWith(QLatin1String(".json.gz")));
    QCOMPARE(record.value("extra_data").toObject(), (QJsonObject {{"a", 4}}));
    QCOMPARE(record.value("streamer_local_id").toInt(), 2);
    // /data/ gunzips; /file/ hands out the stored bytes.
    QCOMPARE(c->get(QStringLiteral("/api/v1/event/%1/data/").arg(id)).object(), payload);
    r = c->get(QStringLiteral("/api/v1/event/%1/file/").arg(id));
    QCOMPARE(r.body, gz);
    QCOMPARE(r.header("content-type"), QByteArray("application/gzip"));
}

void TstEvent::s3Files_data()
{
    QTest::addColumn<bool>("presign");
    QTest::newRow("presigned links") << true;
    QTest::newRow("through the server") << false;
}

void TstEvent::s3Files()
{
    QFETCH(bool, presign);
    const QString base = qEnvironmentVariable("IOTILE_TEST_S3_URL");
    if (base.isEmpty())
        QSKIP(kNoS3);
    QUrl url(base);
    url.setPath(url.path() + QStringLiteral("/tst-event-")
                + QUuid::createUuid().toString(QUuid::Id128).left(8));
    if (!presign) {
        QUrlQuery q(url);
        q.addQueryItem(QStringLiteral("presign"), QStringLiteral("0"));
        url.setQuery(q);
    }
    TestServer server([&](ServerConfig &config) { config.blobUrl = url.toString(); });
    QVERIFY2(server.ok(), qPrintable(server.error()));
    const Account owner =
        server.createUser(QStringLiteral("s3owner@example.com"), QStringLiteral("password1"));
    Seed seed(server);
    const Org org = seed.org(QStringLiteral("S3 Org"), owner);
    const Project project = seed.project(org, QStringLiteral("S3 Project"), owner);
    const Variable v = seed.variable(project, 0x5001, QStringLiteral("Trips"));
    const Device d = seed.claim(seed.device(0x51), project, owner);
    const QString stream = seed.stream(d, project, v).slug;
    auto c = server.clientFor(owner);
    BlobStore &blobs = server.context().blobs();

    const QJsonObject payload {{"foo", 5}, {"bar", "abc"}};
    HttpReply r = c->post(QStringLiteral("/api/v1/event/"),
                          record(stream, "2023-01-01T00:00:00Z", {{"data", payload}}));
    QCOMPARE(r.status, 201);
    const qint64 id = r.object().value("id").toInteger();
    const QString key = r.object().value("s3key").toString();
    QVERIFY(*blobs.exists(key));
    QCOMPARE(c->get(QStringLiteral("/api/v1/event/%1/data/").arg(id)).object(), payload);

    r = c->get(QStringLiteral("/api/v1/event/%1/url/").arg(id));
    const QString link = r.object().value("url").toString();
    if (presign)
        QVERIFY2(link.startsWith(QStringLiteral("http://%1:%2/").arg(url.host()).arg(url.port()))
                     && link.contains(QLatin1String("X-Amz-Signature")),
                 qPrintable(link));
    else
        QVERIFY2(link.contains(QStringLiteral("/api/v1/event/%1/file/?token=").arg(id)), qPrintable(link));
    HttpClient anyone {QString()};
    r = anyone.get(link);
    QCOMPARE(r.status, 200);
    QCOMPARE(QJsonDocument::fromJson(r.body).object(), payload);
    // /file/ with credentials: a redirect to the store, or the bytes.
    r = c->get(QStringLiteral("/api/v1/event/%1/file/").arg(id));
    if (presign) {
        QCOMPARE(r.status, 302);
        QVERIFY(r.header("location").contains("X-Amz-Signature"));
    } else {
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).object(), payload);
    }

    // Upload a .json.gz, read it gunzipped; replace the JSON of the first event; delete both.
    r = c->upload(QStringLiteral("/api/v1/event/upload/"), QStringLiteral("file"),
                  QStringLiteral("trip.json.gz"), gzip::compress(QJsonDocument(payload).toJson()),
                  {{"stream", stream}, {"timestamp", "2023-01-02T00:00:00Z"}});
    QCOMPARE(r.status, 201);
    const qint64 uploaded = r.object().value("id").toInteger();
    QCOMPARE(c->get(QStringLiteral("/api/v1/event/%1/data/").arg(uploaded)).object(), payload);
    r = c->patch(QStringLiteral("/api/v1/event/%1/").arg(id),
                 QJsonObject {{"data", QJsonObject {{"foo", 6}}}});
    QCOMPARE(r.status, 200);
    QVERIFY(!*blobs.exists(key));
    QCOMPARE(c->get(QStringLiteral("/api/v1/event/%1/data/").arg(id)).object(), (QJsonObject {{"foo", 6}}));
    QCOMPARE(blobCount(server), 2);
    QCOMPARE(c->del(QStringLiteral("/api/v1/event/%1/").arg(id)).status, 204);
    QCOMPARE(c->del(QStringLiteral("/api/v1/event/%1/").arg(uploaded)).status, 204);
    QCOMPARE(blobCount(server), 0);
}

QTEST_GUILESS_MAIN(TstEvent)
#include "tst_event.moc"
