#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/location/: single and bulk posts that move the device's own position, the list filters, and
// the can_read_device_locations rule for reading.
class TstLocation : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void postSingleMovesDevice();
    void postBulk();
    void postRefusals_data();
    void postRefusals();
    void listAccess_data();
    void listAccess();
    void listFilters_data();
    void listFilters();
    void detail();

private:
    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_operator, m_outsider, m_staff;
    Project m_project;
    QString m_device, m_track, m_foreignDevice;
};

void TstLocation::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_operator = m_server->createUser(QStringLiteral("operator@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    const Org org = seed.org(QStringLiteral("Meters"), m_owner);
    seed.member(org, m_member, QStringLiteral("m1"));
    seed.member(org, m_operator, QStringLiteral("r1"));
    const Org other = seed.org(QStringLiteral("Foreign"), m_outsider);
    m_project = seed.project(org, QStringLiteral("Site 1"), m_owner);
    const Project foreign = seed.project(other, QStringLiteral("Theirs"), m_outsider);
    m_device = seed.claim(seed.device(0x10), m_project, m_owner).slug;
    m_track = seed.claim(seed.device(0x11), m_project, m_owner).slug;
    m_foreignDevice = seed.claim(seed.device(0x20), foreign, m_outsider).slug;
    QJsonArray bulk;
    for (int i = 0; i < 4; ++i)
        bulk.append(QJsonObject {{"target", m_track},
                                 {"timestamp", QStringLiteral("2024-01-01T0%1:00:00Z").arg(i)},
                                 {"lat", 10 + i},
                                 {"lon", -20.5}});
    QCOMPARE(m_server->clientFor(m_owner)->post(QStringLiteral("/api/v1/location/"), bulk).status, 201);
}

void TstLocation::cleanupTestCase()
{
    m_server.reset();
}

void TstLocation::postSingleMovesDevice()
{
    // Writing takes access to the device only: operators may post.
    auto op = m_server->clientFor(m_operator);
    HttpReply r = op->post(QStringLiteral("/api/v1/location/"),
                           QJsonObject {{"target", m_device},
                                        {"timestamp", "2024-02-01T10:00:00Z"},
                                        {"lat", 12.1},
                                        {"lon", "-71.123456"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object(),
             (QJsonObject {{"id", r.object().value("id")},
                           {"timestamp", "2024-02-01T10:00:00Z"},
                           {"target", m_device},
                           {"lat", "12.100000"},
                           {"lon", "-71.123456"},
                           {"user", m_operator.slug}}));
    r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/device/%1/").arg(m_device));
    QCOMPARE(r.object().value("lat").toString(), QStringLiteral("12.100000"));
    QCOMPARE(r.object().value("lon").toString(), QStringLiteral("-71.123456"));
    // lat/lon default to zero.
    r = op->post(QStringLiteral("/api/v1/location/"),
                 QJsonObject {{"target", m_project.slug}, {"timestamp", "2024-02-01T10:00:00Z"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("lat").toString(), QStringLiteral("0.000000"));
}

void TstLocation::postBulk()
{
    QJsonArray bulk;
    for (int i = 0; i < 3; ++i)
        bulk.append(QJsonObject {{"target", m_device},
                                 {"timestamp", QStringLiteral("2024-03-01T0%1:00:00Z").arg(i)},
                                 {"lat", 40 + i},
                                 {"lon", 2.25}});
    auto member = m_server->clientFor(m_member);
    HttpReply r = member->post(QStringLiteral("/api/v1/location/"), bulk);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("count").toInt(), 3);
    const QJsonObject last = r.object().value("last").toObject();
    QCOMPARE(last.value("lat").toString(), QStringLiteral("42.000000"));
    QCOMPARE(last.value("timestamp").toString(), QStringLiteral("2024-03-01T02:00:00Z"));
    QVERIFY(last.value("id").toInt() > 0);
    // The device now sits at the last point of the list.
    r = member->get(QStringLiteral("/api/v1/device/%1/").arg(m_device));
    QCOMPARE(r.object().value("lat").toString(), QStringLiteral("42.000000"));
    QCOMPARE(r.object().value("lon").toString(), QStringLiteral("2.250000"));

    const QByteArray oneTarget = R"(["Found more than one target. All entries must be for same target."])";
    QJsonArray mixed {QJsonObject {{"target", m_device}, {"timestamp", "2024-03-02T00:00:00Z"}},
                      QJsonObject {{"target", m_track}, {"timestamp", "2024-03-02T00:00:00Z"}}};
    r = member->post(QStringLiteral("/api/v1/location/"), mixed);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, oneTarget);
    r = member->post(QStringLiteral("/api/v1/location/"), QJsonArray {});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, oneTarget);
    QJsonArray bad {
        QJsonObject {{"target", m_device}, {"timestamp", "2024-03-02T00:00:00Z"}},
        QJsonObject {{"target", m_device}, {"timestamp", "2024-03-02T00:00:00Z"}, {"lat", 1.1234567}}};
    r = member->post(QStringLiteral("/api/v1/location/"), bad);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"([{},{"lat":["Ensure that there are no more than 6 decimal places."]}])"));
    QJsonArray foreign {QJsonObject {{"target", m_foreignDevice}, {"timestamp", "2024-03-02T00:00:00Z"}}};
    QCOMPARE(member->post(QStringLiteral("/api/v1/location/"), foreign).status, 403);
}

void TstLocation::postRefusals_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reply");
    const QString device = QStringLiteral("d--0000-0000-0000-0010");
    const QByteArray denied = R"({"detail":"You do not have permission to perform this action."})";
    QTest::newRow("no timestamp") << QJsonObject {{"target", device}} << 400
                                  << QByteArray(R"({"timestamp":["This field is required."]})");
    QTest::newRow("no target") << QJsonObject {{"timestamp", "2024-01-01T00:00:00Z"}} << 400
                               << QByteArray(R"({"target":["This field is required."]})");
    QTest::newRow("not a number") << QJsonObject {{"target", device},
                                                  {"timestamp", "2024-01-01T00:00:00Z"},
                                                  {"lat", "north"}}
                                  << 400 << QByteArray(R"({"lat":["A valid number is required."]})");
    QTest::newRow("too many digits")
        << QJsonObject {{"target", device}, {"timestamp", "2024-01-01T00:00:00Z"}, {"lon", 12345.5}} << 400
        << QByteArray(R"({"lon":["Ensure that there are no more than 3 digits before the decimal point."]})");
    QTest::newRow("foreign device") << QJsonObject {{"target", "d--0000-0000-0000-0020"},
                                                    {"timestamp", "2024-01-01T00:00:00Z"}}
                                    << 403 << denied;
    QTest::newRow("unknown device") << QJsonObject {{"target", "d--0000-0000-0000-0999"},
                                                    {"timestamp", "2024-01-01T00:00:00Z"}}
                                    << 403 << denied;
}

void TstLocation::postRefusals()
{
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QByteArray, reply);
    const HttpReply r = m_server->clientFor(m_member)->post(QStringLiteral("/api/v1/location/"), body);
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, reply);
    QCOMPARE(m_server->anonymous()->post(QStringLiteral("/api/v1/location/"), body).status, 401);
}

void TstLocation::listAccess_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("count");
    QTest::newRow("no target") << QString() << QStringLiteral("member") << 400 << 0;
    QTest::newRow("member") << QStringLiteral("?target=d--0000-0000-0000-0011") << QStringLiteral("member")
                            << 200 << 4;
    // Without can_read_device_locations the list is empty, not refused (as in the original).
    QTest::newRow("operator") << QStringLiteral("?target=d--0000-0000-0000-0011")
                              << QStringLiteral("operator") << 200 << 0;
    QTest::newRow("outsider") << QStringLiteral("?target=d--0000-0000-0000-0011")
                              << QStringLiteral("outsider") << 200 << 0;
    QTest::newRow("unknown") << QStringLiteral("?target=d--0000-0000-0000-0999") << QStringLiteral("member")
                             << 200 << 0;
    QTest::newRow("staff") << QStringLiteral("?target=d--0000-0000-0000-0011") << QStringLiteral("staff")
                           << 200 << 4;
    QTest::newRow("anonymous") << QStringLiteral("?target=d--0000-0000-0000-0011")
                               << QStringLiteral("anonymous") << 401 << 0;
}

void TstLocation::listAccess()
{
    QFETCH(QString, query);
    QFETCH(QString, who);
    QFETCH(int, status);
    QFETCH(int, count);
    std::unique_ptr<HttpClient> client = who == QLatin1String("anonymous") ? m_server->anonymous()
        : who == QLatin1String("outsider")                                 ? m_server->clientFor(m_outsider)
        : who == QLatin1String("operator")                                 ? m_server->clientFor(m_operator)
        : who == QLatin1String("staff")                                    ? m_server->clientFor(m_staff)
                                                                           : m_server->clientFor(m_member);
    const HttpReply r = client->get(QStringLiteral("/api/v1/location/") + query);
    QCOMPARE(r.status, status);
    if (status == 400)
        QCOMPARE(r.body, QByteArray(R"({"target":["This field is required."]})"));
    if (status == 200)
        QCOMPARE(r.object().value("count").toInt(), count);
}

void TstLocation::listFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("lats");
    QTest::newRow("all") << QString() << QStringList {"10.000000", "11.000000", "12.000000", "13.000000"};
    QTest::newRow("start") << QStringLiteral("&start=2024-01-01T02:00:00Z")
                           << QStringList {"12.000000", "13.000000"};
    QTest::newRow("end") << QStringLiteral("&end=2024-01-01T01:00:00Z") << QStringList {"10.000000"};
    QTest::newRow("timestamp") << QStringLiteral("&timestamp=2024-01-01T01:00:00Z")
                               << QStringList {"11.000000"};
    QTest::newRow("mask is accepted")
        << QStringLiteral("&mask=1") << QStringList {"10.000000", "11.000000", "12.000000", "13.000000"};
    QTest::newRow("page") << QStringLiteral("&page_size=3&page=2") << QStringList {"13.000000"};
}

void TstLocation::listFilters()
{
    QFETCH(QString, query);
    QFETCH(QStringList, lats);
    const HttpReply r = m_server->clientFor(m_member)->get(
        QStringLiteral("/api/v1/location/?target=%1").arg(m_track) + query);
    QCOMPARE(r.status, 200);
    QStringList got;
    for (const QJsonValue &v : r.object().value("results").toArray())
        got << v.toObject().value("lat").toString();
    QCOMPARE(got, lats);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("lon").toString(),
             QStringLiteral("-20.500000"));
}

void TstLocation::detail()
{
    auto member = m_server->clientFor(m_member);
    const int id = member->get(QStringLiteral("/api/v1/location/?target=%1").arg(m_track))
                       .object()
                       .value("results")
                       .toArray()
                       .at(0)
                       .toObject()
                       .value("id")
                       .toInt();
    const QString path = QStringLiteral("/api/v1/location/%1/").arg(id);
    HttpReply r = member->get(path);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("user").toString(), m_owner.slug);
    QCOMPARE(m_server->clientFor(m_operator)->get(path).status, 403);
    QCOMPARE(m_server->clientFor(m_outsider)->get(path).status, 403);
    QCOMPARE(m_server->clientFor(m_outsider)->patch(path, QJsonObject {{"lat", 1}}).status, 403);
    QCOMPARE(m_server->clientFor(m_staff)->get(path).status, 200);
    r = member->get(QStringLiteral("/api/v1/location/x1/"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"(["Location ID must be a integer"])"));
    QCOMPARE(member->get(QStringLiteral("/api/v1/location/999999/")).status, 404);

    r = member->patch(path, QJsonObject {{"lat", "9.5"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("lat").toString(), QStringLiteral("9.500000"));
    QCOMPARE(r.object().value("lon").toString(), QStringLiteral("-20.500000"));
    r = member->put(path, QJsonObject {{"lat", 1}});
    QCOMPARE(r.status, 400);
    QVERIFY(r.object().contains("timestamp"));
    QVERIFY(r.object().contains("target"));
    QCOMPARE(member->patch(path, QJsonObject {{"target", m_foreignDevice}}).status, 403);
    QCOMPARE(member->del(path).status, 204);
    QCOMPARE(member->get(path).status, 404);
}

QTEST_GUILESS_MAIN(TstLocation)
#include "tst_location.moc"
