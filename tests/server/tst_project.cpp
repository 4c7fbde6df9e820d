#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/project/: by UUID, the original's filters, who may create, change and delete.
class TstProject : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void create_data();
    void create();
    void createRejects_data();
    void createRejects();
    void gidsAreSequential();
    void lookupByUuidOnly();
    void listFilters_data();
    void listFilters();
    void updateAndMove();
    void deleteRules();
    void extraCounts();
    void newFromDevice();

private:
    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_developer, m_outsider, m_staff;
    Org m_org, m_other;
};

void TstProject::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_developer = m_server->createUser(QStringLiteral("dev@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Field Ops"), m_owner);
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.member(m_org, m_developer, QStringLiteral("d1"));
    m_other = seed.org(QStringLiteral("Elsewhere"), m_outsider);
}

void TstProject::cleanupTestCase()
{
    m_server.reset();
}

void TstProject::create_data()
{
    QTest::addColumn<int>("who");
    QTest::addColumn<int>("status");
    QTest::newRow("owner") << 0 << 201;
    QTest::newRow("member") << 1 << 403;
    QTest::newRow("developer") << 2 << 201;
    QTest::newRow("outsider") << 3 << 403;
    QTest::newRow("staff") << 4 << 201;
}

void TstProject::create()
{
    QFETCH(int, who);
    QFETCH(int, status);
    const Account *accounts[] = {&m_owner, &m_member, &m_developer, &m_outsider, &m_staff};
    const HttpReply r = m_server->clientFor(*accounts[who])
                            ->post(QStringLiteral("/api/v1/project/"),
                                   QJsonObject {{"name", "Station A"}, {"org", m_org.slug}, {"about", "a"}});
    QCOMPARE(r.status, status);
    if (status != 201)
        return;
    const QJsonObject p = r.object();
    QCOMPARE(p.value("org").toString(), m_org.slug);
    QCOMPARE(p.value("name").toString(), QStringLiteral("Station A"));
    QVERIFY(p.value("slug").toString().startsWith(QLatin1String("p--0000-")));
    QCOMPARE(p.value("gid").toString(), p.value("slug").toString().mid(3));
    QCOMPARE(p.value("id").toString().size(), 36);
    QCOMPARE(p.value("created_by").toString(), accounts[who]->slug);
}

void TstProject::createRejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("no name") << QJsonObject {{"org", "field-ops"}}
                             << QByteArray(R"({"name":["This field is required."]})");
    QTest::newRow("no org") << QJsonObject {{"name", "x"}}
                            << QByteArray(R"({"org":["This field is required."]})");
    QTest::newRow("unknown org") << QJsonObject {{"name", "x"}, {"org", "nope"}}
                                 << QByteArray(R"({"org":["Object with slug=nope does not exist."]})");
    QTest::newRow("unknown template")
        << QJsonObject {{"name", "x"}, {"org", "field-ops"}, {"project_template", "nope"}}
        << QByteArray(R"({"project_template":["Object with slug=nope does not exist."]})");
}

void TstProject::createRejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(QByteArray, expected);
    const HttpReply r = m_server->clientFor(m_owner)->post(QStringLiteral("/api/v1/project/"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, expected);
}

void TstProject::gidsAreSequential()
{
    auto client = m_server->clientFor(m_owner);
    const QString a =
        client->post(QStringLiteral("/api/v1/project/"), QJsonObject {{"name", "G1"}, {"org", m_org.slug}})
            .object()
            .value("slug")
            .toString();
    const QString b =
        client->post(QStringLiteral("/api/v1/project/"), QJsonObject {{"name", "G2"}, {"org", m_org.slug}})
            .object()
            .value("slug")
            .toString();
    QCOMPARE(b.mid(3).remove(QLatin1Char('-')).toInt(nullptr, 16),
             a.mid(3).remove(QLatin1Char('-')).toInt(nullptr, 16) + 1);
}

void TstProject::lookupByUuidOnly()
{
    Seed seed(*m_server);
    const Project p = seed.project(m_org, QStringLiteral("Lookup"), m_owner);
    auto client = m_server->clientFor(m_member);
    HttpReply r = client->get(QStringLiteral("/api/v1/project/%1/").arg(p.uuid));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("slug").toString(), p.slug);
    r = client->get(QStringLiteral("/api/v1/project/%1/").arg(p.slug));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"(["Project ID must be a UUID"])"));
    QCOMPARE(client->get(QStringLiteral("/api/v1/project/00000000-0000-0000-0000-000000000000/")).status,
             404);
    // Another org's project is hidden, not refused.
    QCOMPARE(m_server->clientFor(m_outsider)->get(QStringLiteral("/api/v1/project/%1/").arg(p.uuid)).status,
             404);
    QCOMPARE(m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/project/%1/").arg(p.uuid)).status,
             404);
    QCOMPARE(
        m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/project/%1/?staff=1").arg(p.uuid)).status,
        200);
}

void TstProject::listFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("by org") << QStringLiteral("?org=elsewhere") << 200 << QStringList {};
    QTest::newRow("unknown org") << QStringLiteral("?org=nowhere") << 404 << QStringList {};
    QTest::newRow("by name") << QStringLiteral("?name=Filter%20Me") << 200
                             << QStringList {QStringLiteral("Filter Me")};
    QTest::newRow("by property") << QStringLiteral("?property=site") << 200
                                 << QStringList {QStringLiteral("Filter Me")};
    QTest::newRow("by property value")
        << QStringLiteral("?property=site__north") << 200 << QStringList {QStringLiteral("Filter Me")};
    QTest::newRow("by other property value")
        << QStringLiteral("?property=site__south") << 200 << QStringList {};
}

void TstProject::listFilters()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QStringList, names);
    Seed seed(*m_server);
    static bool seeded = false;
    if (!seeded) {
        const Project p = seed.project(m_org, QStringLiteral("Filter Me"), m_owner);
        seed.project(m_other, QStringLiteral("Outsider Project"), m_outsider);
        SqlQuery q = seed.db().query("INSERT INTO properties (target, name, value, type, created_on) VALUES "
                                     "(?, 'site', 'north', 'str', 0)");
        q.bind(p.slug);
        QVERIFY(q.exec());
        seeded = true;
    }
    const HttpReply r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/project/") + query);
    QCOMPARE(r.status, status);
    if (status != 200)
        return;
    QStringList got;
    for (const QJsonValue &v : r.object().value("results").toArray())
        got << v.toObject().value("name").toString();
    QCOMPARE(got, names);
}

void TstProject::updateAndMove()
{
    Seed seed(*m_server);
    const Project p = seed.project(m_org, QStringLiteral("Rename Me"), m_owner);
    const QString url = QStringLiteral("/api/v1/project/%1/").arg(p.uuid);
    QCOMPARE(m_server->clientFor(m_member)->patch(url, QJsonObject {{"name", "x"}}).status, 403);
    HttpReply r = m_server->clientFor(m_owner)->patch(
        url, QJsonObject {{"name", "Renamed"}, {"data_retention_days", 30}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("name").toString(), QStringLiteral("Renamed"));
    QCOMPARE(r.object().value("slug").toString(), p.slug); // slugs stay
    QCOMPARE(r.object().value("data_retention_days").toInt(), 30);
    // Moving to an org where the caller has no rights is refused.
    QCOMPARE(m_server->clientFor(m_owner)->patch(url, QJsonObject {{"org", "elsewhere"}}).status, 403);
    QCOMPARE(m_server->clientFor(m_owner)->put(url, QJsonObject {{"about", "no name"}}).status, 400);
}

void TstProject::deleteRules()
{
    Seed seed(*m_server);
    const Project p = seed.project(m_org, QStringLiteral("Delete Me"), m_owner);
    const Device d = seed.claim(seed.device(0x7001), p, m_owner);
    const QString url = QStringLiteral("/api/v1/project/%1/").arg(p.uuid);
    const HttpReply r = m_server->clientFor(m_owner)->del(url);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"error":"Restricted Access. Contact Arch"})"));
    // Staff outside the org ask as staff (the original's queryset scoping).
    QCOMPARE(m_server->clientFor(m_staff)->del(url).status, 404);
    QCOMPARE(m_server->clientFor(m_staff)->del(url + QStringLiteral("?staff=1")).status, 204);
    QCOMPARE(m_server->clientFor(m_owner)->get(url).status, 404);
    // Its devices are released, not deleted.
    const HttpReply device =
        m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/device/%1/").arg(d.slug));
    QCOMPARE(device.status, 200);
    QVERIFY(device.object().value("project").isNull());
}

void TstProject::extraCounts()
{
    Seed seed(*m_server);
    const SensorGraph sg =
        seed.sensorGraph(QStringLiteral("Counter"), {QStringLiteral("5001"), QStringLiteral("5002")});
    const Project p = seed.project(m_org, QStringLiteral("Counted"), m_owner);
    seed.claim(seed.device(0x7101, &sg), p, m_owner);
    Device off = seed.claim(seed.device(0x7102, &sg), p, m_owner);
    QCOMPARE(m_server->clientFor(m_owner)
                 ->patch(QStringLiteral("/api/v1/device/%1/").arg(off.slug), QJsonObject {{"active", false}})
                 .status,
             200);
    const HttpReply r =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/project/%1/extra/").arg(p.uuid));
    QCOMPARE(r.status, 200);
    const QJsonObject counts = r.object().value("counts").toObject();
    QCOMPARE(counts.value("active_devices").toInt(), 1);
    QCOMPARE(counts.value("inactive_devices").toInt(), 1);
    QCOMPARE(counts.value("variables").toInt(), 2);
    QCOMPARE(counts.value("streams").toInt(), 4);
}

void TstProject::newFromDevice()
{
    Seed seed(*m_server);
    auto client = m_server->clientFor(m_owner);
    HttpReply r = client->post(QStringLiteral("/api/v1/project/new/"),
                               QJsonObject {{"name", "Quick"}, {"org", m_org.slug}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().keys(), QStringList {QStringLiteral("id")});
    QCOMPARE(client->get(QStringLiteral("/api/v1/project/%1/").arg(r.object().value("id").toString())).status,
             200);
    const Device bare = seed.device(0x7201);
    r = client->post(QStringLiteral("/api/v1/project/new/"),
                     QJsonObject {{"name", "Quick"}, {"org", m_org.slug}, {"device", bare.slug}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"("Device not properly setup. Contact Arch Support")"));
}

QTEST_GUILESS_MAIN(TstProject)
#include "tst_project.moc"
