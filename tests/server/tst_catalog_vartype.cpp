#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

namespace {

qint64 orMinusOne(const Result<qint64> &r)
{
    return r ? *r : -1;
}

} // namespace

// /api/v1/vartype/: var types with their input and output units, searchable by name; writes for staff.
class TstCatalogVarType : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void access_data();
    void access();
    void createPlain();
    void createWithUnits();
    void createRejects_data();
    void createRejects();
    void listFilters_data();
    void listFilters();
    void renameMovesUnitSlugs();
    void replaceUnits();
    void deleteType();

private:
    std::unique_ptr<TestServer> m_server;
    Account m_staff, m_user;
};

void TstCatalogVarType::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    m_user = m_server->createUser(QStringLiteral("user@example.com"), QStringLiteral("password1"));
    Seed seed(*m_server);
    seed.varType(QStringLiteral("Temperature"));
    SqlQuery decoder =
        seed.db().query("UPDATE var_types SET decoder = ?, schema = ? WHERE slug = 'temperature'");
    decoder.bind(QStringLiteral(R"({"id":1,"raw_packet_format":"<LL","packet_info":{"foo":"a"}})"))
        .bind(QStringLiteral(R"({"id":2,"keys":{"bar":"b"},"display_order":["bar"]})"));
    QVERIFY(decoder.exec());
}

void TstCatalogVarType::cleanupTestCase()
{
    m_server.reset();
}

void TstCatalogVarType::access_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("who"); // 0 anonymous, 1 user, 2 staff
    QTest::addColumn<int>("status");
    const QString list = QStringLiteral("/api/v1/vartype/");
    const QString detail = QStringLiteral("/api/v1/vartype/temperature/");
    QTest::newRow("anonymous list") << QByteArray("GET") << list << 0 << 401;
    QTest::newRow("anonymous detail") << QByteArray("GET") << detail << 0 << 401;
    QTest::newRow("anonymous create") << QByteArray("POST") << list << 0 << 401;
    QTest::newRow("user list") << QByteArray("GET") << list << 1 << 200;
    QTest::newRow("user detail") << QByteArray("GET") << detail << 1 << 200;
    QTest::newRow("user create") << QByteArray("POST") << list << 1 << 403;
    QTest::newRow("user patch") << QByteArray("PATCH") << detail << 1 << 403;
    QTest::newRow("user delete") << QByteArray("DELETE") << detail << 1 << 403;
    QTest::newRow("staff post detail") << QByteArray("POST") << detail << 2 << 405;
    QTest::newRow("staff delete list") << QByteArray("DELETE") << list << 2 << 405;
    QTest::newRow("unknown") << QByteArray("GET") << QStringLiteral("/api/v1/vartype/nope/") << 1 << 404;
}

void TstCatalogVarType::access()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, who);
    QFETCH(int, status);
    auto client = who == 0 ? m_server->anonymous() : m_server->clientFor(who == 1 ? m_user : m_staff);
    QCOMPARE(client->send(method, path, "{}", "application/json").status, status);
}

void TstCatalogVarType::createPlain()
{
    HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/vartype/"),
                                                     QJsonObject {{"name", "Liquid Volume"},
                                                                  {"storage_units_full", "Liters"},
                                                                  {"storage_units_short", "ignored"},
                                                                  {"slug", "ignored"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(
        r.body,
        QByteArray(R"({"available_input_units":[],"available_output_units":[],"decoder":null,)"
                   R"("name":"Liquid Volume","schema":null,"slug":"liquid-volume",)"
                   R"("storage_units_full":"Liters","storage_units_short":"","stream_data_type":"00"})"));
    r = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/vartype/temperature/"));
    QCOMPARE(r.status, 200);
    const QJsonObject o = r.object();
    QCOMPARE(o.value("decoder").toObject().value("packet_info").toObject().value("foo").toString(),
             QStringLiteral("a"));
    QCOMPARE(o.value("schema").toObject().value("keys").toObject().value("bar").toString(),
             QStringLiteral("b"));
    QCOMPARE(o.value("available_input_units").toArray().at(0).toObject().value("slug").toString(),
             QStringLiteral("in--temperature--raw"));
    QCOMPARE(
        o.value("available_output_units").toArray().at(0).toObject().keys(),
        (QStringList {"d", "decimal_places", "derived_units", "m", "o", "slug", "unit_full", "unit_short"}));
}

void TstCatalogVarType::createWithUnits()
{
    const QJsonObject body {
        {"name", "Water Flow"},
        {"stream_data_type", "D0"},
        {"available_input_units",
         QJsonArray {QJsonObject {{"unit_full", "Gallons"}, {"unit_short", "g"}, {"m", 3785}, {"d", 1000}},
                     QJsonObject {{"unit_full", "Cubic Meters"}, {"m", 1000}}}},
        {"available_output_units",
         QJsonArray {QJsonObject {
             {"unit_full", "Liters"},
             {"unit_short", "l"},
             {"decimal_places", 2},
             {"derived_units",
              QJsonObject {{"flow", QJsonObject {{"L/s", QJsonObject {{"m", 1}, {"d", 1}}}}}}}}}}};
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/vartype/"), body);
    QCOMPARE(r.status, 201);
    const QJsonObject o = r.object();
    QCOMPARE(o.value("slug").toString(), QStringLiteral("water-flow"));
    QCOMPARE(o.value("stream_data_type").toString(), QStringLiteral("D0"));
    const QJsonArray in = o.value("available_input_units").toArray();
    QCOMPARE(in.size(), 2);
    // Units come ordered by slug.
    QCOMPARE(in.at(0).toObject(),
             (QJsonObject {{"slug", "in--water-flow--cubic-meters"},
                           {"unit_full", "Cubic Meters"},
                           {"unit_short", ""},
                           {"m", 1000},
                           {"d", 1},
                           {"o", 0.0}}));
    QCOMPARE(in.at(1).toObject().value("slug").toString(), QStringLiteral("in--water-flow--gallons"));
    QCOMPARE(in.at(1).toObject().value("m").toInt(), 3785);
    const QJsonObject out = o.value("available_output_units").toArray().at(0).toObject();
    QCOMPARE(out.value("slug").toString(), QStringLiteral("out--water-flow--liters"));
    QCOMPARE(out.value("decimal_places").toInt(), 2);
    QCOMPARE(out.value("derived_units")
                 .toObject()
                 .value("flow")
                 .toObject()
                 .value("L/s")
                 .toObject()
                 .value("m")
                 .toInt(),
             1);
    QCOMPARE(m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/vartype/water-flow/")).object(), o);
}

void TstCatalogVarType::createRejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("no name") << QJsonObject {{"storage_units_full", "x"}}
                             << QByteArray(R"({"name":["This field is required."]})");
    QTest::newRow("long name") << QJsonObject {{"name", QString(27, 'n')}}
                               << QByteArray(
                                      R"({"name":["Ensure this field has no more than 26 characters."]})");
    QTest::newRow("same name") << QJsonObject {{"name", "Temperature"}}
                               << QByteArray(R"({"name":["Variable Type with this name already exists."]})");
    QTest::newRow("same slug") << QJsonObject {{"name", "temperature"}}
                               << QByteArray(R"({"name":["Variable Type with this slug already exists."]})");
    QTest::newRow("no letters") << QJsonObject {{"name", "!!!"}}
                                << QByteArray(R"({"name":["Name must contain letters or digits."]})");
    QTest::newRow("bad data type") << QJsonObject {{"name", "X"}, {"stream_data_type", "X9"}}
                                   << QByteArray(
                                          "{\"stream_data_type\":[\"\\\"X9\\\" is not a valid choice.\"]}");
    QTest::newRow("units not a list")
        << QJsonObject {{"name", "X"}, {"available_input_units", "Gallons"}}
        << QByteArray(R"({"available_input_units":["Expected a list of items."]})");
    QTest::newRow("unit errors per item")
        << QJsonObject {{"name", "X"},
                        {"available_output_units",
                         QJsonArray {QJsonObject {{"unit_full", "Liters"}}, QJsonObject {{"m", "x"}}, 5}}}
        << QByteArray(R"({"available_output_units":[{},{"m":["A valid integer is required."],)"
                      R"("unit_full":["This field is required."]},)"
                      R"({"non_field_errors":["Invalid data. Expected a dictionary."]}]})");
    QTest::newRow("same unit twice")
        << QJsonObject {{"name", "X"},
                        {"available_input_units",
                         QJsonArray {QJsonObject {{"unit_full", "Liters"}},
                                     QJsonObject {{"unit_full", "liters"}}}}}
        << QByteArray(
               R"({"available_input_units":[{},{"non_field_errors":["The fields var_type, unit_full must )"
               R"(make a unique set."]}]})");
}

void TstCatalogVarType::createRejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(QByteArray, expected);
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/vartype/"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, expected);
}

void TstCatalogVarType::listFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("slugs");
    QTest::newRow("all, by slug") << QString() << 200
                                  << QStringList {"liquid-volume", "temperature", "water-flow"};
    QTest::newRow("search") << QStringLiteral("?search=VOL") << 200 << QStringList {"liquid-volume"};
    QTest::newRow("search terms all match")
        << QStringLiteral("?search=liq,vol") << 200 << QStringList {"liquid-volume"};
    QTest::newRow("search terms one misses") << QStringLiteral("?search=liq%20flow") << 200 << QStringList {};
    QTest::newRow("search wildcard is literal") << QStringLiteral("?search=%25") << 200 << QStringList {};
    QTest::newRow("created_by") << QStringLiteral("?created_by=%1").arg(m_staff.id) << 200
                                << QStringList {"liquid-volume", "water-flow"};
    QTest::newRow("created_by nobody") << QStringLiteral("?created_by=777777") << 400 << QStringList {};
    QTest::newRow("page 2") << QStringLiteral("?page_size=2&page=2") << 200 << QStringList {"water-flow"};
}

void TstCatalogVarType::listFilters()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QStringList, slugs);
    const HttpReply r = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/vartype/") + query);
    QCOMPARE(r.status, status);
    if (status != 200)
        return;
    QStringList got;
    for (const QJsonValue &v : r.object().value("results").toArray())
        got << v.toObject().value("slug").toString();
    QCOMPARE(got, slugs);
}

void TstCatalogVarType::renameMovesUnitSlugs()
{
    auto staff = m_server->clientFor(m_staff);
    HttpReply r = staff->patch(QStringLiteral("/api/v1/vartype/water-flow/"),
                               QJsonObject {{"name", "Flow"}, {"storage_units_full", "L/s"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("flow"));
    QCOMPARE(r.object().value("storage_units_full").toString(), QStringLiteral("L/s"));
    QCOMPARE(r.object().value("stream_data_type").toString(), QStringLiteral("D0"));
    QStringList slugs;
    for (const char *key : {"available_input_units", "available_output_units"})
        for (const QJsonValue &u : r.object().value(QLatin1String(key)).toArray())
            slugs << u.toObject().value("slug").toString();
    QCOMPARE(slugs, (QStringList {"in--flow--cubic-meters", "in--flow--gallons", "out--flow--liters"}));
    QCOMPARE(staff->get(QStringLiteral("/api/v1/vartype/water-flow/")).status, 404);
    r = staff->put(QStringLiteral("/api/v1/vartype/flow/"), QJsonObject {{"stream_data_type", "E0"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"name":["This field is required."]})"));
}

void TstCatalogVarType::replaceUnits()
{
    auto staff = m_server->clientFor(m_staff);
    Seed seed(*m_server);
    SqlQuery idOf = seed.db().query("SELECT id FROM var_type_units WHERE slug = 'in--flow--gallons'");
    const auto gallonsId = idOf.scalarInt64();
    QVERIFY(gallonsId);
    const HttpReply r =
        staff->patch(QStringLiteral("/api/v1/vartype/flow/"),
                     QJsonObject {{"available_input_units",
                                   QJsonArray {QJsonObject {{"unit_full", "Gallons"}, {"m", 3786}},
                                               QJsonObject {{"unit_full", "Barrels"}, {"m", 158987}}}}});
    QCOMPARE(r.status, 200);
    const QJsonArray in = r.object().value("available_input_units").toArray();
    QCOMPARE(in.size(), 2);
    QCOMPARE(in.at(0).toObject().value("slug").toString(), QStringLiteral("in--flow--barrels"));
    QCOMPARE(in.at(1).toObject().value("m").toInt(), 3786);
    // Output units were not sent: they stay.
    QCOMPARE(r.object().value("available_output_units").toArray().size(), 1);
    // A unit matched by slug keeps its id (variables refer to it).
    SqlQuery again = seed.db().query("SELECT id FROM var_type_units WHERE slug = 'in--flow--gallons'");
    QCOMPARE(orMinusOne(again.scalarInt64()), *gallonsId);
    SqlQuery gone =
        seed.db().query("SELECT count(*) FROM var_type_units WHERE slug = 'in--flow--cubic-meters'");
    QCOMPARE(orMinusOne(gone.scalarInt64()), 0);
}

void TstCatalogVarType::deleteType()
{
    auto staff = m_server->clientFor(m_staff);
    QCOMPARE(staff->del(QStringLiteral("/api/v1/vartype/flow/")).status, 204);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/vartype/flow/")).status, 404);
    Seed seed(*m_server);
    SqlQuery units = seed.db().query("SELECT count(*) FROM var_type_units WHERE slug LIKE '%--flow--%'");
    QCOMPARE(orMinusOne(units.scalarInt64()), 0);
    QCOMPARE(staff->del(QStringLiteral("/api/v1/vartype/flow/")).status, 404);
}

QTEST_GUILESS_MAIN(TstCatalogVarType)
#include "tst_catalog_vartype.moc"
