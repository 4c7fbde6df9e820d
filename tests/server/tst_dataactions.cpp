#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/blob/blobstore.h"
#include "server/store/database.h"
#include "server/worker/jobrunner.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QLoggingCategory>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// The original's device data actions over real HTTP: reset (data clear) and trim, both scheduled as
// worker jobs, and deleting a range of one stream's data (org admins and staff).
class TstDataActions : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void resetRefusals_data();
    void resetRefusals();
    void resetClearsEverything();
    void partialResetKeepsWhatItWasTold();
    void trimRefusals_data();
    void trimRefusals();
    void trimKeepsTheWindowAndExcludedStreams();
    void deleteRangeRefusals_data();
    void deleteRangeRefusals();
    void deleteRange();
    void staffDeletesStreamWithoutStreamId();
    void deletedEventsTakeTheirFiles();

private:
    int runJobs();
    SqlConnection &db() { return **m_server->context().db().connection(); }
    qint64 countSql(const QString &sql, const QString &bind);
    qint64 count(const QString &filter, const QString &kind = QStringLiteral("data"));
    Account account(const QString &who) const;
    void exec(const QString &sql, const QString &bind);
    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_admin, m_member, m_operator, m_outsider, m_staff;
    Org m_org;
    Project m_project;
    SensorGraph m_sg;
    Device m_device;
    QString m_s1, m_s2, m_system, m_trip;
    qint64 m_t0 = 0;
};

int TstDataActions::runJobs()
{
    JobRunner runner(m_server->context(), QStringLiteral("actions-test"), RunnerOptions {});
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

qint64 TstDataActions::countSql(const QString &sql, const QString &bind)
{
    SqlQuery q = db().query(sql);
    q.bind(bind);
    auto n = q.scalarInt64();
    return n ? *n : -1;
}

void TstDataActions::exec(const QString &sql, const QString &bind)
{
    SqlQuery q = db().query(sql);
    q.bind(bind);
    if (!q.exec())
        qFatal("seed SQL failed: %s", qPrintable(sql));
}

qint64 TstDataActions::count(const QString &filter, const QString &kind)
{
    const HttpReply r =
        m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/%1/?filter=%2").arg(kind, filter));
    return r.status == 200 ? r.object().value("count").toInteger() : -1;
}

Account TstDataActions::account(const QString &who) const
{
    const std::map<QString, Account> accounts {{"owner", m_owner},       {"admin", m_admin},
                                               {"member", m_member},     {"operator", m_operator},
                                               {"outsider", m_outsider}, {"staff", m_staff}};
    return accounts.at(who);
}

void TstDataActions::initTestCase()
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
    m_org = seed.org(QStringLiteral("Action Org"), m_owner);
    seed.member(m_org, m_admin, QStringLiteral("a1"));
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.member(m_org, m_operator, QStringLiteral("r1"));
    seed.org(QStringLiteral("Elsewhere"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Action Project"), m_owner);
    m_sg = seed.sensorGraph(QStringLiteral("Action SG"), {QStringLiteral("5001"), QStringLiteral("5002")});
    m_device = seed.claim(seed.device(0xa1, &m_sg), m_project, m_owner);
    // TRIP_START (0e00): a stream trims never touch.
    const Variable trip = seed.variable(m_project, 0x0e00, QStringLiteral("Trip Start"));
    m_trip = seed.stream(m_device, m_project, trip).slug;
    const QString p = m_project.slug.mid(3);
    m_s1 = QStringLiteral("s--%1--%2--5001").arg(p, m_device.slug.mid(3));
    m_s2 = QStringLiteral("s--%1--%2--5002").arg(p, m_device.slug.mid(3));
    m_system = QStringLiteral("s--%1--%2--5c00").arg(p, m_device.slug.mid(3));
    m_t0 = *isotime::parse(QByteArrayView("2026-02-01T00:00:00Z"));
}

void TstDataActions::cleanupTestCase()
{
    m_server.reset();
}

// Every test starts from the same device: ten points an hour apart on 5001, 5002, 0e00 and the
// stream-id-less 5c00, an event on 5001 and 5002, properties, notes, a location and a mask.
void TstDataActions::init()
{
    for (const QString &s : {m_s1, m_s2, m_system, m_trip}) {
        auto staff = m_server->clientFor(m_staff);
        const HttpReply r =
            staff->post(QStringLiteral("/api/v1/stream/%1/data/delete/").arg(s), QJsonObject {});
        QVERIFY2(r.status == 200, r.body.constData());
    }
    QJsonArray points;
    for (const QString &s : {m_s1, m_s2, m_system, m_trip})
        for (int i = 0; i < 10; ++i)
            points.append(
                QJsonObject {{"stream", s},
                             {"timestamp", isotime::toString(m_t0 + i * (3600 * isotime::kMicrosPerSecond))},
                             {"int_value", i}});
    auto owner = m_server->clientFor(m_owner);
    QCOMPARE(owner->post(QStringLiteral("/api/v1/data/"), points).status, 201);
    QJsonArray events;
    for (const QString &s : {m_s1, m_s2})
        events.append(QJsonObject {
            {"stream", s}, {"timestamp", isotime::toString(m_t0 + (3600 * isotime::kMicrosPerSecond))}});
    QCOMPARE(owner->post(QStringLiteral("/api/v1/event/"), events).status, 201);
    exec(QStringLiteral("DELETE FROM properties WHERE target = ?"), m_device.slug);
    exec(QStringLiteral("DELETE FROM notes WHERE target = ?"), m_device.slug);
    exec(QStringLiteral("DELETE FROM locations WHERE target = ?"), m_device.slug);
    exec(QStringLiteral("INSERT INTO properties (target, name, value, is_system, created_on) VALUES "
                        "(?, 'Customer', 'ACME', {FALSE}, 1)"),
         m_device.slug);
    exec(QStringLiteral("INSERT INTO properties (target, name, value, is_system, created_on) VALUES "
                        "(?, 'Firmware', '2.1', {TRUE}, 1)"),
         m_device.slug);
    exec(QStringLiteral(
             "INSERT INTO notes (target, timestamp, note, type, created_on) VALUES (?, 1, 'hi', 'ui', 1)"),
         m_device.slug);
    exec(QStringLiteral("INSERT INTO locations (target, timestamp, lat, lon) VALUES (?, 1, '1.5', '2.5')"),
         m_device.slug);
    QCOMPARE(
        owner
            ->patch(QStringLiteral("/api/v1/device/%1/mask/").arg(m_device.slug),
                    QJsonObject {{"start", isotime::toString(m_t0 + (3600 * isotime::kMicrosPerSecond))}})
            .status,
        202);
    QCOMPARE(count(m_device.slug), 40);
}

void TstDataActions::resetRefusals_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::newRow("member lacks can_reset_device") << "member" << QJsonObject {} << 403;
    QTest::newRow("operator") << "operator" << QJsonObject {} << 403;
    QTest::newRow("outsider") << "outsider" << QJsonObject {} << 403;
    QTest::newRow("bad flag") << "owner" << QJsonObject {{"full", "perhaps"}} << 400;
}

void TstDataActions::resetRefusals()
{
    QFETCH(QString, who);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    const QString url = QStringLiteral("/api/v1/device/%1/reset/").arg(m_device.slug);
    QCOMPARE(m_server->clientFor(account(who))->post(url, body).status, status);
    QCOMPARE(m_server->anonymous()->post(url, body).status, 401);
    QCOMPARE(m_server->clientFor(m_owner)
                 ->post(QStringLiteral("/api/v1/device/d--0000-0000-0000-0fff/reset/"), body)
                 .status,
             404);
    QCOMPARE(runJobs(), 0);
}

void TstDataActions::resetClearsEverything()
{
    auto owner = m_server->clientFor(m_owner);
    const QString device = QStringLiteral("/api/v1/device/%1/").arg(m_device.slug);
    HttpReply r = owner->post(device + QStringLiteral("reset/"), QJsonObject {});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.object().value("reset").toString(), QStringLiteral("scheduled"));
    QVERIFY(r.object().value("pid").toString().startsWith("pid:"));
    QCOMPARE(owner->get(device).object().value("state").toString(), QStringLiteral("B0"));
    r = owner->post(device + QStringLiteral("reset/"), QJsonObject {});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("detail").toString(),
             QStringLiteral("Device is busy. Operation cannot be completed at this time"));
    QCOMPARE(
        owner->post(device + QStringLiteral("trim/"), QJsonObject {{"start", "2026-01-01T00:00:00Z"}}).status,
        403);

    QCOMPARE(runJobs(), 1);
    QCOMPARE(owner->get(device).object().value("state").toString(), QStringLiteral("N1"));
    // Full reset: every point and event of the device in its project, stream id or not.
    QCOMPARE(count(m_device.slug), 0);
    QCOMPARE(count(m_system), 0);
    QCOMPARE(count(m_s1, QStringLiteral("event")), 0);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM properties WHERE target = ?"), m_device.slug), 1);
    QCOMPARE(
        countSql(QStringLiteral("SELECT count(*) FROM properties WHERE target = ? AND is_system = {TRUE}"),
                 m_device.slug),
        1);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM notes WHERE target = ? AND type = 'ui'"),
                      m_device.slug),
             0);
    QCOMPARE(
        countSql(QStringLiteral("SELECT count(*) FROM notes WHERE target = ? AND note = 'Device data was "
                                "cleared'"),
                 m_device.slug),
        1);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM locations WHERE target = ?"), m_device.slug), 0);
    QVERIFY(owner->get(device + QStringLiteral("mask/")).object().value("start").isNull());
    // The device's stream ids stay.
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM streams WHERE slug = ?"), m_s1), 1);
}

void TstDataActions::partialResetKeepsWhatItWasTold()
{
    auto admin = m_server->clientFor(m_admin);
    const HttpReply r = admin->post(
        QStringLiteral("/api/v1/device/%1/reset/").arg(m_device.slug),
        QJsonObject {{"full", false}, {"include_properties", false}, {"include_notes_and_locations", false}});
    QCOMPARE(r.status, 202);
    QCOMPARE(runJobs(), 1);
    // Only data with stream ids went: system data without one stays.
    QCOMPARE(count(m_s1), 0);
    QCOMPARE(count(m_trip), 0);
    QCOMPARE(count(m_system), 10);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM properties WHERE target = ?"), m_device.slug), 2);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM notes WHERE target = ? AND type = 'ui'"),
                      m_device.slug),
             1);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM locations WHERE target = ?"), m_device.slug), 1);
}

void TstDataActions::trimRefusals_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    const QJsonObject ok {{"start", "2026-02-01T02:00:00Z"}};
    QTest::newRow("operator lacks can_modify_device") << "operator" << ok << 403 << "";
    QTest::newRow("outsider") << "outsider" << ok << 403 << "";
    QTest::newRow("no bound") << "owner" << QJsonObject {} << 400
                              << "At least one of start/end should be defined";
    QTest::newRow("start after end") << "owner"
                                     << QJsonObject {{"start", "2026-02-02T00:00:00Z"},
                                                     {"end", "2026-02-01T00:00:00Z"}}
                                     << 400 << "Start is after end";
    QTest::newRow("bad date") << "owner" << QJsonObject {{"start", "yesterday"}} << 400 << "";
}

void TstDataActions::trimRefusals()
{
    QFETCH(QString, who);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    const HttpReply r = m_server->clientFor(account(who))
                            ->post(QStringLiteral("/api/v1/device/%1/trim/").arg(m_device.slug), body);
    QCOMPARE(r.status, status);
    if (!error.isEmpty())
        QCOMPARE(r.object().value("non_field_errors").toArray().first().toString(), error);
    QCOMPARE(runJobs(), 0);
}

void TstDataActions::trimKeepsTheWindowAndExcludedStreams()
{
    // Members may trim (can_modify_device); the window is [start, end], both kept.
    const HttpReply r = m_server->clientFor(m_member)->post(
        QStringLiteral("/api/v1/device/%1/trim/").arg(m_device.slug),
        QJsonObject {{"start", "2026-02-01T02:00:00Z"}, {"end", "2026-02-01T05:00:00Z"}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.object(), (QJsonObject {{"trim", "scheduled"}}));
    QCOMPARE(runJobs(), 1);
    QCOMPARE(count(m_s1), 4); // hours 2, 3, 4, 5
    QCOMPARE(count(m_s2), 4);
    QCOMPARE(count(m_s1, QStringLiteral("event")), 0); // hour 1
    QCOMPARE(count(m_trip), 10); // excluded from trims
    QCOMPARE(count(m_system), 10); // no stream id: not one of the device's streams
    QCOMPARE(
        countSql(QStringLiteral("SELECT count(*) FROM notes WHERE target = ? AND note LIKE 'Device data trim "
                                "task executed ( start: 2026-02-01T02:00:00Z end: 2026-02-01T05:00:00Z )%'"),
                 m_device.slug),
        1);
    // Only an end: everything after it goes.
    QCOMPARE(m_server->clientFor(m_owner)
                 ->post(QStringLiteral("/api/v1/device/%1/trim/").arg(m_device.slug),
                        QJsonObject {{"end", "2026-02-01T03:00:00Z"}})
                 .status,
             202);
    QCOMPARE(runJobs(), 1);
    QCOMPARE(count(m_s1), 2);
}

void TstDataActions::deleteRangeRefusals_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("slug");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    const QString s1 = QStringLiteral("s--0000-0001--0000-0000-0000-00a1--5001");
    QTest::newRow("member is no admin") << "member" << s1 << QJsonObject {} << 403;
    QTest::newRow("operator") << "operator" << s1 << QJsonObject {} << 403;
    QTest::newRow("outsider") << "outsider" << s1 << QJsonObject {} << 403;
    QTest::newRow("no stream id") << "owner" << QStringLiteral("s--0000-0001--0000-0000-0000-00a1--5c00")
                                  << QJsonObject {} << 404;
    QTest::newRow("not a stream slug")
        << "owner" << QStringLiteral("d--0000-0000-0000-00a1") << QJsonObject {} << 404;
    QTest::newRow("start after end") << "owner" << s1
                                     << QJsonObject {{"start", "2026-02-02T00:00:00Z"},
                                                     {"end", "2026-02-01T00:00:00Z"}}
                                     << 400;
    QTest::newRow("bad date") << "owner" << s1 << QJsonObject {{"end", "soon"}} << 400;
}

void TstDataActions::deleteRangeRefusals()
{
    QFETCH(QString, who);
    QFETCH(QString, slug);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    slug.replace(QStringLiteral("0000-0001"), m_project.slug.mid(3));
    const QString url = QStringLiteral("/api/v1/stream/%1/data/delete/").arg(slug);
    QCOMPARE(m_server->clientFor(account(who))->post(url, body).status, status);
    QCOMPARE(count(m_device.slug), 40);
}

void TstDataActions::deleteRange()
{
    auto admin = m_server->clientFor(m_admin);
    const QString url = QStringLiteral("/api/v1/stream/%1/data/delete/").arg(m_s1);
    // Preview: what a delete of [start, end] (both included) would take.
    HttpReply r = admin->get(url + QStringLiteral("?start=2026-02-01T01:00:00Z&end=2026-02-01T03:00:00Z"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("data_count").toInt(), 3);
    QCOMPARE(r.object().value("event_count").toInt(), 1);
    QCOMPARE(count(m_s1), 10);
    r = admin->post(url, QJsonObject {{"start", "2026-02-01T01:00:00Z"}, {"end", "2026-02-01T03:00:00Z"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("data_count").toInt(), 3);
    QCOMPARE(r.object().value("event_count").toInt(), 1);
    QCOMPARE(r.object().value("stream_deleted").toBool(), false);
    QCOMPARE(count(m_s1), 7);
    QCOMPARE(count(m_s2), 10);
    // Open start: from the beginning.
    r = m_server->clientFor(m_owner)->post(url, QJsonObject {{"end", "2026-02-01T05:00:00Z"}});
    QCOMPARE(r.object().value("data_count").toInt(), 3); // hours 0, 4, 5
    QCOMPARE(count(m_s1), 4);
    // Everything, and the stream id with it.
    r = admin->post(url, QJsonObject {{"delete_stream", true}});
    QCOMPARE(r.object().value("data_count").toInt(), 4);
    QCOMPARE(r.object().value("stream_deleted").toBool(), true);
    QCOMPARE(countSql(QStringLiteral("SELECT count(*) FROM streams WHERE slug = ?"), m_s1), 0);
    QCOMPARE(admin->post(url, QJsonObject {}).status, 404);
}

void TstDataActions::staffDeletesStreamWithoutStreamId()
{
    auto staff = m_server->clientFor(m_staff);
    const QString url = QStringLiteral("/api/v1/stream/%1/data/delete/").arg(m_system);
    HttpReply r = staff->get(url);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("data_count").toInt(), 10);
    r = staff->post(url, QJsonObject {{"start", "2026-02-01T08:00:00Z"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("data_count").toInt(), 2);
    QCOMPARE(count(m_system), 8);
}

void TstDataActions::deletedEventsTakeTheirFiles()
{
    BlobStore &blobs = m_server->context().blobs();
    const qsizetype before = blobs.list()->size();
    const HttpReply posted = m_server->clientFor(m_owner)->post(
        QStringLiteral("/api/v1/event/"),
        QJsonObject {{"stream", m_s2},
                     {"timestamp", "2026-02-01T02:00:00Z"},
                     {"data", QJsonObject {{"trip", QJsonArray {1, 2, 3}}}}});
    QCOMPARE(posted.status, 201);
    QCOMPARE(posted.object().value("has_raw_data").toBool(), true);
    QCOMPARE(blobs.list()->size(), before + 1);
    const HttpReply r = m_server->clientFor(m_admin)->post(
        QStringLiteral("/api/v1/stream/%1/data/delete/").arg(m_s2),
        QJsonObject {{"start", "2026-02-01T02:00:00Z"}, {"end", "2026-02-01T02:00:00Z"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("data_count").toInt(), 1);
    QCOMPARE(r.object().value("event_count").toInt(), 1);
    // The event's file went with its row.
    QCOMPARE(blobs.list()->size(), before);
}

QTEST_GUILESS_MAIN(TstDataActions)
#include "tst_dataactions.moc"
