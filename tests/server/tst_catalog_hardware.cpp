#include "server/app/servercontext.h"
#include "server/http/authenticator.h"
#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/component/, /api/v1/dt/ with its superuser-only slot writes, and /api/v1/device/<slug>/template/.
class TstCatalogHardware : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void componentCrud();
    void componentRejects_data();
    void componentRejects();
    void componentAccess_data();
    void componentAccess();
    void deviceTemplateCreate();
    void deviceTemplateRejects_data();
    void deviceTemplateRejects();
    void deviceTemplateVisibility_data();
    void deviceTemplateVisibility();
    void deviceTemplateFilters_data();
    void deviceTemplateFilters();
    void deviceTemplateUpdateAndDelete();
    void slotAccess_data();
    void slotAccess();
    void slotWrites();
    void slotRejects_data();
    void slotRejects();
    void deviceTemplateOfDevice();

private:
    std::unique_ptr<TestServer> m_server;
    Account m_staff, m_admin, m_user, m_outsider;
    Org m_vendor, m_plain;
    QString m_comp1, m_comp2;
};

void TstCatalogHardware::initTestCase()
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
    m_vendor = seed.org(QStringLiteral("Arch Systems"), m_user, true);
    m_plain = seed.org(QStringLiteral("Plain Co"), m_user);

    auto staff = m_server->clientFor(m_staff);
    HttpReply r =
        staff->post(QStringLiteral("/api/v1/component/"),
                    QJsonObject {{"external_sku", "Comp 1"}, {"type", "IOT"}, {"hw_tag", "hwtag 1"}});
    QCOMPARE(r.status, 201);
    m_comp1 = r.object().value("slug").toString();
    r = staff->post(QStringLiteral("/api/v1/component/"),
                    QJsonObject {{"external_sku", "Comp 2"}, {"type", "SEN"}, {"hw_tag", "hwtag 2"}});
    QCOMPARE(r.status, 201);
    m_comp2 = r.object().value("slug").toString();
    for (const char *sku : {"Device 1", "Device 2"}) {
        r = staff->post(
            QStringLiteral("/api/v1/dt/"),
            QJsonObject {{"external_sku", sku}, {"org", m_vendor.slug}, {"released_on", "2017-01-02"}});
        QCOMPARE(r.status, 201);
    }
    r = m_server->clientFor(m_admin)->post(
        QStringLiteral("/api/v1/dt/"),
        QJsonObject {{"external_sku", "Retired"}, {"org", m_vendor.slug}, {"released_on", "2015-05-05"}});
    QCOMPARE(r.status, 201);
    SqlQuery retire =
        seed.db().query("UPDATE device_templates SET active = {FALSE} WHERE slug = 'retired-v0-0-0'");
    QVERIFY(retire.exec());
}

void TstCatalogHardware::cleanupTestCase()
{
    m_server.reset();
}

void TstCatalogHardware::componentCrud()
{
    auto staff = m_server->clientFor(m_staff);
    const QJsonObject body {{"external_sku", "Tile X"}, {"internal_sku", "TX-1"},       {"type", "BTC"},
                            {"hw_tag", "btc1"},         {"hw_name", "btc1_v2"},         {"major_version", 2},
                            {"patch_version", 1},       {"description", "A controller"}};
    HttpReply r = staff->post(QStringLiteral("/api/v1/component/"), body);
    QCOMPARE(r.status, 201);
    QJsonObject o = r.object();
    // Single dashes and no "v" in component slugs.
    QCOMPARE(o.value("slug").toString(), QStringLiteral("tile-x-2-0-1"));
    QCOMPARE(o.value("version").toString(), QStringLiteral("v2.0.1"));
    QCOMPARE(o.value("id").toString().size(), 36);
    QCOMPARE(o.value("type").toString(), QStringLiteral("BTC"));
    QCOMPARE(o.value("hw_name").toString(), QStringLiteral("btc1_v2"));
    QCOMPARE(o.keys(),
             (QStringList {"created_on", "description", "external_sku", "hw_name", "hw_tag", "id",
                           "internal_sku", "slug", "type", "version"}));
    auto user = m_server->clientFor(m_user);
    r = user->get(QStringLiteral("/api/v1/component/tile-x-2-0-1/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object(), o);
    r = user->get(QStringLiteral("/api/v1/component/"));
    QCOMPARE(r.status, 200);
    QStringList slugs;
    for (const QJsonValue &v : r.object().value("results").toArray())
        slugs << v.toObject().value("slug").toString();
    QCOMPARE(slugs, (QStringList {m_comp1, m_comp2, "tile-x-2-0-1"}));
    r = user->get(QStringLiteral("/api/v1/component/?created_by=%1").arg(m_user.id));
    QCOMPARE(r.object().value("count").toInt(), 0);
    r = user->get(QStringLiteral("/api/v1/component/?created_by=%1").arg(m_staff.id));
    QCOMPARE(r.object().value("count").toInt(), 3);
    QCOMPARE(user->get(QStringLiteral("/api/v1/component/?created_by=0")).status, 400);

    r = staff->patch(QStringLiteral("/api/v1/component/tile-x-2-0-1/"),
                     QJsonObject {{"minor_version", 1}, {"description", "Better"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("tile-x-2-1-1"));
    QCOMPARE(r.object().value("description").toString(), QStringLiteral("Better"));
    QCOMPARE(r.object().value("id"), o.value("id"));
    r = staff->put(QStringLiteral("/api/v1/component/tile-x-2-1-1/"),
                   QJsonObject {{"external_sku", "Tile X"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"type":["This field is required."]})"));
    QCOMPARE(user->del(QStringLiteral("/api/v1/component/tile-x-2-1-1/")).status, 403);
    QCOMPARE(staff->del(QStringLiteral("/api/v1/component/tile-x-2-1-1/")).status, 204);
    QCOMPARE(user->get(QStringLiteral("/api/v1/component/tile-x-2-1-1/")).status, 404);
}

void TstCatalogHardware::componentRejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("nothing") << QJsonObject {}
                             << QByteArray(R"({"external_sku":["This field is required."],)"
                                           R"("type":["This field is required."]})");
    QTest::newRow("bad type") << QJsonObject {{"external_sku", "A"}, {"type", "XYZ"}}
                              << QByteArray(R"({"type":["\"XYZ\" is not a valid choice."]})");
    QTest::newRow("long hw_tag")
        << QJsonObject {{"external_sku", "A"}, {"type", "COM"}, {"hw_tag", QString(21, 'h')}}
        << QByteArray(R"({"hw_tag":["Ensure this field has no more than 20 characters."]})");
    QTest::newRow("blank sku") << QJsonObject {{"external_sku", ""}, {"type", "COM"}}
                               << QByteArray(R"({"external_sku":["This field may not be blank."]})");
    QTest::newRow("same sku and version")
        << QJsonObject {{"external_sku", "Comp 1"}, {"type", "COM"}}
        << QByteArray(R"({"non_field_errors":["The fields external_sku, major_version, minor_version, )"
                      R"(patch_version must make a unique set."]})");
}

void TstCatalogHardware::componentRejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(QByteArray, expected);
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/component/"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, expected);
}

void TstCatalogHardware::componentAccess_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("who"); // 0 anonymous, 1 user, 2 staff
    QTest::addColumn<int>("status");
    const QString list = QStringLiteral("/api/v1/component/");
    const QString detail = QStringLiteral("/api/v1/component/comp-1-0-0-0/");
    QTest::newRow("anonymous list") << QByteArray("GET") << list << 0 << 401;
    QTest::newRow("anonymous detail") << QByteArray("GET") << detail << 0 << 401;
    QTest::newRow("anonymous create") << QByteArray("POST") << list << 0 << 401;
    QTest::newRow("user create") << QByteArray("POST") << list << 1 << 403;
    QTest::newRow("user patch") << QByteArray("PATCH") << detail << 1 << 403;
    QTest::newRow("user detail") << QByteArray("GET") << detail << 1 << 200;
    QTest::newRow("staff post detail") << QByteArray("POST") << detail << 2 << 405;
    QTest::newRow("unknown") << QByteArray("GET") << QStringLiteral("/api/v1/component/nope/") << 1 << 404;
}

void TstCatalogHardware::componentAccess()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, who);
    QFETCH(int, status);
    auto client = who == 0 ? m_server->anonymous() : m_server->clientFor(who == 1 ? m_user : m_staff);
    QCOMPARE(client->send(method, path, "{}", "application/json").status, status);
}

void TstCatalogHardware::deviceTemplateCreate()
{
    const QJsonObject body {{"external_sku", "foo"}, {"org", m_vendor.slug},  {"major_version", 2},
                            {"patch_version", 1},    {"os_tag", 2050},        {"os_major_version", 1},
                            {"hw_tag", 1024},        {"hw_major_version", 1}, {"released_on", "2016-09-23"}};
    QCOMPARE(m_server->anonymous()->post(QStringLiteral("/api/v1/dt/"), body).status, 401);
    QCOMPARE(m_server->clientFor(m_user)->post(QStringLiteral("/api/v1/dt/"), body).status, 403);
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/dt/"), body);
    QCOMPARE(r.status, 201);
    const QJsonObject o = r.object();
    QCOMPARE(o.value("slug").toString(), QStringLiteral("foo-v2-0-1"));
    QCOMPARE(o.value("version").toString(), QStringLiteral("v2.0.1"));
    QCOMPARE(o.value("os_tag").toInt(), 2050);
    QCOMPARE(o.value("os_version").toString(), QStringLiteral("v1.0"));
    QCOMPARE(o.value("hw_tag").toInt(), 1024);
    QCOMPARE(o.value("hw_version").toString(), QStringLiteral("v1"));
    QCOMPARE(o.value("org").toString(), m_vendor.slug);
    QCOMPARE(o.value("released_on").toString(), QStringLiteral("2016-09-23"));
    QCOMPARE(o.value("family").toString(), QString());
    QCOMPARE(o.value("slots").toArray(), QJsonArray());
    QCOMPARE(o.value("id").toString().size(), 36);
    QCOMPARE(
        o.keys(),
        (QStringList {"created_on", "external_sku", "family", "hw_tag", "hw_version", "id", "internal_sku",
                      "org", "os_tag", "os_version", "released_on", "slots", "slug", "version"}));
    const HttpReply got = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/dt/foo-v2-0-1/"));
    QCOMPARE(got.status, 200);
    QCOMPARE(got.object(), o);
}

void TstCatalogHardware::deviceTemplateRejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QByteArray>("expected");
    const QString vendor = m_vendor.slug;
    QTest::newRow("nothing") << QJsonObject {}
                             << QByteArray(R"({"external_sku":["This field is required."],)"
                                           R"("org":["This field is required."],)"
                                           R"("released_on":["This field is required."]})");
    QTest::newRow("not a vendor") << QJsonObject {{"external_sku", "A"},
                                                  {"org", "plain-co"},
                                                  {"released_on", "2020-01-01"}}
                                  << QByteArray(R"({"org":["Object with slug=plain-co does not exist."]})");
    QTest::newRow("bad date")
        << QJsonObject {{"external_sku", "A"}, {"org", vendor}, {"released_on", "2020-13-01"}}
        << QByteArray(R"({"released_on":["Date has wrong format. Use one of these formats )"
                      R"(instead: YYYY-MM-DD."]})");
    QTest::newRow("datetime")
        << QJsonObject {{"external_sku", "A"}, {"org", vendor}, {"released_on", "2020-01-01T00:00:00Z"}}
        << QByteArray(R"({"released_on":["Date has wrong format. Use one of these formats )"
                      R"(instead: YYYY-MM-DD."]})");
    QTest::newRow("negative tag")
        << QJsonObject {{"external_sku", "A"}, {"org", vendor}, {"released_on", "2020-01-01"}, {"os_tag", -1}}
        << QByteArray(R"({"os_tag":["Ensure this value is greater than or equal to 0."]})");
    QTest::newRow("blank family") << QJsonObject {{"external_sku", "A"},
                                                  {"org", vendor},
                                                  {"released_on", "2020-01-01"},
                                                  {"family", ""}}
                                  << QByteArray(R"({"family":["This field may not be blank."]})");
    QTest::newRow("same sku and version")
        << QJsonObject {{"external_sku", "Device 1"}, {"org", vendor}, {"released_on", "2020-01-01"}}
        << QByteArray(R"({"non_field_errors":["The fields external_sku, major_version, minor_version, )"
                      R"(patch_version must make a unique set."]})");
}

void TstCatalogHardware::deviceTemplateRejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(QByteArray, expected);
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/dt/"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, expected);
}

void TstCatalogHardware::deviceTemplateVisibility_data()
{
    QTest::addColumn<bool>("staff");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("seesInactive");
    QTest::newRow("user") << false << QString() << false;
    QTest::newRow("user with staff=1") << false << QStringLiteral("?staff=1") << false;
    QTest::newRow("staff") << true << QString() << false;
    QTest::newRow("staff=1") << true << QStringLiteral("?staff=1") << true;
    QTest::newRow("staff=anything") << true << QStringLiteral("?staff=x") << true;
}

void TstCatalogHardware::deviceTemplateVisibility()
{
    QFETCH(bool, staff);
    QFETCH(QString, query);
    QFETCH(bool, seesInactive);
    auto client = m_server->clientFor(staff ? m_staff : m_user);
    const HttpReply list = client->get(QStringLiteral("/api/v1/dt/") + query);
    QCOMPARE(list.status, 200);
    QStringList slugs;
    for (const QJsonValue &v : list.object().value("results").toArray())
        slugs << v.toObject().value("slug").toString();
    QCOMPARE(slugs.contains(QStringLiteral("retired-v0-0-0")), seesInactive);
    QVERIFY(slugs.indexOf(QStringLiteral("device-1-v0-0-0"))
            < slugs.indexOf(QStringLiteral("device-2-v0-0-0")));
    QCOMPARE(client->get(QStringLiteral("/api/v1/dt/retired-v0-0-0/") + query).status,
             seesInactive ? 200 : 404);
}

void TstCatalogHardware::deviceTemplateFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("count");
    QTest::newRow("org") << QStringLiteral("?org__slug=%1").arg(m_vendor.slug) << 200 << 3;
    QTest::newRow("unknown org") << QStringLiteral("?org__slug=nope") << 200 << 0;
    QTest::newRow("created_by admin") << QStringLiteral("?created_by=%1&staff=1").arg(m_admin.id) << 200 << 1;
    QTest::newRow("created_by nobody") << QStringLiteral("?created_by=424242") << 400 << 0;
}

void TstCatalogHardware::deviceTemplateFilters()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(int, count);
    const HttpReply r = m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/dt/") + query);
    QCOMPARE(r.status, status);
    if (status == 200)
        QCOMPARE(r.object().value("count").toInt(), count);
}

void TstCatalogHardware::deviceTemplateUpdateAndDelete()
{
    auto staff = m_server->clientFor(m_staff);
    HttpReply r = staff->post(
        QStringLiteral("/api/v1/dt/"),
        QJsonObject {{"external_sku", "Temp"}, {"org", m_vendor.slug}, {"released_on", "2019-2-3"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("released_on").toString(), QStringLiteral("2019-02-03"));
    r = staff->patch(QStringLiteral("/api/v1/dt/temp-v0-0-0/"),
                     QJsonObject {{"family", "Pods"}, {"hw_major_version", 3}, {"os_minor_version", 2}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("family").toString(), QStringLiteral("Pods"));
    QCOMPARE(r.object().value("hw_version").toString(), QStringLiteral("v3"));
    QCOMPARE(r.object().value("os_version").toString(), QStringLiteral("v0.2"));
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("temp-v0-0-0"));
    r = staff->put(QStringLiteral("/api/v1/dt/temp-v0-0-0/"), QJsonObject {{"external_sku", "Temp"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body,
             QByteArray(R"({"org":["This field is required."],"released_on":["This field is required."]})"));
    QCOMPARE(m_server->clientFor(m_user)->del(QStringLiteral("/api/v1/dt/temp-v0-0-0/")).status, 403);
    QCOMPARE(staff->del(QStringLiteral("/api/v1/dt/temp-v0-0-0/")).status, 204);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/dt/temp-v0-0-0/")).status, 404);
}

void TstCatalogHardware::slotAccess_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("who"); // 0 anonymous, 1 user, 2 staff
    QTest::addColumn<int>("status");
    const QString slot = QStringLiteral("/api/v1/dt/device-1-v0-0-0/slot/");
    for (const char *m : {"GET", "POST", "PUT", "PATCH", "DELETE"})
        QTest::addRow("anonymous %s", m) << QByteArray(m) << slot << 0 << 401;
    QTest::newRow("user GET") << QByteArray("GET") << slot << 1 << 200;
    QTest::newRow("user GET inactive template")
        << QByteArray("GET") << QStringLiteral("/api/v1/dt/retired-v0-0-0/slot/") << 1 << 200;
    QTest::newRow("user GET unknown template")
        << QByteArray("GET") << QStringLiteral("/api/v1/dt/nope-v0-0-0/slot/") << 1 << 404;
    QTest::newRow("user POST") << QByteArray("POST") << slot << 1 << 403;
    QTest::newRow("user PUT") << QByteArray("PUT") << slot << 1 << 403;
    QTest::newRow("staff PUT") << QByteArray("PUT") << slot << 2 << 405;
    QTest::newRow("staff PATCH") << QByteArray("PATCH") << slot << 2 << 405;
    QTest::newRow("staff DELETE") << QByteArray("DELETE") << slot << 2 << 405;
    QTest::newRow("slot detail") << QByteArray("GET") << slot + QStringLiteral("1/") << 2 << 404;
}

void TstCatalogHardware::slotAccess()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, who);
    QFETCH(int, status);
    auto client = who == 0 ? m_server->anonymous() : m_server->clientFor(who == 1 ? m_user : m_staff);
    QCOMPARE(
        client->send(method, path, R"({"number":0,"component":"comp-1-0-0-0"})", "application/json").status,
        status);
}

void TstCatalogHardware::slotWrites()
{
    const QString path = QStringLiteral("/api/v1/dt/device-1-v0-0-0/slot/");
    const QJsonObject first {{"number", 0}, {"component", m_comp1}};
    // Staff who are not superusers are refused with a bare string.
    HttpReply r = m_server->clientFor(m_staff)->post(path, first);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"("Illegal Method")"));
    auto admin = m_server->clientFor(m_admin);
    r = admin->post(path, first);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.body, QByteArray(R"({"component":"comp-1-0-0-0","number":0})"));
    r = admin->post(path, QJsonObject {{"number", 1}, {"component", m_comp2}});
    QCOMPARE(r.status, 201);
    r = admin->get(path);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 2);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject(),
             (QJsonObject {{"number", 0}, {"component", m_comp1}, {"hw_tag", "hwtag 1"}}));
    QCOMPARE(r.object().value("results").toArray().at(1).toObject(),
             (QJsonObject {{"number", 1}, {"component", m_comp2}, {"hw_tag", "hwtag 2"}}));
    // The same number again replaces the component: 200, not 201.
    r = admin->post(path, QJsonObject {{"number", 0}, {"component", m_comp2}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray(R"({"component":"comp-2-0-0-0","number":0})"));
    r = m_server->clientFor(m_user)->get(path);
    QCOMPARE(r.object().value("count").toInt(), 2);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("component").toString(), m_comp2);
    // The template shows its slots, by number.
    r = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/dt/device-1-v0-0-0/"));
    const QJsonArray slotArray = r.object().value("slots").toArray();
    QCOMPARE(slotArray.size(), 2);
    QCOMPARE(slotArray.at(0).toObject().value("hw_tag").toString(), QStringLiteral("hwtag 2"));
    QCOMPARE(slotArray.at(1).toObject().value("number").toInt(), 1);
    // And so does the list page.
    r = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/dt/"));
    for (const QJsonValue &v : r.object().value("results").toArray()) {
        const QJsonObject t = v.toObject();
        QCOMPARE(t.value("slots").toArray().size(), t.value("slug").toString() == "device-1-v0-0-0" ? 2 : 0);
    }
    // Slots of an inactive template can be written too.
    QCOMPARE(admin->post(QStringLiteral("/api/v1/dt/retired-v0-0-0/slot/"), first).status, 201);
    QCOMPARE(admin->post(QStringLiteral("/api/v1/dt/nope-v0-0-0/slot/"), first).status, 404);
}

void TstCatalogHardware::slotRejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("nothing") << QJsonObject {}
                             << QByteArray(R"({"component":["This field is required."],)"
                                           R"("number":["This field is required."]})");
    QTest::newRow("unknown component")
        << QJsonObject {{"number", 3}, {"component", "nope"}}
        << QByteArray(R"({"component":["Object with slug=nope does not exist."]})");
    QTest::newRow("bad number") << QJsonObject {{"number", "first"}, {"component", "comp-1-0-0-0"}}
                                << QByteArray(R"({"number":["A valid integer is required."]})");
}

void TstCatalogHardware::slotRejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(QByteArray, expected);
    const HttpReply r =
        m_server->clientFor(m_admin)->post(QStringLiteral("/api/v1/dt/device-2-v0-0-0/slot/"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, expected);
}

void TstCatalogHardware::deviceTemplateOfDevice()
{
    Seed seed(*m_server);
    const Project project = seed.project(m_plain, QStringLiteral("Site"), m_user);
    const Org foreignOrg = seed.org(QStringLiteral("Foreign"), m_outsider);
    const Project foreign = seed.project(foreignOrg, QStringLiteral("Theirs"), m_outsider);
    seed.claim(seed.device(0x51), project, m_user);
    seed.claim(seed.device(0x52), project, m_user);
    seed.claim(seed.device(0x53), foreign, m_outsider);
    SqlQuery q =
        seed.db().query("UPDATE devices SET template_id = (SELECT id FROM device_templates WHERE slug = "
                        "'device-1-v0-0-0') WHERE id IN (81, 83)");
    QVERIFY(q.exec());
    auto user = m_server->clientFor(m_user);
    HttpReply r = user->get(QStringLiteral("/api/v1/device/d--0051/template/"));
    QCOMPARE(r.status, 200);
    const HttpReply dt = user->get(QStringLiteral("/api/v1/dt/device-1-v0-0-0/"));
    QCOMPARE(r.object(), dt.object());
    // A device without a template: the serializer's empty writable fields, still 200.
    r = user->get(QStringLiteral("/api/v1/device/d--0000-0000-0000-0052/template/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body,
             QByteArray(R"({"external_sku":"","family":"","hw_major_version":null,"hw_tag":null,)"
                        R"("internal_sku":"","major_version":null,"minor_version":null,"org":null,)"
                        R"("os_major_version":null,"os_minor_version":null,"os_tag":null,)"
                        R"("patch_version":null,"released_on":null})"));
    QCOMPARE(user->get(QStringLiteral("/api/v1/device/d--0053/template/")).status, 403);
    QCOMPARE(user->get(QStringLiteral("/api/v1/device/d--0999/template/")).status, 404);
    QCOMPARE(m_server->anonymous()->get(QStringLiteral("/api/v1/device/d--0051/template/")).status, 401);
    QCOMPARE(m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/device/d--0053/template/")).status,
             200);
}

QTEST_GUILESS_MAIN(TstCatalogHardware)
#include "tst_catalog_hardware.moc"
