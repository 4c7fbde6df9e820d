#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/property/, the per-object property actions of projects and devices, and
// /api/v1/propertytemplate/ with its enum values.
class TstProperty : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void listNeedsTarget_data();
    void listNeedsTarget();
    void createReadUpdateDelete();
    void createRefusals_data();
    void createRefusals();
    void updateRefusals();
    void projectActions();
    void deviceActions();
    void templates();
    void templateRefusals();
    void templateEnums();

private:
    QString post(const Account &who, const QJsonObject &body, int expected);

    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_operator, m_outsider, m_staff;
    Org m_org, m_other;
    Project m_project, m_foreign;
    QString m_device, m_foreignDevice;
};

void TstProperty::initTestCase()
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
    m_foreign = seed.project(m_other, QStringLiteral("Theirs"), m_outsider);
    m_device = seed.claim(seed.device(0x10), m_project, m_owner).slug;
    m_foreignDevice = seed.claim(seed.device(0x20), m_foreign, m_outsider).slug;
}

void TstProperty::cleanupTestCase()
{
    m_server.reset();
}

QString TstProperty::post(const Account &who, const QJsonObject &body, int expected)
{
    const HttpReply r = m_server->clientFor(who)->post(QStringLiteral("/api/v1/property/"), body);
    if (r.status != expected)
        qWarning() << r.status << r.body;
    return QString::number(r.status);
}

void TstProperty::listNeedsTarget_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    const QByteArray required =
        R"({"detail":"target argument (e.g. target=d--0000-0000-0000-1234) is required"})";
    const QByteArray denied = R"({"detail":"You do not have permission to perform this action."})";
    QTest::newRow("no target") << QString() << QStringLiteral("member") << 406 << required;
    QTest::newRow("stream target") << QStringLiteral("?target=s--0000-0001--0000-0000-0000-0010--5001")
                                   << QStringLiteral("member") << 406 << required;
    QTest::newRow("org target") << QStringLiteral("?target=^meters") << QStringLiteral("member") << 406
                                << required;
    QTest::newRow("unknown device") << QStringLiteral("?target=d--0000-0000-0000-0999")
                                    << QStringLiteral("member") << 403 << denied;
    QTest::newRow("foreign device") << QStringLiteral("?target=d--0000-0000-0000-0020")
                                    << QStringLiteral("member") << 403 << denied;
    QTest::newRow("no read flag") << QStringLiteral("?target=d--0000-0000-0000-0010")
                                  << QStringLiteral("operator") << 403
                                  << QByteArray(R"({"detail":"User has no access to read properties"})");
    QTest::newRow("anonymous") << QStringLiteral("?target=d--0000-0000-0000-0010")
                               << QStringLiteral("anonymous") << 401
                               << QByteArray(R"({"detail":"Authentication credentials were not provided."})");
    QTest::newRow("member") << QStringLiteral("?target=d--0000-0000-0000-0010") << QStringLiteral("member")
                            << 200 << QByteArray();
    QTest::newRow("staff") << QStringLiteral("?target=d--0000-0000-0000-0020") << QStringLiteral("staff")
                           << 200 << QByteArray();
}

void TstProperty::listNeedsTarget()
{
    QFETCH(QString, query);
    QFETCH(QString, who);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    std::unique_ptr<HttpClient> client = who == QLatin1String("anonymous") ? m_server->anonymous()
        : who == QLatin1String("operator")                                 ? m_server->clientFor(m_operator)
        : who == QLatin1String("staff")                                    ? m_server->clientFor(m_staff)
                                                                           : m_server->clientFor(m_member);
    const HttpReply r = client->get(QStringLiteral("/api/v1/property/") + query);
    QCOMPARE(r.status, status);
    if (!body.isEmpty())
        QCOMPARE(r.body, body);
    else
        QVERIFY(r.object().contains("results"));
}

void TstProperty::createReadUpdateDelete()
{
    auto member = m_server->clientFor(m_member);
    HttpReply r = member->post(QStringLiteral("/api/v1/property/"),
                               QJsonObject {{"target", m_device}, {"name", "Floor"}, {"int_value", 3}});
    QCOMPARE(r.status, 201);
    // The write serializer answers: no id, no type.
    QCOMPARE(r.object(),
             (QJsonObject {{"target", m_device}, {"name", "Floor"}, {"is_system", false}, {"value", 3}}));
    QCOMPARE(
        member
            ->post(QStringLiteral("/api/v1/property/"),
                   QJsonObject {
                       {"target", m_device}, {"name", "Indoor"}, {"bool_value", true}, {"is_system", true}})
            .status,
        201);
    QCOMPARE(
        member
            ->post(QStringLiteral("/api/v1/property/"),
                   QJsonObject {{"target", m_device}, {"name", "Address"}, {"str_value", "  1 Main St "}})
            .status,
        201);

    r = member->get(QStringLiteral("/api/v1/property/?target=%1").arg(m_device));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 3);
    const QJsonArray results = r.object().value("results").toArray();
    QStringList names;
    for (const QJsonValue &v : results)
        names << v.toObject().value("name").toString();
    QCOMPARE(names, (QStringList {"Address", "Floor", "Indoor"}));
    const QJsonObject address = results.at(0).toObject();
    QCOMPARE(address.value("value").toString(), QStringLiteral("1 Main St")); // CharField trims
    QCOMPARE(address.value("type").toString(), QStringLiteral("str"));
    QCOMPARE(address.value("target").toString(), m_device);
    const QJsonObject floor = results.at(1).toObject();
    QCOMPARE(floor.value("value"), QJsonValue(3));
    QCOMPARE(floor.value("type").toString(), QStringLiteral("int"));
    QCOMPARE(results.at(2).toObject().value("value"), QJsonValue(true));
    QCOMPARE(results.at(2).toObject().value("is_system"), QJsonValue(true));
    const int floorId = floor.value("id").toInt();

    r = member->get(QStringLiteral("/api/v1/property/%1/").arg(floorId));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object(), floor);

    // PATCH changes the value and may change its type.
    r = member->patch(QStringLiteral("/api/v1/property/%1/").arg(floorId),
                      QJsonObject {{"str_value", "ground"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(
        r.object(),
        (QJsonObject {{"target", m_device}, {"name", "Floor"}, {"is_system", false}, {"value", "ground"}}));
    // PUT names the whole object; only the value is applied.
    r = member->put(QStringLiteral("/api/v1/property/%1/").arg(floorId),
                    QJsonObject {{"target", m_device}, {"name", "Renamed"}, {"bool_value", false}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("name").toString(), QStringLiteral("Floor"));
    QCOMPARE(r.object().value("value"), QJsonValue(false));
    r = member->get(QStringLiteral("/api/v1/property/%1/").arg(floorId));
    QCOMPARE(r.object().value("type").toString(), QStringLiteral("bool"));

    QCOMPARE(member->del(QStringLiteral("/api/v1/property/%1/").arg(floorId)).status, 204);
    QCOMPARE(member->get(QStringLiteral("/api/v1/property/%1/").arg(floorId)).status, 404);
    QCOMPARE(member->get(QStringLiteral("/api/v1/property/abc/")).status, 404);

    // Properties of projects work the same way.
    r = member->post(QStringLiteral("/api/v1/property/"),
                     QJsonObject {{"target", m_project.slug}, {"name", "Region"}, {"str_value", "EU"}});
    QCOMPARE(r.status, 201);
    r = member->get(QStringLiteral("/api/v1/property/?target=%1").arg(m_project.slug));
    QCOMPARE(r.object().value("count").toInt(), 1);
}

void TstProperty::createRefusals_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reply");
    const QString device = QStringLiteral("d--0000-0000-0000-0010");
    const QByteArray onlyOne =
        R"({"non_field_errors":["Only one of int_value, str_value, or bool_value can be used"]})";
    QTest::newRow("no value") << QJsonObject {{"target", device}, {"name", "x"}} << QStringLiteral("member")
                              << 400 << onlyOne;
    QTest::newRow("two values") << QJsonObject {{"target", device},
                                                {"name", "x"},
                                                {"int_value", 1},
                                                {"str_value", "a"}}
                                << QStringLiteral("member") << 400 << onlyOne;
    QTest::newRow("bad int") << QJsonObject {{"target", device}, {"name", "x"}, {"int_value", "ten"}}
                             << QStringLiteral("member") << 400
                             << QByteArray(R"({"int_value":["A valid integer is required."]})");
    QTest::newRow("long str")
        << QJsonObject {{"target", device}, {"name", "x"}, {"str_value", QString(257, 'a')}}
        << QStringLiteral("member") << 400
        << QByteArray(R"({"str_value":["Ensure this field has no more than 256 characters."]})");
    QTest::newRow("long name")
        << QJsonObject {{"target", device}, {"name", QString(41, 'n')}, {"int_value", 1}}
        << QStringLiteral("member") << 400
        << QByteArray(R"({"name":["Ensure this field has no more than 40 characters."]})");
    QTest::newRow("no target") << QJsonObject {{"name", "x"}, {"int_value", 1}} << QStringLiteral("member")
                               << 400 << QByteArray(R"({"target":["This field is required."]})");
    QTest::newRow("stream target")
        << QJsonObject {{"target", "s--0000-0001--0000-0000-0000-0010--5001"},
                        {"name", "x"},
                        {"int_value", 1}}
        << QStringLiteral("member") << 400
        << QByteArray(
               R"({"target":["Target must be a device (d--), data block (b--) or project (p--) slug."]})");
    QTest::newRow("foreign target")
        << QJsonObject {{"target", "d--0000-0000-0000-0020"}, {"name", "x"}, {"int_value", 1}}
        << QStringLiteral("member") << 403
        << QByteArray(R"({"detail":"You do not have permission to perform this action."})");
    QTest::newRow("unknown target")
        << QJsonObject {{"target", "d--0000-0000-0000-0999"}, {"name", "x"}, {"int_value", 1}}
        << QStringLiteral("member") << 403
        << QByteArray(R"({"detail":"You do not have permission to perform this action."})");
    QTest::newRow("no modify flag") << QJsonObject {{"target", device}, {"name", "x"}, {"int_value", 1}}
                                    << QStringLiteral("operator") << 403
                                    << QByteArray(
                                           R"({"detail":"User has no access to create/modify properties"})");
    QTest::newRow("duplicate")
        << QJsonObject {{"target", device}, {"name", "Dup"}, {"int_value", 2}} << QStringLiteral("member")
        << 400 << QByteArray(R"({"non_field_errors":["The fields target, name must make a unique set."]})");
}

void TstProperty::createRefusals()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, who);
    QFETCH(int, status);
    QFETCH(QByteArray, reply);
    if (QTest::currentDataTag() == QLatin1String("duplicate"))
        QCOMPARE(post(m_member, body, 201), QStringLiteral("201"));
    const HttpReply r = m_server->clientFor(who == QLatin1String("operator") ? m_operator : m_member)
                            ->post(QStringLiteral("/api/v1/property/"), body);
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, reply);
    QCOMPARE(m_server->anonymous()->post(QStringLiteral("/api/v1/property/"), body).status, 401);
}

void TstProperty::updateRefusals()
{
    QCOMPARE(post(m_outsider, QJsonObject {{"target", m_foreignDevice}, {"name", "Theirs"}, {"int_value", 1}},
                  201),
             QStringLiteral("201"));
    const HttpReply listed = m_server->clientFor(m_outsider)
                                 ->get(QStringLiteral("/api/v1/property/?target=%1").arg(m_foreignDevice));
    const int id = listed.object().value("results").toArray().at(0).toObject().value("id").toInt();
    const QString path = QStringLiteral("/api/v1/property/%1/").arg(id);
    auto member = m_server->clientFor(m_member);
    QCOMPARE(member->get(path).status, 403);
    QCOMPARE(member->patch(path, QJsonObject {{"int_value", 5}}).status, 403);
    QCOMPARE(member->del(path).status, 403);
    QCOMPARE(m_server->clientFor(m_staff)->get(path).status, 200);

    auto outsider = m_server->clientFor(m_outsider);
    HttpReply r = outsider->put(path, QJsonObject {{"int_value", 5}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object().value("target").toArray().at(0).toString(),
             QStringLiteral("This field is required."));
    QCOMPARE(r.object().value("name").toArray().at(0).toString(), QStringLiteral("This field is required."));
    r = outsider->patch(path, QJsonObject {{"is_system", true}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body,
             QByteArray(
                 R"({"non_field_errors":["Only one of int_value, str_value, or bool_value can be used"]})"));
    QCOMPARE(
        outsider->patch(QStringLiteral("/api/v1/property/999999/"), QJsonObject {{"int_value", 5}}).status,
        404);
}

void TstProperty::projectActions()
{
    const QString base = QStringLiteral("/api/v1/project/%1/").arg(m_project.uuid);
    auto member = m_server->clientFor(m_member);
    HttpReply r = member->post(base + QStringLiteral("new_property/"),
                               QJsonObject {{"name", "Manager"}, {"str_value", "Ann"}, {"is_system", true}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("name").toString(), QStringLiteral("Manager"));
    QCOMPARE(r.object().value("value").toString(), QStringLiteral("Ann"));
    QCOMPARE(r.object().value("type").toString(), QStringLiteral("str"));
    QCOMPARE(r.object().value("is_system").toBool(), true);
    const int id = r.object().value("id").toInt();
    QVERIFY(!r.object().contains("target"));

    // Upsert by name: same row, new value and type; is_system is kept.
    r = member->post(base + QStringLiteral("new_property/"),
                     QJsonObject {{"name", "Manager"}, {"int_value", 7}, {"is_system", false}});
    QCOMPARE(r.status, 201);
    QCOMPARE(
        r.object(),
        (QJsonObject {{"id", id}, {"name", "Manager"}, {"value", 7}, {"type", "int"}, {"is_system", true}}));

    r = member->get(base + QStringLiteral("properties/"));
    QCOMPARE(r.status, 200);
    QVERIFY(r.json().isArray()); // not paginated
    QVERIFY(r.array().contains(
        QJsonObject {{"id", id}, {"name", "Manager"}, {"value", 7}, {"type", "int"}, {"is_system", true}}));

    r = member->post(base + QStringLiteral("new_property/"), QJsonObject {{"name", "Manager"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"("Only one of int_value,str_value,bool_value can be used")"));
    r = member->post(base + QStringLiteral("new_property/"), QJsonObject {{"int_value", 1}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"name":["This field is required."]})"));

    auto op = m_server->clientFor(m_operator);
    r = op->get(base + QStringLiteral("properties/"));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, QByteArray(R"({"detail":"User has no access to read properties"})"));
    r = op->post(base + QStringLiteral("new_property/"), QJsonObject {{"name", "x"}, {"int_value", 1}});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, QByteArray(R"({"detail":"User has no access to create/modify properties"})"));

    r = member->get(QStringLiteral("/api/v1/project/not-a-uuid/properties/"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"(["Project ID must be a UUID"])"));
    QCOMPARE(member->get(QStringLiteral("/api/v1/project/%1/properties/").arg(m_foreign.uuid)).status, 404);
    QCOMPARE(m_server->anonymous()->get(base + QStringLiteral("properties/")).status, 401);
    // Staff see any project's properties when asking as staff.
    QCOMPARE(m_server->clientFor(m_staff)->get(base + QStringLiteral("properties/?staff=1")).status, 200);
}

void TstProperty::deviceActions()
{
    auto member = m_server->clientFor(m_member);
    // A short slug in the URL still files the property under the device's canonical slug.
    HttpReply r = member->post(QStringLiteral("/api/v1/device/d--0010/new_property/"),
                               QJsonObject {{"name", "Serial"}, {"str_value", "SN-1"}});
    QCOMPARE(r.status, 201);
    r = member->get(QStringLiteral("/api/v1/device/%1/properties/").arg(m_device));
    QCOMPARE(r.status, 200);
    bool found = false;
    for (const QJsonValue &v : r.array())
        found = found || v.toObject().value("name").toString() == QLatin1String("Serial");
    QVERIFY(found);
    r = member->get(QStringLiteral("/api/v1/property/?target=%1").arg(m_device));
    QVERIFY(r.body.contains("\"Serial\""));
    r = member->get(QStringLiteral("/api/v1/device/d--0010/properties/"));
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.contains("\"Serial\""));

    QCOMPARE(member->get(QStringLiteral("/api/v1/device/%1/properties/").arg(m_foreignDevice)).status, 403);
    QCOMPARE(member
                 ->post(QStringLiteral("/api/v1/device/%1/new_property/").arg(m_foreignDevice),
                        QJsonObject {{"name", "x"}, {"int_value", 1}})
                 .status,
             403);
    QCOMPARE(member->get(QStringLiteral("/api/v1/device/d--0000-0000-0000-0999/properties/")).status, 404);
    r = m_server->clientFor(m_operator)->get(QStringLiteral("/api/v1/device/%1/properties/").arg(m_device));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, QByteArray(R"({"detail":"User has no access to read properties"})"));
    r = m_server->clientFor(m_staff)->post(
        QStringLiteral("/api/v1/device/%1/new_property/").arg(m_foreignDevice),
        QJsonObject {{"name", "Audit"}, {"bool_value", "true"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("value"), QJsonValue(true));
}

void TstProperty::templates()
{
    auto owner = m_server->clientFor(m_owner);
    HttpReply r = owner->post(QStringLiteral("/api/v1/propertytemplate/"),
                              QJsonObject {{"org", m_org.slug},
                                           {"name", "Color"},
                                           {"type", "str"},
                                           {"default", "red"},
                                           {"extra", QJsonObject {{"help", "paint"}}}});
    QCOMPARE(r.status, 201);
    const int id = r.object().value("id").toInt();
    QCOMPARE(r.object(),
             (QJsonObject {{"id", id},
                           {"org", m_org.slug},
                           {"type", "str"},
                           {"name", "Color"},
                           {"default", "red"},
                           {"enums", QJsonArray {}},
                           {"extra", QJsonObject {{"help", "paint"}}},
                           {"created_by", m_owner.slug}}));
    r = owner->post(QStringLiteral("/api/v1/propertytemplate/"),
                    QJsonObject {{"org", m_org.slug}, {"name", "Size"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("type").toString(), QStringLiteral("str"));
    QVERIFY(r.object().value("extra").isNull());
    QCOMPARE(m_server->clientFor(m_outsider)
                 ->post(QStringLiteral("/api/v1/propertytemplate/"),
                        QJsonObject {{"org", m_other.slug}, {"name", "Color"}, {"type", "int"}})
                 .status,
             201);

    // Members see their orgs' templates (any member), others nothing.
    r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/propertytemplate/"));
    QCOMPARE(r.object().value("count").toInt(), 2);
    r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/propertytemplate/?name=Color"));
    QCOMPARE(r.object().value("count").toInt(), 1);
    r = m_server->clientFor(m_member)->get(
        QStringLiteral("/api/v1/propertytemplate/?org=%1").arg(m_other.slug));
    QCOMPARE(r.object().value("count").toInt(), 0);
    QCOMPARE(m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/propertytemplate/?org=nope")).status,
             404);
    QCOMPARE(
        m_server->clientFor(m_outsider)->get(QStringLiteral("/api/v1/propertytemplate/%1/").arg(id)).status,
        404);
    QCOMPARE(
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/propertytemplate/%1/").arg(id)).status,
        200);
    r = m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/propertytemplate/?staff=1"));
    QCOMPARE(r.object().value("count").toInt(), 3);
    QCOMPARE(m_server->clientFor(m_staff)
                 ->get(QStringLiteral("/api/v1/propertytemplate/"))
                 .object()
                 .value("count")
                 .toInt(),
             0);
    QCOMPARE(m_server->anonymous()->get(QStringLiteral("/api/v1/propertytemplate/")).status, 401);

    r = owner->patch(QStringLiteral("/api/v1/propertytemplate/%1/").arg(id),
                     QJsonObject {{"default", "blue"}, {"type", "int"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("default").toString(), QStringLiteral("blue"));
    QCOMPARE(r.object().value("type").toString(), QStringLiteral("int"));
    r = owner->put(QStringLiteral("/api/v1/propertytemplate/%1/").arg(id), QJsonObject {{"default", "x"}});
    QCOMPARE(r.status, 400);
    QVERIFY(r.object().contains("org"));
    QVERIFY(r.object().contains("name"));
}

void TstProperty::templateRefusals()
{
    auto owner = m_server->clientFor(m_owner);
    HttpReply r = owner->post(QStringLiteral("/api/v1/propertytemplate/"),
                              QJsonObject {{"org", "nope"}, {"name", "A"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"org":["Object with slug=nope does not exist."]})"));
    r = owner->post(QStringLiteral("/api/v1/propertytemplate/"),
                    QJsonObject {{"org", m_org.slug}, {"name", "A"}, {"type", "float"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray("{\"type\":[\"\\\"float\\\" is not a valid choice.\"]}"));
    QCOMPARE(owner
                 ->post(QStringLiteral("/api/v1/propertytemplate/"),
                        QJsonObject {{"org", m_org.slug}, {"name", "Dup"}})
                 .status,
             201);
    r = owner->post(QStringLiteral("/api/v1/propertytemplate/"),
                    QJsonObject {{"org", m_org.slug}, {"name", "Dup"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"non_field_errors":["The fields org, name must make a unique set."]})"));
    // Writing takes can_manage_org_and_projects in the org (the original let anyone write).
    const QByteArray lacking = R"({"detail":"Access Denied due to lack of sufficient permissions"})";
    r = m_server->clientFor(m_member)->post(QStringLiteral("/api/v1/propertytemplate/"),
                                            QJsonObject {{"org", m_org.slug}, {"name", "B"}});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, lacking);
    r = m_server->clientFor(m_outsider)
            ->post(QStringLiteral("/api/v1/propertytemplate/"),
                   QJsonObject {{"org", m_org.slug}, {"name", "B"}});
    QCOMPARE(r.status, 403);
    const int dup = m_server->clientFor(m_member)
                        ->get(QStringLiteral("/api/v1/propertytemplate/?name=Dup"))
                        .object()
                        .value("results")
                        .toArray()
                        .at(0)
                        .toObject()
                        .value("id")
                        .toInt();
    r = m_server->clientFor(m_member)->del(QStringLiteral("/api/v1/propertytemplate/%1/").arg(dup));
    QCOMPARE(r.status, 403);
    QCOMPARE(owner->del(QStringLiteral("/api/v1/propertytemplate/%1/").arg(dup)).status, 204);
    QCOMPARE(owner->get(QStringLiteral("/api/v1/propertytemplate/%1/").arg(dup)).status, 404);
}

void TstProperty::templateEnums()
{
    auto owner = m_server->clientFor(m_owner);
    HttpReply r = owner->post(QStringLiteral("/api/v1/propertytemplate/"),
                              QJsonObject {{"org", m_org.slug}, {"name", "Shape"}});
    QCOMPARE(r.status, 201);
    const int id = r.object().value("id").toInt();
    const QString path = QStringLiteral("/api/v1/propertytemplate/%1/enum/").arg(id);
    r = owner->post(path, QJsonObject {{"value", "round"}});
    QCOMPARE(r.status, 201);
    const int roundId = r.object().value("id").toInt();
    QCOMPARE(r.object(),
             (QJsonObject {{"id", roundId},
                           {"org", m_org.slug},
                           {"value", "round"},
                           {"template", id},
                           {"created_by", m_owner.slug}}));
    // get-or-create: the same value answers the existing row.
    r = owner->post(path, QJsonObject {{"value", "round"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("id").toInt(), roundId);
    QCOMPARE(owner->post(path, QJsonObject {{"value", "square"}}).status, 201);
    r = owner->post(path, QJsonObject {{"value", QString(65, 'v')}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"value":["Ensure this field has no more than 64 characters."]})"));

    r = m_server->clientFor(m_member)->get(path);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 2);
    r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/propertytemplate/%1/").arg(id));
    QCOMPARE(r.object().value("enums").toArray(), (QJsonArray {"round", "square"}));
    QCOMPARE(m_server->clientFor(m_member)->post(path, QJsonObject {{"value", "oval"}}).status, 403);
    QCOMPARE(m_server->clientFor(m_outsider)->get(path).status, 404);

    r = owner->send("DELETE", path, R"({"value": "oval"})", "application/json");
    QCOMPARE(r.status, 404);
    QCOMPARE(r.body, QByteArray(R"({"error":"Enum Value not found in Property Template"})"));
    r = owner->send("DELETE", path, R"({"value": "round"})", "application/json");
    QCOMPARE(r.status, 204);
    r = owner->send("DELETE", path, "{}", "application/json");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"value":["This field is required."]})"));
    QCOMPARE(m_server->clientFor(m_member)->get(path).object().value("count").toInt(), 1);
}

QTEST_GUILESS_MAIN(TstProperty)
#include "tst_property.moc"
