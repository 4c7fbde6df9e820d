#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/config/name/ and /api/v1/config/attr/: staff-managed names, upserted attributes on users, orgs,
// projects and devices, and the priority search device -> project -> org -> the caller.
class TstConfig : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void names();
    void nameRefusals_data();
    void nameRefusals();
    void attributeUpsert();
    void attributeRefusals_data();
    void attributeRefusals();
    void attributeListAndDetail();
    void searchPath_data();
    void searchPath();
    void searchRefusals();
    void logAsNote();

private:
    int attribute(const Account &who, const QString &target, const QString &name, const QJsonValue &data);

    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_outsider, m_staff;
    Org m_org, m_other;
    Project m_project;
    QString m_device, m_unclaimed, m_foreignDevice;
};

void TstConfig::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    // Usernames (and so user slugs) are the local parts of the e-mail addresses: "@owner", "@member".
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Meters"), m_owner);
    seed.member(m_org, m_member, QStringLiteral("m1"));
    m_other = seed.org(QStringLiteral("Foreign"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Site 1"), m_owner);
    const Project foreign = seed.project(m_other, QStringLiteral("Theirs"), m_outsider);
    m_device = seed.claim(seed.device(0xff), m_project, m_owner).slug;
    m_unclaimed = seed.device(0x30).slug;
    m_foreignDevice = seed.claim(seed.device(0x20), foreign, m_outsider).slug;
    auto staff = m_server->clientFor(m_staff);
    for (const char *name : {":a", ":b", ":c", ":d", ":e", ":classic:ui:color", ":classic:ui:size"}) {
        const HttpReply r = staff->post(QStringLiteral("/api/v1/config/name/"),
                                        QJsonObject {{"name", name}, {"tags", QJsonArray {"ui"}}});
        QCOMPARE(r.status, 201);
    }
}

void TstConfig::cleanupTestCase()
{
    m_server.reset();
}

int TstConfig::attribute(const Account &who, const QString &target, const QString &name,
                         const QJsonValue &data)
{
    const HttpReply r =
        m_server->clientFor(who)->post(QStringLiteral("/api/v1/config/attr/"),
                                       QJsonObject {{"target", target}, {"name", name}, {"data", data}});
    if (r.status != 201)
        qWarning() << r.status << r.body;
    return r.status;
}

void TstConfig::names()
{
    auto staff = m_server->clientFor(m_staff);
    HttpReply r = staff->post(
        QStringLiteral("/api/v1/config/name/"),
        QJsonObject {{"name", ":web:theme"}, {"description", "Theme"}, {"tags", QJsonArray {"web", "look"}}});
    QCOMPARE(r.status, 201);
    const int id = r.object().value("id").toInt();
    QCOMPARE(r.object(),
             (QJsonObject {{"id", id},
                           {"name", ":web:theme"},
                           {"description", "Theme"},
                           {"tags", QJsonArray {"web", "look"}}}));
    auto member = m_server->clientFor(m_member);
    r = member->get(QStringLiteral("/api/v1/config/name/?name=:web:theme"));
    QCOMPARE(r.object().value("count").toInt(), 1);
    r = member->get(QStringLiteral("/api/v1/config/name/?name_q=CLASSIC"));
    QCOMPARE(r.object().value("count").toInt(), 2);
    r = member->get(QStringLiteral("/api/v1/config/name/?tag=look"));
    QCOMPARE(r.object().value("count").toInt(), 1);
    r = member->get(QStringLiteral("/api/v1/config/name/?tag=ui&name_q=size"));
    QCOMPARE(r.object().value("count").toInt(), 1);
    r = member->get(QStringLiteral("/api/v1/config/name/"));
    QCOMPARE(r.object().value("count").toInt(), 8);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("name").toString(),
             QStringLiteral(":a"));
    QCOMPARE(member->get(QStringLiteral("/api/v1/config/name/%1/").arg(id)).object().value("name").toString(),
             QStringLiteral(":web:theme"));

    r = staff->patch(QStringLiteral("/api/v1/config/name/%1/").arg(id),
                     QJsonObject {{"description", QJsonValue()}});
    QCOMPARE(r.status, 200);
    QVERIFY(r.object().value("description").isNull());
    QCOMPARE(
        member
            ->patch(QStringLiteral("/api/v1/config/name/%1/").arg(id), QJsonObject {{"tags", QJsonArray {}}})
            .status,
        403);
    QCOMPARE(member->del(QStringLiteral("/api/v1/config/name/%1/").arg(id)).status, 403);
    QCOMPARE(staff->del(QStringLiteral("/api/v1/config/name/%1/").arg(id)).status, 204);
    QCOMPARE(member->get(QStringLiteral("/api/v1/config/name/%1/").arg(id)).status, 404);
    QCOMPARE(m_server->anonymous()->get(QStringLiteral("/api/v1/config/name/")).status, 401);
}

void TstConfig::nameRefusals_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<bool>("staff");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reply");
    QTest::newRow("not staff") << QJsonObject {{"name", ":x"}} << false << 403
                               << QByteArray(
                                      R"({"detail":"You do not have permission to perform this action."})");
    QTest::newRow("no colon") << QJsonObject {{"name", "bad_name"}} << true << 400
                              << QByteArray("{\"name\":[\"Name must start with \\\":\\\". Got: bad_name\"]}");
    QTest::newRow("spaces") << QJsonObject {{"name", ":bad name"}} << true << 400
                            << QByteArray(R"({"name":["Name cannot have spaces. Got: :bad name"]})");
    QTest::newRow("duplicate")
        << QJsonObject {{"name", ":a"}} << true << 400
        << QByteArray(R"({"name":["Configuration Attribute Name with this name already exists."]})");
    QTest::newRow("long tag")
        << QJsonObject {{"name", ":t"}, {"tags", QJsonArray {"ok", QString(25, 't')}}} << true << 400
        << QByteArray(R"({"tags":{"1":["Ensure this field has no more than 24 characters."]}})");
    QTest::newRow("missing") << QJsonObject {} << true << 400
                             << QByteArray(R"({"name":["This field is required."]})");
}

void TstConfig::nameRefusals()
{
    QFETCH(QJsonObject, body);
    QFETCH(bool, staff);
    QFETCH(int, status);
    QFETCH(QByteArray, reply);
    const HttpReply r =
        m_server->clientFor(staff ? m_staff : m_owner)->post(QStringLiteral("/api/v1/config/name/"), body);
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, reply);
}

void TstConfig::attributeUpsert()
{
    auto owner = m_server->clientFor(m_owner);
    HttpReply r = owner->post(QStringLiteral("/api/v1/config/attr/"),
                              QJsonObject {{"target", m_project.slug},
                                           {"name", ":classic:ui:color"},
                                           {"data", QJsonObject {{"c", "red"}}}});
    QCOMPARE(r.status, 201);
    const int id = r.object().value("id").toInt();
    QCOMPARE(r.object().value("target").toString(), m_project.slug);
    QCOMPARE(r.object().value("name").toString(), QStringLiteral(":classic:ui:color"));
    QCOMPARE(r.object().value("data"), QJsonValue(QJsonObject {{"c", "red"}}));
    QVERIFY(!r.object().value("updated_on").toString().isEmpty());
    QVERIFY(!r.object().contains("log_as_note"));
    // The same (target, name) again overwrites the data and still answers 201.
    r = owner->post(QStringLiteral("/api/v1/config/attr/"),
                    QJsonObject {{"target", m_project.slug},
                                 {"name", ":classic:ui:color"},
                                 {"data", QJsonArray {1, 2.5, "x"}}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("id").toInt(), id);
    QCOMPARE(r.object().value("data"), QJsonValue(QJsonArray {1, 2.5, "x"}));
    // Targets are lower-cased before the lookup and stored in their canonical form.
    r = owner->post(
        QStringLiteral("/api/v1/config/attr/"),
        QJsonObject {{"target", "d--0000-0000-0000-00FF"}, {"name", ":classic:ui:size"}, {"data", 12}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("target").toString(), QStringLiteral("d--0000-0000-0000-00ff"));
    QCOMPARE(r.object().value("data"), QJsonValue(12));
    // Null data is data too; users and orgs are targets.
    r = owner->post(
        QStringLiteral("/api/v1/config/attr/"),
        QJsonObject {{"target", "@" + m_owner.slug}, {"name", ":classic:ui:size"}, {"data", QJsonValue()}});
    QCOMPARE(r.status, 201);
    QVERIFY(r.object().value("data").isNull());
    QCOMPARE(r.object().value("target").toString(), "@" + m_owner.slug);
    r = m_server->clientFor(m_member)->post(
        QStringLiteral("/api/v1/config/attr/"),
        QJsonObject {{"target", "^" + m_org.slug}, {"name", ":classic:ui:size"}, {"data", "big"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("target").toString(), "^" + m_org.slug);
}

void TstConfig::attributeRefusals_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reply");
    const QByteArray denied = R"({"detail":"You do not have permission to perform this action."})";
    QTest::newRow("upper-case prefix")
        << QJsonObject {{"target", "D--0000-0000-0000-00ff"}, {"name", ":a"}, {"data", 1}} << 400
        << QByteArray(
               R"({"target":["Target must start with ^, @, d, p, or b. Got: D--0000-0000-0000-00ff"]})");
    QTest::newRow("stream prefix")
        << QJsonObject {{"target", "s--0000-0001--0000-0000-0000-00ff--5001"}, {"name", ":a"}, {"data", 1}}
        << 400
        << QByteArray(
               R"({"target":["Target must start with ^, @, d, p, or b. Got: s--0000-0001--0000-0000-0000-00ff--5001"]})");
    QTest::newRow("no target") << QJsonObject {{"name", ":a"}, {"data", 1}} << 400
                               << QByteArray(R"({"target":["This field is required."]})");
    QTest::newRow("no data") << QJsonObject {{"target", "d--0000-0000-0000-00ff"}, {"name", ":a"}} << 400
                             << QByteArray(R"(["Required fields: data, target, name"])");
    QTest::newRow("unknown name") << QJsonObject {{"target", "d--0000-0000-0000-00ff"},
                                                  {"name", ":nope"},
                                                  {"data", 1}}
                                  << 400
                                  << QByteArray(R"(["Most use a valid Configuration Attribute Name"])");
    QTest::newRow("foreign device") << QJsonObject {{"target", "d--0000-0000-0000-0020"},
                                                    {"name", ":a"},
                                                    {"data", 1}}
                                    << 403 << denied;
    QTest::newRow("unknown device") << QJsonObject {{"target", "d--0000-0000-0000-0999"},
                                                    {"name", ":a"},
                                                    {"data", 1}}
                                    << 403 << denied;
    QTest::newRow("other user") << QJsonObject {{"target", "@outsider"}, {"name", ":a"}, {"data", 1}} << 403
                                << denied;
    QTest::newRow("foreign org") << QJsonObject {{"target", "^foreign"}, {"name", ":a"}, {"data", 1}} << 403
                                 << denied;
}

void TstConfig::attributeRefusals()
{
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QByteArray, reply);
    const HttpReply r = m_server->clientFor(m_member)->post(QStringLiteral("/api/v1/config/attr/"), body);
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, reply);
    QCOMPARE(m_server->anonymous()->post(QStringLiteral("/api/v1/config/attr/"), body).status, 401);
}

void TstConfig::attributeListAndDetail()
{
    QCOMPARE(attribute(m_owner, m_device, QStringLiteral(":classic:ui:color"), QJsonObject {{"c", "blue"}}),
             201);
    QCOMPARE(attribute(m_outsider, m_foreignDevice, QStringLiteral(":classic:ui:color"), 1), 201);
    auto member = m_server->clientFor(m_member);
    HttpReply r = member->get(QStringLiteral("/api/v1/config/attr/"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"target":["This field is required."]})"));
    r = member->get(QStringLiteral("/api/v1/config/attr/?target=%1").arg(m_device));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 2);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("name").toString(),
             QStringLiteral(":classic:ui:color"));
    r = member->get(QStringLiteral("/api/v1/config/attr/?target=%1&name_q=SIZE").arg(m_device));
    QCOMPARE(r.object().value("count").toInt(), 1);
    // Unknown or inaccessible targets list nothing.
    r = member->get(QStringLiteral("/api/v1/config/attr/?target=%1").arg(m_foreignDevice));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 0);
    QCOMPARE(
        member->get(QStringLiteral("/api/v1/config/attr/?target=nothing")).object().value("count").toInt(),
        0);

    const int id = r.status == 200
        ? member->get(QStringLiteral("/api/v1/config/attr/?target=%1").arg(m_device))
              .object()
              .value("results")
              .toArray()
              .at(0)
              .toObject()
              .value("id")
              .toInt()
        : 0;
    const int foreignId = m_server->clientFor(m_outsider)
                              ->get(QStringLiteral("/api/v1/config/attr/?target=%1").arg(m_foreignDevice))
                              .object()
                              .value("results")
                              .toArray()
                              .at(0)
                              .toObject()
                              .value("id")
                              .toInt();
    r = member->get(QStringLiteral("/api/v1/config/attr/%1/").arg(id));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("data"), QJsonValue(QJsonObject {{"c", "blue"}}));
    QCOMPARE(member->get(QStringLiteral("/api/v1/config/attr/%1/").arg(foreignId)).status, 403);
    QCOMPARE(member->get(QStringLiteral("/api/v1/config/attr/999999/")).status, 404);
    r = member->get(QStringLiteral("/api/v1/config/attr/abc/"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"detail":"Bad Request: Expected an integer database ID"})"));
    const QByteArray refused =
        R"({"error":"PUT and PATCH methods are not supported; use POST with the right target"})";
    r = member->put(QStringLiteral("/api/v1/config/attr/%1/").arg(id), QJsonObject {{"data", 2}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, refused);
    r = member->patch(QStringLiteral("/api/v1/config/attr/%1/").arg(id), QJsonObject {{"data", 2}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, refused);
    QCOMPARE(member->del(QStringLiteral("/api/v1/config/attr/%1/").arg(foreignId)).status, 403);
    QCOMPARE(member->del(QStringLiteral("/api/v1/config/attr/%1/").arg(id)).status, 204);
    QCOMPARE(member->get(QStringLiteral("/api/v1/config/attr/%1/").arg(id)).status, 404);
}

void TstConfig::searchPath_data()
{
    // Stored: :a on the device, project, org and both users; :b on the project, org and users; :c on the
    // org and users; :d on the users only (different data each); :e nowhere.
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("foundOn");
    const QString device = QStringLiteral("d--0000-0000-0000-00ff");
    const QString project = QStringLiteral("PROJECT");
    QTest::newRow("device has it") << device << QStringLiteral(":a") << QStringLiteral("owner") << 200
                                   << device;
    QTest::newRow("device -> project")
        << device << QStringLiteral(":b") << QStringLiteral("owner") << 200 << project;
    QTest::newRow("device -> org") << device << QStringLiteral(":c") << QStringLiteral("owner") << 200
                                   << QStringLiteral("^meters");
    QTest::newRow("device -> caller")
        << device << QStringLiteral(":d") << QStringLiteral("owner") << 200 << QStringLiteral("@owner");
    QTest::newRow("the caller, not the owner")
        << device << QStringLiteral(":d") << QStringLiteral("member") << 200 << QStringLiteral("@member");
    QTest::newRow("nowhere") << device << QStringLiteral(":e") << QStringLiteral("owner") << 404 << QString();
    QTest::newRow("unknown name") << device << QStringLiteral(":zzz") << QStringLiteral("owner") << 404
                                  << QString();
    QTest::newRow("project has it") << project << QStringLiteral(":a") << QStringLiteral("owner") << 200
                                    << project;
    QTest::newRow("project -> org") << project << QStringLiteral(":c") << QStringLiteral("owner") << 200
                                    << QStringLiteral("^meters");
    QTest::newRow("project -> caller")
        << project << QStringLiteral(":d") << QStringLiteral("owner") << 200 << QStringLiteral("@owner");
    QTest::newRow("org has it") << QStringLiteral("^meters") << QStringLiteral(":b")
                                << QStringLiteral("owner") << 200 << QStringLiteral("^meters");
    QTest::newRow("org -> caller") << QStringLiteral("^meters") << QStringLiteral(":d")
                                   << QStringLiteral("member") << 200 << QStringLiteral("@member");
    QTest::newRow("user") << QStringLiteral("@owner") << QStringLiteral(":a") << QStringLiteral("owner")
                          << 200 << QStringLiteral("@owner");
    QTest::newRow("user stops") << QStringLiteral("@owner") << QStringLiteral(":e") << QStringLiteral("owner")
                                << 404 << QString();
    // A device without a project stops after itself (staff may start there).
    QTest::newRow("unclaimed device stops")
        << QStringLiteral("d--0000-0000-0000-0030") << QStringLiteral(":d") << QStringLiteral("staff") << 404
        << QString();
}

void TstConfig::searchPath()
{
    static bool seeded = false;
    if (!seeded) {
        seeded = true;
        const QString device = QStringLiteral("d--0000-0000-0000-00ff");
        QCOMPARE(attribute(m_owner, device, ":a", "device"), 201);
        for (const char *n : {":a", ":b"})
            QCOMPARE(attribute(m_owner, m_project.slug, n, "project"), 201);
        for (const char *n : {":a", ":b", ":c"})
            QCOMPARE(attribute(m_owner, "^meters", n, "org"), 201);
        for (const char *n : {":a", ":b", ":c", ":d"}) {
            QCOMPARE(attribute(m_owner, "@" + m_owner.slug, n, "owner"), 201);
            QCOMPARE(attribute(m_member, "@" + m_member.slug, n, "member"), 201);
            QCOMPARE(attribute(m_staff, "@" + m_staff.slug, n, "staff"), 201);
        }
    }
    QFETCH(QString, start);
    QFETCH(QString, name);
    QFETCH(QString, who);
    QFETCH(int, status);
    QFETCH(QString, foundOn);
    if (start == QLatin1String("PROJECT"))
        start = m_project.slug;
    if (foundOn == QLatin1String("PROJECT"))
        foundOn = m_project.slug;
    const Account &caller = who == QLatin1String("member") ? m_member
        : who == QLatin1String("staff")                    ? m_staff
                                                           : m_owner;
    const HttpReply r = m_server->clientFor(caller)->get(
        QStringLiteral("/api/v1/config/attr/search/?target=%1&name=%2").arg(start, name));
    QCOMPARE(r.status, status);
    if (status == 200) {
        QCOMPARE(r.object().value("target").toString(), foundOn);
        QCOMPARE(r.object().value("name").toString(), name);
    } else {
        QCOMPARE(r.body, QByteArray(R"({"detail":"Not found."})"));
    }
}

void TstConfig::searchRefusals()
{
    auto member = m_server->clientFor(m_member);
    const QByteArray missing = R"({"error":"Missing target and/or name"})";
    HttpReply r = member->get(QStringLiteral("/api/v1/config/attr/search/?target=%1").arg(m_device));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, missing);
    r = member->get(QStringLiteral("/api/v1/config/attr/search/?name=:a"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, missing);
    // No lower-casing on search: an upper-case slug does not resolve.
    r = member->get(QStringLiteral("/api/v1/config/attr/search/?target=d--0000-0000-0000-00FF&name=:a"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, missing);
    r = member->get(QStringLiteral("/api/v1/config/attr/search/?target=%1&name=:a").arg(m_foreignDevice));
    QCOMPARE(r.status, 403);
    r = member->get(QStringLiteral("/api/v1/config/attr/search/?target=@%1&name=:a").arg(m_owner.slug));
    QCOMPARE(r.status, 403);
    QCOMPARE(m_server->anonymous()
                 ->get(QStringLiteral("/api/v1/config/attr/search/?target=%1&name=:a").arg(m_device))
                 .status,
             401);
}

void TstConfig::logAsNote()
{
    auto owner = m_server->clientFor(m_owner);
    HttpReply r =
        owner->post(QStringLiteral("/api/v1/config/attr/"),
                    QJsonObject {{"target", m_device},
                                 {"name", ":e"},
                                 {"data", QJsonObject {{"mode", "fast"}, {"rate", 5}, {"on", true}}},
                                 {"log_as_note", true}});
    QCOMPARE(r.status, 201);
    r = owner->post(
        QStringLiteral("/api/v1/config/attr/"),
        QJsonObject {
            {"target", m_device}, {"name", ":e"}, {"data", QJsonArray {1, "a"}}, {"log_as_note", true}});
    QCOMPARE(r.status, 201);
    // Not for other targets.
    r = owner->post(
        QStringLiteral("/api/v1/config/attr/"),
        QJsonObject {{"target", m_project.slug}, {"name", ":e"}, {"data", 1}, {"log_as_note", true}});
    QCOMPARE(r.status, 201);
    r = owner->get(QStringLiteral("/api/v1/note/?target=%1").arg(m_device));
    QCOMPARE(r.status, 200);
    const QJsonArray notes = r.object().value("results").toArray();
    QCOMPARE(notes.size(), 2);
    QCOMPARE(notes.at(0).toObject().value("type").toString(), QStringLiteral("si"));
    QCOMPARE(notes.at(0).toObject().value("note").toString(),
             QStringLiteral("Attribute :e was changed to:\n--> mode: fast\n--> on: True\n--> rate: 5"));
    QCOMPARE(notes.at(1).toObject().value("note").toString(),
             QStringLiteral("Attribute :e was changed to:--> [1, 'a']"));
    QCOMPARE(notes.at(1).toObject().value("user_info").toObject().value("slug").toString(), m_owner.slug);
    QCOMPARE(owner->get(QStringLiteral("/api/v1/note/?target=%1").arg(m_project.slug))
                 .object()
                 .value("count")
                 .toInt(),
             0);
}

QTEST_GUILESS_MAIN(TstConfig)
#include "tst_config.moc"
