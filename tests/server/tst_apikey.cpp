#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// Org API keys: /api/v1/org/<slug>/apikey/ (issue, list, revoke) and the one view that takes only an
// "Authorization: Api-Key" header, /api/v1/production/device/ (list, retrieve, ?keys=1, create_virtual/).
class TstApiKey : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void issueListRevoke();
    void managementRefusals();
    void productionNeedsKey_data();
    void productionNeedsKey();
    void productionList_data();
    void productionList();
    void productionRetrieve();
    void createVirtual();
    void createVirtualRefusals_data();
    void createVirtualRefusals();

private:
    QString issue(const Account &who, const QString &org, const QJsonObject &body = {});
    std::unique_ptr<HttpClient> withKey(const QString &key);

    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_outsider, m_staff, m_operatorStaff;
    Org m_org, m_other;
    QString m_key, m_otherKey, m_sgSlug;
};

void TstApiKey::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    m_operatorStaff =
        m_server->createUser(QStringLiteral("retired@example.com"), QStringLiteral("password1"), true, false);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Meters"), m_owner);
    seed.member(m_org, m_member, QStringLiteral("m1"));
    m_other = seed.org(QStringLiteral("Foreign"), m_outsider);
    const Project project = seed.project(m_org, QStringLiteral("Site 1"), m_owner);
    const Project foreign = seed.project(m_other, QStringLiteral("Theirs"), m_outsider);
    const SensorGraph sg = seed.sensorGraph(QStringLiteral("Meter"), {});
    m_sgSlug = sg.slug;
    SqlQuery dt =
        seed.db().query("INSERT INTO device_templates (uuid, external_sku, slug, created_on) VALUES "
                        "('7f9e1c6e-0000-4000-8000-000000000001', 'Meter', 'meter-v1-0-0', 0)");
    QVERIFY(dt.exec());
    SqlQuery virt = seed.db().query(
        "INSERT INTO device_templates (uuid, external_sku, slug, created_on) VALUES "
        "('7f9e1c6e-0000-4000-8000-000000000002', 'Virtual', 'generic-virtual-device-v1-0-0', 0)");
    QVERIFY(virt.exec());
    SqlQuery edge = seed.db().query("INSERT INTO sensor_graphs (name, slug, major, minor, patch, created_on) "
                                    "VALUES ('Edge', 'edge-v1-0-0', 1, 0, 0, 0)");
    QVERIFY(edge.exec());
    seed.claim(seed.device(0x10, &sg), project, m_owner);
    seed.claim(seed.device(0x11), project, m_owner);
    seed.claim(seed.device(0x20), foreign, m_outsider);
    seed.device(0x30);
    SqlQuery tpl =
        seed.db().query("UPDATE devices SET template_id = (SELECT id FROM device_templates WHERE slug = "
                        "'meter-v1-0-0') WHERE id = 16");
    QVERIFY(tpl.exec());
    auto staff = m_server->clientFor(m_staff);
    for (const auto &[type, downloadable] :
         {std::pair {"USR", true}, std::pair {"SSH", false}, std::pair {"A-JWT-KEY", true}}) {
        QCOMPARE(staff
                     ->post(QStringLiteral("/api/v1/key/"),
                            QJsonObject {{"slug", "d--0000-0000-0000-0010"},
                                         {"type", type},
                                         {"downloadable", downloadable},
                                         {"secret", QStringLiteral("s-%1").arg(type)}})
                     .status,
                 201);
    }
    m_key = issue(m_owner, m_org.slug, QJsonObject {{"name", "factory"}});
    m_otherKey = issue(m_outsider, m_other.slug);
    QVERIFY(!m_key.isEmpty());
}

void TstApiKey::cleanupTestCase()
{
    m_server.reset();
}

QString TstApiKey::issue(const Account &who, const QString &org, const QJsonObject &body)
{
    const HttpReply r =
        m_server->clientFor(who)->post(QStringLiteral("/api/v1/org/%1/apikey/").arg(org), body);
    if (r.status != 201)
        qWarning() << r.status << r.body;
    return r.object().value("key").toString();
}

std::unique_ptr<HttpClient> TstApiKey::withKey(const QString &key)
{
    auto client = m_server->anonymous();
    client->setAuthorization("Api-Key " + key.toLatin1());
    return client;
}

void TstApiKey::issueListRevoke()
{
    auto owner = m_server->clientFor(m_owner);
    HttpReply r = owner->post(QStringLiteral("/api/v1/org/%1/apikey/").arg(m_org.slug),
                              QJsonObject {{"name", "line 2"}});
    QCOMPARE(r.status, 201);
    const QJsonObject issued = r.object();
    const QString key = issued.value("key").toString();
    const QString prefix = issued.value("prefix").toString();
    QCOMPARE(prefix.size(), 8);
    QVERIFY(key.startsWith(prefix + QLatin1Char('.')));
    QCOMPARE(key.size(), 8 + 1 + 32);
    QCOMPARE(issued.value("name").toString(), QStringLiteral("line 2"));
    QCOMPARE(issued.value("revoked").toBool(), false);
    QCOMPARE(issued.value("created_by").toString(), m_owner.slug);
    QVERIFY(issued.value("expiry").isNull());
    QCOMPARE(withKey(key)->get(QStringLiteral("/api/v1/production/device/")).status, 200);

    // Only a hash is stored; the list never shows a secret.
    Seed seed(*m_server);
    SqlQuery q = seed.db().query("SELECT hashed_key FROM org_api_keys WHERE prefix = ?");
    q.bind(prefix);
    QVERIFY(q.exec() && q.next());
    const QString stored = q.text(0);
    q.raw().finish();
    QVERIFY(!stored.contains(key.mid(9)));
    QCOMPARE(stored.size(), 64);
    r = owner->get(QStringLiteral("/api/v1/org/%1/apikey/").arg(m_org.slug));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 2);
    for (const QJsonValue &v : r.object().value("results").toArray())
        QVERIFY(!v.toObject().contains("key"));
    QVERIFY(!r.body.contains(key.mid(9).toLatin1()));

    const int id = issued.value("id").toInt();
    QCOMPARE(owner->del(QStringLiteral("/api/v1/org/%1/apikey/%2/").arg(m_org.slug).arg(id)).status, 204);
    r = withKey(key)->get(QStringLiteral("/api/v1/production/device/"));
    QCOMPARE(r.status, 401);
    r = owner->get(QStringLiteral("/api/v1/org/%1/apikey/").arg(m_org.slug));
    QCOMPARE(r.object().value("results").toArray().at(1).toObject().value("revoked").toBool(), true);
    QCOMPARE(owner->del(QStringLiteral("/api/v1/org/%1/apikey/999999/").arg(m_org.slug)).status, 404);
    // Another org's key id is not this org's.
    const int otherId = m_server->clientFor(m_outsider)
                            ->get(QStringLiteral("/api/v1/org/%1/apikey/").arg(m_other.slug))
                            .object()
                            .value("results")
                            .toArray()
                            .at(0)
                            .toObject()
                            .value("id")
                            .toInt();
    QCOMPARE(owner->del(QStringLiteral("/api/v1/org/%1/apikey/%2/").arg(m_org.slug).arg(otherId)).status,
             404);

    // Expired keys stop working.
    const QString expired = issue(m_owner, m_org.slug, QJsonObject {{"expiry", "2000-01-01T00:00:00Z"}});
    QVERIFY(!expired.isEmpty());
    QCOMPARE(withKey(expired)->get(QStringLiteral("/api/v1/production/device/")).status, 401);
    const QString future = issue(m_owner, m_org.slug, QJsonObject {{"expiry", "2999-01-01T00:00:00Z"}});
    QCOMPARE(withKey(future)->get(QStringLiteral("/api/v1/production/device/")).status, 200);
}

void TstApiKey::managementRefusals()
{
    const QString path = QStringLiteral("/api/v1/org/%1/apikey/").arg(m_org.slug);
    const QByteArray lacking = R"({"detail":"Access Denied due to lack of sufficient permissions"})";
    HttpReply r = m_server->clientFor(m_member)->post(path, QJsonObject {});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, lacking);
    QCOMPARE(m_server->clientFor(m_member)->get(path).status, 403);
    QCOMPARE(m_server->clientFor(m_member)->del(path + QStringLiteral("1/")).status, 403);
    QCOMPARE(m_server->clientFor(m_outsider)->get(path).status, 404);
    QCOMPARE(m_server->clientFor(m_outsider)->post(path, QJsonObject {}).status, 404);
    QCOMPARE(m_server->anonymous()->get(path).status, 401);
    QCOMPARE(m_server->clientFor(m_owner)->get(QStringLiteral("/api/v1/org/nope/apikey/")).status, 404);
    // Staff outside the org ask as staff, as for org/<slug>/.
    QCOMPARE(m_server->clientFor(m_staff)->get(path).status, 404);
    QCOMPARE(m_server->clientFor(m_staff)->get(path + QStringLiteral("?staff=1")).status, 200);
    // A key is not a user: it cannot manage keys.
    QCOMPARE(withKey(m_key)->get(path).status, 401);
    r = m_server->clientFor(m_owner)->post(path, QJsonObject {{"expiry", "tomorrow"}});
    QCOMPARE(r.status, 400);
    QVERIFY(r.object().contains("expiry"));
}

void TstApiKey::productionNeedsKey_data()
{
    QTest::addColumn<QString>("auth");
    QTest::addColumn<int>("status");
    QTest::newRow("nothing") << QString() << 401;
    QTest::newRow("user token") << QStringLiteral("jwt") << 403;
    QTest::newRow("unknown key") << QStringLiteral("Api-Key AAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")
                                 << 401;
    QTest::newRow("no dot") << QStringLiteral("Api-Key garbage") << 401;
    QTest::newRow("right prefix, wrong secret") << QStringLiteral("WRONGSECRET") << 401;
    QTest::newRow("valid") << QStringLiteral("VALID") << 200;
    QTest::newRow("scheme case") << QStringLiteral("api-key VALIDKEY") << 200;
}

void TstApiKey::productionNeedsKey()
{
    QFETCH(QString, auth);
    QFETCH(int, status);
    std::unique_ptr<HttpClient> client;
    if (auth == QLatin1String("jwt"))
        client = m_server->clientFor(m_staff);
    else if (auth == QLatin1String("VALID"))
        client = withKey(m_key);
    else if (auth == QLatin1String("WRONGSECRET"))
        client = withKey(m_key.left(9) + QString(32, 'x'));
    else {
        client = m_server->anonymous();
        client->setAuthorization(auth.replace(QStringLiteral("VALIDKEY"), m_key).toLatin1());
    }
    for (const QString &path : {QStringLiteral("/api/v1/production/device/"),
                                QStringLiteral("/api/v1/production/device/d--0000-0000-0000-0010/")}) {
        const HttpReply r = client->get(path);
        QCOMPARE(r.status, status);
        if (status == 401)
            QCOMPARE(r.body, QByteArray(R"({"detail":"Authentication credentials were not provided."})"));
        if (status == 403)
            QCOMPARE(r.body,
                     QByteArray(R"({"detail":"You do not have permission to perform this action."})"));
    }
}

void TstApiKey::productionList_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QList<int>>("ids");
    QTest::newRow("the key's org only") << QString() << 200 << QList<int> {0x10, 0x11};
    QTest::newRow("claimed") << QStringLiteral("?claimed=false") << 200 << QList<int> {0x10, 0x11};
    QTest::newRow("sg") << QStringLiteral("?sg=SG") << 200 << QList<int> {0x10};
    QTest::newRow("unknown sg") << QStringLiteral("?sg=nope") << 404 << QList<int> {};
    QTest::newRow("dt") << QStringLiteral("?dt=meter-v1-0-0") << 200 << QList<int> {0x10};
    QTest::newRow("unknown dt") << QStringLiteral("?dt=nope") << 404 << QList<int> {};
    QTest::newRow("own org slug") << QStringLiteral("?org__slug=meters") << 200 << QList<int> {0x10, 0x11};
    QTest::newRow("other org slug") << QStringLiteral("?org__slug=foreign") << 200 << QList<int> {};
}

void TstApiKey::productionList()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QList<int>, ids);
    query.replace(QStringLiteral("=SG"), QLatin1Char('=') + m_sgSlug);
    const HttpReply r = withKey(m_key)->get(QStringLiteral("/api/v1/production/device/") + query);
    QCOMPARE(r.status, status);
    if (status != 200)
        return;
    QList<int> got;
    for (const QJsonValue &v : r.object().value("results").toArray())
        got << v.toObject().value("id").toInt();
    QCOMPARE(got, ids);
}

void TstApiKey::productionRetrieve()
{
    auto client = withKey(m_key);
    HttpReply r = client->get(QStringLiteral("/api/v1/production/device/d--0010/"));
    QCOMPARE(r.status, 200);
    const QJsonObject device = r.object();
    QCOMPARE(device.value("slug").toString(), QStringLiteral("d--0000-0000-0000-0010"));
    QCOMPARE(device.value("gid").toString(), QStringLiteral("0000-0000-0010"));
    QCOMPARE(device.value("template").toString(), QStringLiteral("meter-v1-0-0"));
    QCOMPARE(device.value("sg").toString(), m_sgSlug);
    QCOMPARE(device.value("claimed").toBool(), true);
    QVERIFY(!device.contains("keys"));
    QVERIFY(!device.contains("claimed_by")); // confidential to the org
    // ?keys=1 adds the downloadable keys, never the a-jwt signing key.
    r = client->get(QStringLiteral("/api/v1/production/device/d--0000-0000-0000-0010/?keys=1"));
    QCOMPARE(r.object().value("keys").toArray(),
             (QJsonArray {QJsonObject {{"type", "USR"}, {"secret", "s-USR"}}}));
    r = client->get(QStringLiteral("/api/v1/production/device/?keys=1"));
    QCOMPARE(r.object().value("results").toArray().at(1).toObject().value("keys").toArray(), QJsonArray {});
    // Another org's device is refused, an unknown one not found.
    r = client->get(QStringLiteral("/api/v1/production/device/d--0000-0000-0000-0020/"));
    QCOMPARE(r.status, 403);
    QCOMPARE(withKey(m_otherKey)->get(QStringLiteral("/api/v1/production/device/d--0020/")).status, 200);
    QCOMPARE(client->get(QStringLiteral("/api/v1/production/device/d--0000-0000-0000-0030/")).status, 403);
    QCOMPARE(client->get(QStringLiteral("/api/v1/production/device/d--0000-0000-0000-0999/")).status, 404);
    // Read-only: no other writes exist.
    QCOMPARE(client->post(QStringLiteral("/api/v1/production/device/"), QJsonObject {}).status, 405);
}

void TstApiKey::createVirtual()
{
    auto client = withKey(m_key);
    HttpReply r = client->post(QStringLiteral("/api/v1/production/device/create_virtual/"),
                               QJsonObject {{"sg", "edge-v1-0-0"}, {"user", m_staff.slug}});
    QCOMPARE(r.status, 201);
    QVERIFY(r.json().isArray());
    QCOMPARE(r.array().size(), 1);
    const QJsonObject device = r.array().at(0).toObject();
    QCOMPARE(device.value("sg").toString(), QStringLiteral("edge-v1-0-0"));
    QCOMPARE(device.value("template").toString(), QStringLiteral("generic-virtual-device-v1-0-0"));
    QCOMPARE(device.value("org").toString(), m_org.slug);
    QCOMPARE(device.value("claimed_by").toString(), m_staff.slug);
    QVERIFY(device.value("project").isNull());
    QCOMPARE(device.value("id").toInt(), 0x31);
    r = client->get(QStringLiteral("/api/v1/production/device/%1/").arg(device.value("slug").toString()));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("claimed").toBool(), false);
    r = client->post(QStringLiteral("/api/v1/production/device/create_virtual/"),
                     QJsonObject {{"sg", "edge-v1-0-0"}, {"user", m_staff.slug}, {"qty", "1"}});
    QCOMPARE(r.status, 201);
}

void TstApiKey::createVirtualRefusals_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("auth");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reply");
    const QJsonObject ok {{"sg", "edge-v1-0-0"}, {"user", "staff"}};
    QJsonObject text = ok;
    text.insert("qty", "two");
    QJsonObject two = ok;
    two.insert("qty", 2);
    QJsonObject zero = ok;
    zero.insert("qty", 0);
    QTest::newRow("qty not an integer") << text << QStringLiteral("key") << 400
                                        << QByteArray(R"({"error":"If provided, qty must be an integer."})");
    QTest::newRow("qty too big") << two << QStringLiteral("key") << 400
                                 << QByteArray(R"({"error":"Integer must be between 1 and 1."})");
    QTest::newRow("qty zero") << zero << QStringLiteral("key") << 400
                              << QByteArray(R"({"error":"Integer must be between 1 and 1."})");
    QTest::newRow("missing fields")
        << QJsonObject {} << QStringLiteral("key") << 400
        << QByteArray(R"([{"sg":["This field is required."],"user":["This field is required."]}])");
    QTest::newRow("sg not for virtual devices")
        << QJsonObject {{"sg", "meter--v1-0-0"}, {"user", "staff"}} << QStringLiteral("key") << 400
        << QByteArray(R"([{"sg":["Object with slug=meter--v1-0-0 does not exist."]}])");
    QTest::newRow("user not staff") << QJsonObject {{"sg", "edge-v1-0-0"}, {"user", "owner"}}
                                    << QStringLiteral("key") << 400
                                    << QByteArray(R"([{"user":["Object with slug=owner does not exist."]}])");
    QTest::newRow("user inactive") << QJsonObject {{"sg", "edge-v1-0-0"}, {"user", "retired"}}
                                   << QStringLiteral("key") << 400
                                   << QByteArray(
                                          R"([{"user":["Object with slug=retired does not exist."]}])");
    QTest::newRow("no key") << ok << QString() << 401
                            << QByteArray(R"({"detail":"Authentication credentials were not provided."})");
    QTest::newRow("user token") << ok << QStringLiteral("jwt") << 403
                                << QByteArray(
                                       R"({"detail":"You do not have permission to perform this action."})");
}

void TstApiKey::createVirtualRefusals()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, auth);
    QFETCH(int, status);
    QFETCH(QByteArray, reply);
    std::unique_ptr<HttpClient> client = auth == QLatin1String("key") ? withKey(m_key)
        : auth == QLatin1String("jwt")                                ? m_server->clientFor(m_staff)
                                                                      : m_server->anonymous();
    const HttpReply r = client->post(QStringLiteral("/api/v1/production/device/create_virtual/"), body);
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, reply);
}

QTEST_GUILESS_MAIN(TstApiKey)
#include "tst_apikey.moc"
