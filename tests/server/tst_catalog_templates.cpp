#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/ot/ and /api/v1/pt/: org and project templates. Reads for any user, writes for staff, inactive
// templates only for staff asking with any non-empty ?staff=, and the hidden master project of a project
// template.
class TstCatalogTemplates : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void anonymousIsUnauthorized_data();
    void anonymousIsUnauthorized();
    void orgTemplateCreate();
    void orgTemplateRejects_data();
    void orgTemplateRejects();
    void visibility_data();
    void visibility();
    void updateAndDelete();
    void listFilters_data();
    void listFilters();
    void methodsAfterPermission_data();
    void methodsAfterPermission();
    void projectTemplateCreatesMaster();
    void projectTemplateRejects_data();
    void projectTemplateRejects();
    void projectTemplateOrgFilter();
    void projectTemplateDeleteRemovesMaster();

private:
    qint64 scalar(const QString &sql, const QVariant &value);
    std::unique_ptr<TestServer> m_server;
    Account m_staff, m_staff2, m_user;
    Org m_vendor, m_plain;
};

qint64 TstCatalogTemplates::scalar(const QString &sql, const QVariant &value)
{
    Seed seed(*m_server);
    SqlQuery q = seed.db().query(sql);
    q.bind(value);
    auto n = q.scalarInt64();
    return n ? *n : -1;
}

void TstCatalogTemplates::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    m_staff2 = m_server->createUser(QStringLiteral("staff2@example.com"), QStringLiteral("password1"), true);
    m_user = m_server->createUser(QStringLiteral("user@example.com"), QStringLiteral("password1"));
    Seed seed(*m_server);
    m_vendor = seed.org(QStringLiteral("Arch Systems"), m_user, true);
    m_plain = seed.org(QStringLiteral("Plain Co"), m_user);

    auto staff = m_server->clientFor(m_staff);
    auto staff2 = m_server->clientFor(m_staff2);
    QCOMPARE(staff->post(QStringLiteral("/api/v1/ot/"), QJsonObject {{"name", "Alpha"}}).status, 201);
    QCOMPARE(staff->post(QStringLiteral("/api/v1/ot/"), QJsonObject {{"name", "Alpha"}, {"major_version", 1}})
                 .status,
             201);
    QCOMPARE(staff2->post(QStringLiteral("/api/v1/ot/"), QJsonObject {{"name", "Beta"}}).status, 201);
    QCOMPARE(staff->post(QStringLiteral("/api/v1/ot/"), QJsonObject {{"name", "Hidden"}}).status, 201);
    SqlQuery hide = seed.db().query("UPDATE org_templates SET active = {FALSE} WHERE slug = 'hidden-v0-0-0'");
    QVERIFY(hide.exec());
}

void TstCatalogTemplates::cleanupTestCase()
{
    m_server.reset();
}

void TstCatalogTemplates::anonymousIsUnauthorized_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    for (const char *prefix : {"/api/v1/ot/", "/api/v1/pt/"}) {
        const QString list = QLatin1String(prefix);
        QTest::addRow("GET %s", prefix) << QByteArray("GET") << list;
        QTest::addRow("POST %s", prefix) << QByteArray("POST") << list;
        QTest::addRow("GET %s detail", prefix) << QByteArray("GET") << list + QStringLiteral("alpha-v0-0-0/");
        QTest::addRow("PATCH %s detail", prefix)
            << QByteArray("PATCH") << list + QStringLiteral("alpha-v0-0-0/");
        QTest::addRow("DELETE %s detail", prefix)
            << QByteArray("DELETE") << list + QStringLiteral("alpha-v0-0-0/");
        QTest::addRow("DELETE %s list", prefix) << QByteArray("DELETE") << list;
    }
}

void TstCatalogTemplates::anonymousIsUnauthorized()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    const HttpReply r = m_server->anonymous()->send(method, path, "{}", "application/json");
    QCOMPARE(r.status, 401);
    QCOMPARE(r.body, QByteArray(R"({"detail":"Authentication credentials were not provided."})"));
    QCOMPARE(r.header("WWW-Authenticate"), QByteArray("JWT realm=\"api\""));
}

void TstCatalogTemplates::orgTemplateCreate()
{
    const QJsonObject body {{"name", "Foo Bar"},
                            {"major_version", 1},
                            {"minor_version", 2},
                            {"patch_version", 3},
                            {"extra_data", QJsonObject {{"skin", "dark"}}}};
    QCOMPARE(m_server->clientFor(m_user)->post(QStringLiteral("/api/v1/ot/"), body).status, 403);
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/ot/"), body);
    QCOMPARE(r.status, 201);
    const QJsonObject o = r.object();
    QCOMPARE(o.value("slug").toString(), QStringLiteral("foo-bar-v1-2-3"));
    QCOMPARE(o.value("version").toString(), QStringLiteral("v1.2.3"));
    QCOMPARE(o.value("name").toString(), QStringLiteral("Foo Bar"));
    QCOMPARE(o.value("extra_data").toObject().value("skin").toString(), QStringLiteral("dark"));
    QVERIFY(o.value("id").isDouble());
    QVERIFY(o.value("created_on").toString().endsWith(QLatin1Char('Z')));
    // The version parts are write-only; org templates have no org.
    QCOMPARE(o.keys(), (QStringList {"created_on", "extra_data", "id", "name", "slug", "version"}));
    const HttpReply got = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/ot/foo-bar-v1-2-3/"));
    QCOMPARE(got.status, 200);
    QCOMPARE(got.object(), o);
    // A template without extra data shows null.
    const HttpReply alpha = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/ot/alpha-v0-0-0/"));
    QVERIFY(alpha.object().value("extra_data").isNull());
}

void TstCatalogTemplates::orgTemplateRejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("no name") << QJsonObject {{"major_version", 1}}
                             << QByteArray(R"({"name":["This field is required."]})");
    QTest::newRow("blank name") << QJsonObject {{"name", "  "}}
                                << QByteArray(R"({"name":["This field may not be blank."]})");
    QTest::newRow("null name") << QJsonObject {{"name", QJsonValue::Null}}
                               << QByteArray(R"({"name":["This field may not be null."]})");
    QTest::newRow("long name") << QJsonObject {{"name", QString(51, QLatin1Char('n'))}}
                               << QByteArray(
                                      R"({"name":["Ensure this field has no more than 50 characters."]})");
    QTest::newRow("extra_data list")
        << QJsonObject {{"name", "X"}, {"extra_data", QJsonArray {1}}}
        << QByteArray(R"({"extra_data":["extra_data must be a valid dictionary object"]})");
    QTest::newRow("extra_data null")
        << QJsonObject {{"name", "X"}, {"extra_data", QJsonValue::Null}}
        << QByteArray(R"({"extra_data":["extra_data must be a valid dictionary object"]})");
    QTest::newRow("bad version") << QJsonObject {{"name", "X"}, {"major_version", "one"}}
                                 << QByteArray(R"({"major_version":["A valid integer is required."]})");
    QTest::newRow("huge version")
        << QJsonObject {{"name", "X"}, {"patch_version", 3000000000.0}}
        << QByteArray(R"({"patch_version":["Ensure this value is less than or equal to 2147483647."]})");
    QTest::newRow("several at once")
        << QJsonObject {{"minor_version", "x"}}
        << QByteArray(
               R"({"minor_version":["A valid integer is required."],"name":["This field is required."]})");
    QTest::newRow("same name and version")
        << QJsonObject {{"name", "Alpha"}, {"major_version", 1}}
        << QByteArray(
               R"({"non_field_errors":["The fields name, major_version, minor_version, patch_version must )"
               R"(make a unique set."]})");
    QTest::newRow("same slug") << QJsonObject {
        {"name",
         "alpha"}} << QByteArray(R"({"non_field_errors":["Org Template with this slug already exists."]})");
}

void TstCatalogTemplates::orgTemplateRejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(QByteArray, expected);
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/ot/"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, expected);
}

void TstCatalogTemplates::visibility_data()
{
    QTest::addColumn<bool>("staff");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("seesInactive");
    QTest::newRow("user") << false << QString() << false;
    QTest::newRow("user asking as staff") << false << QStringLiteral("?staff=1") << false;
    QTest::newRow("staff") << true << QString() << false;
    QTest::newRow("staff=1") << true << QStringLiteral("?staff=1") << true;
    QTest::newRow("staff=any value") << true << QStringLiteral("?staff=no") << true;
    QTest::newRow("staff empty") << true << QStringLiteral("?staff=") << false;
}

void TstCatalogTemplates::visibility()
{
    QFETCH(bool, staff);
    QFETCH(QString, query);
    QFETCH(bool, seesInactive);
    auto client = m_server->clientFor(staff ? m_staff : m_user);
    const HttpReply list = client->get(QStringLiteral("/api/v1/ot/") + query);
    QCOMPARE(list.status, 200);
    QStringList slugs;
    for (const QJsonValue &v : list.object().value("results").toArray())
        slugs << v.toObject().value("slug").toString();
    QCOMPARE(slugs.contains(QStringLiteral("hidden-v0-0-0")), seesInactive);
    QVERIFY(slugs.contains(QStringLiteral("alpha-v0-0-0")));
    // Ordered by name, then version.
    QVERIFY(slugs.indexOf(QStringLiteral("alpha-v0-0-0")) < slugs.indexOf(QStringLiteral("alpha-v1-0-0")));
    QVERIFY(slugs.indexOf(QStringLiteral("alpha-v1-0-0")) < slugs.indexOf(QStringLiteral("beta-v0-0-0")));
    QCOMPARE(list.object().value("count").toInt(), slugs.size());
    const HttpReply detail = client->get(QStringLiteral("/api/v1/ot/hidden-v0-0-0/") + query);
    QCOMPARE(detail.status, seesInactive ? 200 : 404);
    QCOMPARE(client->get(QStringLiteral("/api/v1/ot/nope-v0-0-0/") + query).status, 404);
}

void TstCatalogTemplates::updateAndDelete()
{
    auto staff = m_server->clientFor(m_staff);
    auto user = m_server->clientFor(m_user);
    QCOMPARE(staff
                 ->post(QStringLiteral("/api/v1/ot/"),
                        QJsonObject {{"name", "Gamma"}, {"extra_data", QJsonObject {{"a", 1}, {"b", 2}}}})
                 .status,
             201);
    const QString path = QStringLiteral("/api/v1/ot/gamma-v0-0-0/");
    QCOMPARE(user->patch(path, QJsonObject {{"name", "Mine"}}).status, 403);
    QCOMPARE(user->del(path).status, 403);
    // PATCH replaces the whole extra_data object and a new version moves the slug.
    HttpReply r =
        staff->patch(path, QJsonObject {{"extra_data", QJsonObject {{"c", 3}}}, {"minor_version", 4}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("extra_data").toObject(), (QJsonObject {{"c", 3}}));
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("gamma-v0-4-0"));
    QCOMPARE(r.object().value("version").toString(), QStringLiteral("v0.4.0"));
    QCOMPARE(staff->get(path).status, 404);
    const QString moved = QStringLiteral("/api/v1/ot/gamma-v0-4-0/");
    // PUT is a full update: the name is required again.
    r = staff->put(moved, QJsonObject {{"minor_version", 5}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"name":["This field is required."]})"));
    r = staff->put(moved, QJsonObject {{"name", "Gamma"}, {"minor_version", 4}, {"patch_version", 1}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("gamma-v0-4-1"));
    QCOMPARE(r.object().value("extra_data").toObject(), (QJsonObject {{"c", 3}}));
    // Moving onto another template's version is refused.
    r = staff->patch(QStringLiteral("/api/v1/ot/gamma-v0-4-1/"),
                     QJsonObject {{"name", "Beta"}, {"minor_version", 0}, {"patch_version", 0}});
    QCOMPARE(r.status, 400);
    QVERIFY(r.object().contains("non_field_errors"));
    QCOMPARE(staff->del(QStringLiteral("/api/v1/ot/gamma-v0-4-1/")).status, 204);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/ot/gamma-v0-4-1/")).status, 404);
    QCOMPARE(staff->del(QStringLiteral("/api/v1/ot/gamma-v0-4-1/")).status, 404);
}

void TstCatalogTemplates::listFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("slugs");
    QTest::newRow("created_by") << QStringLiteral("?created_by=%1").arg(m_staff2.id) << 200
                                << QStringList {"beta-v0-0-0"};
    QTest::newRow("created_by nobody") << QStringLiteral("?created_by=999999") << 400 << QStringList {};
    QTest::newRow("created_by text") << QStringLiteral("?created_by=abc") << 400 << QStringList {};
    QTest::newRow("page size") << QStringLiteral("?page_size=1&page=2") << 200
                               << QStringList {"alpha-v1-0-0"};
    QTest::newRow("page past the end") << QStringLiteral("?page=99") << 404 << QStringList {};
}

void TstCatalogTemplates::listFilters()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QStringList, slugs);
    const HttpReply r = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/ot/") + query);
    QCOMPARE(r.status, status);
    if (status == 400)
        QCOMPARE(
            r.body,
            QByteArray(R"({"created_by":["Select a valid choice. That choice is not one of the available )"
                       R"(choices."]})"));
    if (status != 200)
        return;
    QStringList got;
    for (const QJsonValue &v : r.object().value("results").toArray())
        got << v.toObject().value("slug").toString();
    QCOMPARE(got, slugs);
}

void TstCatalogTemplates::methodsAfterPermission_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("staff");
    QTest::addColumn<int>("status");
    const QString list = QStringLiteral("/api/v1/ot/");
    const QString detail = QStringLiteral("/api/v1/ot/alpha-v0-0-0/");
    QTest::newRow("user POST detail") << QByteArray("POST") << detail << false << 403;
    QTest::newRow("staff POST detail") << QByteArray("POST") << detail << true << 405;
    QTest::newRow("user DELETE list") << QByteArray("DELETE") << list << false << 403;
    QTest::newRow("staff DELETE list") << QByteArray("DELETE") << list << true << 405;
    QTest::newRow("staff PUT list") << QByteArray("PUT") << list << true << 405;
}

void TstCatalogTemplates::methodsAfterPermission()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(bool, staff);
    QFETCH(int, status);
    const HttpReply r =
        m_server->clientFor(staff ? m_staff : m_user)->send(method, path, "{}", "application/json");
    QCOMPARE(r.status, status);
    if (status == 405) {
        QCOMPARE(r.body, "{\"detail\":\"Method \\\"" + method + "\\\" not allowed.\"}");
        QVERIFY(!r.header("Allow").isEmpty());
    }
}

void TstCatalogTemplates::projectTemplateCreatesMaster()
{
    const QJsonObject body {{"name", "Water Meters"}, {"org", m_vendor.slug}, {"major_version", 2}};
    QCOMPARE(m_server->clientFor(m_user)->post(QStringLiteral("/api/v1/pt/"), body).status, 403);
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/pt/"), body);
    QCOMPARE(r.status, 201);
    const QJsonObject o = r.object();
    QCOMPARE(o.value("slug").toString(), QStringLiteral("water-meters-v2-0-0"));
    QCOMPARE(o.value("org").toString(), m_vendor.slug);
    QCOMPARE(o.value("version").toString(), QStringLiteral("v2.0.0"));
    QCOMPARE(o.keys(), (QStringList {"created_on", "extra_data", "id", "name", "org", "slug", "version"}));
    const qint64 id = qint64(o.value("id").toDouble());
    // The hidden master project: same name, in the template's org, marked as a template.
    QCOMPARE(
        scalar(QStringLiteral("SELECT count(*) FROM projects WHERE project_template_id = ? AND is_template = "
                              "{TRUE} AND name = 'Water Meters'"),
               id),
        1);
    QCOMPARE(scalar(QStringLiteral("SELECT org_id FROM projects WHERE project_template_id = ?"), id),
             m_vendor.id);
    // Members of the org never see it in their project list; staff asking as staff do.
    HttpReply projects = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/project/"));
    QCOMPARE(projects.status, 200);
    QCOMPARE(projects.object().value("count").toInt(), 0);
    projects = m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/project/?staff=1"));
    QCOMPARE(projects.object().value("count").toInt(), 1);
    QCOMPARE(
        projects.object().value("results").toArray().at(0).toObject().value("project_template").toString(),
        QStringLiteral("water-meters-v2-0-0"));
    // Updating the template does not make another master.
    const HttpReply patched =
        m_server->clientFor(m_staff)->patch(QStringLiteral("/api/v1/pt/water-meters-v2-0-0/"),
                                            QJsonObject {{"extra_data", QJsonObject {{"x", 1}}}});
    QCOMPARE(patched.status, 200);
    QCOMPARE(patched.object().value("org").toString(), m_vendor.slug);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM projects WHERE project_template_id = ?"), id), 1);
}

void TstCatalogTemplates::projectTemplateRejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("no org") << QJsonObject {{"name", "P"}}
                            << QByteArray(R"({"org":["This field is required."]})");
    QTest::newRow("null org") << QJsonObject {{"name", "P"}, {"org", QJsonValue::Null}}
                              << QByteArray(R"({"org":["This field may not be null."]})");
    QTest::newRow("not a vendor") << QJsonObject {{"name", "P"}, {"org", "plain-co"}}
                                  << QByteArray(R"({"org":["Object with slug=plain-co does not exist."]})");
    QTest::newRow("unknown org") << QJsonObject {{"name", "P"}, {"org", "nope"}}
                                 << QByteArray(R"({"org":["Object with slug=nope does not exist."]})");
    QTest::newRow("nothing")
        << QJsonObject {}
        << QByteArray(R"({"name":["This field is required."],"org":["This field is required."]})");
}

void TstCatalogTemplates::projectTemplateRejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(QByteArray, expected);
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/pt/"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, expected);
}

void TstCatalogTemplates::projectTemplateOrgFilter()
{
    Seed seed(*m_server);
    const Org other = seed.org(QStringLiteral("Other Vendor"), m_staff, true);
    auto staff = m_server->clientFor(m_staff);
    QCOMPARE(staff->post(QStringLiteral("/api/v1/pt/"), QJsonObject {{"name", "Theirs"}, {"org", other.slug}})
                 .status,
             201);
    auto user = m_server->clientFor(m_user);
    HttpReply r = user->get(QStringLiteral("/api/v1/pt/?org__slug=%1").arg(other.slug));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 1);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("slug").toString(),
             QStringLiteral("theirs-v0-0-0"));
    // An unknown org is an empty list, not an error (a plain field filter).
    r = user->get(QStringLiteral("/api/v1/pt/?org__slug=nope"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 0);
    r = user->get(QStringLiteral("/api/v1/pt/?created_by=%1").arg(m_staff.id));
    QCOMPARE(r.object().value("count").toInt(), 2);
    // Inactive project templates follow the same ?staff= rule as org templates.
    SqlQuery hide =
        seed.db().query("UPDATE project_templates SET active = {FALSE} WHERE slug = 'theirs-v0-0-0'");
    QVERIFY(hide.exec());
    QCOMPARE(user->get(QStringLiteral("/api/v1/pt/theirs-v0-0-0/")).status, 404);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/pt/theirs-v0-0-0/")).status, 404);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/pt/theirs-v0-0-0/?staff=true")).status, 200);
    QCOMPARE(
        user->get(QStringLiteral("/api/v1/pt/?org__slug=%1").arg(other.slug)).object().value("count").toInt(),
        0);
}

void TstCatalogTemplates::projectTemplateDeleteRemovesMaster()
{
    auto staff = m_server->clientFor(m_staff);
    const HttpReply created = staff->post(QStringLiteral("/api/v1/pt/"),
                                          QJsonObject {{"name", "Short Lived"}, {"org", m_vendor.slug}});
    QCOMPARE(created.status, 201);
    const qint64 id = qint64(created.object().value("id").toDouble());
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM projects WHERE project_template_id = ?"), id), 1);
    QCOMPARE(m_server->clientFor(m_user)->del(QStringLiteral("/api/v1/pt/short-lived-v0-0-0/")).status, 403);
    QCOMPARE(staff->del(QStringLiteral("/api/v1/pt/short-lived-v0-0-0/")).status, 204);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM projects WHERE project_template_id = ? OR name = "
                                   "'Short Lived'"),
                    id),
             0);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/pt/short-lived-v0-0-0/")).status, 404);
}

QTEST_GUILESS_MAIN(TstCatalogTemplates)
#include "tst_catalog_templates.moc"
