#include "common/util/isotime.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QJsonArray>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// The audit log of writes over real HTTP (beyond the original): every successful POST/PUT/PATCH/DELETE is
// recorded once with who, what, when and from where, tied to the org it concerns (also for deletes and
// creates), readable by the org's owners and staff only; reads and refused writes are not recorded.
class TstAudit : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void writesAreRecorded();
    void createsAndDeletesFindTheirOrg();
    void readsAndFailuresAreNot();
    void whoMayRead_data();
    void whoMayRead();
    void queryFilters();

private:
    QJsonArray entries(const QString &query = {});

    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_admin, m_member, m_outsider, m_staff;
    Org m_org;
    Project m_project;
    Variable m_temp;
    Device m_device;
};

void TstAudit::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("owner password"));
    m_admin = m_server->createUser(QStringLiteral("admin@example.com"), QStringLiteral("admin password"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("member password"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("out password"));
    m_staff =
        m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("staff password"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Audit Org"), m_owner);
    seed.member(m_org, m_admin, QStringLiteral("a1"));
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.org(QStringLiteral("Elsewhere"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Audit Project"), m_owner);
    m_temp = seed.variable(m_project, 0x5001, QStringLiteral("Temp"));
    m_device = seed.claim(seed.device(0xaa), m_project, m_owner);
    seed.stream(m_device, m_project, m_temp);
}

void TstAudit::cleanupTestCase()
{
    m_server.reset();
}

QJsonArray TstAudit::entries(const QString &query)
{
    const HttpReply r =
        m_server->clientFor(m_owner)->get(QStringLiteral("/api/v1/org/%1/audit/%2").arg(m_org.slug, query));
    if (r.status != 200)
        qWarning() << r.status << r.body;
    return r.object().value("results").toArray();
}

void TstAudit::writesAreRecorded()
{
    const qint64 before = isotime::now();
    const HttpReply r = m_server->clientFor(m_member)->patch(
        QStringLiteral("/api/v1/device/%1/").arg(m_device.slug), QJsonObject {{"label", "Pump 7"}});
    QCOMPARE(r.status, 200);
    const QJsonArray list = entries();
    QVERIFY(!list.isEmpty());
    const QJsonObject e = list.first().toObject(); // newest first
    QCOMPARE(e.value("user").toString(), m_member.slug);
    QCOMPARE(e.value("auth").toString(), QStringLiteral("jwt"));
    QCOMPARE(e.value("method").toString(), QStringLiteral("PATCH"));
    QCOMPARE(e.value("path").toString(), QStringLiteral("/api/v1/device/%1/").arg(m_device.slug));
    QCOMPARE(e.value("resource_type").toString(), QStringLiteral("device"));
    QCOMPARE(e.value("resource_id").toString(), m_device.slug);
    QCOMPARE(e.value("status").toInt(), 200);
    QCOMPARE(e.value("remote_address").toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(e.value("org").toString(), m_org.slug);
    const auto ts = isotime::parse(e.value("timestamp").toString());
    QVERIFY(ts && *ts >= before - isotime::kMicrosPerSecond
            && *ts <= isotime::now() + isotime::kMicrosPerSecond);
}

void TstAudit::createsAndDeletesFindTheirOrg()
{
    auto member = m_server->clientFor(m_member);
    // A create names its org in the body; the new object's slug comes from the answer.
    const HttpReply created = member->post(
        QStringLiteral("/api/v1/filter/"),
        QJsonObject {{"project", m_project.slug}, {"variable", m_temp.slug}, {"device", m_device.slug}});
    QCOMPARE(created.status, 201);
    const QString slug = created.object().value("slug").toString();
    QJsonObject e = entries().first().toObject();
    QCOMPARE(e.value("method").toString(), QStringLiteral("POST"));
    QCOMPARE(e.value("resource_type").toString(), QStringLiteral("filter"));
    QCOMPARE(e.value("resource_id").toString(), slug);
    QCOMPARE(e.value("status").toInt(), 201);
    // Sub-resources name their kind.
    QCOMPARE(member->post(QStringLiteral("/api/v1/filter/%1/state/").arg(slug), QJsonObject {{"label", "on"}})
                 .status,
             201);
    e = entries().first().toObject();
    QCOMPARE(e.value("resource_type").toString(), QStringLiteral("filter/state"));
    QCOMPARE(e.value("resource_id").toString(), slug);
    // A delete is tied to the org although the object is gone.
    QCOMPARE(member->del(QStringLiteral("/api/v1/filter/%1/").arg(slug)).status, 204);
    e = entries().first().toObject();
    QCOMPARE(e.value("method").toString(), QStringLiteral("DELETE"));
    QCOMPARE(e.value("status").toInt(), 204);
    QCOMPARE(e.value("org").toString(), m_org.slug);
    // Writes to the org itself.
    QCOMPARE(
        m_server->clientFor(m_owner)
            ->patch(QStringLiteral("/api/v1/org/%1/").arg(m_org.slug), QJsonObject {{"about", "audited"}})
            .status,
        200);
    e = entries().first().toObject();
    QCOMPARE(e.value("resource_type").toString(), QStringLiteral("org"));
    QCOMPARE(e.value("user").toString(), m_owner.slug);
}

void TstAudit::readsAndFailuresAreNot()
{
    const qsizetype before = m_server->clientFor(m_owner)
                                 ->get(QStringLiteral("/api/v1/org/%1/audit/").arg(m_org.slug))
                                 .object()
                                 .value("count")
                                 .toInt();
    auto member = m_server->clientFor(m_member);
    QCOMPARE(member->get(QStringLiteral("/api/v1/device/%1/").arg(m_device.slug)).status, 200);
    QCOMPARE(
        member->post(QStringLiteral("/api/v1/filter/"), QJsonObject {{"project", m_project.slug}}).status,
        400);
    QVERIFY(m_server->clientFor(m_outsider)
                ->patch(QStringLiteral("/api/v1/device/%1/").arg(m_device.slug), QJsonObject {{"label", "x"}})
                .status
            >= 400);
    QCOMPARE(member->post(QStringLiteral("/api/v1/no-such-thing/"), QJsonObject {}).status, 404);
    QCOMPARE(m_server->clientFor(m_owner)
                 ->get(QStringLiteral("/api/v1/org/%1/audit/").arg(m_org.slug))
                 .object()
                 .value("count")
                 .toInt(),
             before);
}

void TstAudit::whoMayRead_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("org");
    QTest::addColumn<int>("all");
    QTest::newRow("owner") << QStringLiteral("owner") << 200 << 403;
    QTest::newRow("admin") << QStringLiteral("admin") << 403 << 403;
    QTest::newRow("member") << QStringLiteral("member") << 403 << 403;
    QTest::newRow("outsider") << QStringLiteral("outsider") << 404 << 403;
    QTest::newRow("staff") << QStringLiteral("staff") << 200 << 200;
    QTest::newRow("anonymous") << QStringLiteral("anonymous") << 401 << 401;
}

void TstAudit::whoMayRead()
{
    QFETCH(QString, who);
    QFETCH(int, org);
    QFETCH(int, all);
    const QHash<QString, Account *> accounts = {{"owner", &m_owner},
                                                {"admin", &m_admin},
                                                {"member", &m_member},
                                                {"outsider", &m_outsider},
                                                {"staff", &m_staff}};
    auto client =
        who == QLatin1String("anonymous") ? m_server->anonymous() : m_server->clientFor(*accounts.value(who));
    QCOMPARE(client->get(QStringLiteral("/api/v1/org/%1/audit/").arg(m_org.slug)).status, org);
    QCOMPARE(client->get(QStringLiteral("/api/v1/audit/")).status, all);
}

void TstAudit::queryFilters()
{
    for (const QJsonValue &v : entries(QStringLiteral("?user=%1").arg(m_owner.slug)))
        QCOMPARE(v.toObject().value("user").toString(), m_owner.slug);
    const QJsonArray patches = entries(QStringLiteral("?method=patch"));
    QVERIFY(patches.size() >= 2);
    for (const QJsonValue &v : patches)
        QCOMPARE(v.toObject().value("method").toString(), QStringLiteral("PATCH"));
    QCOMPARE(entries(QStringLiteral("?start=2099-01-01T00:00:00Z")).size(), 0);
    QCOMPARE(m_server->clientFor(m_owner)
                 ->get(QStringLiteral("/api/v1/org/%1/audit/?start=yesterday").arg(m_org.slug))
                 .status,
             400);
    // Staff see every org's writes.
    QVERIFY(
        m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/audit/")).object().value("count").toInt()
        >= entries().size());
}

QTEST_GUILESS_MAIN(TstAudit)
#include "tst_audit.moc"
