#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/searchindex.h"
#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>
#include <QUrl>

using namespace iotile;
using namespace iotile::test;

// Full-text search (FTS5 on SQLite, tsvector on PostgreSQL): /api/v1/search/ restricted to what the caller
// may read, the original's org/<slug>/devices/ search with property filters, query escaping, and the
// index following writes made through the API.
class TstSearch : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void normalize_data();
    void normalize();
    void queries_data();
    void queries();
    void resultShape();
    void hostileQueries_data();
    void hostileQueries();
    void validation();
    void pagination();
    void orgDevices_data();
    void orgDevices();
    void orgDevicesPaging();
    void orgDevicesVisibility();
    void indexFollowsWrites();
    void rebuildIsIdempotent();

private:
    QStringList slugs(const Account &caller, const QString &query);
    void addProperty(const QString &target, const QString &name, const QString &value);

    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_outsider, m_staff;
    Org m_org, m_other;
    Project m_project, m_foreign;
    SensorGraph m_sg;
};

void TstSearch::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Water Works"), m_owner);
    seed.member(m_org, m_member, QStringLiteral("m1"));
    m_other = seed.org(QStringLiteral("Gas Company"), m_outsider);
    SqlQuery about = seed.db().query("UPDATE orgs SET about = ? WHERE id = ?");
    about.bind(QStringLiteral("Municipal utility of Genève")).bind(m_org.id);
    QVERIFY(about.exec());
    m_project = seed.project(m_org, QStringLiteral("Reservoir North"), m_owner);
    m_foreign = seed.project(m_other, QStringLiteral("Pipeline"), m_outsider);
    m_sg = seed.sensorGraph(QStringLiteral("Flow Meter"), {QStringLiteral("5001")});
    SqlQuery dt =
        seed.db().query("INSERT INTO device_templates (uuid, external_sku, slug, created_on) VALUES "
                        "('7f9e1c6e-0000-4000-8000-000000000001', 'Buoy', 'buoy-v1-0-0', 0)");
    QVERIFY(dt.exec());
    seed.claim(seed.device(0x10, &m_sg, QStringLiteral("Pump Zürich")), m_project, m_owner);
    seed.claim(seed.device(0x11, &m_sg, QStringLiteral("Tank (east)")), m_project, m_owner);
    seed.claim(seed.device(0x20, &m_sg, QStringLiteral("Gas pump")), m_foreign, m_outsider);
    seed.device(0x30, nullptr, QStringLiteral("Spare pump"));
    addProperty(QStringLiteral("d--0000-0000-0000-0010"), QStringLiteral("serial"),
                QStringLiteral("SN-12345"));
    addProperty(QStringLiteral("d--0000-0000-0000-0010"), QStringLiteral("site"),
                QStringLiteral("Lake Shore"));
    addProperty(QStringLiteral("d--0000-0000-0000-0011"), QStringLiteral("site"), QStringLiteral("Hill"));
    addProperty(QStringLiteral("d--0000-0000-0000-0011"), QStringLiteral("grade"), QStringLiteral("A+ b"));
    addProperty(m_project.slug, QStringLiteral("region"), QStringLiteral("Lakeside"));
    // Seeding writes around the API: the index is rebuilt as after a bulk import.
    QVERIFY(SearchIndex::rebuild(seed.db()));
}

void TstSearch::cleanupTestCase()
{
    m_server.reset();
}

void TstSearch::addProperty(const QString &target, const QString &name, const QString &value)
{
    Seed seed(*m_server);
    SqlQuery q =
        seed.db().query("INSERT INTO properties (target, name, value, created_on) VALUES (?, ?, ?, ?)");
    q.bind(target).bind(name).bind(value).bind(isotime::now());
    QVERIFY(q.exec());
}

QStringList TstSearch::slugs(const Account &caller, const QString &query)
{
    const HttpReply r = m_server->clientFor(caller)->get(QStringLiteral("/api/v1/search/?") + query);
    if (r.status != 200)
        return {QStringLiteral("status %1: %2").arg(r.status).arg(QString::fromUtf8(r.body))};
    QStringList out;
    for (const QJsonValue &v : r.object().value("results").toArray())
        out << v.toObject().value("slug").toString();
    out.sort();
    return out;
}

void TstSearch::normalize_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("folded");
    QTest::newRow("case") << QStringLiteral("Water METER") << QStringLiteral("water meter");
    QTest::newRow("diacritics") << QStringLiteral("Zürich Genève") << QStringLiteral("zurich geneve");
    QTest::newRow("slug") << QStringLiteral("d--0000-0000-0000-0010")
                          << QStringLiteral("d 0000 0000 0000 0010");
    QTest::newRow("punctuation runs") << QStringLiteral("  (a)--b!! ") << QStringLiteral("a b");
    QTest::newRow("quotes") << QStringLiteral("\"x'y\"") << QStringLiteral("x y");
    QTest::newRow("cjk") << QStringLiteral("東京 タワー") << QStringLiteral("東京 タワー");
    QTest::newRow("ligature") << QStringLiteral("ﬁle") << QStringLiteral("file");
    QTest::newRow("emoji only") << QStringLiteral("🚰💧") << QString();
}

void TstSearch::normalize()
{
    QFETCH(QString, text);
    QFETCH(QString, folded);
    QCOMPARE(SearchIndex::normalize(text), folded);
}

void TstSearch::queries_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");
    const QString d10 = QStringLiteral("d--0000-0000-0000-0010");
    const QString d11 = QStringLiteral("d--0000-0000-0000-0011");
    const QString d20 = QStringLiteral("d--0000-0000-0000-0020");
    const QString d30 = QStringLiteral("d--0000-0000-0000-0030");
    const QString p1 = QStringLiteral("p--0000-0001");
    const QString p2 = QStringLiteral("p--0000-0002");
    QTest::newRow("org by name") << "member"
                                 << "q=works" << QStringList {p1, QStringLiteral("water-works")};
    QTest::newRow("org by about, diacritics folded")
        << "member"
        << "q=geneve" << QStringList {QStringLiteral("water-works")};
    QTest::newRow("accented query") << "member"
                                    << "q=GEN%C3%88VE" << QStringList {QStringLiteral("water-works")};
    QTest::newRow("project by name prefix") << "member"
                                            << "q=reserv" << QStringList {p1};
    QTest::newRow("project property") << "member"
                                      << "q=lakeside" << QStringList {p1};
    QTest::newRow("device label with umlaut") << "member"
                                              << "q=zurich" << QStringList {d10};
    QTest::newRow("device by slug") << "member"
                                    << "q=d--0000-0000-0000-0010" << QStringList {d10};
    QTest::newRow("device by short id") << "member"
                                        << "q=0011" << QStringList {d11};
    QTest::newRow("device by property value") << "member"
                                              << "q=sn-12345" << QStringList {d10};
    QTest::newRow("property name and value") << "member"
                                             << "q=site+lake" << QStringList {d10};
    QTest::newRow("sensor graph slug") << "member"
                                       << "q=flow-meter" << QStringList {d10, d11};
    QTest::newRow("words are ANDed") << "member"
                                     << "q=pump+tank" << QStringList {};
    QTest::newRow("only the last word is a prefix") << "member"
                                                    << "q=pum+zurich" << QStringList {};
    QTest::newRow("last word prefix") << "member"
                                      << "q=zurich+pum" << QStringList {d10};
    QTest::newRow("other org hidden") << "member"
                                      << "q=pump" << QStringList {d10};
    QTest::newRow("outsider sees own") << "outsider"
                                       << "q=pump" << QStringList {d20};
    QTest::newRow("outsider does not see ours") << "outsider"
                                                << "q=zurich" << QStringList {};
    QTest::newRow("staff without staff=1 sees nothing") << "staff"
                                                        << "q=pump" << QStringList {};
    QTest::newRow("staff as staff sees everything") << "staff"
                                                    << "q=pump&staff=1" << QStringList {d10, d20, d30};
    QTest::newRow("type filter") << "member"
                                 << "q=works&type=org" << QStringList {QStringLiteral("water-works")};
    QTest::newRow("type project") << "staff"
                                  << "q=p&type=project&staff=1" << QStringList {p1, p2};
}

void TstSearch::queries()
{
    QFETCH(QString, who);
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    const Account &caller = who == QLatin1String("member") ? m_member
        : who == QLatin1String("outsider")                 ? m_outsider
                                                           : m_staff;
    QCOMPARE(slugs(caller, query), expected);
}

void TstSearch::resultShape()
{
    const HttpReply r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/search/?q=zurich"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 1);
    QVERIFY(r.object().value("next").isNull());
    QVERIFY(r.object().value("previous").isNull());
    const QJsonObject hit = r.object().value("results").toArray().at(0).toObject();
    QCOMPARE(hit.value("type").toString(), QStringLiteral("device"));
    QCOMPARE(hit.value("slug").toString(), QStringLiteral("d--0000-0000-0000-0010"));
    QCOMPARE(hit.value("id").toInt(), 0x10);
    QCOMPARE(hit.value("title").toString(), QStringLiteral("Pump Zürich"));
    QCOMPARE(hit.value("org").toString(), m_org.slug);
    QVERIFY(hit.value("rank").toDouble() > 0);

    const HttpReply p = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/search/?q=reservoir"));
    const QJsonObject project = p.object().value("results").toArray().at(0).toObject();
    QCOMPARE(project.value("type").toString(), QStringLiteral("project"));
    QCOMPARE(project.value("id").toString(), m_project.uuid);
    QCOMPARE(project.value("title").toString(), QStringLiteral("Reservoir North"));

    // A name hit ranks above a hit in the other fields: "works" names the org and is only in the
    // project's body (its org's name).
    const HttpReply w = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/search/?q=works"));
    QCOMPARE(w.object().value("results").toArray().at(0).toObject().value("type").toString(),
             QStringLiteral("org"));
    QCOMPARE(w.object().value("results").toArray().at(0).toObject().value("id").toString(), m_org.uuid);
}

void TstSearch::hostileQueries_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("count"); // -1: any
    QTest::newRow("double quote") << QStringLiteral("\"") << 0;
    QTest::newRow("unbalanced quote") << QStringLiteral("\"pump") << 1;
    QTest::newRow("single quote") << QStringLiteral("pump'") << 1;
    QTest::newRow("parentheses") << QStringLiteral("(pump") << 1;
    QTest::newRow("close paren") << QStringLiteral("pump)") << 1;
    QTest::newRow("NEAR") << QStringLiteral("NEAR(pump zurich)") << 0;
    QTest::newRow("near group") << QStringLiteral("pump NEAR/2 zurich") << 0;
    QTest::newRow("star") << QStringLiteral("*") << 0;
    QTest::newRow("star prefix") << QStringLiteral("*pump") << 1;
    QTest::newRow("AND OR NOT") << QStringLiteral("pump AND NOT OR") << 0;
    QTest::newRow("column filter") << QStringLiteral("title:pump") << 0;
    QTest::newRow("caret") << QStringLiteral("^pump") << 1;
    QTest::newRow("minus") << QStringLiteral("-pump") << 1;
    QTest::newRow("tsquery operators") << QStringLiteral("pump & ! | <-> :* <>") << 1;
    QTest::newRow("backslash") << QStringLiteral("pump\\") << 1;
    QTest::newRow("backslash quote") << QStringLiteral("\\'pump") << 1;
    QTest::newRow("sql") << QStringLiteral("'; DROP TABLE orgs; --") << 0;
    QTest::newRow("percent underscore") << QStringLiteral("%_pump") << 1;
    QTest::newRow("braces") << QStringLiteral("{pump} [x]") << 0;
    QTest::newRow("emoji") << QStringLiteral("💧") << 0;
    QTest::newRow("cjk") << QStringLiteral("東京") << 0;
    QTest::newRow("mixed scripts") << QStringLiteral("pumpПривет") << 0;
    QTest::newRow("only punctuation") << QStringLiteral("--- ... !!!") << 0;
    QTest::newRow("many words") << QStringLiteral("a b c d e f g h i j k l m n o p q r s t u v") << 0;
    QTest::newRow("null character") << QStringLiteral("pump%1").arg(QChar(0)) << 1;
    QTest::newRow("long word") << QString(200, QLatin1Char('x')) << 0;
}

void TstSearch::hostileQueries()
{
    QFETCH(QString, text);
    QFETCH(int, count);
    const QString q = QString::fromLatin1(QUrl::toPercentEncoding(text));
    auto client = m_server->clientFor(m_member);
    const HttpReply r = client->get(QStringLiteral("/api/v1/search/?q=") + q);
    QVERIFY2(r.status == 200, r.body.constData());
    if (count >= 0)
        QCOMPARE(r.object().value("count").toInt(), count);
    const HttpReply d = client->get(QStringLiteral("/api/v1/org/%1/devices/?q=").arg(m_org.slug) + q);
    QVERIFY2(d.status == 200, d.body.constData());
    if (count >= 0)
        QCOMPARE(d.object().value("count").toInt(), count);
}

void TstSearch::validation()
{
    auto client = m_server->clientFor(m_member);
    HttpReply r = client->get(QStringLiteral("/api/v1/search/"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"q":["This field is required."]})"));
    QCOMPARE(client->get(QStringLiteral("/api/v1/search/?q=+++")).status, 400);
    r = client->get(QStringLiteral("/api/v1/search/?q=pump&type=stream"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray("{\"type\":[\"\\\"stream\\\" is not a valid choice.\"]}"));
    QCOMPARE(client->get(QStringLiteral("/api/v1/search/?q=") + QString(257, QLatin1Char('a'))).status, 400);
    QCOMPARE(client->get(QStringLiteral("/api/v1/search/?q=pump&page=2")).status, 404);
    QCOMPARE(client->get(QStringLiteral("/api/v1/search/?q=pump&page=0")).status, 404);
    r = m_server->anonymous()->get(QStringLiteral("/api/v1/search/?q=pump"));
    QCOMPARE(r.status, 401);
    QCOMPARE(m_server->anonymous()->get(QStringLiteral("/api/v1/org/%1/devices/").arg(m_org.slug)).status,
             401);
}

void TstSearch::pagination()
{
    Seed seed(*m_server);
    const Org org = seed.org(QStringLiteral("Many Sensors"), m_outsider);
    const Project project = seed.project(org, QStringLiteral("Bulk"), m_outsider);
    for (int i = 0; i < 25; ++i) {
        const Device d = seed.device(0x1000 + i, &m_sg, QStringLiteral("Thermo sensor %1").arg(i));
        seed.claim(d, project, m_outsider);
        QVERIFY(SearchIndex::refresh(seed.db(), d.slug));
    }
    auto client = m_server->clientFor(m_outsider);
    HttpReply r = client->get(QStringLiteral("/api/v1/search/?q=thermo&page_size=10"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 25);
    QCOMPARE(r.object().value("results").toArray().size(), 10);
    QVERIFY(r.object().value("next").toString().contains(QLatin1String("page=2")));
    QVERIFY(r.object().value("next").toString().contains(QLatin1String("q=thermo")));
    QStringList seen;
    for (int page = 1; page <= 3; ++page) {
        r = client->get(QStringLiteral("/api/v1/search/?q=thermo&page_size=10&page=%1").arg(page));
        QCOMPARE(r.status, 200);
        for (const QJsonValue &v : r.object().value("results").toArray())
            seen << v.toObject().value("slug").toString();
    }
    QCOMPARE(r.object().value("results").toArray().size(), 5);
    QVERIFY(r.object().value("next").isNull());
    seen.removeDuplicates();
    QCOMPARE(seen.size(), 25); // a stable order: no row on two pages
    QCOMPARE(client->get(QStringLiteral("/api/v1/search/?q=thermo&page_size=10&page=4")).status, 404);
}

void TstSearch::orgDevices_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");
    const QString d10 = QStringLiteral("d--0000-0000-0000-0010");
    const QString d11 = QStringLiteral("d--0000-0000-0000-0011");
    QTest::newRow("all") << QString() << QStringList {d10, d11};
    QTest::newRow("text") << QStringLiteral("q=pump") << QStringList {d10};
    QTest::newRow("text prefix") << QStringLiteral("q=tan") << QStringList {d11};
    QTest::newRow("empty text is everything") << QStringLiteral("q=") << QStringList {d10, d11};
    QTest::newRow("property filter") << QStringLiteral("site=Hill") << QStringList {d11};
    QTest::newRow("property value with a space (+)")
        << QStringLiteral("site=Lake+Shore") << QStringList {d10};
    QTest::newRow("property value with a space (%20)")
        << QStringLiteral("site=Lake%20Shore") << QStringList {d10};
    QTest::newRow("encoded plus is a plus") << QStringLiteral("grade=A%2B+b") << QStringList {d11};
    QTest::newRow("property values are exact") << QStringLiteral("site=lake+shore") << QStringList {};
    QTest::newRow("two filters") << QStringLiteral("site=Lake+Shore&serial=SN-12345") << QStringList {d10};
    QTest::newRow("filter and text") << QStringLiteral("q=pump&site=Hill") << QStringList {};
    QTest::newRow("unknown property") << QStringLiteral("color=red") << QStringList {};
    QTest::newRow("other org's device text") << QStringLiteral("q=gas") << QStringList {};
}

void TstSearch::orgDevices()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    const HttpReply r = m_server->clientFor(m_member)->get(
        QStringLiteral("/api/v1/org/%1/devices/?").arg(m_org.slug) + query);
    QCOMPARE(r.status, 200);
    QStringList got;
    for (const QJsonValue &v : r.object().value("results").toArray())
        got << v.toObject().value("slug").toString();
    got.sort();
    QCOMPARE(got, expected);
    QCOMPARE(r.object().value("count").toInt(), expected.size());
    QVERIFY(r.object().value("next_page").isNull());
    QVERIFY(r.object().value("prev_page").isNull());
    if (!expected.isEmpty()) {
        const QJsonObject device = r.object().value("results").toArray().at(0).toObject();
        for (const char *key :
             {"id", "slug", "gid", "label", "active", "sg", "template", "org", "project", "state"})
            QVERIFY2(device.contains(QLatin1String(key)), key);
    }
}

void TstSearch::orgDevicesPaging()
{
    Seed seed(*m_server);
    const Org org = seed.org(QStringLiteral("Paged Org"), m_owner);
    const Project project = seed.project(org, QStringLiteral("Paged"), m_owner);
    for (int i = 0; i < 23; ++i)
        seed.claim(seed.device(0x2000 + i, &m_sg, QStringLiteral("Valve %1").arg(i)), project, m_owner);
    QVERIFY(SearchIndex::rebuild(seed.db()));
    auto client = m_server->clientFor(m_owner);
    const QString base = QStringLiteral("/api/v1/org/paged-org/devices/");
    for (const QString &query : {QStringLiteral("?"), QStringLiteral("?q=valve&")}) {
        HttpReply r = client->get(base + query);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("count").toInt(), 23);
        QCOMPARE(r.object().value("results").toArray().size(), 10);
        QCOMPARE(r.object().value("next_page").toInt(), 2);
        QVERIFY(r.object().value("prev_page").isNull());
        r = client->get(base + query + QStringLiteral("page=3"));
        QCOMPARE(r.object().value("results").toArray().size(), 3);
        QVERIFY(r.object().value("next_page").isNull());
        QCOMPARE(r.object().value("prev_page").toInt(), 2);
        // Past the end: nothing, as the original's search answered.
        r = client->get(base + query + QStringLiteral("page=9"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("results").toArray().size(), 0);
        QCOMPARE(client->get(base + query + QStringLiteral("page=x")).status, 404);
    }
}

void TstSearch::orgDevicesVisibility()
{
    const QString path = QStringLiteral("/api/v1/org/%1/devices/").arg(m_org.slug);
    QCOMPARE(m_server->clientFor(m_outsider)->get(path).status, 404);
    QCOMPARE(m_server->clientFor(m_staff)->get(path).status, 404);
    // staff=1 is the staff switch here, not a property filter.
    const HttpReply r = m_server->clientFor(m_staff)->get(path + QStringLiteral("?staff=1"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 2);
    QCOMPARE(m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/org/nope/devices/")).status, 404);
}

void TstSearch::indexFollowsWrites()
{
    auto owner = m_server->clientFor(m_owner);
    auto member = m_server->clientFor(m_member);
    auto staff = m_server->clientFor(m_staff);
    // Org created and renamed through the API.
    HttpReply r = owner->post(QStringLiteral("/api/v1/org/"), QJsonObject {{"name", "Blue Lagoon"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(slugs(m_owner, QStringLiteral("q=lagoon")), QStringList {QStringLiteral("blue-lagoon")});
    r = owner->post(QStringLiteral("/api/v1/project/"),
                    QJsonObject {{"name", "Coral Reef"}, {"org", "blue-lagoon"}});
    QCOMPARE(r.status, 201);
    const QString projectSlug = r.object().value("slug").toString();
    const QString projectId = r.object().value("id").toString();
    QCOMPARE(slugs(m_owner, QStringLiteral("q=coral")), QStringList {projectSlug});
    r = owner->patch(QStringLiteral("/api/v1/org/blue-lagoon/"), QJsonObject {{"name", "Green Lagoon"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(slugs(m_owner, QStringLiteral("q=lagoon&type=org")),
             QStringList {QStringLiteral("green-lagoon")});
    QCOMPARE(slugs(m_owner, QStringLiteral("q=blue")), QStringList {});
    QCOMPARE(slugs(m_owner, QStringLiteral("q=green")),
             (QStringList {QStringLiteral("green-lagoon"), projectSlug}));
    r = owner->patch(QStringLiteral("/api/v1/project/%1/").arg(projectId),
                     QJsonObject {{"name", "Kelp Forest"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(slugs(m_owner, QStringLiteral("q=coral")), QStringList {});
    QCOMPARE(slugs(m_owner, QStringLiteral("q=kelp")), QStringList {projectSlug});

    // A device labelled, claimed, moved, unclaimed and deleted through the API.
    r = staff->post(QStringLiteral("/api/v1/device/?staff=1"),
                    QJsonObject {{"id", 0x500}, {"template", "buoy-v1-0-0"}, {"label", "Sonar buoy"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(slugs(m_staff, QStringLiteral("q=sonar&staff=1")),
             QStringList {QStringLiteral("d--0000-0000-0000-0500")});
    QCOMPARE(slugs(m_owner, QStringLiteral("q=sonar")), QStringList {});
    r = owner->post(QStringLiteral("/api/v1/device/claim/"),
                    QJsonObject {{"device", "d--0000-0000-0000-0500"}, {"project", projectSlug}});
    QCOMPARE(r.status, 202);
    QCOMPARE(slugs(m_owner, QStringLiteral("q=sonar")),
             QStringList {QStringLiteral("d--0000-0000-0000-0500")});
    r = owner->patch(QStringLiteral("/api/v1/device/d--0500/"), QJsonObject {{"label", "Depth gauge"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(slugs(m_owner, QStringLiteral("q=sonar")), QStringList {});
    QCOMPARE(slugs(m_owner, QStringLiteral("q=depth")),
             QStringList {QStringLiteral("d--0000-0000-0000-0500")});
    r = owner->post(QStringLiteral("/api/v1/device/d--0500/move/"),
                    QJsonObject {{"project", m_project.slug}});
    QCOMPARE(r.status, 202);
    QCOMPARE(slugs(m_member, QStringLiteral("q=depth")),
             QStringList {QStringLiteral("d--0000-0000-0000-0500")});
    r = owner->post(QStringLiteral("/api/v1/device/d--0500/unclaim/"), QJsonObject {});
    QCOMPARE(r.status, 202);
    QCOMPARE(slugs(m_member, QStringLiteral("q=0500")), QStringList {});
    QCOMPARE(slugs(m_staff, QStringLiteral("q=0500&staff=1")),
             QStringList {QStringLiteral("d--0000-0000-0000-0500")});
    QCOMPARE(staff->del(QStringLiteral("/api/v1/device/d--0500/?staff=1")).status, 204);
    QCOMPARE(slugs(m_staff, QStringLiteral("q=0500&staff=1")), QStringList {});

    // Deleting a project releases its devices: they leave the org's search.
    r = staff->post(
        QStringLiteral("/api/v1/device/?staff=1"),
        QJsonObject {
            {"id", 0x501}, {"template", "buoy-v1-0-0"}, {"label", "Anchor light"}, {"project", projectSlug}});
    QCOMPARE(r.status, 201);
    QCOMPARE(slugs(m_owner, QStringLiteral("q=anchor")),
             QStringList {QStringLiteral("d--0000-0000-0000-0501")});
    QCOMPARE(staff->del(QStringLiteral("/api/v1/project/%1/?staff=1").arg(projectId)).status, 204);
    QCOMPARE(slugs(m_owner, QStringLiteral("q=kelp")), QStringList {});
    QCOMPARE(slugs(m_owner, QStringLiteral("q=anchor")), QStringList {});
    QCOMPARE(slugs(m_staff, QStringLiteral("q=anchor&staff=1")),
             QStringList {QStringLiteral("d--0000-0000-0000-0501")});

    // Deleting an org drops it and its projects.
    r = owner->post(QStringLiteral("/api/v1/project/"),
                    QJsonObject {{"name", "Seagrass"}, {"org", "green-lagoon"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(staff->del(QStringLiteral("/api/v1/org/green-lagoon/?staff=1")).status, 204);
    QCOMPARE(slugs(m_staff, QStringLiteral("q=lagoon&staff=1")), QStringList {});
    QCOMPARE(slugs(m_staff, QStringLiteral("q=seagrass&staff=1")), QStringList {});

    // Properties: the metadata endpoints report their changes through SearchIndex::refresh.
    addProperty(QStringLiteral("d--0000-0000-0000-0011"), QStringLiteral("color"),
                QStringLiteral("Ultramarine"));
    Seed seed(*m_server);
    QVERIFY(SearchIndex::refresh(seed.db(), QStringLiteral("d--0011")));
    QCOMPARE(slugs(m_member, QStringLiteral("q=ultramarine")),
             QStringList {QStringLiteral("d--0000-0000-0000-0011")});
    QVERIFY(SearchIndex::refresh(seed.db(), QStringLiteral("b--0001-0000-0000-0011"))); // blocks: not indexed
    QVERIFY(SearchIndex::refresh(seed.db(), QStringLiteral("@someone")));
}

void TstSearch::rebuildIsIdempotent()
{
    const HttpReply before = m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/search/?q=p&staff=1"));
    Seed seed(*m_server);
    QVERIFY(SearchIndex::rebuild(seed.db()));
    QVERIFY(SearchIndex::rebuild(seed.db()));
    const HttpReply after = m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/search/?q=p&staff=1"));
    QCOMPARE(after.status, 200);
    QCOMPARE(after.object().value("count"), before.object().value("count"));
    QVERIFY(after.object().value("count").toInt() > 0);
}

QTEST_GUILESS_MAIN(TstSearch)
#include "tst_search.moc"
