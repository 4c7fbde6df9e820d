#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/worker/jobqueue.h"
#include "server/worker/jobrunner.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QLoggingCategory>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/datablock/ over real HTTP: archiving a device's data into a block by the worker (streams
// re-keyed, metadata moved), reading it back through /api/v1/data/ and /api/v1/event/, list and detail
// permissions, updates, staff-only deletes (and the block numbers they never give back), and the block's
// mask and extra routes.
class TstDataBlock : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void createRefusals_data();
    void createRefusals();
    void archiveMovesDataAndMetadata();
    void visibility_data();
    void visibility();
    void updateTitle();
    void deleteIsStaffOnlyAndNumbersAreNotReused();
    void onCompleteSetsDeviceState();
    void blockMaskAndExtra();

private:
    int runJobs();
    SqlConnection &db() { return **m_server->context().db().connection(); }
    qint64 countSql(const QString &sql, const QString &bind);
    QString blockStream(int block, const QString &lid) const;
    HttpReply data(const Account &who, const QString &filter);
    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_admin, m_member, m_operator, m_outsider, m_staff;
    Org m_org;
    Project m_project;
    SensorGraph m_sg;
    Device m_device, m_device2;
    QString m_s1, m_s2, m_system;
};

int TstDataBlock::runJobs()
{
    JobRunner runner(m_server->context(), QStringLiteral("datablock-test"), RunnerOptions {});
    int ran = 0;
    for (;;) {
        auto one = runner.runOne();
        if (!one)
            qFatal("runOne: %s", qPrintable(one.error().message()));
        if (!*one)
            return ran;
        ++ran;
    }
}

qint64 TstDataBlock::countSql(const QString &sql, const QString &bind)
{
    SqlQuery q = db().query(sql);
    q.bind(bind);
    auto n = q.scalarInt64();
    return n ? *n : -1;
}

QString TstDataBlock::blockStream(int block, const QString &lid) const
{
    return QStringLiteral("s--0000-0000--%1-%2--%3")
        .arg(block, 4, 16, QLatin1Char('0'))
        .arg(m_device.slug.mid(8), lid);
}

HttpReply TstDataBlock::data(const Account &who, const QString &filter)
{
    return m_server->clientFor(who)->get(QStringLiteral("/api/v1/data/?filter=") + filter);
}

void TstDataBlock::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("iotile.worker.info=false"));
    m_server = std::make_unique<TestServer>([](ServerConfig &c) { c.workerThreads = 0; });
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_admin = m_server->createUser(QStringLiteral("admin@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_operator = m_server->createUser(QStringLiteral("operator@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Block Org"), m_owner);
    seed.member(m_org, m_admin, QStringLiteral("a1"));
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.member(m_org, m_operator, QStringLiteral("r1"));
    seed.org(QStringLiteral("Elsewhere"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Block Project"), m_owner);
    m_sg = seed.sensorGraph(QStringLiteral("Block SG"), {QStringLiteral("5001"), QStringLiteral("5002")});
    m_device = seed.claim(seed.device(0xd1, &m_sg, QStringLiteral("Tracker")), m_project, m_owner);
    m_device2 = seed.claim(seed.device(0xd2, &m_sg), m_project, m_owner);
    const QString p = m_project.slug.mid(3);
    m_s1 = QStringLiteral("s--%1--%2--5001").arg(p, m_device.slug.mid(3));
    m_s2 = QStringLiteral("s--%1--%2--5002").arg(p, m_device.slug.mid(3));
    m_system = QStringLiteral("s--%1--%2--5c00").arg(p, m_device.slug.mid(3)); // no stream id
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM streams WHERE slug = ?"), m_s1), 1);
}

void TstDataBlock::cleanupTestCase()
{
    m_server.reset();
}

void TstDataBlock::createRefusals_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    const QJsonObject ok {{"title", "Archive"}, {"device", "d--0000-0000-0000-00d2"}};
    QTest::newRow("anonymous") << "anonymous" << ok << 401;
    QTest::newRow("outsider") << "outsider" << ok << 403;
    QTest::newRow("member lacks can_create_datablock") << "member" << ok << 403;
    QTest::newRow("operator") << "operator" << ok << 403;
    QTest::newRow("no title") << "owner" << QJsonObject {{"device", "d--0000-0000-0000-00d2"}} << 400;
    QTest::newRow("blank title") << "owner"
                                 << QJsonObject {{"title", " "}, {"device", "d--0000-0000-0000-00d2"}} << 400;
    QTest::newRow("no device") << "owner" << QJsonObject {{"title", "Archive"}} << 400;
    QTest::newRow("unknown device") << "owner"
                                    << QJsonObject {{"title", "A"}, {"device", "d--0000-0000-0000-0fff"}}
                                    << 400;
}

void TstDataBlock::createRefusals()
{
    QFETCH(QString, who);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    const std::map<QString, Account> accounts {
        {"outsider", m_outsider}, {"member", m_member}, {"operator", m_operator}, {"owner", m_owner}};
    auto client = who == "anonymous" ? m_server->anonymous() : m_server->clientFor(accounts.at(who));
    const HttpReply r = client->post(QStringLiteral("/api/v1/datablock/"), body);
    QCOMPARE(r.status, status);
    if (status == 403 && who != "outsider")
        QCOMPARE(r.object().value("detail").toString(),
                 QStringLiteral("No permission to create data blocks"));
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM data_blocks WHERE slug LIKE ?"), "%"), 0);
}

void TstDataBlock::archiveMovesDataAndMetadata()
{
    auto owner = m_server->clientFor(m_owner);
    const qint64 t0 = *isotime::parse(QByteArrayView("2026-03-01T10:00:00Z"));
    QJsonArray points;
    for (int i = 0; i < 3; ++i)
        points.append(
            QJsonObject {{"stream", m_s1},
                         {"timestamp", isotime::toString(t0 + i * (60 * isotime::kMicrosPerSecond))},
                         {"int_value", 10 + i}});
    for (int i = 0; i < 2; ++i)
        points.append(
            QJsonObject {{"stream", m_s2},
                         {"timestamp", isotime::toString(t0 + i * (60 * isotime::kMicrosPerSecond))},
                         {"int_value", 20 + i}});
    points.append(QJsonObject {{"stream", m_system}, {"timestamp", isotime::toString(t0)}, {"int_value", 1}});
    QCOMPARE(owner->post(QStringLiteral("/api/v1/data/"), points).status, 201);
    QCOMPARE(owner
                 ->post(QStringLiteral("/api/v1/event/"),
                        QJsonObject {{"stream", m_s1},
                                     {"timestamp", isotime::toString(t0)},
                                     {"extra_data", QJsonObject {{"a", 1}}}})
                 .status,
             201);
    // Metadata hanging off the device: a user and a system property, a user note, a location, a mask.
    SqlQuery prop = db().query("INSERT INTO properties (target, name, value, is_system, created_on) VALUES "
                               "(?, 'Customer', 'ACME', {FALSE}, 1), (?, 'Firmware', '2.1', {TRUE}, 1)");
    prop.bind(m_device.slug).bind(m_device.slug);
    QVERIFY(prop.exec());
    SqlQuery note = db().query(
        "INSERT INTO notes (target, timestamp, note, type, created_on) VALUES (?, 1, 'user note', 'ui', 1)");
    note.bind(m_device.slug);
    QVERIFY(note.exec());
    SqlQuery loc =
        db().query("INSERT INTO locations (target, timestamp, lat, lon) VALUES (?, 1, '1.5', '2.5')");
    loc.bind(m_device.slug);
    QVERIFY(loc.exec());

    QCOMPARE(owner
                 ->patch(QStringLiteral("/api/v1/device/%1/mask/").arg(m_device.slug),
                         QJsonObject {{"end", "2026-03-01T10:02:00Z"}})
                 .status,
             202);

    HttpReply r = owner->post(QStringLiteral("/api/v1/datablock/"),
                              QJsonObject {{"title", "  First trip "}, {"device", m_device.slug}});
    QCOMPARE(r.status, 201);
    QJsonObject block = r.object();
    const QString slug = QStringLiteral("b--0001-0000-0000-00d1");
    QCOMPARE(block.value("slug").toString(), slug);
    QCOMPARE(block.value("block").toInt(), 1);
    QCOMPARE(block.value("title").toString(), QStringLiteral("First trip"));
    QCOMPARE(block.value("description").toString(), QString());
    QCOMPARE(block.value("org").toString(), m_org.slug);
    QVERIFY(block.value("pid").toString().startsWith("pid:"));
    QVERIFY(!block.contains("device"));
    QVERIFY(!block.contains("completed_on"));
    // Busy archiving: the device says so and refuses another archive or a reset meanwhile.
    QCOMPARE(owner->get(QStringLiteral("/api/v1/device/%1/").arg(m_device.slug))
                 .object()
                 .value("state")
                 .toString(),
             QStringLiteral("B1"));
    r = owner->post(QStringLiteral("/api/v1/datablock/"),
                    QJsonObject {{"title", "again"}, {"device", m_device.slug}});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("detail").toString(),
             QStringLiteral("Device is busy. Operation cannot be completed at this time"));
    QCOMPARE(
        owner->post(QStringLiteral("/api/v1/device/%1/reset/").arg(m_device.slug), QJsonObject {}).status,
        403);
    // Read before the archive (the server keeps the stream's key for reads a few seconds): the move must
    // show at once all the same.
    QCOMPARE(data(m_member, m_s1).object().value("count").toInt(), 3);

    QCOMPARE(runJobs(), 1);

    // The data now reads under the block's streams, with the block as its device and no project.
    r = data(m_member, blockStream(1, "5001"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 3);
    const QJsonObject first = r.object().value("results").toArray().first().toObject();
    QCOMPARE(first.value("stream").toString(), blockStream(1, "5001"));
    QCOMPARE(first.value("device").toString(), slug);
    QCOMPARE(first.value("project").toString(), QString());
    QCOMPARE(first.value("int_value").toInt(), 10);
    QCOMPARE(data(m_member, slug).object().value("count").toInt(), 5);
    QCOMPARE(data(m_member, blockStream(1, "5002")).object().value("count").toInt(), 2);
    QCOMPARE(m_server->clientFor(m_member)
                 ->get(QStringLiteral("/api/v1/event/?filter=") + blockStream(1, "5001"))
                 .object()
                 .value("count")
                 .toInt(),
             1);
    // Nothing of it is left on the device, except data without a stream id (system data).
    QCOMPARE(data(m_member, m_s1).object().value("count").toInt(), 0);
    QCOMPARE(data(m_member, m_device.slug).object().value("count").toInt(), 1);
    QCOMPARE(data(m_member, m_system).object().value("count").toInt(), 1);
    // Outsiders read nothing of the block (200 with count 0, as every data filter).
    r = data(m_outsider, slug);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 0);

    // The block's stream ids exist (project part zeroed); the device keeps its own.
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM streams WHERE slug = ?"), blockStream(1, "5001")),
             1);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM streams WHERE slug = ?"), m_s1), 1);
    // User properties moved, system ones copied; user notes and locations moved; a system note on the device.
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM properties WHERE target = ?"), slug), 2);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM properties WHERE target = ?"), m_device.slug), 1);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM notes WHERE target = ? AND type = 'ui'"), slug),
             1);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM locations WHERE target = ?"), slug), 1);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM notes WHERE target = ? AND note LIKE "
                                     "'Device data was archived. Datablock ID: b--0001-%'"),
                      m_device.slug),
             1);
    r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/datablock/%1/properties/").arg(slug));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.array().size(), 2);

    // The block is complete with the device's sensor graph; the device is free again.
    r = owner->get(QStringLiteral("/api/v1/datablock/%1/").arg(slug));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("sg").toString(), m_sg.slug);
    QCOMPARE(r.object().value("pid").toString(), QString());
    QCOMPARE(owner->get(QStringLiteral("/api/v1/device/%1/").arg(m_device.slug))
                 .object()
                 .value("state")
                 .toString(),
             QStringLiteral("N1"));

    // The device's mask went with its data.
    QVERIFY(owner->get(QStringLiteral("/api/v1/device/%1/mask/").arg(m_device.slug))
                .object()
                .value("end")
                .isNull());
    QCOMPARE(
        owner->get(QStringLiteral("/api/v1/datablock/%1/mask/").arg(slug)).object().value("end").toString(),
        QStringLiteral("2026-03-01T10:02:00Z"));
    QCOMPARE(owner->del(QStringLiteral("/api/v1/datablock/%1/mask/").arg(slug)).status, 204);

    // Running the archive again (a retried job) changes nothing.
    SqlQuery before = db().query("SELECT count(*) FROM streams WHERE slug LIKE 's--0000-0000--0001-%'");
    const qint64 blockStreams = *before.scalarInt64();
    QVERIFY(JobQueue::enqueue(db(), QStringLiteral("ArchiveDeviceDataAction"),
                              QJsonObject {{"data_block_slug", slug}}, EnqueueOptions {}));
    QCOMPARE(runJobs(), 1);
    SqlQuery after = db().query("SELECT count(*) FROM streams WHERE slug LIKE 's--0000-0000--0001-%'");
    QCOMPARE(*after.scalarInt64(), blockStreams);
    QCOMPARE(data(m_member, slug).object().value("count").toInt(), 5);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM properties WHERE target = ?"), slug), 2);

    // New data of the device goes to the device, not to the block.
    QCOMPARE(
        owner
            ->post(QStringLiteral("/api/v1/data/"),
                   QJsonObject {{"stream", m_s1}, {"timestamp", isotime::toString(t0)}, {"int_value", 99}})
            .status,
        201);
    QCOMPARE(data(m_member, m_s1).object().value("count").toInt(), 1);
    QCOMPARE(data(m_member, blockStream(1, "5001")).object().value("count").toInt(), 3);
}

void TstDataBlock::visibility_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("count"); // -1: not a list
    const QString b = QStringLiteral("/api/v1/datablock/b--0001-0000-0000-00d1/");
    QTest::newRow("member list") << "member"
                                 << "/api/v1/datablock/" << 200 << 1;
    QTest::newRow("member by org") << "member"
                                   << "/api/v1/datablock/?org=block-org" << 200 << 1;
    QTest::newRow("member by device") << "member"
                                      << "/api/v1/datablock/?device=d--0000-0000-0000-00d2" << 200 << 0;
    QTest::newRow("unknown org") << "member"
                                 << "/api/v1/datablock/?org=nope" << 404 << -1;
    QTest::newRow("unknown device") << "member"
                                    << "/api/v1/datablock/?device=d--0000-0000-0000-0fff" << 404 << -1;
    QTest::newRow("search") << "member"
                            << "/api/v1/datablock/?org=block-org&q=first" << 200 << 1;
    QTest::newRow("search misses") << "member"
                                   << "/api/v1/datablock/?org=block-org&q=zzz" << 200 << 0;
    QTest::newRow("search needs org") << "member"
                                      << "/api/v1/datablock/?q=first" << 400 << -1;
    QTest::newRow("operator list") << "operator"
                                   << "/api/v1/datablock/" << 200 << 0;
    QTest::newRow("outsider list") << "outsider"
                                   << "/api/v1/datablock/" << 200 << 0;
    QTest::newRow("staff list") << "staff"
                                << "/api/v1/datablock/" << 200 << 0;
    QTest::newRow("staff all") << "staff"
                               << "/api/v1/datablock/?staff=1" << 200 << 1;
    QTest::newRow("member detail") << "member" << b << 200 << -1;
    QTest::newRow("operator detail") << "operator" << b << 403 << -1;
    QTest::newRow("outsider detail") << "outsider" << b << 403 << -1;
    QTest::newRow("staff detail") << "staff" << b << 200 << -1;
    QTest::newRow("unknown block") << "member"
                                   << "/api/v1/datablock/b--0009-0000-0000-00d1/" << 404 << -1;
    QTest::newRow("anonymous") << "anonymous"
                               << "/api/v1/datablock/" << 401 << -1;
}

void TstDataBlock::visibility()
{
    QFETCH(QString, who);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(int, count);
    const std::map<QString, Account> accounts {
        {"outsider", m_outsider}, {"member", m_member}, {"operator", m_operator}, {"staff", m_staff}};
    auto client = who == "anonymous" ? m_server->anonymous() : m_server->clientFor(accounts.at(who));
    const HttpReply r = client->get(path);
    QCOMPARE(r.status, status);
    if (count >= 0)
        QCOMPARE(r.object().value("count").toInt(), count);
}

void TstDataBlock::updateTitle()
{
    const QString url = QStringLiteral("/api/v1/datablock/b--0001-0000-0000-00d1/");
    HttpReply r = m_server->clientFor(m_member)->patch(
        url, QJsonObject {{"title", "Renamed"}, {"description", "Trip to the coast"}, {"block", 7}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("title").toString(), QStringLiteral("Renamed"));
    QCOMPARE(r.object().value("description").toString(), QStringLiteral("Trip to the coast"));
    QCOMPARE(r.object().value("block").toInt(), 1); // read-only, silently ignored
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("b--0001-0000-0000-00d1"));
    QCOMPARE(m_server->clientFor(m_operator)->patch(url, QJsonObject {{"title", "x"}}).status, 403);
    QCOMPARE(m_server->clientFor(m_outsider)->patch(url, QJsonObject {{"title", "x"}}).status, 403);
    QCOMPARE(m_server->clientFor(m_member)->patch(url, QJsonObject {{"title", ""}}).status, 400);
    QCOMPARE(m_server->clientFor(m_member)->put(url, QJsonObject {{"description", "no title"}}).status, 400);
    QCOMPARE(m_server->clientFor(m_member)->get(url).object().value("title").toString(),
             QStringLiteral("Renamed"));
}

void TstDataBlock::deleteIsStaffOnlyAndNumbersAreNotReused()
{
    auto owner = m_server->clientFor(m_owner);
    const qint64 t0 = *isotime::parse(QByteArrayView("2026-04-01T00:00:00Z"));
    QCOMPARE(
        owner
            ->post(QStringLiteral("/api/v1/data/"),
                   QJsonObject {{"stream", m_s2}, {"timestamp", isotime::toString(t0)}, {"int_value", 5}})
            .status,
        201);
    HttpReply r = owner->post(QStringLiteral("/api/v1/datablock/"),
                              QJsonObject {{"title", "Second"}, {"device", m_device.slug}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("block").toInt(), 2);
    QCOMPARE(runJobs(), 1);
    const QString second = QStringLiteral("/api/v1/datablock/b--0002-0000-0000-00d1/");
    QCOMPARE(data(m_member, blockStream(2, "5001")).object().value("count").toInt(), 1);
    QCOMPARE(data(m_member, blockStream(2, "5002")).object().value("count").toInt(), 1);

    // Owners too are refused, with the original's body.
    r = owner->del(second);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("error").toString(), QStringLiteral("Restricted Access. Contact Arch"));
    QCOMPARE(m_server->anonymous()->del(second).status, 401);
    QCOMPARE(
        m_server->clientFor(m_staff)->del(QStringLiteral("/api/v1/datablock/b--0009-0000-0000-00d1/")).status,
        404);
    r = m_server->clientFor(m_staff)->del(second);
    QCOMPARE(r.status, 204);
    QCOMPARE(owner->get(second).status, 404);
    // Its data, streams and metadata go in the background; block 1 stays as it was.
    QCOMPARE(runJobs(), 1);
    QCOMPARE(data(m_staff, blockStream(2, "5001")).object().value("count").toInt(), 0);
    QCOMPARE(data(m_staff, QStringLiteral("b--0002-0000-0000-00d1")).object().value("count").toInt(), 0);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM streams WHERE slug LIKE ?"),
                      QStringLiteral("s--0000-0000--0002-%")),
             0);
    QCOMPARE(data(m_member, blockStream(1, "5001")).object().value("count").toInt(), 3);

    // Numbers are never handed out twice: the next block of the device is 3.
    r = owner->post(QStringLiteral("/api/v1/datablock/"),
                    QJsonObject {{"title", "Third"}, {"device", m_device.slug}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("block").toInt(), 3);
    QCOMPARE(runJobs(), 1);
}

void TstDataBlock::onCompleteSetsDeviceState()
{
    auto owner = m_server->clientFor(m_owner);
    const HttpReply r = owner->post(
        QStringLiteral("/api/v1/datablock/"),
        QJsonObject {
            {"title", "Final"},
            {"device", m_device2.slug},
            {"on_complete", QJsonObject {{"device", QJsonObject {{"state", "N0"}, {"label", "Retired"}}}}}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("block").toInt(), 1);
    QCOMPARE(runJobs(), 1);
    const QJsonObject device = owner->get(QStringLiteral("/api/v1/device/%1/").arg(m_device2.slug)).object();
    QCOMPARE(device.value("state").toString(), QStringLiteral("N0"));
    QCOMPARE(device.value("label").toString(), QStringLiteral("Retired"));
    QCOMPARE(owner
                 ->post(QStringLiteral("/api/v1/datablock/"),
                        QJsonObject {{"title", "bad"}, {"device", m_device2.slug}, {"on_complete", "no"}})
                 .status,
             400);
}

void TstDataBlock::blockMaskAndExtra()
{
    const QString slug = QStringLiteral("b--0001-0000-0000-00d1");
    const QString mask = QStringLiteral("/api/v1/datablock/%1/mask/").arg(slug);
    auto owner = m_server->clientFor(m_owner);
    HttpReply r = owner->get(mask);
    QCOMPARE(r.status, 200);
    QVERIFY(r.object().value("start").isNull());
    // Members may read blocks but not set masks (can_reset_device).
    QCOMPARE(
        m_server->clientFor(m_member)->patch(mask, QJsonObject {{"start", "2026-03-01T10:01:00Z"}}).status,
        403);
    r = owner->patch(mask, QJsonObject {{"start", "2026-03-01T10:01:00Z"}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.object().value("start").toString(), QStringLiteral("2026-03-01T10:01:00Z"));
    QVERIFY(r.object().value("end").isNull());
    QCOMPARE(owner->patch(mask, QJsonObject {}).status, 400);
    QCOMPARE(
        owner->patch(mask, QJsonObject {{"start", "2026-03-02T00:00:00Z"}, {"end", "2026-03-01T00:00:00Z"}})
            .status,
        400);
    // mask=1 clips the block's data to the window.
    const HttpReply masked = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/data/?mask=1&filter=")
                                                                + blockStream(1, "5001"));
    QCOMPARE(masked.object().value("count").toInt(), 2);
    QCOMPARE(data(m_member, blockStream(1, "5001")).object().value("count").toInt(), 3);
    QCOMPARE(owner->del(mask).status, 204);
    QVERIFY(owner->get(mask).object().value("start").isNull());

    r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/datablock/%1/extra/").arg(slug));
    QCOMPARE(r.status, 200);
    const QJsonObject counts = r.object().value("stream_counts").toObject();
    QCOMPARE(counts.value(blockStream(1, "5001")).toObject().value("data_cnt").toInt(), 3);
    QCOMPARE(counts.value(blockStream(1, "5001")).toObject().value("event_cnt").toInt(), 1);
    QCOMPARE(counts.value(blockStream(1, "5001")).toObject().value("has_streamid").toBool(), true);
    QCOMPARE(counts.value(blockStream(1, "5002")).toObject().value("data_cnt").toInt(), 2);
    QCOMPARE(
        m_server->clientFor(m_operator)->get(QStringLiteral("/api/v1/datablock/%1/extra/").arg(slug)).status,
        403);
}

QTEST_GUILESS_MAIN(TstDataBlock)
#include "tst_datablock.moc"
