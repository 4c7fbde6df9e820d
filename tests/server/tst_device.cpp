#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/device/: lookup by flexible slugs, visibility, filters, and the claim / unclaim / move flow
// that creates streams from the device's sensor graph.
class TstDevice : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void createIsStaffOnly();
    void lookupSlugs_data();
    void lookupSlugs();
    void otherOrgIsForbiddenNotHidden();
    void listFilters_data();
    void listFilters();
    void claimFlow();
    void claimRefusals();
    void unclaimCleansStreams();
    void moveRekeysStreams();
    void patchRules();
    void healthAndStatus();

private:
    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_operator, m_outsider, m_staff;
    Org m_org, m_other;
    Project m_project, m_project2, m_foreign;
    SensorGraph m_sg;
};

void TstDevice::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_operator = m_server->createUser(QStringLiteral("operator@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Meters"), m_owner);
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.member(m_org, m_operator, QStringLiteral("r1"));
    m_other = seed.org(QStringLiteral("Foreign"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Site 1"), m_owner);
    m_project2 = seed.project(m_org, QStringLiteral("Site 2"), m_owner);
    m_foreign = seed.project(m_other, QStringLiteral("Theirs"), m_outsider);
    const VarType water = seed.varType(QStringLiteral("Water Volume"), 3785, 1000, 1, 1);
    m_sg = seed.sensorGraph(QStringLiteral("Water Meter"), {QStringLiteral("5001"), QStringLiteral("5002")},
                            &water);
    SqlQuery dt =
        seed.db().query("INSERT INTO device_templates (uuid, external_sku, slug, created_on) VALUES "
                        "('7f9e1c6e-0000-4000-8000-000000000001', 'Water Meter', 'water-meter-v1-0-0', 0)");
    QVERIFY(dt.exec());
    seed.claim(seed.device(0x10, &m_sg, QStringLiteral("ten")), m_project, m_owner);
    seed.claim(seed.device(0x11, &m_sg, QStringLiteral("eleven")), m_project2, m_owner);
    seed.claim(seed.device(0x20, &m_sg, QStringLiteral("theirs")), m_foreign, m_outsider);
    seed.device(0x30, &m_sg, QStringLiteral("unclaimed"));
}

void TstDevice::cleanupTestCase()
{
    m_server.reset();
}

void TstDevice::createIsStaffOnly()
{
    const QJsonObject body {
        {"id", 0x400}, {"template", "water-meter-v1-0-0"}, {"sg", m_sg.slug}, {"label", "new"}};
    HttpReply r = m_server->clientFor(m_owner)->post(QStringLiteral("/api/v1/device/"), body);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, QByteArray(R"({"error":"Restricted Access. Contact Arch"})"));
    auto staff = m_server->clientFor(m_staff);
    QCOMPARE(staff->post(QStringLiteral("/api/v1/device/"), body).status, 403); // staff must ask as staff
    r = staff->post(QStringLiteral("/api/v1/device/?staff=1"), body);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("d--0000-0000-0000-0400"));
    QCOMPARE(r.object().value("gid").toString(), QStringLiteral("0000-0000-0400"));
    QCOMPARE(r.object().value("template").toString(), QStringLiteral("water-meter-v1-0-0"));
    QCOMPARE(r.object().value("sg").toString(), m_sg.slug);
    QVERIFY(r.object().value("project").isNull());
    QCOMPARE(r.object().value("state").toString(), QStringLiteral("N1"));
    QCOMPARE(r.object().value("busy").toBool(), false);
    r = staff->post(QStringLiteral("/api/v1/device/?staff=1"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(
        staff->post(QStringLiteral("/api/v1/device/?staff=1"), QJsonObject {{"label", "no template"}}).status,
        400);
    // Without an id the next free one is used.
    r = staff->post(QStringLiteral("/api/v1/device/?staff=1"),
                    QJsonObject {{"template", "water-meter-v1-0-0"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("id").toInt(), 0x401);
}

void TstDevice::lookupSlugs_data()
{
    QTest::addColumn<QString>("slug");
    QTest::addColumn<int>("status");
    QTest::newRow("canonical") << QStringLiteral("d--0000-0000-0000-0010") << 200;
    QTest::newRow("short") << QStringLiteral("d--0010") << 200;
    QTest::newRow("two groups") << QStringLiteral("d--0000-0010") << 200;
    QTest::newRow("block slug") << QStringLiteral("b--0001-0000-0000-0010") << 200;
    QTest::newRow("bare hex") << QStringLiteral("0010") << 404;
    QTest::newRow("number") << QStringLiteral("16") << 404;
    QTest::newRow("unknown") << QStringLiteral("d--0000-0000-0000-0999") << 404;
    QTest::newRow("upper case is not folded") << QStringLiteral("d--0000-0000-0000-00AB") << 404;
}

void TstDevice::lookupSlugs()
{
    QFETCH(QString, slug);
    QFETCH(int, status);
    const HttpReply r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/device/%1/").arg(slug));
    QCOMPARE(r.status, status);
    if (status == 200) {
        QCOMPARE(r.object().value("slug").toString(), QStringLiteral("d--0000-0000-0000-0010"));
        QCOMPARE(r.object().value("project").toString(), m_project.uuid);
        QCOMPARE(r.object().value("org").toString(), m_org.slug);
        QCOMPARE(r.object().value("claimed_by").toString(), m_owner.slug);
    }
}

void TstDevice::otherOrgIsForbiddenNotHidden()
{
    const HttpReply r =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/device/d--0000-0000-0000-0020/"));
    QCOMPARE(r.status, 403);
    QCOMPARE(m_server->clientFor(m_member)
                 ->patch(QStringLiteral("/api/v1/device/d--0020/"), QJsonObject {{"label", "mine"}})
                 .status,
             403);
    QCOMPARE(m_server->anonymous()->get(QStringLiteral("/api/v1/device/d--0020/")).status, 401);
    QCOMPARE(m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/device/d--0020/")).status, 200);
}

void TstDevice::listFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QList<int>>("ids");
    QTest::newRow("all mine") << QString() << 200 << QList<int> {0x10, 0x11};
    QTest::newRow("project by uuid") << QStringLiteral("?project=%1").arg(m_project.uuid) << 200
                                     << QList<int> {0x10};
    QTest::newRow("project by slug") << QStringLiteral("?project=%1").arg(m_project2.slug) << 200
                                     << QList<int> {0x11};
    QTest::newRow("invalid project") << QStringLiteral("?project=garbage") << 200 << QList<int> {};
    QTest::newRow("other org's project")
        << QStringLiteral("?project=%1").arg(m_foreign.uuid) << 200 << QList<int> {};
    QTest::newRow("sg") << QStringLiteral("?sg=%1").arg(m_sg.slug) << 200 << QList<int> {0x10, 0x11};
    QTest::newRow("unknown sg") << QStringLiteral("?sg=nope") << 404 << QList<int> {};
    QTest::newRow("unknown dt") << QStringLiteral("?dt=nope") << 404 << QList<int> {};
    QTest::newRow("claimed") << QStringLiteral("?claimed=false") << 200 << QList<int> {0x10, 0x11};
    QTest::newRow("org") << QStringLiteral("?org__slug=meters") << 200 << QList<int> {0x10, 0x11};
    QTest::newRow("page size") << QStringLiteral("?page_size=1&page=2") << 200 << QList<int> {0x11};
}

void TstDevice::listFilters()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QList<int>, ids);
    const HttpReply r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/device/") + query);
    QCOMPARE(r.status, status);
    if (status != 200)
        return;
    QList<int> got;
    for (const QJsonValue &v : r.object().value("results").toArray())
        got << v.toObject().value("id").toInt();
    QCOMPARE(got, ids);
}

void TstDevice::claimFlow()
{
    auto owner = m_server->clientFor(m_owner);
    HttpReply r = owner->post(QStringLiteral("/api/v1/device/claimable/"),
                              QJsonObject {{"slugs",
                                            QJsonArray {"d--0000-0000-0000-0030", "d--0000-0000-0000-0010",
                                                        "d--0000-0000-0000-0fff"}}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.object().value("count").toInt(), 2);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("claimable").toBool(), true);
    QCOMPARE(r.object().value("results").toArray().at(1).toObject().value("claimable").toBool(), false);

    r = owner->post(QStringLiteral("/api/v1/device/claim/"),
                    QJsonObject {{"device", "d--0000-0000-0000-0030"}, {"project", m_project.slug}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.object().value("claimed").toBool(), true);
    QCOMPARE(r.object().value("project").toString(), m_project.slug);
    QCOMPARE(r.object().value("project_id").toString(), m_project.uuid);
    // The sensor graph's two variables exist in the project and the device has a stream for each.
    const HttpReply streams = owner->get(QStringLiteral("/api/v1/stream/?device=d--0000-0000-0000-0030"));
    QCOMPARE(streams.status, 200);
    QCOMPARE(streams.object().value("count").toInt(), 2);
    const QJsonObject first = streams.object().value("results").toArray().first().toObject();
    QCOMPARE(first.value("slug").toString(),
             QStringLiteral("s--%1--0000-0000-0000-0030--5001").arg(m_project.slug.mid(3)));
    QCOMPARE(first.value("input_unit").toObject().value("m").toInt(), 3785);
    QCOMPARE(first.value("var_lid").toInt(), 0x5001);
    const HttpReply device = owner->get(QStringLiteral("/api/v1/device/d--0030/"));
    QCOMPARE(device.object().value("claimed_by").toString(), m_owner.slug);
    QVERIFY(!device.object().value("claimed_on").isNull());
}

void TstDevice::claimRefusals()
{
    Seed seed(*m_server);
    seed.device(0x31);
    const auto claim = [&](const Account &who, const QString &device, const QString &project) {
        return m_server->clientFor(who)->post(QStringLiteral("/api/v1/device/claim/"),
                                              QJsonObject {{"device", device}, {"project", project}});
    };
    HttpReply r = claim(m_member, QStringLiteral("d--0000-0000-0000-0031"), m_project.uuid);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("detail").toString(), QStringLiteral("No claim permissions"));
    QCOMPARE(claim(m_outsider, QStringLiteral("d--0000-0000-0000-0031"), m_project.uuid).status, 403);
    QCOMPARE(claim(m_owner, QStringLiteral("d--0000-0000-0000-0999"), m_project.uuid).status, 404);
    r = claim(m_owner, QStringLiteral("d--0000-0000-0000-0010"), m_project.uuid);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object().value("detail").toString(), QStringLiteral("Device is not claimable"));
    r = claim(m_owner, QStringLiteral("d--0000-0000-0000-0031"), QStringLiteral("garbage"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object().value("detail").toString(), QStringLiteral("Project is not a Valid Slug or UUID"));
    // Claiming into a project of another org needs rights there.
    QCOMPARE(claim(m_owner, QStringLiteral("d--0000-0000-0000-0031"), m_foreign.uuid).status, 403);
}

void TstDevice::unclaimCleansStreams()
{
    Seed seed(*m_server);
    seed.claim(seed.device(0x40, &m_sg), m_project, m_owner);
    seed.claim(seed.device(0x41, &m_sg), m_project, m_owner);
    auto owner = m_server->clientFor(m_owner);
    QCOMPARE(m_server->clientFor(m_member)
                 ->post(QStringLiteral("/api/v1/device/d--0040/unclaim/"), QJsonObject {})
                 .status,
             403);
    HttpReply r =
        owner->post(QStringLiteral("/api/v1/device/d--0040/unclaim/"), QJsonObject {{"clean_streams", true}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.object().value("unclaimed").toString(), QStringLiteral("d--0000-0000-0000-0040"));
    r = owner->post(QStringLiteral("/api/v1/device/d--0041/unclaim/"), QJsonObject {{"label", "returned"}});
    QCOMPARE(r.status, 202);
    auto staff = m_server->clientFor(m_staff);
    const HttpReply d40 = staff->get(QStringLiteral("/api/v1/device/d--0040/"));
    QVERIFY(d40.object().value("project").isNull());
    QVERIFY(d40.object().value("org").isNull());
    QCOMPARE(d40.object().value("label").toString(), QStringLiteral("Device (64)"));
    QCOMPARE(staff->get(QStringLiteral("/api/v1/device/d--0041/")).object().value("label").toString(),
             QStringLiteral("returned"));
    QCOMPARE(
        staff->get(QStringLiteral("/api/v1/stream/?device=d--0040&staff=1")).object().value("count").toInt(),
        0);
    QCOMPARE(
        staff->get(QStringLiteral("/api/v1/stream/?device=d--0041&staff=1")).object().value("count").toInt(),
        2);
    // The former owner lost access.
    QCOMPARE(owner->get(QStringLiteral("/api/v1/device/d--0040/")).status, 403);
}

void TstDevice::moveRekeysStreams()
{
    Seed seed(*m_server);
    seed.claim(seed.device(0x50, &m_sg), m_project, m_owner);
    auto owner = m_server->clientFor(m_owner);
    const HttpReply r = owner->post(QStringLiteral("/api/v1/device/d--0050/move/"),
                                    QJsonObject {{"project", m_project2.uuid}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.object().value("project").toString(), m_project2.uuid);
    const HttpReply streams = owner->get(QStringLiteral("/api/v1/stream/?device=d--0050"));
    QCOMPARE(streams.object().value("count").toInt(), 2);
    for (const QJsonValue &s : streams.object().value("results").toArray())
        QVERIFY(s.toObject().value("slug").toString().startsWith(
            QStringLiteral("s--%1--").arg(m_project2.slug.mid(3))));
    QCOMPARE(
        owner->post(QStringLiteral("/api/v1/device/d--0050/move/"), QJsonObject {{"project", m_foreign.uuid}})
            .status,
        403);
}

void TstDevice::patchRules()
{
    auto member = m_server->clientFor(m_member);
    HttpReply r = member->patch(QStringLiteral("/api/v1/device/d--0010/"),
                                QJsonObject {{"label", "Main pump"}, {"template", "water-meter-v1-0-0"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("label").toString(), QStringLiteral("Main pump"));
    QVERIFY(r.object().value("template").isNull()); // users cannot set the template: silently ignored
    r = member->patch(QStringLiteral("/api/v1/device/d--0010/"), QJsonObject {{"state", "N0"}});
    QCOMPARE(r.object().value("active").toBool(), false); // state without active derives it
    r = member->patch(QStringLiteral("/api/v1/device/d--0010/"),
                      QJsonObject {{"state", "N1"}, {"lat", 12.1}, {"lon", -3.5}});
    QCOMPARE(r.object().value("active").toBool(), true);
    QCOMPARE(r.object().value("lat").toString(), QStringLiteral("12.100000"));
    QCOMPARE(r.object().value("lon").toString(), QStringLiteral("-3.500000"));
    QCOMPARE(member->patch(QStringLiteral("/api/v1/device/d--0010/"), QJsonObject {{"state", "X9"}}).status,
             400);
    r = m_server->clientFor(m_operator)
            ->patch(QStringLiteral("/api/v1/device/d--0010/"), QJsonObject {{"label", "no"}});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("detail").toString(), QStringLiteral("User is not allowed to modify device"));
    QCOMPARE(m_server->clientFor(m_staff)
                 ->patch(QStringLiteral("/api/v1/device/d--0010/?staff=1"),
                         QJsonObject {{"template", "water-meter-v1-0-0"}})
                 .object()
                 .value("template")
                 .toString(),
             QStringLiteral("water-meter-v1-0-0"));
    QCOMPARE(member->del(QStringLiteral("/api/v1/device/d--0010/")).status, 403);
}

void TstDevice::healthAndStatus()
{
    auto member = m_server->clientFor(m_member);
    HttpReply r = member->get(QStringLiteral("/api/v1/device/d--0011/health/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("alert").toString(), QStringLiteral("DSBL"));
    QCOMPARE(r.object().value("health_check_period").toInt(), 7200);
    r = member->patch(QStringLiteral("/api/v1/device/d--0011/health/"),
                      QJsonObject {{"health_check_enabled", true},
                                   {"health_check_period", 600},
                                   {"notification_recipients", QJsonArray {"ops@example.com"}}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("health_check_period").toInt(), 600);
    r = member->get(QStringLiteral("/api/v1/device/d--0011/status/"));
    QCOMPARE(r.object().value("alert").toString(), QStringLiteral("UNK")); // enabled, no report yet
    QCOMPARE(r.object().value("notification_recipients").toArray().first().toString(),
             QStringLiteral("ops@example.com"));
}

QTEST_GUILESS_MAIN(TstDevice)
#include "tst_device.moc"
