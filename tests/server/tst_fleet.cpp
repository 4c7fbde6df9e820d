#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QJsonArray>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/fleet/: create/edit rights (can_manage_ota), visibility (non-members 404, operators read
// only), list filters, members (register/deregister with always_on and is_access_point) and the org rule.
class TstFleet : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void createRights_data();
    void createRights();
    void createValidation_data();
    void createValidation();
    void visibility_data();
    void visibility();
    void editRights();
    void listFilters_data();
    void listFilters();
    void members();
    void memberRefusals();
    void orgCounts();
    void unclaimedDeviceLeaves();

private:
    QString createFleet(const QString &name, bool network = false);
    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_developer, m_member, m_operator, m_outsider, m_staff;
    Org m_org, m_other;
    Project m_project, m_foreign;
    QString m_fleet; // Gateways: a network fleet made in initTestCase
};

void TstFleet::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_developer = m_server->createUser(QStringLiteral("dev@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_operator = m_server->createUser(QStringLiteral("operator@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Fleet Org"), m_owner);
    seed.member(m_org, m_developer, QStringLiteral("d1"));
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.member(m_org, m_operator, QStringLiteral("r1"));
    m_other = seed.org(QStringLiteral("Other Org"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Site"), m_owner);
    m_foreign = seed.project(m_other, QStringLiteral("Theirs"), m_outsider);
    for (qint64 id : {0x10, 0x11, 0x12, 0x13})
        seed.claim(seed.device(id), m_project, m_owner);
    seed.claim(seed.device(0x20), m_foreign, m_outsider);
    m_fleet = createFleet(QStringLiteral("Gateways"), true);
    QVERIFY(!m_fleet.isEmpty());
}

void TstFleet::cleanupTestCase()
{
    m_server.reset();
}

QString TstFleet::createFleet(const QString &name, bool network)
{
    const HttpReply r =
        m_server->clientFor(m_developer)
            ->post(QStringLiteral("/api/v1/fleet/"),
                   QJsonObject {{"name", name}, {"org", m_org.slug}, {"is_network", network}});
    if (r.status != 201)
        qWarning("fleet create: %d %s", r.status, r.body.constData());
    return r.object().value("slug").toString();
}

void TstFleet::createRights_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    // can_manage_ota: s0 and d1 only, as the original's role table (owners and admins do not have it).
    QTest::newRow("developer") << "developer"
                               << "" << 201;
    QTest::newRow("owner") << "owner"
                           << "" << 403;
    QTest::newRow("member") << "member"
                            << "" << 403;
    QTest::newRow("operator") << "operator"
                              << "" << 403;
    QTest::newRow("outsider") << "outsider"
                              << "" << 403;
    QTest::newRow("staff") << "staff"
                           << "" << 201;
}

void TstFleet::createRights()
{
    QFETCH(QString, who);
    QFETCH(QString, query);
    QFETCH(int, status);
    const QHash<QString, Account> users {{"developer", m_developer}, {"owner", m_owner},
                                         {"member", m_member},       {"operator", m_operator},
                                         {"outsider", m_outsider},   {"staff", m_staff}};
    const HttpReply r = m_server->clientFor(users.value(who))
                            ->post(QStringLiteral("/api/v1/fleet/") + query,
                                   QJsonObject {{"name", QStringLiteral("By %1").arg(who)},
                                                {"org", m_org.slug},
                                                {"description", "  trimmed  "}});
    QCOMPARE(r.status, status);
    if (status == 201) {
        const QJsonObject f = r.object();
        QVERIFY(f.value("slug").toString().startsWith(QLatin1String("g--0000-0000-")));
        QCOMPARE(f.value("name").toString(), QStringLiteral("By %1").arg(who));
        QCOMPARE(f.value("org").toString(), m_org.slug);
        QCOMPARE(f.value("description").toString(), QStringLiteral("trimmed"));
        QCOMPARE(f.value("is_network").toBool(), false);
        QCOMPARE(f.value("created_by").toString(), users.value(who).slug);
        QVERIFY(f.value("id").toInteger() > 0);
        QVERIFY(!f.value("created_on").toString().isEmpty());
    } else {
        QCOMPARE(r.object().value("detail").toString(),
                 QStringLiteral("User has no permissions to manage devices"));
    }
}

void TstFleet::createValidation_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("no name") << QJsonObject {{"org", "fleet-org"}} << "name";
    QTest::newRow("blank name") << QJsonObject {{"name", " "}, {"org", "fleet-org"}} << "name";
    QTest::newRow("long name") << QJsonObject {{"name", QString(51, QLatin1Char('x'))}, {"org", "fleet-org"}}
                               << "name";
    QTest::newRow("no org") << QJsonObject {{"name", "x"}} << "org";
    QTest::newRow("unknown org") << QJsonObject {{"name", "x"}, {"org", "nope"}} << "org";
    QTest::newRow("duplicate") << QJsonObject {{"name", "Gateways"}, {"org", "fleet-org"}}
                               << "non_field_errors";
    QTest::newRow("bad flag") << QJsonObject {{"name", "y"}, {"org", "fleet-org"}, {"is_network", "maybe"}}
                              << "is_network";
}

void TstFleet::createValidation()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    QCOMPARE(m_org.slug, QStringLiteral("fleet-org"));
    const HttpReply r = m_server->clientFor(m_developer)->post(QStringLiteral("/api/v1/fleet/"), body);
    QCOMPARE(r.status, 400);
    QVERIFY2(r.object().contains(field), r.body.constData());
}

void TstFleet::visibility_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::newRow("member") << "member"
                            << "" << 200;
    QTest::newRow("operator") << "operator"
                              << "" << 200;
    QTest::newRow("outsider") << "outsider"
                              << "" << 404;
    QTest::newRow("staff without ?staff") << "staff"
                                          << "" << 404;
    QTest::newRow("staff as staff") << "staff"
                                    << "?staff=1" << 200;
}

void TstFleet::visibility()
{
    QFETCH(QString, who);
    QFETCH(QString, query);
    QFETCH(int, status);
    const QHash<QString, Account> users {
        {"member", m_member}, {"operator", m_operator}, {"outsider", m_outsider}, {"staff", m_staff}};
    auto client = m_server->clientFor(users.value(who));
    QCOMPARE(client->get(QStringLiteral("/api/v1/fleet/%1/%2").arg(m_fleet, query)).status, status);
    QCOMPARE(client->get(QStringLiteral("/api/v1/fleet/%1/devices/%2").arg(m_fleet, query)).status, status);
    // Upper-case slugs are the same fleet (the original's [gG] routes).
    if (status == 200)
        QCOMPARE(client->get(QStringLiteral("/api/v1/fleet/%1/%2").arg(m_fleet.toUpper(), query)).status,
                 200);
    const HttpReply list = client->get(QStringLiteral("/api/v1/fleet/%1").arg(query));
    QCOMPARE(list.status, 200);
    bool listed = false;
    for (const QJsonValue &f : list.object().value("results").toArray())
        listed = listed || f.toObject().value("slug").toString() == m_fleet;
    QCOMPARE(listed, status == 200);
}

void TstFleet::editRights()
{
    const QString slug = createFleet(QStringLiteral("Editable"));
    const QString path = QStringLiteral("/api/v1/fleet/%1/").arg(slug);
    // Operators and members read but do not write (the original let any member edit: see README).
    for (const Account &a : {m_operator, m_member, m_owner}) {
        QCOMPARE(m_server->clientFor(a)->patch(path, QJsonObject {{"name", "Mine"}}).status, 403);
        QCOMPARE(m_server->clientFor(a)->del(path).status, 403);
    }
    QCOMPARE(m_server->clientFor(m_outsider)->patch(path, QJsonObject {{"name", "Mine"}}).status, 404);
    HttpReply r = m_server->clientFor(m_developer)
                      ->patch(path, QJsonObject {{"description", "New"}, {"is_network", true}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("description").toString(), QStringLiteral("New"));
    QCOMPARE(r.object().value("is_network").toBool(), true);
    QCOMPARE(r.object().value("name").toString(), QStringLiteral("Editable"));
    r = m_server->clientFor(m_developer)->patch(path, QJsonObject {{"name", "Gateways"}});
    QCOMPARE(r.status, 400);
    r = m_server->clientFor(m_developer)->put(path, QJsonObject {{"name", "Renamed"}});
    QCOMPARE(r.status, 400); // PUT needs org too
    r = m_server->clientFor(m_developer)->put(path, QJsonObject {{"name", "Renamed"}, {"org", m_org.slug}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("name").toString(), QStringLiteral("Renamed"));
    QCOMPARE(r.object().value("is_network").toBool(), true); // not sent: kept
    // Moving to an org where the caller cannot manage OTA is refused.
    r = m_server->clientFor(m_developer)->patch(path, QJsonObject {{"org", m_other.slug}});
    QCOMPARE(r.status, 403);
    QCOMPARE(m_server->clientFor(m_developer)->del(path).status, 204);
    QCOMPARE(m_server->clientFor(m_developer)->get(path).status, 404);
}

void TstFleet::listFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("network") << "?is_network=true" << 200 << QStringList {"Gateways"};
    QTest::newRow("device") << "?device=d--0000-0000-0000-0010" << 200 << QStringList {"Gateways"};
    QTest::newRow("device not in a fleet") << "?device=d--0000-0000-0000-0012" << 200 << QStringList {};
    QTest::newRow("unknown device") << "?device=d--0000-0000-0000-0999" << 404 << QStringList {};
    QTest::newRow("other org") << "?org=other-org" << 200 << QStringList {};
    QTest::newRow("unknown org") << "?org=nope" << 404 << QStringList {};
}

void TstFleet::listFilters()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QStringList, names);
    auto dev = m_server->clientFor(m_developer);
    if (dev->get(QStringLiteral("/api/v1/fleet/%1/devices/").arg(m_fleet)).object().value("count").toInt()
        == 0)
        QCOMPARE(dev->post(QStringLiteral("/api/v1/fleet/%1/register/").arg(m_fleet),
                           QJsonObject {{"device", "d--0000-0000-0000-0010"}, {"is_access_point", true}})
                     .status,
                 201);
    const HttpReply r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/fleet/") + query);
    QCOMPARE(r.status, status);
    if (status != 200)
        return;
    QStringList got;
    for (const QJsonValue &f : r.object().value("results").toArray())
        got << f.toObject().value("name").toString();
    QCOMPARE(got, names);
}

void TstFleet::members()
{
    const QString slug = createFleet(QStringLiteral("Members"));
    const QString base = QStringLiteral("/api/v1/fleet/%1/").arg(slug);
    auto dev = m_server->clientFor(m_developer);
    HttpReply r =
        dev->post(base + "register/",
                  QJsonObject {{"device", "d--0011"}, {"always_on", true}, {"is_access_point", true}});
    QCOMPARE(r.status, 201);
    QCOMPARE(
        r.object(),
        (QJsonObject {{"device", "d--0000-0000-0000-0011"}, {"always_on", true}, {"is_access_point", true}}));
    r = dev->post(base + "register/", QJsonObject {{"device", "d--0000-0000-0000-0012"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("always_on").toBool(), false);
    r = dev->post(base + "register/", QJsonObject {{"device", "d--0000-0000-0000-0012"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object().value("error").toString(),
             QStringLiteral("Device d--0000-0000-0000-0012 already exists in fleet"));
    // Operators read the members.
    r = m_server->clientFor(m_operator)->get(base + "devices/");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 2);
    const QJsonArray rows = r.object().value("results").toArray();
    QCOMPARE(
        rows.at(0).toObject(),
        (QJsonObject {{"device", "d--0000-0000-0000-0011"}, {"always_on", true}, {"is_access_point", true}}));
    QCOMPARE(rows.at(1).toObject().value("device").toString(), QStringLiteral("d--0000-0000-0000-0012"));
    // The device's fleets.
    r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/fleet/?device=d--0000-0000-0000-0011"));
    QCOMPARE(r.object().value("count").toInt(), 1);
    r = dev->post(base + "deregister/", QJsonObject {{"device", "d--0000-0000-0000-0011"}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.object().value("device").toString(), QStringLiteral("d--0000-0000-0000-0011"));
    r = dev->post(base + "deregister/", QJsonObject {{"device", "d--0000-0000-0000-0011"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object().value("error").toString(), QStringLiteral("Device not found"));
    QCOMPARE(dev->get(base + "devices/").object().value("count").toInt(), 1);
}

void TstFleet::memberRefusals()
{
    const QString base = QStringLiteral("/api/v1/fleet/%1/").arg(m_fleet);
    const QJsonObject body {{"device", "d--0000-0000-0000-0012"}};
    // Only whoever manages OTA changes members.
    for (const Account &a : {m_member, m_operator, m_owner}) {
        QCOMPARE(m_server->clientFor(a)->post(base + "register/", body).status, 403);
        QCOMPARE(m_server->clientFor(a)->post(base + "deregister/", body).status, 403);
    }
    QCOMPARE(m_server->clientFor(m_outsider)->post(base + "register/", body).status, 404);
    auto dev = m_server->clientFor(m_developer);
    HttpReply r = dev->post(base + "register/", QJsonObject {{"device", "d--0000-0000-0000-0020"}});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("error").toString(), QStringLiteral("User has no access to Device"));
    r = dev->post(base + "register/", QJsonObject {{"device", "d--0000-0000-0000-0999"}});
    QCOMPARE(r.status, 400);
    QVERIFY(r.object().contains("device"));
    QCOMPARE(dev->post(base + "register/", QJsonObject {}).status, 400);
    // Staff reach every device, yet a fleet only takes devices of its org (the original's model rule,
    // which its API skipped).
    r = m_server->clientFor(m_staff)->post(base + "register/?staff=1",
                                           QJsonObject {{"device", "d--0000-0000-0000-0020"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object().value("error").toString(),
             QStringLiteral("Device and Fleet must be part of same Org"));
}

void TstFleet::orgCounts()
{
    const HttpReply r =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/org/%1/extra/").arg(m_org.slug));
    QCOMPARE(r.status, 200);
    const QJsonObject counts = r.object().value("counts").toObject();
    const HttpReply all =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/fleet/?org=%1").arg(m_org.slug));
    QCOMPARE(counts.value("fleets").toInt(), all.object().value("count").toInt());
    const HttpReply networks = m_server->clientFor(m_member)->get(
        QStringLiteral("/api/v1/fleet/?org=%1&is_network=1").arg(m_org.slug));
    QCOMPARE(counts.value("networks").toInt(), networks.object().value("count").toInt());
    QVERIFY(counts.value("networks").toInt() >= 1);
}

void TstFleet::unclaimedDeviceLeaves()
{
    const QString slug = createFleet(QStringLiteral("Leavers"));
    auto dev = m_server->clientFor(m_developer);
    QCOMPARE(dev->post(QStringLiteral("/api/v1/fleet/%1/register/").arg(slug),
                       QJsonObject {{"device", "d--0000-0000-0000-0013"}})
                 .status,
             201);
    QCOMPARE(dev->get(QStringLiteral("/api/v1/fleet/%1/devices/").arg(slug)).object().value("count").toInt(),
             1);
    QCOMPARE(m_server->clientFor(m_owner)
                 ->post(QStringLiteral("/api/v1/device/d--0000-0000-0000-0013/unclaim/"), QJsonObject {})
                 .status,
             202);
    // A device that left the org left its fleets (and their deployments) with it.
    QCOMPARE(dev->get(QStringLiteral("/api/v1/fleet/%1/devices/").arg(slug)).object().value("count").toInt(),
             0);
    const HttpReply r = m_server->clientFor(m_staff)->get(
        QStringLiteral("/api/v1/fleet/?staff=1&device=d--0000-0000-0000-0013"));
    QCOMPARE(r.object().value("count").toInt(), 0);
}

QTEST_GUILESS_MAIN(TstFleet)
#include "tst_fleet.moc"
