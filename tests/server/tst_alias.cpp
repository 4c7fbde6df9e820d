#include "common/util/isotime.h"
#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/alias/ and /api/v1/tap/ over real HTTP (the original's stream aliases): who may see and manage
// them, tap validation, and the virtual stream an alias is when read through /api/v1/data/ and
// /api/v1/event/ (slices of physical streams between consecutive taps).
class TstAlias : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void createRefusals_data();
    void createRefusals();
    void aliasVisibility_data();
    void aliasVisibility();
    void updateAlias();
    void tapRefusals_data();
    void tapRefusals();
    void tapVisibility();
    void readThroughAlias();
    void readThroughAliasFilters_data();
    void readThroughAliasFilters();
    void csvThroughAlias();
    void eventsThroughAlias();
    void deletes();

private:
    Account account(const QString &who) const;
    QString hour(int h) const { return isotime::toString(m_t0 + h * (3600 * isotime::kMicrosPerSecond)); }
    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_outsider, m_staff;
    Org m_org, m_other;
    Project m_project, m_foreign;
    QString m_s1, m_s2, m_s3, m_foreignStream;
    QString m_alias, m_empty;
    qint64 m_tap2 = 0;
    qint64 m_t0 = 0;
};

Account TstAlias::account(const QString &who) const
{
    const std::map<QString, Account> accounts {
        {"owner", m_owner}, {"member", m_member}, {"outsider", m_outsider}, {"staff", m_staff}};
    return accounts.at(who);
}

void TstAlias::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Alias Org"), m_owner);
    seed.member(m_org, m_member, QStringLiteral("m1"));
    m_other = seed.org(QStringLiteral("Other Org"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Alias Project"), m_owner);
    m_foreign = seed.project(m_other, QStringLiteral("Theirs"), m_outsider);
    const SensorGraph sg =
        seed.sensorGraph(QStringLiteral("Alias SG"), {QStringLiteral("5001"), QStringLiteral("5002")});
    const Device d1 = seed.claim(seed.device(0xb1, &sg), m_project, m_owner);
    const Device d2 = seed.claim(seed.device(0xb2, &sg), m_project, m_owner);
    const Device d3 = seed.claim(seed.device(0xb3, &sg), m_foreign, m_outsider);
    const auto slug = [](const Project &p, const Device &d, const char *lid) {
        return QStringLiteral("s--%1--%2--%3").arg(p.slug.mid(3), d.slug.mid(3), QLatin1String(lid));
    };
    m_s1 = slug(m_project, d1, "5001");
    m_s2 = slug(m_project, d1, "5002");
    m_s3 = slug(m_project, d2, "5001");
    m_foreignStream = slug(m_foreign, d3, "5001");
    m_t0 = *isotime::parse(QByteArrayView("2026-05-01T00:00:00Z"));
    // Every stream: one point an hour for 10 hours; the value tells the stream (100s, 200s, 300s).
    QJsonArray points;
    int base = 100;
    for (const QString &s : {m_s1, m_s2, m_s3}) {
        for (int h = 0; h < 10; ++h)
            points.append(QJsonObject {{"stream", s}, {"timestamp", hour(h)}, {"int_value", base + h}});
        base += 100;
    }
    QCOMPARE(m_server->clientFor(m_owner)->post(QStringLiteral("/api/v1/data/"), points).status, 201);
}

void TstAlias::cleanupTestCase()
{
    m_server.reset();
}

void TstAlias::createRefusals_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::newRow("member lacks can_manage_stream_aliases")
        << "member" << QJsonObject {{"name", "A"}, {"org", "alias-org"}} << 403;
    QTest::newRow("outsider") << "outsider" << QJsonObject {{"name", "A"}, {"org", "alias-org"}} << 403;
    QTest::newRow("no name") << "owner" << QJsonObject {{"org", "alias-org"}} << 400;
    QTest::newRow("no org") << "owner" << QJsonObject {{"name", "A"}} << 400;
    QTest::newRow("unknown org") << "owner" << QJsonObject {{"name", "A"}, {"org", "nope"}} << 400;
}

void TstAlias::createRefusals()
{
    QFETCH(QString, who);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QCOMPARE(m_server->clientFor(account(who))->post(QStringLiteral("/api/v1/alias/"), body).status, status);
    QCOMPARE(m_server->anonymous()->post(QStringLiteral("/api/v1/alias/"), body).status, 401);
    if (m_alias.isEmpty()) {
        // Made here so the rows below have something to look at.
        auto owner = m_server->clientFor(m_owner);
        HttpReply r = owner->post(QStringLiteral("/api/v1/alias/"),
                                  QJsonObject {{"name", "Tank level"}, {"org", m_org.slug}});
        QCOMPARE(r.status, 201);
        const QJsonObject a = r.object();
        m_alias = a.value("slug").toString();
        QVERIFY(m_alias.startsWith("a--"));
        QCOMPARE(m_alias.size(), 22);
        QCOMPARE(a.value("gid").toString(), m_alias.mid(3));
        QCOMPARE(a.value("name").toString(), QStringLiteral("Tank level"));
        QCOMPARE(a.value("org").toString(), m_org.slug);
        QCOMPARE(a.value("created_by").toString(), m_owner.slug);
        r = owner->post(QStringLiteral("/api/v1/alias/"),
                        QJsonObject {{"name", "Empty"}, {"org", m_org.slug}});
        QCOMPARE(r.status, 201);
        m_empty = r.object().value("slug").toString();
    }
}

void TstAlias::aliasVisibility_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("count");
    QTest::newRow("owner list") << "owner"
                                << "/api/v1/alias/" << 200 << 2;
    QTest::newRow("member list") << "member"
                                 << "/api/v1/alias/" << 200 << 2;
    QTest::newRow("by org") << "member"
                            << "/api/v1/alias/?org=alias-org" << 200 << 2;
    QTest::newRow("by other org") << "member"
                                  << "/api/v1/alias/?org=other-org" << 200 << 0;
    QTest::newRow("unknown org") << "member"
                                 << "/api/v1/alias/?org=nope" << 404 << -1;
    QTest::newRow("outsider list") << "outsider"
                                   << "/api/v1/alias/" << 200 << 0;
    QTest::newRow("staff list") << "staff"
                                << "/api/v1/alias/" << 200 << 0;
    QTest::newRow("staff all") << "staff"
                               << "/api/v1/alias/?staff=1" << 200 << 2;
    QTest::newRow("owner detail") << "owner"
                                  << "ALIAS" << 200 << -1;
    // In the member's queryset but without the manage flag: 403, as the original's get_object.
    QTest::newRow("member detail") << "member"
                                   << "ALIAS" << 403 << -1;
    QTest::newRow("outsider detail") << "outsider"
                                     << "ALIAS" << 404 << -1;
    QTest::newRow("staff detail") << "staff"
                                  << "ALIAS" << 404 << -1;
    QTest::newRow("staff detail as staff") << "staff"
                                           << "ALIAS?staff=1" << 200 << -1;
    QTest::newRow("unknown") << "owner"
                             << "/api/v1/alias/a--0000-0000-0000-9999/" << 404 << -1;
}

void TstAlias::aliasVisibility()
{
    QFETCH(QString, who);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(int, count);
    path.replace(QStringLiteral("ALIAS"), QStringLiteral("/api/v1/alias/%1/").arg(m_alias));
    const HttpReply r = m_server->clientFor(account(who))->get(path);
    QCOMPARE(r.status, status);
    if (count >= 0)
        QCOMPARE(r.object().value("count").toInt(), count);
}

void TstAlias::updateAlias()
{
    const QString url = QStringLiteral("/api/v1/alias/%1/").arg(m_alias);
    auto owner = m_server->clientFor(m_owner);
    HttpReply r = owner->patch(url, QJsonObject {{"name", "Tank level (m)"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("name").toString(), QStringLiteral("Tank level (m)"));
    // Moving it to an org where the caller may not manage aliases.
    QCOMPARE(owner->patch(url, QJsonObject {{"org", m_other.slug}}).status, 403);
    QCOMPARE(m_server->clientFor(m_member)->patch(url, QJsonObject {{"name", "x"}}).status, 403);
    QCOMPARE(owner->put(url, QJsonObject {{"name", "no org"}}).status, 400);
    QCOMPARE(owner->get(url).object().value("org").toString(), m_org.slug);
}

void TstAlias::tapRefusals_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("stream");
    QTest::addColumn<QString>("timestamp");
    QTest::addColumn<int>("status");
    QTest::newRow("member") << "member"
                            << "S1"
                            << "2026-05-01T00:00:00Z" << 403;
    QTest::newRow("outsider") << "outsider"
                              << "S1"
                              << "2026-05-01T00:00:00Z" << 403;
    QTest::newRow("stream of another org") << "owner"
                                           << "FOREIGN"
                                           << "2026-05-01T00:00:00Z" << 400;
    QTest::newRow("unknown stream") << "owner"
                                    << "s--0000-0fff--0000-0000-0000-0fff--5001"
                                    << "2026-05-01T00:00:00Z" << 400;
    QTest::newRow("no timestamp") << "owner"
                                  << "S1"
                                  << "" << 400;
    QTest::newRow("bad timestamp") << "owner"
                                   << "S1"
                                   << "noon" << 400;
}

void TstAlias::tapRefusals()
{
    QFETCH(QString, who);
    QFETCH(QString, stream);
    QFETCH(QString, timestamp);
    QFETCH(int, status);
    if (stream == "S1")
        stream = m_s1;
    else if (stream == "FOREIGN")
        stream = m_foreignStream;
    QJsonObject body {{"alias", m_alias}, {"stream", stream}};
    if (!timestamp.isEmpty())
        body.insert("timestamp", timestamp);
    const HttpReply r = m_server->clientFor(account(who))->post(QStringLiteral("/api/v1/tap/"), body);
    QCOMPARE(r.status, status);
    if (stream == m_foreignStream)
        QCOMPARE(r.array(), (QJsonArray {"Stream is not in the Org of Alias"}));
}

void TstAlias::tapVisibility()
{
    auto owner = m_server->clientFor(m_owner);
    // Slices: s1 from hour 0, s2 from hour 3, s3 from hour 6 (taps posted out of order).
    for (const auto &[stream, h] : {std::pair {m_s3, 6}, std::pair {m_s1, 0}, std::pair {m_s2, 3}}) {
        const HttpReply r =
            owner->post(QStringLiteral("/api/v1/tap/"),
                        QJsonObject {{"alias", m_alias}, {"stream", stream}, {"timestamp", hour(h)}});
        QCOMPARE(r.status, 201);
        QCOMPARE(r.object().value("alias").toString(), m_alias);
        QCOMPARE(r.object().value("stream").toString(), stream);
        QCOMPARE(r.object().value("timestamp").toString(), hour(h));
        if (h == 3)
            m_tap2 = r.object().value("id").toInteger();
    }
    HttpReply r = owner->get(QStringLiteral("/api/v1/tap/?target=%1").arg(m_alias));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 3);
    QCOMPARE(
        owner->get(QStringLiteral("/api/v1/tap/?target=%1").arg(m_empty)).object().value("count").toInt(), 0);
    QCOMPARE(owner->get(QStringLiteral("/api/v1/tap/?target=a--0000-0000-0000-9999")).status, 404);
    QCOMPARE(
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/tap/")).object().value("count").toInt(),
        3);
    QCOMPARE(
        m_server->clientFor(m_outsider)->get(QStringLiteral("/api/v1/tap/")).object().value("count").toInt(),
        0);
    const QString tap = QStringLiteral("/api/v1/tap/%1/").arg(m_tap2);
    QCOMPARE(owner->get(tap).status, 200);
    QCOMPARE(m_server->clientFor(m_member)->get(tap).status, 403);
    QCOMPARE(m_server->clientFor(m_outsider)->get(tap).status, 404);
    QCOMPARE(owner->get(QStringLiteral("/api/v1/tap/999999/")).status, 404);
    // Moving a tap: the stream must still be in the alias's org.
    QCOMPARE(owner->patch(tap, QJsonObject {{"stream", m_foreignStream}}).status, 400);
    r = owner->patch(tap, QJsonObject {{"timestamp", hour(3)}});
    QCOMPARE(r.status, 200);
}

void TstAlias::readThroughAlias()
{
    const HttpReply r =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/data/?filter=%1").arg(m_alias));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 10);
    const QJsonArray rows = r.object().value("results").toArray();
    QCOMPARE(rows.size(), 10);
    for (int h = 0; h < 10; ++h) {
        const QJsonObject p = rows.at(h).toObject();
        const int expected = h < 3 ? 100 + h : h < 6 ? 200 + h : 300 + h;
        QCOMPARE(p.value("int_value").toInt(), expected);
        QCOMPARE(p.value("stream").toString(), h < 3 ? m_s1 : h < 6 ? m_s2 : m_s3);
        QCOMPARE(p.value("timestamp").toString(), hour(h));
    }
    // No taps, no data; outsiders read nothing (200 with count 0).
    QCOMPARE(m_server->clientFor(m_member)
                 ->get(QStringLiteral("/api/v1/data/?filter=%1").arg(m_empty))
                 .object()
                 .value("count")
                 .toInt(),
             0);
    const HttpReply outsider =
        m_server->clientFor(m_outsider)->get(QStringLiteral("/api/v1/data/?filter=%1").arg(m_alias));
    QCOMPARE(outsider.status, 200);
    QCOMPARE(outsider.object().value("count").toInt(), 0);
    QCOMPARE(m_server->clientFor(m_staff)
                 ->get(QStringLiteral("/api/v1/data/?filter=%1").arg(m_alias))
                 .object()
                 .value("count")
                 .toInt(),
             10);
}

void TstAlias::readThroughAliasFilters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<int>>("values");
    QTest::newRow("start") << "&start=2026-05-01T05:00:00Z" << QList<int> {205, 306, 307, 308, 309};
    QTest::newRow("end") << "&end=2026-05-01T04:00:00Z" << QList<int> {100, 101, 102, 203};
    QTest::newRow("window") << "&start=2026-05-01T02:00:00Z&end=2026-05-01T07:00:00Z"
                            << QList<int> {102, 203, 204, 205, 306};
    QTest::newRow("lastn") << "&lastn=2" << QList<int> {308, 309};
    QTest::newRow("descending") << "&ordering=-timestamp&page_size=3" << QList<int> {309, 308, 307};
    QTest::newRow("page 2") << "&page_size=4&page=2" << QList<int> {204, 205, 306, 307};
}

void TstAlias::readThroughAliasFilters()
{
    QFETCH(QString, query);
    QFETCH(QList<int>, values);
    const HttpReply r =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/data/?filter=%1").arg(m_alias) + query);
    QCOMPARE(r.status, 200);
    QList<int> got;
    for (const QJsonValue &v : r.object().value("results").toArray())
        got.append(v.toObject().value("int_value").toInt());
    QCOMPARE(got, values);
}

void TstAlias::csvThroughAlias()
{
    const HttpReply r = m_server->clientFor(m_member)->get(
        QStringLiteral("/api/v1/data/?format=csv&start=2026-05-01T02:00:00Z&filter=%1").arg(m_alias));
    QCOMPARE(r.status, 200);
    const QList<QByteArray> lines = r.body.trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 8);
    QList<int> got;
    for (qsizetype i = 1; i < lines.size(); ++i)
        got.append(lines.at(i).split(',').at(5).toInt());
    QCOMPARE(got, (QList<int> {102, 203, 204, 205, 306, 307, 308, 309}));
    QVERIFY(lines.at(1).contains(m_s1.toLatin1()));
    QVERIFY(lines.at(8).contains(m_s3.toLatin1()));
}

void TstAlias::eventsThroughAlias()
{
    auto owner = m_server->clientFor(m_owner);
    QJsonArray events;
    for (const QString &s : {m_s1, m_s2, m_s3})
        for (int h = 0; h < 10; h += 2)
            events.append(
                QJsonObject {{"stream", s}, {"timestamp", hour(h)}, {"extra_data", QJsonObject {{"h", h}}}});
    QCOMPARE(owner->post(QStringLiteral("/api/v1/event/"), events).status, 201);
    const HttpReply r =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/event/?filter=%1").arg(m_alias));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 5);
    QStringList streams;
    for (const QJsonValue &v : r.object().value("results").toArray())
        streams << v.toObject().value("stream").toString();
    QCOMPARE(streams, (QStringList {m_s1, m_s1, m_s2, m_s3, m_s3})); // hours 0, 2 | 4 | 6, 8
}

void TstAlias::deletes()
{
    auto owner = m_server->clientFor(m_owner);
    const QString tap = QStringLiteral("/api/v1/tap/%1/").arg(m_tap2);
    QCOMPARE(m_server->clientFor(m_member)->del(tap).status, 403);
    QCOMPARE(owner->del(tap).status, 204);
    QCOMPARE(owner->get(tap).status, 404);
    // Without the s2 tap, s1's slice runs until s3's tap.
    const HttpReply r = owner->get(QStringLiteral("/api/v1/data/?filter=%1").arg(m_alias));
    QCOMPARE(r.object().value("count").toInt(), 10);
    QCOMPARE(r.object().value("results").toArray().at(5).toObject().value("int_value").toInt(), 105);
    // Deleting the alias takes its taps.
    QCOMPARE(m_server->clientFor(m_member)->del(QStringLiteral("/api/v1/alias/%1/").arg(m_alias)).status,
             403);
    QCOMPARE(owner->del(QStringLiteral("/api/v1/alias/%1/").arg(m_alias)).status, 204);
    QCOMPARE(owner->get(QStringLiteral("/api/v1/alias/%1/").arg(m_alias)).status, 404);
    QCOMPARE(owner->get(QStringLiteral("/api/v1/tap/")).object().value("count").toInt(), 0);
    QCOMPARE(
        owner->get(QStringLiteral("/api/v1/data/?filter=%1").arg(m_alias)).object().value("count").toInt(),
        0);
}

QTEST_GUILESS_MAIN(TstAlias)
#include "tst_alias.moc"
