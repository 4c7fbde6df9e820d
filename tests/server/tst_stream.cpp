#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/variable/ and /api/v1/stream/: slugs, units, the original's list scopes and filters.
class TstStream : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void createVariable();
    void variableRejects_data();
    void variableRejects();
    void variableLookupAndType();
    void variableListIncludesSystem();
    void createStreams();
    void streamLookup_data();
    void streamLookup();
    void streamListScopes_data();
    void streamListScopes();
    void patchStreamUnits();
    void deleteRules();

private:
    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_operator, m_outsider, m_staff;
    Org m_org, m_other;
    Project m_project, m_foreign;
    VarType m_type;
    Device m_device;
};

void TstStream::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_operator = m_server->createUser(QStringLiteral("operator@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Streams Inc"), m_owner);
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.member(m_org, m_operator, QStringLiteral("r1"));
    m_other = seed.org(QStringLiteral("Not Yours"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Main"), m_owner);
    m_foreign = seed.project(m_other, QStringLiteral("Foreign"), m_outsider);
    m_type = seed.varType(QStringLiteral("Temperature"), 1, 10, 9, 5);
    m_device = seed.claim(seed.device(0xabc), m_project, m_owner);
    // A system variable (no project) is readable by everyone.
    SqlQuery q =
        seed.db().query("INSERT INTO variables (uuid, slug, name, lid, created_on) VALUES "
                        "('00000000-0000-4000-8000-00000000aaaa', 'v--0000-0000--5c00', 'Reboot', 23552, 0)");
    QVERIFY(q.exec());
}

void TstStream::cleanupTestCase()
{
    m_server.reset();
}

void TstStream::createVariable()
{
    const HttpReply r =
        m_server->clientFor(m_member)->post(QStringLiteral("/api/v1/variable/"),
                                            QJsonObject {{"name", "Inlet temp"},
                                                         {"lid", 0x5001},
                                                         {"project", m_project.uuid},
                                                         {"var_type", "temperature"},
                                                         {"input_unit", "in--temperature--raw"},
                                                         {"output_unit", "out--temperature--shown"},
                                                         {"multiplication_factor", 2}});
    QCOMPARE(r.status, 201);
    const QJsonObject v = r.object();
    QCOMPARE(v.value("slug").toString(), QStringLiteral("v--%1--5001").arg(m_project.slug.mid(3)));
    QCOMPARE(v.value("lid").toInt(), 0x5001);
    QCOMPARE(v.value("project").toString(), m_project.uuid);
    QCOMPARE(v.value("org").toString(), m_org.slug);
    QCOMPARE(v.value("var_type").toString(), QStringLiteral("temperature"));
    QCOMPARE(v.value("input_unit").toObject().value("d").toInt(), 10);
    QCOMPARE(v.value("output_unit").toObject().value("m").toInt(), 9);
    QCOMPARE(v.value("output_unit").toObject().value("decimal_places").toInt(), 2);
    QVERIFY(!v.value("input_unit").toObject().contains("decimal_places"));
    QCOMPARE(v.value("multiplication_factor").toInt(), 2);
    QCOMPARE(v.value("raw_value_format").toString(), QStringLiteral("<L"));
}

void TstStream::variableRejects_data()
{
    QTest::addColumn<int>("who");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("error");
    QTest::newRow("same project and lid")
        << 0 << QJsonObject {{"name", "dup"}, {"lid", 0x5001}, {"project", m_project.uuid}} << 400
        << QByteArray(R"({"non_field_errors":["The fields project, lid must make a unique set."]})");
    QTest::newRow("no project") << 0 << QJsonObject {{"name", "x"}, {"lid", 1}} << 400
                                << QByteArray(R"({"project":["This field is required."]})");
    QTest::newRow("no lid") << 0 << QJsonObject {{"name", "x"}, {"project", m_project.uuid}} << 400
                            << QByteArray(R"({"lid":["This field is required."]})");
    QTest::newRow("bad unit")
        << 0
        << QJsonObject {{"name", "x"}, {"lid", 2}, {"project", m_project.uuid}, {"input_unit", "in--nope"}}
        << 400 << QByteArray(R"({"input_unit":["Object with slug=in--nope does not exist."]})");
    // The original let anyone add variables to any project; here it takes the right to modify streams.
    QTest::newRow("operator") << 1 << QJsonObject {{"name", "x"}, {"lid", 3}, {"project", m_project.uuid}}
                              << 403 << QByteArray();
    QTest::newRow("outsider") << 2 << QJsonObject {{"name", "x"}, {"lid", 3}, {"project", m_project.uuid}}
                              << 403 << QByteArray();
}

void TstStream::variableRejects()
{
    QFETCH(int, who);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QByteArray, error);
    const Account *accounts[] = {&m_owner, &m_operator, &m_outsider};
    const HttpReply r = m_server->clientFor(*accounts[who])->post(QStringLiteral("/api/v1/variable/"), body);
    QCOMPARE(r.status, status);
    if (!error.isEmpty())
        QCOMPARE(r.body, error);
}

void TstStream::variableLookupAndType()
{
    auto client = m_server->clientFor(m_member);
    const QString gid = m_project.slug.mid(3);
    // The short form pads the project part.
    HttpReply r = client->get(QStringLiteral("/api/v1/variable/v--%1--5001/").arg(gid.mid(5)));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("name").toString(), QStringLiteral("Inlet temp"));
    r = client->get(QStringLiteral("/api/v1/variable/v--%1--5001/type/").arg(gid));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("temperature"));
    QCOMPARE(r.object().value("available_input_units").toArray().size(), 1);
    QCOMPARE(r.object().value("storage_units_short").toString(), QString());
    QCOMPARE(client->get(QStringLiteral("/api/v1/variable/v--%1--9999/").arg(gid)).status, 404);
    QCOMPARE(
        m_server->clientFor(m_outsider)->get(QStringLiteral("/api/v1/variable/v--%1--5001/").arg(gid)).status,
        403);
    QCOMPARE(
        m_server->clientFor(m_outsider)->get(QStringLiteral("/api/v1/variable/v--0000-0000--5c00/")).status,
        200);
}

void TstStream::variableListIncludesSystem()
{
    auto client = m_server->clientFor(m_member);
    const HttpReply byUuid = client->get(QStringLiteral("/api/v1/variable/?project=%1").arg(m_project.uuid));
    const HttpReply bySlug = client->get(QStringLiteral("/api/v1/variable/?project=%1").arg(m_project.slug));
    QCOMPARE(byUuid.object().value("count").toInt(), bySlug.object().value("count").toInt() + 1);
    QCOMPARE(client->get(QStringLiteral("/api/v1/variable/?project=bogus")).object().value("count").toInt(),
             0);
    QCOMPARE(client->get(QStringLiteral("/api/v1/variable/?search=INLET")).object().value("count").toInt(),
             1);
    QCOMPARE(client->get(QStringLiteral("/api/v1/variable/?org=nope")).status, 404);
    QCOMPARE(m_server->clientFor(m_outsider)
                 ->get(QStringLiteral("/api/v1/variable/?project=%1").arg(m_project.slug))
                 .object()
                 .value("count")
                 .toInt(),
             0);
}

void TstStream::createStreams()
{
    auto client = m_server->clientFor(m_member);
    const QString variable = QStringLiteral("v--%1--5001").arg(m_project.slug.mid(3));
    HttpReply r = client->post(
        QStringLiteral("/api/v1/stream/"),
        QJsonObject {{"variable", variable}, {"device", m_device.slug}, {"data_label", "inlet"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("slug").toString(),
             QStringLiteral("s--%1--0000-0000-0000-0abc--5001").arg(m_project.slug.mid(3)));
    QCOMPARE(r.object().value("data_label").toString(), QStringLiteral("inlet"));
    QCOMPARE(r.object().value("multiplication_factor").toInt(), 2);
    QCOMPARE(r.object().value("created_by").toInt(), int(m_member.id));
    QCOMPARE(client
                 ->post(QStringLiteral("/api/v1/stream/"),
                        QJsonObject {{"variable", variable}, {"device", m_device.slug}})
                 .status,
             400);
    // No device: a virtual project stream.
    r = client->post(QStringLiteral("/api/v1/stream/"), QJsonObject {{"variable", variable}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("slug").toString(),
             QStringLiteral("s--%1--0000-0000-0000-0000--5001").arg(m_project.slug.mid(3)));
    QVERIFY(r.object().value("device").isNull());
    QCOMPARE(m_server->clientFor(m_operator)
                 ->post(QStringLiteral("/api/v1/stream/"), QJsonObject {{"variable", variable}})
                 .status,
             403);
}

void TstStream::streamLookup_data()
{
    QTest::addColumn<int>("who");
    QTest::addColumn<QString>("slug");
    QTest::addColumn<int>("status");
    const QString gid = m_project.slug.mid(3);
    QTest::newRow("member") << 0 << QStringLiteral("s--%1--0000-0000-0000-0abc--5001").arg(gid) << 200;
    QTest::newRow("short form") << 0 << QStringLiteral("s--%1--0abc--5001").arg(gid.mid(5)) << 200;
    QTest::newRow("unknown") << 0 << QStringLiteral("s--%1--0000-0000-0000-0abc--9999").arg(gid) << 404;
    QTest::newRow("garbage") << 0 << QStringLiteral("s--zz") << 404;
    QTest::newRow("operator cannot read data")
        << 1 << QStringLiteral("s--%1--0000-0000-0000-0abc--5001").arg(gid) << 403;
    QTest::newRow("outsider") << 2 << QStringLiteral("s--%1--0000-0000-0000-0abc--5001").arg(gid) << 403;
}

void TstStream::streamLookup()
{
    QFETCH(int, who);
    QFETCH(QString, slug);
    QFETCH(int, status);
    const Account *accounts[] = {&m_member, &m_operator, &m_outsider};
    const HttpReply r =
        m_server->clientFor(*accounts[who])->get(QStringLiteral("/api/v1/stream/%1/").arg(slug));
    QCOMPARE(r.status, status);
    if (status == 200) {
        const QJsonObject s = r.object();
        QCOMPARE(s.value("device").toString(), m_device.slug);
        QCOMPARE(s.value("project").toString(), m_project.slug);
        QCOMPARE(s.value("project_id").toString(), m_project.uuid);
        QCOMPARE(s.value("variable").toString(), QStringLiteral("v--%1--5001").arg(m_project.slug.mid(3)));
        QCOMPARE(s.value("org").toString(), m_org.slug);
        QVERIFY(s.value("block").isNull());
        QCOMPARE(s.value("mdo_type").toString(), QStringLiteral("S"));
        QCOMPARE(s.value("enabled").toBool(), true);
    }
}

void TstStream::streamListScopes_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("count");
    QTest::newRow("default: active devices") << QString() << 200 << 1;
    QTest::newRow("virtual") << QStringLiteral("?virtual=1") << 200 << 1;
    QTest::newRow("all") << QStringLiteral("?all=1") << 200 << 2;
    QTest::newRow("device") << QStringLiteral("?device=d--0abc") << 200 << 1;
    QTest::newRow("project") << QStringLiteral("?project=%1&all=1").arg(m_project.uuid) << 200 << 2;
    QTest::newRow("bad device prefix") << QStringLiteral("?device=x--0abc") << 403 << 0;
    QTest::newRow("unknown block") << QStringLiteral("?block=zzz") << 404 << 0;
    QTest::newRow("enabled=false") << QStringLiteral("?all=1&enabled=false") << 200 << 0;
    QTest::newRow("unknown org") << QStringLiteral("?org=nope") << 404 << 0;
}

void TstStream::streamListScopes()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(int, count);
    const HttpReply r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/stream/") + query);
    QCOMPARE(r.status, status);
    if (status == 200)
        QCOMPARE(r.object().value("count").toInt(), count);
}

void TstStream::patchStreamUnits()
{
    const QString url =
        QStringLiteral("/api/v1/stream/s--%1--0000-0000-0000-0abc--5001/").arg(m_project.slug.mid(3));
    auto client = m_server->clientFor(m_member);
    HttpReply r = client->patch(
        url,
        QJsonObject {
            {"output_unit", QJsonValue()}, {"mdo_type", "V"}, {"division_factor", 4}, {"enabled", false}});
    QCOMPARE(r.status, 200);
    QVERIFY(r.object().value("output_unit").isNull());
    QCOMPARE(r.object().value("division_factor").toInt(), 4);
    QCOMPARE(r.object().value("enabled").toBool(), false);
    QCOMPARE(client->patch(url, QJsonObject {{"mdo_type", "Q"}}).status, 400);
    QCOMPARE(client->patch(url, QJsonObject {{"division_factor", 0}}).status, 400);
    r = client->patch(url, QJsonObject {{"enabled", true}});
    QCOMPARE(r.object().value("enabled").toBool(), true);
}

void TstStream::deleteRules()
{
    const QString url =
        QStringLiteral("/api/v1/stream/s--%1--0000-0000-0000-0000--5001/").arg(m_project.slug.mid(3));
    const HttpReply r = m_server->clientFor(m_owner)->del(url);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"error":"Restricted Access. Contact Arch"})"));
    QCOMPARE(m_server->clientFor(m_staff)->del(url).status, 204);
    QCOMPARE(m_server->clientFor(m_owner)->get(url).status, 404);
    QCOMPARE(m_server->clientFor(m_owner)->del(QStringLiteral("/api/v1/variable/v--0000-0000--5c00/")).status,
             400);
}

QTEST_GUILESS_MAIN(TstStream)
#include "tst_stream.moc"
