#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/note/: single and bulk posts, the list filters, and who may read and change notes.
class TstNote : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void postSingle();
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
    QString m_device, m_filtered, m_foreignDevice, m_stream;
    QList<int> m_filteredIds;
};

void TstNote::initTestCase()
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
    const SensorGraph sg = seed.sensorGraph(QStringLiteral("Meter"), {QStringLiteral("5001")});
    m_device = seed.claim(seed.device(0x10, &sg), m_project, m_owner).slug;
    m_filtered = seed.claim(seed.device(0x11), m_project, m_owner).slug;
    m_foreignDevice = seed.claim(seed.device(0x20), foreign, m_outsider).slug;
    m_stream = QStringLiteral("s--%1--0000-0000-0000-0010--5001").arg(m_project.slug.mid(3));

    // Five notes an hour apart for the filter rows.
    QJsonArray bulk;
    for (int i = 0; i < 5; ++i)
        bulk.append(QJsonObject {{"target", m_filtered},
                                 {"timestamp", QStringLiteral("2024-01-01T0%1:00:00Z").arg(i)},
                                 {"note", QStringLiteral("n%1").arg(i)}});
    auto owner = m_server->clientFor(m_owner);
    QCOMPARE(owner->post(QStringLiteral("/api/v1/note/"), bulk).status, 201);
    const HttpReply r = owner->get(QStringLiteral("/api/v1/note/?target=%1").arg(m_filtered));
    for (const QJsonValue &v : r.object().value("results").toArray())
        m_filteredIds << v.toObject().value("id").toInt();
    QCOMPARE(m_filteredIds.size(), 5);
}

void TstNote::cleanupTestCase()
{
    m_server.reset();
}

void TstNote::postSingle()
{
    // Operators (no can_read_notes) may still write notes: writing takes access to the target only.
    auto op = m_server->clientFor(m_operator);
    HttpReply r = op->post(QStringLiteral("/api/v1/note/"),
                           QJsonObject {{"target", m_device},
                                        {"timestamp", "2024-02-01T10:00:00.5Z"},
                                        {"note", "Battery low"},
                                        {"type", "sc"}});
    QCOMPARE(r.status, 201);
    const QJsonObject note = r.object();
    QCOMPARE(note.value("target").toString(), m_device);
    QCOMPARE(note.value("timestamp").toString(), QStringLiteral("2024-02-01T10:00:00.500000Z"));
    QCOMPARE(note.value("note").toString(), QStringLiteral("Battery low"));
    QCOMPARE(note.value("type").toString(), QStringLiteral("ui")); // read-only: API notes are user notes
    QVERIFY(note.value("attachment").isNull());
    const QJsonObject user = note.value("user_info").toObject();
    QCOMPARE(user.value("username").toString(), QStringLiteral("@operator"));
    QCOMPARE(user.value("slug").toString(), m_operator.slug);
    QVERIFY(user.value("tiny_avatar").toString().contains(QStringLiteral("s=28")));

    // Streams and projects are targets too; a note may be empty.
    QCOMPARE(op->post(QStringLiteral("/api/v1/note/"),
                      QJsonObject {{"target", m_stream}, {"timestamp", "2024-02-01T10:00:00Z"}})
                 .status,
             201);
    r = op->post(QStringLiteral("/api/v1/note/"),
                 QJsonObject {{"target", m_project.slug},
                              {"timestamp", "2024-02-01T10:00:00Z"},
                              {"note", QJsonValue()}});
    QCOMPARE(r.status, 201);
    QVERIFY(r.object().value("note").isNull());
}

void TstNote::postBulk()
{
    QJsonArray bulk;
    for (int i = 0; i < 3; ++i)
        bulk.append(QJsonObject {{"target", m_stream},
                                 {"timestamp", QStringLiteral("2024-03-01T0%1:00:00Z").arg(i)},
                                 {"note", "b"}});
    bulk.append(QJsonObject {{"target", m_device}, {"timestamp", "2024-03-01T00:00:00Z"}, {"note", "b"}});
    auto member = m_server->clientFor(m_member);
    HttpReply r = member->post(QStringLiteral("/api/v1/note/"), bulk);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.body, QByteArray(R"({"count":4})"));
    r = member->get(QStringLiteral("/api/v1/note/?target=%1").arg(m_stream));
    QCOMPARE(r.object().value("count").toInt(), 4);

    // One bad item fails the whole list, with an error object per item.
    QJsonArray bad {QJsonObject {{"target", m_stream}, {"timestamp", "2024-03-02T00:00:00Z"}},
                    QJsonObject {{"target", m_stream}, {"timestamp", "yesterday"}}};
    r = member->post(QStringLiteral("/api/v1/note/"), bad);
    QCOMPARE(r.status, 400);
    QCOMPARE(
        r.body,
        QByteArray(
            R"([{},{"timestamp":["Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."]}])"));
    // One foreign target refuses the whole list; nothing is stored.
    QJsonArray mixed {QJsonObject {{"target", m_stream}, {"timestamp", "2024-03-03T00:00:00Z"}},
                      QJsonObject {{"target", m_foreignDevice}, {"timestamp", "2024-03-03T00:00:00Z"}}};
    r = member->post(QStringLiteral("/api/v1/note/"), mixed);
    QCOMPARE(r.status, 403);
    QCOMPARE(
        member->get(QStringLiteral("/api/v1/note/?target=%1").arg(m_stream)).object().value("count").toInt(),
        4);
}

void TstNote::postRefusals_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reply");
    const QByteArray denied = R"({"detail":"You do not have permission to perform this action."})";
    QTest::newRow("no timestamp") << QJsonObject {{"target", "d--0000-0000-0000-0010"}} << 400
                                  << QByteArray(R"({"timestamp":["This field is required."]})");
    QTest::newRow("no target") << QJsonObject {{"timestamp", "2024-01-01T00:00:00Z"}} << 400
                               << QByteArray(R"({"target":["This field is required."]})");
    QTest::newRow("foreign target") << QJsonObject {{"target", "d--0000-0000-0000-0020"},
                                                    {"timestamp", "2024-01-01T00:00:00Z"}}
                                    << 403 << denied;
    QTest::newRow("unknown target") << QJsonObject {{"target", "d--0000-0000-0000-0999"},
                                                    {"timestamp", "2024-01-01T00:00:00Z"}}
                                    << 403 << denied;
    QTest::newRow("org target") << QJsonObject {{"target", "^meters"}, {"timestamp", "2024-01-01T00:00:00Z"}}
                                << 403 << denied;
}

void TstNote::postRefusals()
{
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QByteArray, reply);
    HttpReply r = m_server->clientFor(m_member)->post(QStringLiteral("/api/v1/note/"), body);
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, reply);
    QCOMPARE(m_server->anonymous()->post(QStringLiteral("/api/v1/note/"), body).status, 401);
}

void TstNote::listAccess_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("status");
    QTest::newRow("no target") << QString() << QStringLiteral("member") << 400;
    QTest::newRow("member") << QStringLiteral("?target=d--0000-0000-0000-0011") << QStringLiteral("member")
                            << 200;
    // The original listed any target's notes to anyone; here the target must be accessible.
    QTest::newRow("foreign target") << QStringLiteral("?target=d--0000-0000-0000-0011")
                                    << QStringLiteral("outsider") << 403;
    QTest::newRow("unknown target") << QStringLiteral("?target=d--0000-0000-0000-0999")
                                    << QStringLiteral("member") << 403;
    QTest::newRow("no can_read_notes")
        << QStringLiteral("?target=d--0000-0000-0000-0011") << QStringLiteral("operator") << 403;
    QTest::newRow("staff") << QStringLiteral("?target=d--0000-0000-0000-0011") << QStringLiteral("staff")
                           << 200;
    QTest::newRow("anonymous") << QStringLiteral("?target=d--0000-0000-0000-0011")
                               << QStringLiteral("anonymous") << 401;
}

void TstNote::listAccess()
{
    QFETCH(QString, query);
    QFETCH(QString, who);
    QFETCH(int, status);
    std::unique_ptr<HttpClient> client = who == QLatin1String("anonymous") ? m_server->anonymous()
        : who == QLatin1String("outsider")                                 ? m_server->clientFor(m_outsider)
        : who == QLatin1String("operator")                                 ? m_server->clientFor(m_operator)
        : who == QLatin1String("staff")                                    ? m_server->clientFor(m_staff)
                                                                           : m_server->clientFor(m_member);
    const HttpReply r = client->get(QStringLiteral("/api/v1/note/") + query);
    QCOMPARE(r.status, status);
    if (status == 400)
        QCOMPARE(r.body, QByteArray(R"({"target":["This field is required."]})"));
    if (status == 403)
        QCOMPARE(r.body, QByteArray(R"({"detail":"You do not have permission to perform this action."})"));
    if (status == 200)
        QCOMPARE(r.object().value("count").toInt(), 5);
}

void TstNote::listFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QList<int>>("indexes"); // positions in the five filter notes
    QTest::addColumn<QByteArray>("reply");
    QTest::newRow("all") << QString() << 200 << QList<int> {0, 1, 2, 3, 4} << QByteArray();
    QTest::newRow("start") << QStringLiteral("&start=2024-01-01T02:00:00Z") << 200 << QList<int> {2, 3, 4}
                           << QByteArray();
    QTest::newRow("end") << QStringLiteral("&end=2024-01-01T02:00:00Z") << 200 << QList<int> {0, 1}
                         << QByteArray();
    QTest::newRow("start and end") << QStringLiteral("&start=2024-01-01T01:00:00Z&end=2024-01-01T03:00:00Z")
                                   << 200 << QList<int> {1, 2} << QByteArray();
    QTest::newRow("timestamp") << QStringLiteral("&timestamp=2024-01-01T03:00:00Z") << 200 << QList<int> {3}
                               << QByteArray();
    QTest::newRow("id range") << QStringLiteral("&id_min=ID1&id_max=ID3") << 200 << QList<int> {1, 2, 3}
                              << QByteArray();
    QTest::newRow("lastn") << QStringLiteral("&lastn=2") << 200 << QList<int> {3, 4} << QByteArray();
    QTest::newRow("lastn over count")
        << QStringLiteral("&lastn=50") << 200 << QList<int> {0, 1, 2, 3, 4} << QByteArray();
    QTest::newRow("lastn with end") << QStringLiteral("&lastn=2&end=2024-01-01T03:00:00Z") << 200
                                    << QList<int> {1, 2} << QByteArray();
    QTest::newRow("lastn paged") << QStringLiteral("&lastn=3&page_size=2&page=2") << 200 << QList<int> {4}
                                 << QByteArray();
    QTest::newRow("lastn zero") << QStringLiteral("&lastn=0") << 400 << QList<int> {}
                                << QByteArray(R"(["lastn must be greater than 0"])");
    QTest::newRow("lastn too big") << QStringLiteral("&lastn=100001") << 400 << QList<int> {}
                                   << QByteArray(R"(["lastn limit is 100000"])");
    QTest::newRow("bad start") << QStringLiteral("&start=soon") << 400 << QList<int> {}
                               << QByteArray(R"({"start":["Enter a valid date/time."]})");
    QTest::newRow("bad lastn") << QStringLiteral("&lastn=many") << 400 << QList<int> {}
                               << QByteArray(R"({"lastn":["Enter a number."]})");
}

void TstNote::listFilters()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QList<int>, indexes);
    QFETCH(QByteArray, reply);
    query.replace(QStringLiteral("ID1"), QString::number(m_filteredIds.at(1)));
    query.replace(QStringLiteral("ID3"), QString::number(m_filteredIds.at(3)));
    const HttpReply r =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/note/?target=%1").arg(m_filtered) + query);
    QCOMPARE(r.status, status);
    if (status != 200) {
        QCOMPARE(r.body, reply);
        return;
    }
    QList<int> got;
    for (const QJsonValue &v : r.object().value("results").toArray())
        got << m_filteredIds.indexOf(v.toObject().value("id").toInt());
    QCOMPARE(got, indexes);
    if (!query.contains(QStringLiteral("page")))
        QCOMPARE(r.object().value("count").toInt(), indexes.size());
}

void TstNote::detail()
{
    auto member = m_server->clientFor(m_member);
    const QString path = QStringLiteral("/api/v1/note/%1/").arg(m_filteredIds.at(0));
    HttpReply r = member->get(path);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("note").toString(), QStringLiteral("n0"));
    QCOMPARE(r.object().value("timestamp").toString(), QStringLiteral("2024-01-01T00:00:00Z"));

    const QByteArray denied = R"({"detail":"You do not have permission to perform this action."})";
    r = m_server->clientFor(m_operator)->get(path);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, denied);
    r = m_server->clientFor(m_outsider)->get(path);
    QCOMPARE(r.status, 403);
    QCOMPARE(m_server->clientFor(m_outsider)->del(path).status, 403);
    QCOMPARE(m_server->clientFor(m_staff)->get(path).status, 200);
    r = member->get(QStringLiteral("/api/v1/note/abc/"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"(["Note ID must be a integer"])"));
    QCOMPARE(member->get(QStringLiteral("/api/v1/note/999999/")).status, 404);
    QCOMPARE(m_server->anonymous()->get(path).status, 401);

    r = member->patch(path, QJsonObject {{"note", "edited"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("note").toString(), QStringLiteral("edited"));
    QCOMPARE(r.object().value("target").toString(), m_filtered);
    r = member->put(path, QJsonObject {{"target", m_filtered}, {"note", "x"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"timestamp":["This field is required."]})"));
    // A note moves only to a target the caller may write to.
    r = member->patch(path, QJsonObject {{"target", m_foreignDevice}});
    QCOMPARE(r.status, 403);
    r = member->put(
        path, QJsonObject {{"target", m_device}, {"timestamp", "2024-05-05T05:05:05Z"}, {"note", "moved"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(member->get(path).object().value("target").toString(), m_device);
    QCOMPARE(member->del(path).status, 204);
    QCOMPARE(member->get(path).status, 404);
}

QTEST_GUILESS_MAIN(TstNote)
#include "tst_note.moc"
