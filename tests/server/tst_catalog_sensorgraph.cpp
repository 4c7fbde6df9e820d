#include "server/app/servercontext.h"
#include "server/http/authenticator.h"
#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/sg/ (with its property sub-resource), /api/v1/vartemplate/, /api/v1/widget/ and
// /api/v1/device/<slug>/sg/.
class TstCatalogSensorGraph : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void anonymousIsUnauthorized_data();
    void anonymousIsUnauthorized();
    void createAndReadBack();
    void createRejects_data();
    void createRejects();
    void visibility_data();
    void visibility();
    void updateAndDelete();
    void varTemplateMethods_data();
    void varTemplateMethods();
    void varTemplateWrites();
    void varTemplateRejects_data();
    void varTemplateRejects();
    void widgetWrites();
    void embeddedTemplatesAndFilters_data();
    void embeddedTemplatesAndFilters();
    void propertyList();
    void propertyAdd();
    void sensorGraphOfDevice();

private:
    qint64 insertPropertyTemplate(const Org &org, const QString &name, const QString &type);
    std::unique_ptr<TestServer> m_server;
    Account m_staff, m_admin, m_user, m_outsider;
    Org m_vendor, m_vendor2, m_vendor3, m_plain;
    VarType m_type;
    qint64 m_varTemplateId = 0;
};

qint64 TstCatalogSensorGraph::insertPropertyTemplate(const Org &org, const QString &name, const QString &type)
{
    Seed seed(*m_server);
    SqlQuery q =
        seed.db().query("INSERT INTO property_templates (org_id, name, type, default_value, created_by) "
                        "VALUES (?, ?, ?, 'x', ?) RETURNING id");
    q.bind(org.id).bind(name).bind(type).bind(m_staff.id);
    auto id = q.scalarInt64();
    return id ? *id : -1;
}

void TstCatalogSensorGraph::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    m_admin = m_server->createUser(QStringLiteral("admin@example.com"), QStringLiteral("password1"), true);
    m_user = m_server->createUser(QStringLiteral("user@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    Seed seed(*m_server);
    SqlQuery superuser = seed.db().query("UPDATE accounts SET is_superuser = {TRUE} WHERE id = ?");
    superuser.bind(m_admin.id);
    QVERIFY(superuser.exec());
    m_server->context().auth().invalidate();
    m_vendor = seed.org(QStringLiteral("Arch Systems"), m_staff, true);
    m_vendor2 = seed.org(QStringLiteral("Vendor Two"), m_staff, true);
    m_vendor3 = seed.org(QStringLiteral("Vendor Three"), m_staff, true);
    m_plain = seed.org(QStringLiteral("Plain Co"), m_user);
    m_type = seed.varType(QStringLiteral("Water Volume"));

    auto staff = m_server->clientFor(m_staff);
    QCOMPARE(
        staff->post(QStringLiteral("/api/v1/pt/"), QJsonObject {{"name", "Water PT"}, {"org", m_vendor.slug}})
            .status,
        201);
    QCOMPARE(
        staff->post(QStringLiteral("/api/v1/pt/"), QJsonObject {{"name", "Old PT"}, {"org", m_vendor.slug}})
            .status,
        201);
    SqlQuery retire =
        seed.db().query("UPDATE project_templates SET active = {FALSE} WHERE slug = 'old-pt-v0-0-0'");
    QVERIFY(retire.exec());
    for (const char *name : {"SG 1", "Zeta", "Inactive SG"}) {
        const HttpReply r =
            staff->post(QStringLiteral("/api/v1/sg/"),
                        QJsonObject {{"name", name}, {"org", m_vendor.slug}, {"major_version", 1}});
        QCOMPARE(r.status, 201);
    }
    SqlQuery hide =
        seed.db().query("UPDATE sensor_graphs SET active = {FALSE} WHERE slug = 'inactive-sg-v1-0-0'");
    QVERIFY(hide.exec());
}

void TstCatalogSensorGraph::cleanupTestCase()
{
    m_server.reset();
}

void TstCatalogSensorGraph::anonymousIsUnauthorized_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::newRow("list") << QByteArray("GET") << QStringLiteral("/api/v1/sg/");
    QTest::newRow("create") << QByteArray("POST") << QStringLiteral("/api/v1/sg/");
    QTest::newRow("detail") << QByteArray("GET") << QStringLiteral("/api/v1/sg/sg-1-v1-0-0/");
    QTest::newRow("delete") << QByteArray("DELETE") << QStringLiteral("/api/v1/sg/sg-1-v1-0-0/");
    QTest::newRow("properties") << QByteArray("GET") << QStringLiteral("/api/v1/sg/sg-1-v1-0-0/property/");
    QTest::newRow("add property") << QByteArray("POST") << QStringLiteral("/api/v1/sg/sg-1-v1-0-0/property/");
    QTest::newRow("vartemplate GET") << QByteArray("GET") << QStringLiteral("/api/v1/vartemplate/");
    QTest::newRow("vartemplate POST") << QByteArray("POST") << QStringLiteral("/api/v1/vartemplate/");
    QTest::newRow("widget GET") << QByteArray("GET") << QStringLiteral("/api/v1/widget/1/");
    QTest::newRow("widget PATCH") << QByteArray("PATCH") << QStringLiteral("/api/v1/widget/1/");
    QTest::newRow("device sg") << QByteArray("GET") << QStringLiteral("/api/v1/device/d--0001/sg/");
}

void TstCatalogSensorGraph::anonymousIsUnauthorized()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    const HttpReply r = m_server->anonymous()->send(method, path, "{}", "application/json");
    QCOMPARE(r.status, 401);
    QCOMPARE(r.body, QByteArray(R"({"detail":"Authentication credentials were not provided."})"));
}

void TstCatalogSensorGraph::createAndReadBack()
{
    const QJsonObject payload {
        {"name", "foo"},
        {"app_tag", 1027},
        {"app_major_version", 2},
        {"app_minor_version", 5},
        {"major_version", 3},
        {"patch_version", 1},
        {"org", m_vendor.slug},
        {"project_template", "water-pt-v0-0-0"},
        {"ui_extra", QJsonObject {{"web", QJsonObject {{"pageTemplateSlug", "default"}}}}},
        {"report_processing_engine_ver", 2}};
    QCOMPARE(m_server->clientFor(m_user)->post(QStringLiteral("/api/v1/sg/"), payload).status, 403);
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/sg/"), payload);
    QCOMPARE(r.status, 201);
    const QJsonObject o = r.object();
    QCOMPARE(o.value("slug").toString(), QStringLiteral("foo-v3-0-1"));
    QCOMPARE(o.value("version").toString(), QStringLiteral("v3.0.1"));
    QCOMPARE(o.value("app_tag").toInt(), 1027);
    QCOMPARE(o.value("app_version").toString(), QStringLiteral("v2.5"));
    QCOMPARE(o.value("org").toString(), m_vendor.slug);
    QCOMPARE(o.value("project_template").toString(), QStringLiteral("water-pt-v0-0-0"));
    QCOMPARE(o.value("report_processing_engine_ver").toInt(), 2);
    QCOMPARE(o.value("ui_extra").toObject().value("web").toObject().value("pageTemplateSlug").toString(),
             QStringLiteral("default"));
    // The original's quirk: the version parts and app_major_version come back, app_minor_version does not.
    QCOMPARE(o.value("major_version").toInt(), 3);
    QCOMPARE(o.value("minor_version").toInt(), 0);
    QCOMPARE(o.value("patch_version").toInt(), 1);
    QCOMPARE(o.value("app_major_version").toInt(), 2);
    QVERIFY(!o.contains("app_minor_version"));
    QCOMPARE(o.keys(),
             (QStringList {"app_major_version", "app_tag", "app_version", "created_on",
                           "display_widget_templates", "id", "major_version", "minor_version", "name", "org",
                           "patch_version", "project_template", "report_processing_engine_ver", "slug",
                           "ui_extra", "variable_templates", "version"}));
    const HttpReply got = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/sg/foo-v3-0-1/"));
    QCOMPARE(got.status, 200);
    QCOMPARE(got.object(), o);
    // Django's slugify collapses the "--" of the versioned slug.
    const HttpReply sg1 = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/sg/sg-1-v1-0-0/"));
    QCOMPARE(sg1.status, 200);
    QCOMPARE(sg1.object().value("name").toString(), QStringLiteral("SG 1"));
    QVERIFY(sg1.object().value("project_template").isNull());
    QVERIFY(sg1.object().value("ui_extra").isNull());
    QCOMPARE(sg1.object().value("app_version").toString(), QStringLiteral("v0.0"));
}

void TstCatalogSensorGraph::createRejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QByteArray>("expected");
    const QString vendor = m_vendor.slug;
    QTest::newRow("nothing")
        << QJsonObject {}
        << QByteArray(R"({"name":["This field is required."],"org":["This field is required."]})");
    QTest::newRow("not a vendor") << QJsonObject {{"name", "X"}, {"org", "plain-co"}}
                                  << QByteArray(R"({"org":["Object with slug=plain-co does not exist."]})");
    QTest::newRow("inactive project template")
        << QJsonObject {{"name", "X"}, {"org", vendor}, {"project_template", "old-pt-v0-0-0"}}
        << QByteArray(R"({"project_template":["Object with slug=old-pt-v0-0-0 does not exist."]})");
    QTest::newRow("null project template")
        << QJsonObject {{"name", "X"}, {"org", vendor}, {"project_template", QJsonValue::Null}}
        << QByteArray(R"({"project_template":["This field may not be null."]})");
    QTest::newRow("negative app tag")
        << QJsonObject {{"name", "X"}, {"org", vendor}, {"app_tag", -2}}
        << QByteArray(R"({"app_tag":["Ensure this value is greater than or equal to 0."]})");
    QTest::newRow("bad engine")
        << QJsonObject {{"name", "X"}, {"org", vendor}, {"report_processing_engine_ver", "v2"}}
        << QByteArray(R"({"report_processing_engine_ver":["A valid integer is required."]})");
    QTest::newRow("long name") << QJsonObject {{"name", QString(51, 'x')}, {"org", vendor}}
                               << QByteArray(
                                      R"({"name":["Ensure this field has no more than 50 characters."]})");
    QTest::newRow("same name and version")
        << QJsonObject {{"name", "SG 1"}, {"org", vendor}, {"major_version", 1}}
        << QByteArray(
               R"({"non_field_errors":["The fields name, major_version, minor_version, patch_version must )"
               R"(make a unique set."]})");
}

void TstCatalogSensorGraph::createRejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(QByteArray, expected);
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/sg/"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, expected);
}

void TstCatalogSensorGraph::visibility_data()
{
    QTest::addColumn<bool>("staff");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("listsInactive");
    QTest::newRow("user") << false << QString() << false;
    QTest::newRow("user staff=1") << false << QStringLiteral("?staff=1") << false;
    QTest::newRow("staff") << true << QString() << false;
    QTest::newRow("staff=1") << true << QStringLiteral("?staff=1") << true;
    // Unlike ot/, pt/ and dt/, only "1" counts here.
    QTest::newRow("staff=true") << true << QStringLiteral("?staff=true") << false;
}

void TstCatalogSensorGraph::visibility()
{
    QFETCH(bool, staff);
    QFETCH(QString, query);
    QFETCH(bool, listsInactive);
    auto client = m_server->clientFor(staff ? m_staff : m_user);
    const HttpReply list = client->get(QStringLiteral("/api/v1/sg/") + query);
    QCOMPARE(list.status, 200);
    QStringList slugs;
    for (const QJsonValue &v : list.object().value("results").toArray())
        slugs << v.toObject().value("slug").toString();
    QCOMPARE(slugs.contains(QStringLiteral("inactive-sg-v1-0-0")), listsInactive);
    QVERIFY(slugs.indexOf(QStringLiteral("sg-1-v1-0-0")) < slugs.indexOf(QStringLiteral("zeta-v1-0-0")));
    // Retrieve finds inactive graphs for everyone.
    QCOMPARE(client->get(QStringLiteral("/api/v1/sg/inactive-sg-v1-0-0/") + query).status, 200);
    QCOMPARE(client->get(QStringLiteral("/api/v1/sg/nope-v1-0-0/") + query).status, 404);
}

void TstCatalogSensorGraph::updateAndDelete()
{
    auto staff = m_server->clientFor(m_staff);
    auto user = m_server->clientFor(m_user);
    QCOMPARE(
        staff->post(QStringLiteral("/api/v1/sg/"), QJsonObject {{"name", "Temp"}, {"org", m_vendor.slug}})
            .status,
        201);
    QCOMPARE(user->patch(QStringLiteral("/api/v1/sg/temp-v0-0-0/"), QJsonObject {{"app_tag", 5}}).status,
             403);
    HttpReply r =
        staff->patch(QStringLiteral("/api/v1/sg/temp-v0-0-0/"),
                     QJsonObject {{"app_tag", 5}, {"minor_version", 2}, {"ui_extra", QJsonArray {1, 2}}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("temp-v0-2-0"));
    QCOMPARE(r.object().value("app_tag").toInt(), 5);
    QCOMPARE(r.object().value("ui_extra").toArray(), (QJsonArray {1, 2}));
    QCOMPARE(staff->get(QStringLiteral("/api/v1/sg/temp-v0-2-0/")).object(), r.object());
    r = staff->put(QStringLiteral("/api/v1/sg/temp-v0-2-0/"), QJsonObject {{"name", "Temp"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"org":["This field is required."]})"));
    r = staff->put(QStringLiteral("/api/v1/sg/temp-v0-2-0/"),
                   QJsonObject {{"name", "Temp"}, {"org", m_vendor2.slug}, {"ui_extra", QJsonValue::Null}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("org").toString(), m_vendor2.slug);
    QVERIFY(r.object().value("ui_extra").isNull());
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("temp-v0-2-0"));
    QCOMPARE(user->del(QStringLiteral("/api/v1/sg/temp-v0-2-0/")).status, 403);
    QCOMPARE(staff->send("POST", QStringLiteral("/api/v1/sg/temp-v0-2-0/"), "{}", "application/json").status,
             405);
    QCOMPARE(staff->del(QStringLiteral("/api/v1/sg/temp-v0-2-0/")).status, 204);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/sg/temp-v0-2-0/")).status, 404);
}

void TstCatalogSensorGraph::varTemplateMethods_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("staff");
    QTest::addColumn<int>("status");
    for (const char *prefix : {"/api/v1/vartemplate/", "/api/v1/widget/"}) {
        const QString list = QLatin1String(prefix);
        const QString detail = list + QStringLiteral("1/");
        QTest::addRow("user GET %s", prefix) << QByteArray("GET") << list << false << 405;
        QTest::addRow("staff GET %s", prefix) << QByteArray("GET") << list << true << 405;
        QTest::addRow("user GET %s detail", prefix) << QByteArray("GET") << detail << false << 405;
        QTest::addRow("user DELETE %s detail", prefix) << QByteArray("DELETE") << detail << false << 403;
        QTest::addRow("staff DELETE %s detail", prefix) << QByteArray("DELETE") << detail << true << 405;
        QTest::addRow("staff PUT %s", prefix) << QByteArray("PUT") << list << true << 405;
        QTest::addRow("user PATCH %s", prefix) << QByteArray("PATCH") << list << false << 403;
        QTest::addRow("user POST %s", prefix) << QByteArray("POST") << list << false << 403;
        QTest::addRow("staff POST %s detail", prefix) << QByteArray("POST") << detail << true << 405;
        QTest::addRow("staff PATCH %s unknown", prefix)
            << QByteArray("PATCH") << list + QStringLiteral("999999/") << true << 404;
        QTest::addRow("staff PATCH %s not a number", prefix)
            << QByteArray("PATCH") << list + QStringLiteral("abc/") << true << 404;
    }
}

void TstCatalogSensorGraph::varTemplateMethods()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(bool, staff);
    QFETCH(int, status);
    const HttpReply r =
        m_server->clientFor(staff ? m_staff : m_user)->send(method, path, "{}", "application/json");
    QCOMPARE(r.status, status);
    if (status == 405)
        QVERIFY(!r.header("Allow").contains("GET"));
}

void TstCatalogSensorGraph::varTemplateWrites()
{
    auto staff = m_server->clientFor(m_staff);
    const QJsonObject payload {{"sg", "sg-1-v1-0-0"},
                               {"label", "Var3"},
                               {"var_type", m_type.slug},
                               {"lid_hex", "5001"},
                               {"default_input_unit", m_type.inputUnits.first().slug},
                               {"default_output_unit", m_type.outputUnits.first().slug}};
    HttpReply r = staff->post(QStringLiteral("/api/v1/vartemplate/"), payload);
    QCOMPARE(r.status, 201);
    QJsonObject o = r.object();
    m_varTemplateId = qint64(o.value("id").toDouble());
    QCOMPARE(o.value("sg").toString(), QStringLiteral("sg-1-v1-0-0"));
    QCOMPARE(o.value("lid_hex").toString(), QStringLiteral("5001"));
    QCOMPARE(o.value("var_type").toString(), QStringLiteral("water-volume"));
    QCOMPARE(o.value("default_input_unit").toString(), QStringLiteral("in--water-volume--raw"));
    QCOMPARE(o.value("default_output_unit").toString(), QStringLiteral("out--water-volume--shown"));
    QCOMPARE(o.value("ctype").toString(), QStringLiteral("unsigned int"));
    QCOMPARE(o.value("m").toInt(), 1);
    QCOMPARE(o.value("d").toInt(), 1);
    QCOMPARE(o.value("o").toDouble(), 0.0);
    QCOMPARE(o.value("app_only").toBool(), false);
    QCOMPARE(
        o.keys(),
        (QStringList {"app_only", "ctype", "d", "default_input_unit", "default_output_unit",
                      "derived_lid_hex", "id", "label", "lid_hex", "m", "o", "sg", "var_type", "web_only"}));
    const QString detail = QStringLiteral("/api/v1/vartemplate/%1/").arg(m_varTemplateId);
    r = staff->patch(detail,
                     QJsonObject {{"label", "Var3_updated"}, {"m", 10}, {"o", 1.5}, {"web_only", true}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("label").toString(), QStringLiteral("Var3_updated"));
    QCOMPARE(r.object().value("m").toInt(), 10);
    QCOMPARE(r.object().value("o").toDouble(), 1.5);
    QCOMPARE(r.object().value("web_only").toBool(), true);
    QCOMPARE(r.object().value("sg").toString(), QStringLiteral("sg-1-v1-0-0"));
    QCOMPARE(r.object().value("default_input_unit").toString(), QStringLiteral("in--water-volume--raw"));
    // Units may be cleared, but the fields must be sent on a full update.
    r = staff->put(detail, QJsonObject {{"sg", "sg-1-v1-0-0"}, {"var_type", m_type.slug}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body,
             QByteArray(R"({"default_input_unit":["This field is required."],)"
                        R"("default_output_unit":["This field is required."]})"));
    r = staff->put(detail,
                   QJsonObject {{"sg", "sg-1-v1-0-0"},
                                {"var_type", m_type.slug},
                                {"lid_hex", "5001"},
                                {"label", "Var3_updated"},
                                {"m", 10},
                                {"default_input_unit", QJsonValue::Null},
                                {"default_output_unit", QJsonValue::Null}});
    QCOMPARE(r.status, 200);
    QVERIFY(r.object().value("default_input_unit").isNull());
    QVERIFY(r.object().value("default_output_unit").isNull());
    // A second template with a lower lid comes first in the graph.
    r = staff->post(QStringLiteral("/api/v1/vartemplate/"),
                    QJsonObject {{"sg", "sg-1-v1-0-0"},
                                 {"label", "Var1"},
                                 {"var_type", m_type.slug},
                                 {"lid_hex", "1001"},
                                 {"default_input_unit", QJsonValue::Null},
                                 {"default_output_unit", m_type.outputUnits.first().slug},
                                 {"app_only", "true"}});
    QCOMPARE(r.status, 201);
    const HttpReply sg = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/sg/sg-1-v1-0-0/"));
    const QJsonArray templates = sg.object().value("variable_templates").toArray();
    QCOMPARE(templates.size(), 2);
    const QJsonObject first = templates.at(0).toObject();
    QCOMPARE(first.value("lid_hex").toString(), QStringLiteral("1001"));
    QCOMPARE(first.value("app_only").toBool(), true);
    QVERIFY(!first.contains("sg"));
    QCOMPARE(first.keys(),
             (QStringList {"app_only", "ctype", "d", "default_input_unit", "default_output_unit",
                           "derived_lid_hex", "id", "label", "lid_hex", "m", "o", "var_type", "web_only"}));
    QCOMPARE(templates.at(1).toObject().value("label").toString(), QStringLiteral("Var3_updated"));
    // Moving a template to another graph.
    r = staff->patch(detail, QJsonObject {{"sg", "zeta-v1-0-0"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(m_server->clientFor(m_user)
                 ->get(QStringLiteral("/api/v1/sg/zeta-v1-0-0/"))
                 .object()
                 .value("variable_templates")
                 .toArray()
                 .size(),
             1);
}

void TstCatalogSensorGraph::varTemplateRejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QByteArray>("expected");
    const QString in = QStringLiteral("in--water-volume--raw");
    const QString out = QStringLiteral("out--water-volume--shown");
    QTest::newRow("nothing")
        << QJsonObject {}
        << QByteArray(R"({"default_input_unit":["This field is required."],)"
                      R"("default_output_unit":["This field is required."],)"
                      R"("sg":["This field is required."],"var_type":["This field is required."]})");
    QTest::newRow("unknown graph and type")
        << QJsonObject {{"sg", "nope"},
                        {"var_type", "nada"},
                        {"default_input_unit", in},
                        {"default_output_unit", out}}
        << QByteArray(R"({"sg":["Object with slug=nope does not exist."],)"
                      R"("var_type":["Object with slug=nada does not exist."]})");
    QTest::newRow("units the wrong way round")
        << QJsonObject {{"sg", "sg-1-v1-0-0"},
                        {"var_type", "water-volume"},
                        {"default_input_unit", out},
                        {"default_output_unit", in}}
        << QByteArray(
               R"({"default_input_unit":["Object with slug=out--water-volume--shown does not exist."],)"
               R"("default_output_unit":["Object with slug=in--water-volume--raw does not exist."]})");
    QTest::newRow("null var type") << QJsonObject {{"sg", "sg-1-v1-0-0"},
                                                   {"var_type", QJsonValue::Null},
                                                   {"default_input_unit", in},
                                                   {"default_output_unit", out}}
                                   << QByteArray(R"({"var_type":["This field may not be null."]})");
    QTest::newRow("long lid") << QJsonObject {{"sg", "sg-1-v1-0-0"},
                                              {"var_type", "water-volume"},
                                              {"default_input_unit", in},
                                              {"default_output_unit", out},
                                              {"lid_hex", "50011"}}
                              << QByteArray(
                                     R"({"lid_hex":["Ensure this field has no more than 4 characters."]})");
    QTest::newRow("bad numbers")
        << QJsonObject {{"sg", "sg-1-v1-0-0"},
                        {"var_type", "water-volume"},
                        {"default_input_unit", in},
                        {"default_output_unit", out},
                        {"m", "x"},
                        {"o", "y"},
                        {"app_only", "maybe"}}
        << QByteArray(R"({"app_only":["Must be a valid boolean."],"m":["A valid integer is required."],)"
                      R"("o":["A valid number is required."]})");
}

void TstCatalogSensorGraph::varTemplateRejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(QByteArray, expected);
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/vartemplate/"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, expected);
}

void TstCatalogSensorGraph::widgetWrites()
{
    auto staff = m_server->clientFor(m_staff);
    HttpReply r =
        staff->post(QStringLiteral("/api/v1/widget/"), QJsonObject {{"sg", "sg-1-v1-0-0"}, {"label", "W1"}});
    QCOMPARE(r.status, 201);
    QJsonObject o = r.object();
    QCOMPARE(o.value("type").toString(), QStringLiteral("val"));
    QVERIFY(o.value("args").isNull());
    QVERIFY(o.value("var_type").isNull());
    QCOMPARE(o.value("sg").toString(), QStringLiteral("sg-1-v1-0-0"));
    QCOMPARE(o.keys(),
             (QStringList {"args", "derived_unit_type", "id", "label", "lid_hex", "sg", "show_in_app",
                           "show_in_web", "type", "var_type"}));
    const QString detail = QStringLiteral("/api/v1/widget/%1/").arg(qint64(o.value("id").toDouble()));
    r = staff->patch(detail,
                     QJsonObject {{"type", "sbt"},
                                  {"args", QJsonObject {{"on", 1}}},
                                  {"var_type", m_type.slug},
                                  {"show_in_app", true},
                                  {"derived_unit_type", "Flow"},
                                  {"lid_hex", "5002"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("type").toString(), QStringLiteral("sbt"));
    QCOMPARE(r.object().value("args").toObject(), (QJsonObject {{"on", 1}}));
    QCOMPARE(r.object().value("var_type").toString(), m_type.slug);
    QCOMPARE(r.object().value("show_in_app").toBool(), true);
    r = staff->patch(detail, QJsonObject {{"type", "knob"}, {"lid_hex", ""}});
    QCOMPARE(r.status, 400);
    const QByteArray expected = "{\"lid_hex\":[\"This field may not be blank.\"],"
                                "\"type\":[\"\\\"knob\\\" is not a valid choice.\"]}";
    QCOMPARE(r.body, expected);
    r = staff->post(QStringLiteral("/api/v1/widget/"), QJsonObject {{"label", "W2"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"sg":["This field is required."]})"));
    QCOMPARE(m_server->clientFor(m_user)->patch(detail, QJsonObject {{"label", "x"}}).status, 403);
    // The graph embeds its widgets without "sg".
    const HttpReply sg = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/sg/sg-1-v1-0-0/"));
    const QJsonArray widgets = sg.object().value("display_widget_templates").toArray();
    QCOMPARE(widgets.size(), 1);
    QCOMPARE(widgets.at(0).toObject().value("label").toString(), QStringLiteral("W1"));
    QCOMPARE(widgets.at(0).toObject().value("args").toObject(), (QJsonObject {{"on", 1}}));
    QVERIFY(!widgets.at(0).toObject().contains("sg"));
    // OPTIONS names what the path allows.
    r = staff->send("OPTIONS", QStringLiteral("/api/v1/widget/"), {}, {});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Allow"), QByteArray("POST, OPTIONS"));
}

void TstCatalogSensorGraph::embeddedTemplatesAndFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("slugs");
    QTest::newRow("org") << QStringLiteral("?org__slug=%1").arg(m_vendor.slug) << 200
                         << QStringList {"foo-v3-0-1", "sg-1-v1-0-0", "zeta-v1-0-0"};
    QTest::newRow("unknown org") << QStringLiteral("?org__slug=nope") << 200 << QStringList {};
    QTest::newRow("slug") << QStringLiteral("?slug=zeta-v1-0-0") << 200 << QStringList {"zeta-v1-0-0"};
    QTest::newRow("inactive slug") << QStringLiteral("?slug=inactive-sg-v1-0-0") << 200 << QStringList {};
    QTest::newRow("created_by") << QStringLiteral("?created_by=%1").arg(m_staff.id) << 200
                                << QStringList {"foo-v3-0-1", "sg-1-v1-0-0", "zeta-v1-0-0"};
    QTest::newRow("created_by nobody")
        << QStringLiteral("?created_by=%1").arg(m_user.id) << 200 << QStringList {};
    QTest::newRow("variable template")
        << QStringLiteral("?variable_templates=VT") << 200 << QStringList {"zeta-v1-0-0"};
    QTest::newRow("unknown variable template")
        << QStringLiteral("?variable_templates=999999") << 400 << QStringList {};
}

void TstCatalogSensorGraph::embeddedTemplatesAndFilters()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QStringList, slugs);
    query.replace(QStringLiteral("VT"), QString::number(m_varTemplateId));
    const HttpReply r = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/sg/") + query);
    QCOMPARE(r.status, status);
    if (status == 400) {
        QCOMPARE(r.body,
                 QByteArray(R"({"variable_templates":["Select a valid choice. 999999 is not one of the )"
                            R"(available choices."]})"));
        return;
    }
    QStringList got;
    for (const QJsonValue &v : r.object().value("results").toArray()) {
        const QJsonObject sg = v.toObject();
        got << sg.value("slug").toString();
        // The list embeds the same templates as the detail view.
        const HttpReply detail = m_server->clientFor(m_user)->get(
            QStringLiteral("/api/v1/sg/%1/").arg(sg.value("slug").toString()));
        QCOMPARE(sg, detail.object());
    }
    // Name order depends on the database's collation ("foo" against "SG 1"): compare as sets.
    got.sort();
    slugs.sort();
    QCOMPARE(got, slugs);
}

void TstCatalogSensorGraph::propertyList()
{
    const qint64 p1 = insertPropertyTemplate(m_vendor2, QStringLiteral("F1"), QStringLiteral("enum"));
    const qint64 p2 = insertPropertyTemplate(m_vendor3, QStringLiteral("F2"), QStringLiteral("str"));
    const qint64 p3 = insertPropertyTemplate(m_vendor3, QStringLiteral("F3"), QStringLiteral("str"));
    const qint64 p4 = insertPropertyTemplate(m_vendor, QStringLiteral("F4"), QStringLiteral("int"));
    Seed seed(*m_server);
    for (const char *value : {"b", "a"}) {
        SqlQuery e =
            seed.db().query("INSERT INTO property_template_enums (template_id, value) VALUES (?, ?)");
        e.bind(p1).bind(value);
        QVERIFY(e.exec());
    }
    for (qint64 id : {p1, p2, p3}) {
        SqlQuery link = seed.db().query("INSERT INTO sg_property_templates (sg_id, template_id) SELECT id, ? "
                                        "FROM sensor_graphs WHERE slug = "
                                        "'zeta-v1-0-0'");
        link.bind(id);
        QVERIFY(link.exec());
    }
    auto user = m_server->clientFor(m_user);
    const QString path = QStringLiteral("/api/v1/sg/zeta-v1-0-0/property/");
    // By default only the templates of the graph's own org.
    HttpReply r = user->get(path);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 0);
    SqlQuery link =
        seed.db().query("INSERT INTO sg_property_templates (sg_id, template_id) SELECT id, ? FROM "
                        "sensor_graphs WHERE slug = 'zeta-v1-0-0'");
    link.bind(p4);
    QVERIFY(link.exec());
    r = user->get(path);
    QCOMPARE(r.object().value("count").toInt(), 1);
    QJsonObject t = r.object().value("results").toArray().at(0).toObject();
    QCOMPARE(t,
             (QJsonObject {{"id", double(p4)},
                           {"org", m_vendor.slug},
                           {"type", "int"},
                           {"name", "F4"},
                           {"default", "x"},
                           {"enums", QJsonArray {}},
                           {"extra", QJsonValue::Null},
                           {"created_by", m_staff.slug}}));
    r = user->get(path + QStringLiteral("?org=%1").arg(m_vendor2.slug));
    QCOMPARE(r.object().value("count").toInt(), 1);
    t = r.object().value("results").toArray().at(0).toObject();
    QCOMPARE(t.value("name").toString(), QStringLiteral("F1"));
    QCOMPARE(t.value("enums").toArray(), (QJsonArray {"a", "b"}));
    r = user->get(path + QStringLiteral("?org=%1").arg(m_vendor3.slug));
    QCOMPARE(r.object().value("count").toInt(), 2);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("name").toString(),
             QStringLiteral("F2"));
    QCOMPARE(r.object().value("results").toArray().at(1).toObject().value("org").toString(), m_vendor3.slug);
    QCOMPARE(user->get(path + QStringLiteral("?org=nope")).status, 404);
    QCOMPARE(user->get(QStringLiteral("/api/v1/sg/nope-v0-0-0/property/")).status, 404);
    // Inactive graphs answer too.
    QCOMPARE(user->get(QStringLiteral("/api/v1/sg/inactive-sg-v1-0-0/property/")).status, 200);
    (void)p2;
    (void)p3;
}

void TstCatalogSensorGraph::propertyAdd()
{
    const qint64 p5 = insertPropertyTemplate(m_vendor, QStringLiteral("F5"), QStringLiteral("str"));
    const QString path = QStringLiteral("/api/v1/sg/sg-1-v1-0-0/property/");
    const QJsonObject payload {{"id", double(p5)}};
    QCOMPARE(m_server->clientFor(m_user)->post(path, payload).status, 403);
    HttpReply r = m_server->clientFor(m_staff)->post(path, payload);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"("Illegal Method")"));
    auto admin = m_server->clientFor(m_admin);
    r = admin->post(path, payload);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object(), payload);
    // Adding again changes nothing.
    QCOMPARE(admin->post(path, payload).status, 201);
    r = admin->get(path);
    QCOMPARE(r.object().value("count").toInt(), 1);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("name").toString(),
             QStringLiteral("F5"));
    r = admin->post(path, QJsonObject {{"id", 424242}});
    QCOMPARE(r.status, 404);
    r = admin->post(path, QJsonObject {});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"id":["This field is required."]})"));
    r = admin->post(path, QJsonObject {{"id", "five"}});
    QCOMPARE(r.body, QByteArray(R"({"id":["A valid integer is required."]})"));
    QCOMPARE(admin->post(QStringLiteral("/api/v1/sg/nope-v0-0-0/property/"), payload).status, 404);
    QCOMPARE(admin->del(path).status, 405);
}

void TstCatalogSensorGraph::sensorGraphOfDevice()
{
    Seed seed(*m_server);
    const Project project = seed.project(m_plain, QStringLiteral("Site"), m_user);
    const Org foreignOrg = seed.org(QStringLiteral("Foreign"), m_outsider);
    const Project foreign = seed.project(foreignOrg, QStringLiteral("Theirs"), m_outsider);
    SqlQuery q = seed.db().query("SELECT id FROM sensor_graphs WHERE slug = 'sg-1-v1-0-0'");
    auto sgId = q.scalarInt64();
    QVERIFY(sgId);
    SensorGraph sg;
    sg.id = *sgId;
    seed.claim(seed.device(0x61, &sg), project, m_user);
    seed.claim(seed.device(0x62), project, m_user);
    seed.claim(seed.device(0x63, &sg), foreign, m_outsider);
    auto user = m_server->clientFor(m_user);
    HttpReply r = user->get(QStringLiteral("/api/v1/device/d--0061/sg/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object(), user->get(QStringLiteral("/api/v1/sg/sg-1-v1-0-0/")).object());
    QCOMPARE(r.object().value("variable_templates").toArray().size(), 1);
    // A device without a sensor graph: the serializer's empty writable fields, still 200.
    r = user->get(QStringLiteral("/api/v1/device/d--0000-0000-0000-0062/sg/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"app_major_version":null,"app_minor_version":null,"app_tag":null,)"
                        R"("major_version":null,"minor_version":null,"name":"","org":null,)"
                        R"("patch_version":null,"project_template":null,)"
                        R"("report_processing_engine_ver":null,"ui_extra":null})"));
    QCOMPARE(user->get(QStringLiteral("/api/v1/device/d--0063/sg/")).status, 403);
    QCOMPARE(user->get(QStringLiteral("/api/v1/device/d--0999/sg/")).status, 404);
    QCOMPARE(m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/device/d--0063/sg/")).status, 200);
}

QTEST_GUILESS_MAIN(TstCatalogSensorGraph)
#include "tst_catalog_sensorgraph.moc"
