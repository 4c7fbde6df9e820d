#include "common/util/isotime.h"
#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QJsonArray>
#include <QMap>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// OTA over real HTTP: device scripts and their files, deployment requests (rights, filters, release,
// devices), actions reported by gateways, device versions, the whole flow from a request to a version
// the device confirms by posting its 5c08/5c09 streams, and staged rollouts (advance, abort on failures).
class TstOta : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void scriptRights();
    void scriptFile();
    void requestRights_data();
    void requestRights();
    void requestValidation_data();
    void requestValidation();
    void requestVisibilityAndLists();
    void otaFlowToConfirmedVersion();
    void versionsEndpoint();
    void actionRules();
    void rolloutPlanValidation_data();
    void rolloutPlanValidation();
    void stagedRolloutStopsOnFailures();
    void stagedRolloutRunsToTheEnd();
    void fleetWithOpenRequestIsKept();
    void vendorAndOrgWideRequests();

private:
    QString createScript(const QString &name, int major, bool released);
    QString createFleet(const QString &name, const QList<qint64> &devices);
    QJsonObject createRequest(const QJsonObject &body, const Account &by);
    QJsonObject release(qint64 id);
    int seenBy(qint64 requestId, const QList<qint64> &devices);
    QString versionStream(qint64 deviceId, int lid) const;
    static quint32 word(quint32 tag, int major, int minor)
    {
        return tag | quint32(minor) << 20 | quint32(major) << 26;
    }

    std::unique_ptr<TestServer> m_server;
    Account m_vendorDev, m_owner, m_developer, m_member, m_operator, m_outsider, m_staff;
    Org m_vendor, m_org, m_other;
    Project m_project, m_foreign;
    QString m_script; // released vendor script
    QString m_fleet; // devices 0x100 and 0x101
    qint64 m_templateV1 = 0, m_templateV2 = 0, m_sgV11 = 0;
};

void TstOta::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_vendorDev = m_server->createUser(QStringLiteral("vendor@example.com"), QStringLiteral("password1"));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_developer = m_server->createUser(QStringLiteral("dev@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_operator = m_server->createUser(QStringLiteral("operator@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_vendor = seed.org(QStringLiteral("Vendor"), m_staff, true);
    seed.member(m_vendor, m_vendorDev, QStringLiteral("d1"));
    m_org = seed.org(QStringLiteral("Customer"), m_owner);
    seed.member(m_org, m_developer, QStringLiteral("d1"));
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.member(m_org, m_operator, QStringLiteral("r1"));
    m_other = seed.org(QStringLiteral("Other"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Plant"), m_owner);
    m_foreign = seed.project(m_other, QStringLiteral("Theirs"), m_outsider);
    const SensorGraph sg10 = seed.sensorGraph(QStringLiteral("Counter"), {QStringLiteral("5001")});
    // OS tag 2048: template v1 runs OS 1.0, template v2 runs OS 2.0; app tag 3000 v1.1 is sensor graph 1.1.
    SqlQuery q = seed.db().query(
        "INSERT INTO device_templates (uuid, external_sku, slug, org_id, major, os_tag, os_major, os_minor, "
        "created_on) VALUES (?, ?, ?, ?, ?, 2048, ?, 0, 0) RETURNING id");
    q.bind(QStringLiteral("7f9e1c6e-0000-4000-8000-000000000001"))
        .bind(QStringLiteral("Sensor"))
        .bind(QStringLiteral("sensor-v1-0-0"))
        .bind(m_vendor.id)
        .bind(1)
        .bind(1);
    m_templateV1 = *q.scalarInt64();
    q = seed.db().query(
        "INSERT INTO device_templates (uuid, external_sku, slug, org_id, major, os_tag, os_major, os_minor, "
        "created_on) VALUES (?, ?, ?, ?, ?, 2048, ?, 0, 0) RETURNING id");
    q.bind(QStringLiteral("7f9e1c6e-0000-4000-8000-000000000002"))
        .bind(QStringLiteral("Sensor"))
        .bind(QStringLiteral("sensor-v2-0-0"))
        .bind(m_vendor.id)
        .bind(2)
        .bind(2);
    m_templateV2 = *q.scalarInt64();
    QVERIFY(m_templateV1 > 0 && m_templateV2 > 0);
    SqlQuery sg =
        seed.db().query("INSERT INTO sensor_graphs (name, slug, major, minor, app_tag, app_major, "
                        "app_minor, created_on) VALUES ('Counter', 'counter-v1-1-0', 1, 1, 3000, 1, 1, 0) "
                        "RETURNING id");
    m_sgV11 = *sg.scalarInt64();
    QVERIFY(m_sgV11 > 0);
    QList<qint64> ids;
    for (qint64 id = 0x100; id < 0x10c; ++id)
        ids << id;
    ids << 0x200 << 0x201 << 0x202 << 0x203 << 0x204 << 0x205 << 0x206 << 0x207 << 0x208 << 0x209;
    for (qint64 id : std::as_const(ids)) {
        seed.claim(seed.device(id, &sg10), m_project, m_owner);
        SqlQuery t = seed.db().query("UPDATE devices SET template_id = ? WHERE id = ?");
        t.bind(m_templateV1).bind(id);
        QVERIFY(t.exec());
    }
    seed.claim(seed.device(0x300, &sg10), m_foreign, m_outsider);
    m_script = createScript(QStringLiteral("Sensor OS"), 2, true);
    QVERIFY(!m_script.isEmpty());
    m_fleet = createFleet(QStringLiteral("Pilot"), {0x100, 0x101});
    QVERIFY(!m_fleet.isEmpty());
}

void TstOta::cleanupTestCase()
{
    m_server.reset();
}

QString TstOta::createScript(const QString &name, int major, bool released)
{
    const HttpReply r = m_server->clientFor(m_vendorDev)
                            ->post(QStringLiteral("/api/v1/ota/script/"),
                                   QJsonObject {{"name", name},
                                                {"org", m_vendor.slug},
                                                {"major_version", major},
                                                {"minor_version", 0},
                                                {"released", released}});
    if (r.status != 201)
        qWarning("script create: %d %s", r.status, r.body.constData());
    return r.object().value("slug").toString();
}

QString TstOta::createFleet(const QString &name, const QList<qint64> &devices)
{
    auto dev = m_server->clientFor(m_developer);
    const HttpReply r =
        dev->post(QStringLiteral("/api/v1/fleet/"), QJsonObject {{"name", name}, {"org", m_org.slug}});
    if (r.status != 201)
        return {};
    const QString slug = r.object().value("slug").toString();
    for (qint64 id : devices) {
        const HttpReply m =
            dev->post(QStringLiteral("/api/v1/fleet/%1/register/").arg(slug),
                      QJsonObject {{"device", QStringLiteral("d--%1").arg(id, 4, 16, QLatin1Char('0'))}});
        if (m.status != 201)
            return {};
    }
    return slug;
}

QJsonObject TstOta::createRequest(const QJsonObject &body, const Account &by)
{
    const HttpReply r = m_server->clientFor(by)->post(QStringLiteral("/api/v1/ota/request/"), body);
    if (r.status != 201)
        qWarning("request create: %d %s", r.status, r.body.constData());
    return r.object();
}

QJsonObject TstOta::release(qint64 id)
{
    const HttpReply r = m_server->clientFor(m_developer)
                            ->post(QStringLiteral("/api/v1/ota/request/%1/release/").arg(id), QJsonObject {});
    if (r.status != 200)
        qWarning("release: %d %s", r.status, r.body.constData());
    return r.object();
}

// How many of the devices see the request in /ota/device/<slug>/ (what gateways ask).
int TstOta::seenBy(qint64 requestId, const QList<qint64> &devices)
{
    int n = 0;
    auto client = m_server->clientFor(m_member);
    for (qint64 id : devices) {
        const HttpReply r =
            client->get(QStringLiteral("/api/v1/ota/device/d--%1/").arg(id, 4, 16, QLatin1Char('0')));
        for (const QJsonValue &d : r.object().value("deployments").toArray())
            n += d.toObject().value("id").toInteger() == requestId ? 1 : 0;
    }
    return n;
}

QString TstOta::versionStream(qint64 deviceId, int lid) const
{
    return QStringLiteral("s--%1--0000-0000-0000-%2--%3")
        .arg(m_project.slug.mid(3))
        .arg(deviceId, 4, 16, QLatin1Char('0'))
        .arg(lid, 4, 16, QLatin1Char('0'));
}

void TstOta::scriptRights()
{
    auto vendor = m_server->clientFor(m_vendorDev);
    // Scripts belong to vendor orgs; a customer's developer cannot make one for their own org.
    HttpReply r = m_server->clientFor(m_developer)
                      ->post(QStringLiteral("/api/v1/ota/script/"),
                             QJsonObject {{"name", "Mine"}, {"org", m_org.slug}});
    QCOMPARE(r.status, 400);
    QVERIFY(r.object().contains("org"));
    r = m_server->clientFor(m_developer)
            ->post(QStringLiteral("/api/v1/ota/script/"),
                   QJsonObject {{"name", "Mine"}, {"org", m_vendor.slug}});
    QCOMPARE(r.status, 403);
    const QString draft = createScript(QStringLiteral("Draft"), 1, false);
    QVERIFY(draft.startsWith(QLatin1String("z--")));
    r = vendor->get(QStringLiteral("/api/v1/ota/script/%1/").arg(draft));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("version").toString(), QStringLiteral("v1.0.0"));
    QCOMPARE(r.object().value("released").toBool(), false);
    QVERIFY(r.object().value("released_on").isNull());
    QVERIFY(!r.object().contains("major_version")); // write-only, as the original
    // Unreleased scripts are hidden from users; released ones are readable by anyone who knows the slug.
    QCOMPARE(m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/ota/script/%1/").arg(draft)).status,
             404);
    QCOMPARE(
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/ota/script/%1/").arg(m_script)).status,
        200);
    // Users list released scripts (the original listed nothing: a customer could not pick its vendor's
    // firmware); vendors list their own, drafts included; staff list all.
    r = m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/ota/script/"));
    QCOMPARE(r.object().value("count").toInt(), 1);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("slug").toString(), m_script);
    QCOMPARE(m_server->clientFor(m_member)
                 ->get(QStringLiteral("/api/v1/ota/script/?org=%1").arg(m_vendor.slug))
                 .object()
                 .value("count")
                 .toInt(),
             0);
    QCOMPARE(vendor->get(QStringLiteral("/api/v1/ota/script/")).object().value("count").toInt(), 2);
    QCOMPARE(vendor->get(QStringLiteral("/api/v1/ota/script/?version=2")).object().value("count").toInt(), 1);
    QCOMPARE(m_server->clientFor(m_staff)
                 ->get(QStringLiteral("/api/v1/ota/script/"))
                 .object()
                 .value("count")
                 .toInt(),
             2);
    // Writes: the vendor's OTA managers and staff only.
    QCOMPARE(m_server->clientFor(m_member)
                 ->patch(QStringLiteral("/api/v1/ota/script/%1/").arg(m_script), QJsonObject {{"name", "x"}})
                 .status,
             403);
    r = vendor->patch(QStringLiteral("/api/v1/ota/script/%1/").arg(draft), QJsonObject {{"released", true}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("released").toBool(), true);
    QCOMPARE(r.object().value("released_on").toString(), QDate::currentDate().toString(Qt::ISODate));
    r = vendor->post(QStringLiteral("/api/v1/ota/script/"),
                     QJsonObject {{"name", "Draft"}, {"org", m_vendor.slug}, {"major_version", 1}});
    QCOMPARE(r.status, 400);
    QVERIFY(r.object().contains("non_field_errors"));
    QCOMPARE(m_server->clientFor(m_member)->del(QStringLiteral("/api/v1/ota/script/%1/").arg(draft)).status,
             403);
    QCOMPARE(vendor->del(QStringLiteral("/api/v1/ota/script/%1/").arg(draft)).status, 204);
}

void TstOta::scriptFile()
{
    const QString base = QStringLiteral("/api/v1/ota/script/%1/").arg(m_script);
    const QByteArray content = QByteArray("\x01\x02script body\xff", 15);
    // Only the vendor's OTA managers upload.
    QCOMPARE(m_server->clientFor(m_developer)->upload(base + "upload/", "file", "os.trub", content).status,
             403);
    HttpReply r = m_server->clientFor(m_member)->get(base + "file/");
    QCOMPARE(r.status, 200);
    QVERIFY(r.object().value("url").isNull());
    r = m_server->clientFor(m_vendorDev)->upload(base + "upload/", "file", "os 2.0.trub", content);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("title").toString(), QStringLiteral("os 2.0.trub"));
    QVERIFY(r.object().value("key").toString().endsWith(QLatin1String("/os_2.0.trub")));
    QCOMPARE(m_server->clientFor(m_vendorDev)->upload(base + "upload/", "file", "empty", {}).status, 400);
    r = m_server->clientFor(m_member)->get(base + "file/");
    QCOMPARE(r.status, 200);
    const QJsonObject info = r.object();
    QCOMPARE(info.value("name").toString(), QStringLiteral("Sensor OS"));
    QCOMPARE(info.value("major_version").toInt(), 2);
    QVERIFY(info.value("key").toString().startsWith(QLatin1String("ota/script/")));
    const QString url = info.value("url").toString();
    QVERIFY2(url.startsWith(m_server->baseUrl()), qPrintable(url));
    // The link works without credentials (gateways hand it to a downloader), a forged one does not.
    auto anonymous = m_server->anonymous();
    r = anonymous->get(url.mid(m_server->baseUrl().size()));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, content);
    QCOMPARE(anonymous->get(base + "download/?token=abc").status, 403);
    QCOMPARE(anonymous->get(base + "download/").status, 401);
    r = m_server->clientFor(m_operator)->get(base + "download/");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, content);
    // The original's two-step upload: uploadurl/ gives a link that takes the file without credentials.
    QCOMPARE(
        m_server->clientFor(m_developer)->post(base + "uploadurl/", QJsonObject {{"name", "v2.trub"}}).status,
        403);
    r = m_server->clientFor(m_vendorDev)->post(base + "uploadurl/", QJsonObject {{"name", "v2.trub"}});
    QCOMPARE(r.status, 202);
    const QString uuid = r.object().value("uuid").toString();
    const QString link = r.object().value("url").toString().mid(m_server->baseUrl().size());
    QVERIFY(r.object().value("fields").isObject());
    const QByteArray second("second version");
    r = anonymous->upload(link, "file", "whatever.bin", second);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("id").toString(), uuid);
    QCOMPARE(r.object().value("title").toString(), QStringLiteral("v2.trub"));
    QCOMPARE(anonymous->upload(link, "file", "again.bin", second).status, 403); // one use
    r = m_server->clientFor(m_vendorDev)
            ->post(base + "uploadsuccess/", QJsonObject {{"name", "v2.trub"}, {"uuid", uuid}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.object().value("created_by").toString(), m_vendorDev.slug);
    QCOMPARE(m_server->clientFor(m_vendorDev)
                 ->post(base + "uploadsuccess/",
                        QJsonObject {{"name", "v2.trub"}, {"uuid", "7f9e1c6e-0000-4000-8000-000000000009"}})
                 .status,
             400);
    QCOMPARE(m_server->clientFor(m_member)->get(base + "download/").body, second);
}

void TstOta::requestRights_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("org");
    QTest::addColumn<int>("status");
    QTest::newRow("developer") << "developer"
                               << "customer" << 201;
    QTest::newRow("owner lacks can_manage_ota") << "owner"
                                                << "customer" << 403;
    QTest::newRow("member") << "member"
                            << "customer" << 403;
    QTest::newRow("operator") << "operator"
                              << "customer" << 403;
    QTest::newRow("outsider") << "outsider"
                              << "customer" << 403;
    // The vendor manages OTA in its own org, not in the customer's, whose fleet this targets.
    QTest::newRow("vendor on a customer fleet") << "vendor"
                                                << "vendor" << 403;
    QTest::newRow("staff") << "staff"
                           << "customer" << 201;
}

void TstOta::requestRights()
{
    QFETCH(QString, who);
    QFETCH(QString, org);
    QFETCH(int, status);
    const QHash<QString, Account> users {
        {"developer", m_developer}, {"owner", m_owner}, {"member", m_member},   {"operator", m_operator},
        {"outsider", m_outsider},   {"staff", m_staff}, {"vendor", m_vendorDev}};
    const HttpReply r = m_server->clientFor(users.value(who))
                            ->post(QStringLiteral("/api/v1/ota/request/"),
                                   QJsonObject {{"script", m_script},
                                                {"org", org == "vendor" ? m_vendor.slug : m_org.slug},
                                                {"fleet", m_fleet},
                                                {"selection_criteria", QJsonArray {"os_tag:eq:2048"}}});
    QCOMPARE(r.status, status);
    if (status == 201) {
        const QJsonObject o = r.object();
        QCOMPARE(o.value("script").toString(), m_script);
        QCOMPARE(o.value("org").toString(), m_org.slug);
        QCOMPARE(o.value("fleet").toString(), m_fleet);
        QCOMPARE(o.value("selection_criteria").toArray(), QJsonArray {"os_tag:eq:2048"});
        QVERIFY(o.value("released_on").isNull());
        QVERIFY(o.value("completed_on").isNull());
        QVERIFY(o.value("rollout").isNull());
        QCOMPARE(m_server->clientFor(m_developer)
                     ->del(QStringLiteral("/api/v1/ota/request/%1/").arg(o.value("id").toInteger()))
                     .status,
                 204);
    }
}

void TstOta::requestValidation_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");
    QTest::newRow("no script") << QJsonObject {{"org", "customer"}} << "script";
    QTest::newRow("unknown script") << QJsonObject {{"script", "z--0000-0999"}, {"org", "customer"}}
                                    << "script";
    QTest::newRow("no org") << QJsonObject {{"script", "z--0000-0001"}} << "org";
    QTest::newRow("unknown fleet") << QJsonObject {{"script", "z--0000-0001"},
                                                   {"org", "customer"},
                                                   {"fleet", "g--0000-0000-0999"}}
                                   << "fleet";
    QTest::newRow("criteria not a list") << QJsonObject {{"script", "z--0000-0001"},
                                                         {"org", "customer"},
                                                         {"selection_criteria", "os_tag:eq:1"}}
                                         << "selection_criteria";
    QTest::newRow("bad criterion type") << QJsonObject {{"script", "z--0000-0001"},
                                                        {"org", "customer"},
                                                        {"selection_criteria", QJsonArray {"cpu:eq:1"}}}
                                        << "selection_criteria";
    QTest::newRow("bad criterion op") << QJsonObject {{"script", "z--0000-0001"},
                                                      {"org", "customer"},
                                                      {"selection_criteria", QJsonArray {"os_tag:gt:1"}}}
                                      << "selection_criteria";
    QTest::newRow("bad version") << QJsonObject {{"script", "z--0000-0001"},
                                                 {"org", "customer"},
                                                 {"selection_criteria", QJsonArray {"os_version:lt:2"}}}
                                 << "selection_criteria";
}

void TstOta::requestValidation()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    QCOMPARE(m_script, QStringLiteral("z--0000-0001"));
    const HttpReply r = m_server->clientFor(m_developer)->post(QStringLiteral("/api/v1/ota/request/"), body);
    QCOMPARE(r.status, 400);
    QVERIFY2(r.object().contains(field), r.body.constData());
}

void TstOta::requestVisibilityAndLists()
{
    const QJsonObject created = createRequest(
        QJsonObject {{"script", m_script}, {"org", m_org.slug}, {"fleet", m_fleet}}, m_developer);
    const qint64 id = created.value("id").toInteger();
    QVERIFY(id > 0);
    const QString path = QStringLiteral("/api/v1/ota/request/%1/").arg(id);
    QCOMPARE(m_server->clientFor(m_operator)->get(path).status, 200);
    QCOMPARE(m_server->clientFor(m_outsider)->get(path).status, 403);
    QCOMPARE(m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/ota/request/999999/")).status, 404);
    // Operators and members read, only OTA managers write (the original let members edit: README).
    QCOMPARE(m_server->clientFor(m_operator)
                 ->patch(path, QJsonObject {{"selection_criteria", QJsonArray {}}})
                 .status,
             403);
    HttpReply r = m_server->clientFor(m_member)->del(path);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("error").toString(), QStringLiteral("Restricted Access. Contact Arch"));
    QCOMPARE(m_server->clientFor(m_member)->post(path + "release/", QJsonObject {}).status, 403);
    // Lists: nothing without a filter; with one, only released open requests.
    auto member = m_server->clientFor(m_member);
    QCOMPARE(member->get(QStringLiteral("/api/v1/ota/request/")).object().value("count").toInt(), 0);
    const QString byFleet = QStringLiteral("/api/v1/ota/request/?fleet=%1").arg(m_fleet);
    QCOMPARE(member->get(byFleet).object().value("count").toInt(), 0);
    // all=1 (beyond the original): drafts too, for those who manage the org's OTA only.
    auto developer = m_server->clientFor(m_developer);
    QCOMPARE(developer->get(byFleet).object().value("count").toInt(), 0);
    QCOMPARE(developer->get(byFleet + "&all=1").object().value("count").toInt(), 1);
    QCOMPARE(developer->get(QStringLiteral("/api/v1/ota/request/?org=%1&all=1").arg(m_org.slug))
                 .object()
                 .value("count")
                 .toInt(),
             1);
    QCOMPARE(member->get(byFleet + "&all=1").object().value("count").toInt(), 0);
    QVERIFY(!release(id).value("released_on").isNull());
    QCOMPARE(member->get(byFleet).object().value("count").toInt(), 1);
    QCOMPARE(member->get(QStringLiteral("/api/v1/ota/request/?org=%1").arg(m_org.slug))
                 .object()
                 .value("count")
                 .toInt(),
             1);
    QCOMPARE(member->get(QStringLiteral("/api/v1/ota/request/?scope=%1").arg(m_fleet))
                 .object()
                 .value("count")
                 .toInt(),
             1);
    QCOMPARE(member->get(QStringLiteral("/api/v1/ota/request/?scope=%1").arg(m_org.slug))
                 .object()
                 .value("count")
                 .toInt(),
             1);
    QCOMPARE(member->get(QStringLiteral("/api/v1/ota/request/?scope=global")).object().value("count").toInt(),
             0);
    QCOMPARE(m_server->clientFor(m_outsider)->get(byFleet).status, 403);
    QCOMPARE(m_server->clientFor(m_outsider)
                 ->get(QStringLiteral("/api/v1/ota/request/?org=%1").arg(m_org.slug))
                 .status,
             403);
    QCOMPARE(member->get(QStringLiteral("/api/v1/ota/request/?fleet=g--0000-0000-0999")).status, 404);
    QCOMPARE(m_server->clientFor(m_staff)
                     ->get(QStringLiteral("/api/v1/ota/request/?staff=1"))
                     .object()
                     .value("count")
                     .toInt()
                 >= 1,
             true);
    // devices/: the fleet's members that match the criteria (none given: both).
    r = member->get(path + "devices/");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 2);
    const QJsonObject first = r.object().value("results").toArray().at(0).toObject();
    QCOMPARE(first.value("slug").toString(), QStringLiteral("d--0000-0000-0000-0100"));
    QCOMPARE(first.value("template").toString(), QStringLiteral("sensor-v1-0-0"));
    QVERIFY(first.value("versions").isArray());
    // Completed requests drop out of the lists and out of what gateways see.
    QCOMPARE(seenBy(id, {0x100, 0x101}), 2);
    r = m_server->clientFor(m_developer)->post(path + "complete/", QJsonObject {});
    QCOMPARE(r.status, 200);
    QVERIFY(!r.object().value("completed_on").isNull());
    QCOMPARE(member->get(byFleet).object().value("count").toInt(), 0);
    QCOMPARE(developer->get(byFleet + "&all=1").object().value("count").toInt(), 1);
    QCOMPARE(seenBy(id, {0x100, 0x101}), 0);
}

void TstOta::otaFlowToConfirmedVersion()
{
    // Devices 0x102 and 0x103 run OS 1.0; the request is for those still below 2.0.
    const QString fleet = createFleet(QStringLiteral("Flow"), {0x102, 0x103});
    QVERIFY(!fleet.isEmpty());
    auto staff = m_server->clientFor(m_staff);
    for (qint64 id : {0x102, 0x103}) {
        const HttpReply v =
            staff->post(QStringLiteral("/api/v1/ota/version/?staff=1"),
                        QJsonObject {{"device", QStringLiteral("d--%1").arg(id, 4, 16, QLatin1Char('0'))},
                                     {"type", "os"},
                                     {"tag", 2048},
                                     {"major_version", 1},
                                     {"minor_version", 0},
                                     {"updated_ts", "2026-01-01T00:00:00Z"}});
        QCOMPARE(v.status, 201);
    }
    const QJsonObject created = createRequest(
        QJsonObject {{"script", m_script},
                     {"org", m_org.slug},
                     {"fleet", fleet},
                     {"selection_criteria", QJsonArray {"os_tag:eq:2048", "os_version:lt:2.0"}}},
        m_developer);
    const qint64 id = created.value("id").toInteger();
    QVERIFY(id > 0);
    QCOMPARE(m_server->clientFor(m_member)
                 ->get(QStringLiteral("/api/v1/ota/request/%1/devices/").arg(id))
                 .object()
                 .value("count")
                 .toInt(),
             2);
    release(id);
    // The gateway asks what to do for the device, then reports its attempt.
    auto gateway = m_server->clientFor(m_member);
    HttpReply r = gateway->get(QStringLiteral("/api/v1/ota/device/d--0000-0000-0000-0102/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("d--0000-0000-0000-0102"));
    QCOMPARE(r.object().value("template").toString(), QStringLiteral("sensor-v1-0-0"));
    QCOMPARE(r.object().value("deployments").toArray().size(), 1);
    QCOMPARE(r.object().value("deployments").toArray().at(0).toObject().value("script").toString(), m_script);
    QCOMPARE(r.object().value("versions").toArray().size(), 1);
    r = gateway->post(QStringLiteral("/api/v1/ota/action/"),
                      QJsonObject {{"deployment", id},
                                   {"device", "d--0000-0000-0000-0102"},
                                   {"attempt_successful", true},
                                   {"last_attempt_on", "2026-02-01T10:00:00Z"},
                                   {"log", "pushed"},
                                   {"device_confirmation", true}});
    QCOMPARE(r.status, 201);
    const qint64 actionId = r.object().value("id").toInteger();
    QCOMPARE(r.object().value("device_confirmation").toBool(), false); // read-only
    QCOMPARE(r.object().value("deployment").toInteger(), id);
    // The device reports its new OS (tag 2048 v2.0) through its system stream.
    r = gateway->post(QStringLiteral("/api/v1/data/"),
                      QJsonObject {{"stream", versionStream(0x102, 0x5c08)},
                                   {"timestamp", "2026-02-01T10:05:00Z"},
                                   {"int_value", double(word(2048, 2, 0))},
                                   {"streamer_local_id", 42}});
    QCOMPARE(r.status, 201);
    const QString action = QStringLiteral("/api/v1/ota/action/%1/").arg(actionId);
    QTRY_VERIFY_WITH_TIMEOUT(gateway->get(action).object().value("device_confirmation").toBool(), 15000);
    r = gateway->get(action);
    QVERIFY(r.object().value("log").toString().contains(
        QLatin1String("pushed\nDevice d--0000-0000-0000-0102 has been updated")));
    // The version is recorded and the device now has the template of OS 2.0.
    r = gateway->get(QStringLiteral("/api/v1/device/d--0000-0000-0000-0102/versions/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.array().size(), 1);
    QCOMPARE(r.array().at(0).toObject().value("version").toString(), QStringLiteral("v2.0"));
    QCOMPARE(r.array().at(0).toObject().value("tag").toInt(), 2048);
    QCOMPARE(r.array().at(0).toObject().value("streamer_local_id").toInt(), 42);
    QCOMPARE(gateway->get(QStringLiteral("/api/v1/device/d--0000-0000-0000-0102/"))
                 .object()
                 .value("template")
                 .toString(),
             QStringLiteral("sensor-v2-0-0"));
    r = gateway->get(QStringLiteral("/api/v1/note/?target=d--0000-0000-0000-0102"));
    QCOMPARE(r.object().value("count").toInt(), 1);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("type").toString(),
             QStringLiteral("si"));
    // One of two devices confirmed: the request is still open.
    QVERIFY(gateway->get(QStringLiteral("/api/v1/ota/request/%1/").arg(id))
                .object()
                .value("completed_on")
                .isNull());
    // The second device updates without its gateway reporting: the cloud records the action itself, and
    // with every targeted device confirmed the request completes.
    r = gateway->post(QStringLiteral("/api/v1/data/"),
                      QJsonArray {QJsonObject {{"stream", versionStream(0x103, 0x5c08)},
                                               {"timestamp", "2026-02-01T11:00:00Z"},
                                               {"int_value", double(word(2048, 2, 0))}},
                                  QJsonObject {{"stream", versionStream(0x103, 0x5c09)},
                                               {"timestamp", "2026-02-01T11:00:01Z"},
                                               {"int_value", double(word(3000, 1, 1))}}});
    QCOMPARE(r.status, 201);
    QTRY_VERIFY_WITH_TIMEOUT(!gateway->get(QStringLiteral("/api/v1/ota/request/%1/").arg(id))
                                  .object()
                                  .value("completed_on")
                                  .isNull(),
                             15000);
    r = gateway->get(QStringLiteral("/api/v1/ota/action/?device=d--0000-0000-0000-0103"));
    QCOMPARE(r.object().value("count").toInt(), 1);
    const QJsonObject autoAction = r.object().value("results").toArray().at(0).toObject();
    QCOMPARE(autoAction.value("deployment").toInteger(), id);
    QCOMPARE(autoAction.value("attempt_successful").toBool(), true);
    QCOMPARE(autoAction.value("device_confirmation").toBool(), true);
    QVERIFY(autoAction.value("log").toString().contains(QLatin1String("auto created")));
    QTRY_COMPARE_WITH_TIMEOUT(
        gateway->get(QStringLiteral("/api/v1/device/d--0000-0000-0000-0103/versions/")).array().size(), 2,
        15000);
    QCOMPARE(gateway->get(QStringLiteral("/api/v1/device/d--0000-0000-0000-0103/"))
                 .object()
                 .value("sg")
                 .toString(),
             QStringLiteral("counter-v1-1-0"));
    // A repeated report of the same version changes nothing.
    r = gateway->post(QStringLiteral("/api/v1/data/"),
                      QJsonObject {{"stream", versionStream(0x102, 0x5c08)},
                                   {"timestamp", "2026-02-02T10:05:00Z"},
                                   {"int_value", double(word(2048, 2, 0))}});
    QCOMPARE(r.status, 201);
    QTest::qWait(500);
    QCOMPARE(gateway->get(QStringLiteral("/api/v1/ota/version/?device=d--0000-0000-0000-0102"))
                 .object()
                 .value("count")
                 .toInt(),
             2);
    QCOMPARE(seenBy(id, {0x102, 0x103}), 0);
}

void TstOta::versionsEndpoint()
{
    const QJsonObject body {{"device", "d--0000-0000-0000-0104"},
                            {"type", "app"},
                            {"tag", 3000},
                            {"major_version", 1},
                            {"minor_version", 0}};
    HttpReply r = m_server->clientFor(m_owner)->post(QStringLiteral("/api/v1/ota/version/"), body);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("error").toString(), QStringLiteral("Restricted Access. Contact Arch"));
    QCOMPARE(m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/ota/version/"), body).status, 403);
    r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/ota/version/?staff=1"), body);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("version").toString(), QStringLiteral("v1.0"));
    QVERIFY(!r.object().contains("major_version"));
    QCOMPARE(m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/ota/version/?staff=1"), body).status,
             400);
    r = m_server->clientFor(m_operator)
            ->get(QStringLiteral("/api/v1/ota/version/?device=d--0000-0000-0000-0104"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 1);
    QCOMPARE(m_server->clientFor(m_outsider)
                 ->get(QStringLiteral("/api/v1/ota/version/?device=d--0000-0000-0000-0104"))
                 .status,
             403);
    QCOMPARE(m_server->clientFor(m_outsider)
                 ->get(QStringLiteral("/api/v1/ota/version/"))
                 .object()
                 .value("count")
                 .toInt(),
             0);
    QCOMPARE(m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/ota/version/?type=sg")).status, 400);
    QCOMPARE(m_server->clientFor(m_outsider)
                 ->get(QStringLiteral("/api/v1/device/d--0000-0000-0000-0104/versions/"))
                 .status,
             403);
}

void TstOta::actionRules()
{
    const QJsonObject created = createRequest(
        QJsonObject {{"script", m_script}, {"org", m_org.slug}, {"fleet", m_fleet}}, m_developer);
    const qint64 id = created.value("id").toInteger();
    auto member = m_server->clientFor(m_member);
    HttpReply r = m_server->clientFor(m_outsider)
                      ->post(QStringLiteral("/api/v1/ota/action/"),
                             QJsonObject {{"deployment", id}, {"device", "d--0000-0000-0000-0300"}});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("detail").toString(), QStringLiteral("User has no access to deployment"));
    r = member->post(QStringLiteral("/api/v1/ota/action/"),
                     QJsonObject {{"deployment", id}, {"device", "d--0000-0000-0000-0300"}});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("detail").toString(), QStringLiteral("User has no access to device"));
    r = member->post(QStringLiteral("/api/v1/ota/action/"),
                     QJsonObject {{"deployment", 999999}, {"device", "d--0100"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object().value("deployment").toArray().at(0).toString(),
             QStringLiteral("Invalid pk \"999999\" - object does not exist."));
    r = member->post(QStringLiteral("/api/v1/ota/action/"),
                     QJsonObject {{"deployment", id}, {"device", "d--0100"}});
    QCOMPARE(r.status, 201);
    const QString path = QStringLiteral("/api/v1/ota/action/%1/").arg(r.object().value("id").toInteger());
    QCOMPARE(m_server->clientFor(m_operator)->get(path).status, 200);
    QCOMPARE(m_server->clientFor(m_outsider)->get(path).status, 403);
    // Changing or removing actions is for staff acting as staff.
    r = m_server->clientFor(m_developer)->patch(path, QJsonObject {{"attempt_successful", true}});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("error").toString(), QStringLiteral("Restricted Access. Contact Arch"));
    QCOMPARE(m_server->clientFor(m_developer)->del(path).status, 403);
    QCOMPARE(m_server->clientFor(m_staff)
                 ->patch(path + "?staff=1", QJsonObject {{"attempt_successful", true}})
                 .status,
             200);
    // Lists need ?request= or ?device=.
    QCOMPARE(member->get(QStringLiteral("/api/v1/ota/action/")).object().value("count").toInt(), 0);
    QCOMPARE(
        member->get(QStringLiteral("/api/v1/ota/action/?request=%1").arg(id)).object().value("count").toInt(),
        1);
    QCOMPARE(
        m_server->clientFor(m_outsider)->get(QStringLiteral("/api/v1/ota/action/?request=%1").arg(id)).status,
        403);
    QCOMPARE(member->get(QStringLiteral("/api/v1/ota/action/?request=999999")).status, 404);
    QCOMPARE(m_server->clientFor(m_staff)->del(path + "?staff=1").status, 204);
    // The device endpoint: only claimed, active devices; 403 without access.
    QCOMPARE(m_server->clientFor(m_outsider)
                 ->get(QStringLiteral("/api/v1/ota/device/d--0000-0000-0000-0100/"))
                 .status,
             403);
    QCOMPARE(member->get(QStringLiteral("/api/v1/ota/device/d--0000-0000-0000-0999/")).status, 404);
    QCOMPARE(m_server->clientFor(m_developer)->del(QStringLiteral("/api/v1/ota/request/%1/").arg(id)).status,
             204);
}

void TstOta::rolloutPlanValidation_data()
{
    QTest::addColumn<QJsonValue>("rollout");
    QTest::addColumn<bool>("valid");
    const auto steps = [](QJsonArray list) { return QJsonObject {{"steps", list}}; };
    QTest::newRow("percent steps") << QJsonValue(
        steps({QJsonObject {{"percent", 10}}, QJsonObject {{"percent", 100}}}))
                                   << true;
    QTest::newRow("count then percent") << QJsonValue(QJsonObject {
        {"steps", QJsonArray {QJsonObject {{"count", 5}}, QJsonObject {{"percent", 100}}}},
        {"max_failures", 2},
        {"max_failure_percent", 20},
        {"min_step_seconds", 60}}) << true;
    QTest::newRow("not an object") << QJsonValue(QJsonArray {}) << false;
    QTest::newRow("no steps") << QJsonValue(QJsonObject {{"max_failures", 1}}) << false;
    QTest::newRow("last step not 100") << QJsonValue(steps({QJsonObject {{"percent", 50}}})) << false;
    QTest::newRow("shrinking") << QJsonValue(
        steps({QJsonObject {{"percent", 50}}, QJsonObject {{"percent", 20}}, QJsonObject {{"percent", 100}}}))
                               << false;
    QTest::newRow("both kinds in a step")
        << QJsonValue(steps({QJsonObject {{"percent", 50}, {"count", 2}}, QJsonObject {{"percent", 100}}}))
        << false;
    QTest::newRow("zero count") << QJsonValue(
        steps({QJsonObject {{"count", 0}}, QJsonObject {{"percent", 100}}}))
                                << false;
    QTest::newRow("percent over 100") << QJsonValue(steps({QJsonObject {{"percent", 150}}})) << false;
    QTest::newRow("bad threshold") << QJsonValue(
        QJsonObject {{"steps", QJsonArray {QJsonObject {{"percent", 100}}}}, {"max_failures", 0}})
                                   << false;
    QTest::newRow("unknown key") << QJsonValue(
        QJsonObject {{"steps", QJsonArray {QJsonObject {{"percent", 100}}}}, {"speed", 1}})
                                 << false;
}

void TstOta::rolloutPlanValidation()
{
    QFETCH(QJsonValue, rollout);
    QFETCH(bool, valid);
    const HttpReply r =
        m_server->clientFor(m_developer)
            ->post(QStringLiteral("/api/v1/ota/request/"),
                   QJsonObject {
                       {"script", m_script}, {"org", m_org.slug}, {"fleet", m_fleet}, {"rollout", rollout}});
    QCOMPARE(r.status, valid ? 201 : 400);
    if (!valid) {
        QVERIFY2(r.object().contains("rollout"), r.body.constData());
        return;
    }
    const QJsonObject plan = r.object().value("rollout").toObject();
    QCOMPARE(plan.value("status").toString(), QStringLiteral("scheduled"));
    QCOMPARE(plan.value("current_step").toInt(), 0);
    QCOMPARE(plan.value("steps").toArray(), rollout.toObject().value("steps").toArray());
    QCOMPARE(m_server->clientFor(m_developer)
                 ->del(QStringLiteral("/api/v1/ota/request/%1/").arg(r.object().value("id").toInteger()))
                 .status,
             204);
}

void TstOta::stagedRolloutStopsOnFailures()
{
    QList<qint64> devices;
    for (qint64 id = 0x200; id <= 0x209; ++id)
        devices << id;
    const QString fleet = createFleet(QStringLiteral("Wide"), devices);
    QVERIFY(!fleet.isEmpty());
    const QJsonObject created = createRequest(
        QJsonObject {{"script", m_script},
                     {"org", m_org.slug},
                     {"fleet", fleet},
                     {"rollout",
                      QJsonObject {{"steps",
                                    QJsonArray {QJsonObject {{"count", 2}}, QJsonObject {{"percent", 50}},
                                                QJsonObject {{"percent", 100}}}},
                                   {"min_step_seconds", 3600},
                                   {"max_failures", 2}}}},
        m_developer);
    const qint64 id = created.value("id").toInteger();
    QVERIFY(id > 0);
    QCOMPARE(seenBy(id, devices), 0); // not released yet
    QJsonObject rollout = release(id).value("rollout").toObject();
    QCOMPARE(rollout.value("status").toString(), QStringLiteral("in_progress"));
    QCOMPARE(rollout.value("current_step").toInt(), 1);
    QCOMPARE(rollout.value("target_count").toInt(), 10);
    QCOMPARE(rollout.value("released_count").toInt(), 2);
    QCOMPARE(seenBy(id, devices), 2);
    int out = 0;
    const HttpReply first =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/ota/request/%1/rollout/").arg(id));
    for (const QJsonValue &v : first.object().value("results").toArray())
        out += v.toObject().value("released").toBool() ? 1 : 0;
    QCOMPARE(out, 2);
    // The plan cannot change once started; the next step waits for min_step_seconds unless forced.
    auto dev = m_server->clientFor(m_developer);
    const QString path = QStringLiteral("/api/v1/ota/request/%1/").arg(id);
    QCOMPARE(dev->patch(path, QJsonObject {{"rollout", QJsonValue()}}).status, 400);
    rollout = dev->post(path + "rollout/advance/", QJsonObject {}).object().value("rollout").toObject();
    QCOMPARE(rollout.value("current_step").toInt(), 1);
    QCOMPARE(m_server->clientFor(m_operator)
                 ->post(path + "rollout/advance/", QJsonObject {{"force", true}})
                 .status,
             403);
    rollout = dev->post(path + "rollout/advance/", QJsonObject {{"force", true}})
                  .object()
                  .value("rollout")
                  .toObject();
    QCOMPARE(rollout.value("current_step").toInt(), 2);
    QCOMPARE(rollout.value("released_count").toInt(), 5);
    QList<qint64> released;
    for (qint64 d : std::as_const(devices)) {
        if (seenBy(id, {d}) == 1)
            released << d;
    }
    QCOMPARE(released.size(), 5);
    // Gateways report: one success, then two failures reach max_failures and stop the rollout.
    auto gateway = m_server->clientFor(m_member);
    const auto report = [&](qint64 device, bool ok) {
        return gateway
            ->post(QStringLiteral("/api/v1/ota/action/"),
                   QJsonObject {{"deployment", id},
                                {"device", QStringLiteral("d--%1").arg(device, 4, 16, QLatin1Char('0'))},
                                {"attempt_successful", ok}})
            .status;
    };
    QCOMPARE(report(released[0], true), 201);
    QCOMPARE(report(released[1], false), 201);
    rollout = dev->get(path).object().value("rollout").toObject();
    QCOMPARE(rollout.value("status").toString(), QStringLiteral("in_progress"));
    QCOMPARE(rollout.value("attempted").toInt(), 2);
    QCOMPARE(rollout.value("failed").toInt(), 1);
    // A device that failed once and then succeeded counts as succeeded.
    QCOMPARE(report(released[1], true), 201);
    QCOMPARE(dev->get(path).object().value("rollout").toObject().value("failed").toInt(), 0);
    QCOMPARE(report(released[2], false), 201);
    QCOMPARE(report(released[3], false), 201);
    rollout = dev->get(path).object().value("rollout").toObject();
    QCOMPARE(rollout.value("status").toString(), QStringLiteral("aborted"));
    QCOMPARE(rollout.value("failed").toInt(), 2);
    QCOMPARE(rollout.value("succeeded").toInt(), 2);
    QVERIFY(rollout.value("abort_reason").toString().contains(QLatin1String("max_failures: 2")));
    QVERIFY(!rollout.value("aborted_on").isNull());
    // rollout/: each target's step and outcome, in rollout order.
    HttpReply states = m_server->clientFor(m_operator)->get(path + "rollout/");
    QCOMPARE(states.status, 200);
    QCOMPARE(states.object().value("count").toInt(), 10);
    QMap<int, int> perStep;
    QMap<QString, int> outcomes;
    for (const QJsonValue &v : states.object().value("results").toArray()) {
        perStep[v.toObject().value("step").toInt()] += 1;
        outcomes[v.toObject().value("outcome").toString()] += 1;
        QCOMPARE(v.toObject().value("released").toBool(), false); // aborted: nothing is out any more
    }
    QCOMPARE(perStep, (QMap<int, int> {{1, 2}, {2, 3}, {3, 5}}));
    QCOMPARE(outcomes, (QMap<QString, int> {{"pending", 6}, {"succeeded", 2}, {"failed", 2}}));
    QCOMPARE(m_server->clientFor(m_outsider)->get(path + "rollout/").status, 403);
    // Stopped: no gateway sees it any more, it leaves the active lists, and it does not advance.
    QCOMPARE(seenBy(id, devices), 0);
    QCOMPARE(gateway->get(QStringLiteral("/api/v1/ota/request/?fleet=%1").arg(fleet))
                 .object()
                 .value("count")
                 .toInt(),
             0);
    QCOMPARE(dev->post(path + "rollout/advance/", QJsonObject {{"force", true}}).status, 400);
    QCOMPARE(dev->post(path + "rollout/abort/", QJsonObject {}).status, 400);
}

void TstOta::stagedRolloutRunsToTheEnd()
{
    QList<qint64> devices {0x104, 0x105, 0x106, 0x107};
    const QString fleet = createFleet(QStringLiteral("Quick"), devices);
    QVERIFY(!fleet.isEmpty());
    // No wait between steps: the worker releases step after step on its own.
    const QJsonObject created = createRequest(
        QJsonObject {{"script", m_script},
                     {"org", m_org.slug},
                     {"fleet", fleet},
                     {"rollout",
                      QJsonObject {{"steps",
                                    QJsonArray {QJsonObject {{"percent", 25}}, QJsonObject {{"percent", 50}},
                                                QJsonObject {{"percent", 100}}}},
                                   {"max_failure_percent", 50}}}},
        m_developer);
    const qint64 id = created.value("id").toInteger();
    QVERIFY(id > 0);
    release(id);
    auto member = m_server->clientFor(m_member);
    const QString path = QStringLiteral("/api/v1/ota/request/%1/").arg(id);
    QTRY_COMPARE_WITH_TIMEOUT(
        member->get(path).object().value("rollout").toObject().value("status").toString(),
        QStringLiteral("rolled_out"), 15000);
    QCOMPARE(member->get(path).object().value("rollout").toObject().value("released_count").toInt(), 4);
    QCOMPARE(seenBy(id, devices), 4);
    // A manual stop takes it away from gateways at once.
    QCOMPARE(m_server->clientFor(m_operator)->post(path + "rollout/abort/", QJsonObject {}).status, 403);
    const HttpReply r = m_server->clientFor(m_developer)
                            ->post(path + "rollout/abort/", QJsonObject {{"reason", "bad batch"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("rollout").toObject().value("abort_reason").toString(),
             QStringLiteral("bad batch"));
    QCOMPARE(seenBy(id, devices), 0);
}

void TstOta::fleetWithOpenRequestIsKept()
{
    const QString fleet = createFleet(QStringLiteral("Doomed"), {0x10a});
    const QJsonObject created =
        createRequest(QJsonObject {{"script", m_script}, {"org", m_org.slug}, {"fleet", fleet}}, m_developer);
    const qint64 id = created.value("id").toInteger();
    auto dev = m_server->clientFor(m_developer);
    const QString path = QStringLiteral("/api/v1/fleet/%1/").arg(fleet);
    const HttpReply r = dev->del(path);
    QCOMPARE(r.status, 400);
    QVERIFY(r.object().value("detail").toString().contains(QLatin1String("open deployment")));
    QCOMPARE(dev->post(QStringLiteral("/api/v1/ota/request/%1/complete/").arg(id), QJsonObject {}).status,
             200);
    QCOMPARE(dev->del(path).status, 204);
}

void TstOta::vendorAndOrgWideRequests()
{
    // A vendor's global deployment: every active claimed device of its templates, narrowed by the
    // criteria against each device's current versions (0x103 runs OS 2048 v2.0 and app v1.1).
    const QJsonObject global = createRequest(
        QJsonObject {{"script", m_script},
                     {"org", m_vendor.slug},
                     {"selection_criteria", QJsonArray {"os_tag:eq:2048", "app_version:gte:1.1"}}},
        m_vendorDev);
    const qint64 id = global.value("id").toInteger();
    QVERIFY(id > 0);
    QVERIFY(global.value("fleet").isNull());
    const QString path = QStringLiteral("/api/v1/ota/request/%1/").arg(id);
    HttpReply r = m_server->clientFor(m_vendorDev)->get(path + "devices/");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 1);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("slug").toString(),
             QStringLiteral("d--0000-0000-0000-0103"));
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("versions").toArray().size(), 2);
    // Everyone may read a vendor's deployment (the original); only the vendor's OTA managers change it.
    QCOMPARE(m_server->clientFor(m_outsider)->get(path).status, 200);
    QCOMPARE(m_server->clientFor(m_developer)->post(path + "release/", QJsonObject {}).status, 403);
    r = m_server->clientFor(m_vendorDev)->post(path + "release/", QJsonObject {});
    QCOMPARE(r.status, 200);
    auto member = m_server->clientFor(m_member);
    QCOMPARE(member->get(QStringLiteral("/api/v1/ota/request/?scope=global")).object().value("count").toInt(),
             1);
    QCOMPARE(member->get(QStringLiteral("/api/v1/ota/request/?org=%1").arg(m_vendor.slug))
                 .object()
                 .value("count")
                 .toInt(),
             1);
    QCOMPARE(seenBy(id, {0x105}), 1); // gateways apply the criteria themselves, as in the original
    QCOMPARE(m_server->clientFor(m_vendorDev)->post(path + "complete/", QJsonObject {}).status, 200);
    QCOMPARE(seenBy(id, {0x105}), 0);
    // An org-wide deployment (no fleet): the org's devices that match (0x104 runs app v1.0).
    const QJsonObject orgWide =
        createRequest(QJsonObject {{"script", m_script},
                                   {"org", m_org.slug},
                                   {"selection_criteria", QJsonArray {"app_version:lt:1.1"}}},
                      m_developer);
    r = member->get(QStringLiteral("/api/v1/ota/request/%1/devices/").arg(orgWide.value("id").toInteger()));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 1);
    QCOMPARE(r.object().value("results").toArray().at(0).toObject().value("slug").toString(),
             QStringLiteral("d--0000-0000-0000-0104"));
}

QTEST_GUILESS_MAIN(TstOta)
#include "tst_ota.moc"
