#include "common/util/isotime.h"
#include "server/app/serverconfig.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QJsonArray>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/alarm/ over real HTTP (beyond the original): raised by hand or by a filter action, with
// severity, de-duplicated while active, acknowledged and cleared with who and when, cleared on their own
// when the stream leaves the state, listed per project and device, visible to the org only.
class TstAlarm : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void raiseByHand();
    void raiseErrors_data();
    void raiseErrors();
    void listPerProjectAndDevice();
    void acknowledgeAndClear();
    void raisedByFilter();
    void deduplicatedWhileActive();
    void deleteNeedsManage();

private:
    QString streamOf(const Device &device, const Variable &variable) const;
    QString filterWithAlarm(const Variable &variable, const QJsonObject &extra);
    void post(const QString &stream, qint64 intValue);
    QJsonArray alarmsOf(const QString &target, const QString &more = {});

    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_operator, m_outsider, m_staff;
    Org m_org;
    Project m_project;
    Variable m_temp, m_pressure;
    Device m_d1, m_d2;
    qint64 m_ts = 0;
};

QString TstAlarm::streamOf(const Device &device, const Variable &variable) const
{
    return QStringLiteral("s--%1--%2--%3")
        .arg(m_project.slug.mid(3), device.slug.mid(3))
        .arg(variable.lid, 4, 16, QLatin1Char('0'));
}

void TstAlarm::initTestCase()
{
    m_server = std::make_unique<TestServer>([](ServerConfig &c) { c.workerPollMs = 100; });
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("owner password"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("member password"));
    m_operator = m_server->createUser(QStringLiteral("operator@example.com"), QStringLiteral("op password"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("out password"));
    m_staff =
        m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("staff password"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Alarm Org"), m_owner);
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.member(m_org, m_operator, QStringLiteral("r1"));
    seed.org(QStringLiteral("Elsewhere"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Alarm Project"), m_owner);
    const VarType type = seed.varType(QStringLiteral("Temperature"), 1, 1, 1, 10);
    m_temp = seed.variable(m_project, 0x5001, QStringLiteral("Temp"), &type);
    m_pressure = seed.variable(m_project, 0x5002, QStringLiteral("Pressure"), &type);
    m_d1 = seed.claim(seed.device(0xa1), m_project, m_owner);
    m_d2 = seed.claim(seed.device(0xa2), m_project, m_owner);
    seed.stream(m_d1, m_project, m_temp);
    seed.stream(m_d1, m_project, m_pressure);
    seed.stream(m_d2, m_project, m_temp);
    m_ts = *isotime::parse(QByteArrayView("2026-04-01T00:00:00Z"));
}

void TstAlarm::cleanupTestCase()
{
    m_server.reset();
}

void TstAlarm::post(const QString &stream, qint64 intValue)
{
    m_ts += 60 * isotime::kMicrosPerSecond;
    const HttpReply r = m_server->clientFor(m_member)->post(
        QStringLiteral("/api/v1/data/"),
        QJsonObject {{"stream", stream}, {"timestamp", isotime::toString(m_ts)}, {"int_value", intValue}});
    QVERIFY2(r.status == 201, r.body.constData());
}

QJsonArray TstAlarm::alarmsOf(const QString &target, const QString &more)
{
    return m_server->clientFor(m_member)
        ->get(QStringLiteral("/api/v1/alarm/?target=%1%2").arg(target, more))
        .object()
        .value("results")
        .toArray();
}

// A device filter with "normal" (<= 5 shown) and "hot" (> 5) and an alarm action on entering "hot".
QString TstAlarm::filterWithAlarm(const Variable &variable, const QJsonObject &extra)
{
    auto member = m_server->clientFor(m_member);
    const HttpReply f = member->post(QStringLiteral("/api/v1/filter/"),
                                     QJsonObject {{"name", "Heat"},
                                                  {"project", m_project.slug},
                                                  {"variable", variable.slug},
                                                  {"device", m_d1.slug}});
    if (f.status != 201)
        return {};
    const QString slug = f.object().value("slug").toString();
    const QString base = QStringLiteral("/api/v1/filter/%1/").arg(slug);
    const qint64 hot =
        member->post(base + "state/", QJsonObject {{"label", "hot"}}).object().value("id").toInteger();
    const qint64 normal =
        member->post(base + "state/", QJsonObject {{"label", "normal"}}).object().value("id").toInteger();
    for (const auto &[dst, op] : {std::pair {hot, "gt"}, std::pair {normal, "le"}})
        member->post(
            base + "transition/",
            QJsonObject {{"src", QJsonValue::Null},
                         {"dst", dst},
                         {"triggers", QJsonArray {QJsonObject {{"operator", op}, {"user_threshold", 5}}}}});
    const HttpReply a = member->post(base + "action/",
                                     QJsonObject {{"type", "alm"}, {"state", hot}, {"extra_payload", extra}});
    if (a.status != 201)
        qWarning() << a.body;
    return slug;
}

void TstAlarm::raiseByHand()
{
    auto member = m_server->clientFor(m_member);
    const QJsonObject body {{"target", m_d2.slug},
                            {"name", "Door open"},
                            {"severity", "critical"},
                            {"message", "The cabinet door is open"}};
    const HttpReply first = member->post(QStringLiteral("/api/v1/alarm/"), body);
    QCOMPARE(first.status, 201);
    const QJsonObject a = first.object();
    QCOMPARE(a.value("name").toString(), QStringLiteral("Door open"));
    QCOMPARE(a.value("severity").toString(), QStringLiteral("critical"));
    QCOMPARE(a.value("target").toString(), m_d2.slug);
    QCOMPARE(a.value("target_type").toString(), QStringLiteral("device"));
    QCOMPARE(a.value("org").toString(), m_org.slug);
    QCOMPARE(a.value("project").toString(), m_project.slug);
    QCOMPARE(a.value("device").toString(), m_d2.slug);
    QCOMPARE(a.value("active").toBool(), true);
    QCOMPARE(a.value("acknowledged").toBool(), false);
    QCOMPARE(a.value("count").toInt(), 1);
    QVERIFY(isotime::parse(a.value("first_seen").toString()));
    // Raised again while active: the same alarm counts up.
    const HttpReply again = member->post(QStringLiteral("/api/v1/alarm/"), body);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.object().value("id"), a.value("id"));
    QCOMPARE(again.object().value("count").toInt(), 2);
}

void TstAlarm::raiseErrors_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::newRow("operator") << QStringLiteral("operator")
                              << QJsonObject {{"target", "DEVICE"}, {"name", "x"}} << 403;
    QTest::newRow("outsider") << QStringLiteral("outsider")
                              << QJsonObject {{"target", "DEVICE"}, {"name", "x"}} << 403;
    QTest::newRow("bad severity") << QStringLiteral("member")
                                  << QJsonObject {{"target", "DEVICE"}, {"name", "x"}, {"severity", "doom"}}
                                  << 400;
    QTest::newRow("unknown target") << QStringLiteral("member")
                                    << QJsonObject {{"target", "d--0000-0000-0000-9999"}, {"name", "x"}}
                                    << 400;
    QTest::newRow("no name") << QStringLiteral("member") << QJsonObject {{"target", "DEVICE"}} << 400;
}

void TstAlarm::raiseErrors()
{
    QFETCH(QString, who);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    if (body.value("target").toString() == QLatin1String("DEVICE"))
        body.insert("target", m_d2.slug);
    const Account &account = who == QLatin1String("operator") ? m_operator
        : who == QLatin1String("outsider")                    ? m_outsider
                                                              : m_member;
    QCOMPARE(m_server->clientFor(account)->post(QStringLiteral("/api/v1/alarm/"), body).status, status);
}

void TstAlarm::listPerProjectAndDevice()
{
    auto member = m_server->clientFor(m_member);
    member->post(
        QStringLiteral("/api/v1/alarm/"),
        QJsonObject {{"target", m_project.slug}, {"name", "Project warning"}, {"severity", "warning"}});
    const HttpReply byProject = member->get(QStringLiteral("/api/v1/alarm/?project=%1").arg(m_project.slug));
    QCOMPARE(byProject.status, 200);
    QVERIFY(byProject.object().value("count").toInt() >= 2);
    const QJsonArray byDevice = member->get(QStringLiteral("/api/v1/alarm/?device=%1").arg(m_d2.slug))
                                    .object()
                                    .value("results")
                                    .toArray();
    QVERIFY(!byDevice.isEmpty());
    for (const QJsonValue &v : byDevice)
        QCOMPARE(v.toObject().value("device").toString(), m_d2.slug);
    QCOMPARE(member->get(QStringLiteral("/api/v1/alarm/?device=%1").arg(m_d1.slug))
                 .object()
                 .value("count")
                 .toInt(),
             0);
    const QJsonArray warnings =
        member->get(QStringLiteral("/api/v1/alarm/?severity=warning")).object().value("results").toArray();
    QCOMPARE(warnings.size(), 1);
    QCOMPARE(warnings.first().toObject().value("target_type").toString(), QStringLiteral("project"));
    QCOMPARE(member->get(QStringLiteral("/api/v1/alarm/?severity=doom")).status, 400);
    QCOMPARE(member->get(QStringLiteral("/api/v1/alarm/?project=p--ffff-ffff")).status, 404);
    // Other orgs see nothing, not even with the id.
    auto outsider = m_server->clientFor(m_outsider);
    QCOMPARE(outsider->get(QStringLiteral("/api/v1/alarm/")).object().value("count").toInt(), 0);
    const QString id = QString::number(warnings.first().toObject().value("id").toInteger());
    QCOMPARE(outsider->get(QStringLiteral("/api/v1/alarm/%1/").arg(id)).status, 404);
    QCOMPARE(m_server->clientFor(m_operator)->get(QStringLiteral("/api/v1/alarm/%1/").arg(id)).status, 200);
    QVERIFY(m_server->clientFor(m_staff)
                ->get(QStringLiteral("/api/v1/alarm/?staff=1"))
                .object()
                .value("count")
                .toInt()
            >= 2);
    QCOMPARE(m_server->anonymous()->get(QStringLiteral("/api/v1/alarm/")).status, 401);
}

void TstAlarm::acknowledgeAndClear()
{
    auto member = m_server->clientFor(m_member);
    const QJsonObject body {{"target", m_d1.slug}, {"name", "Battery low"}, {"severity", "minor"}};
    const HttpReply raised = member->post(QStringLiteral("/api/v1/alarm/"), body);
    QCOMPARE(raised.status, 201);
    const QString base = QStringLiteral("/api/v1/alarm/%1/").arg(raised.object().value("id").toInteger());
    QCOMPARE(m_server->clientFor(m_outsider)->post(base + "acknowledge/", QJsonObject {}).status, 404);

    // Operators acknowledge: who and when are kept.
    const qint64 before = isotime::now();
    const HttpReply ack =
        m_server->clientFor(m_operator)->post(base + "acknowledge/", QJsonObject {{"comment", "on my way"}});
    QCOMPARE(ack.status, 200);
    const QJsonObject a = ack.object();
    QCOMPARE(a.value("acknowledged").toBool(), true);
    QCOMPARE(a.value("acknowledged_by").toString(), m_operator.slug);
    QCOMPARE(a.value("ack_comment").toString(), QStringLiteral("on my way"));
    const auto ackOn = isotime::parse(a.value("acknowledged_on").toString());
    QVERIFY(ackOn && *ackOn >= before - isotime::kMicrosPerSecond);
    QCOMPARE(a.value("active").toBool(), true); // acknowledged, still active
    QCOMPARE(member->post(base + "acknowledge/", QJsonObject {}).body,
             QByteArray(R"({"detail":"Alarm already acknowledged"})"));
    QCOMPARE(member->get(QStringLiteral("/api/v1/alarm/?acknowledged=true&device=%1").arg(m_d1.slug))
                 .object()
                 .value("count")
                 .toInt(),
             1);

    const HttpReply cleared = member->post(base + "clear/", QJsonObject {{"comment", "replaced"}});
    QCOMPARE(cleared.status, 200);
    QCOMPARE(cleared.object().value("active").toBool(), false);
    QCOMPARE(cleared.object().value("cleared_by").toString(), m_member.slug);
    QVERIFY(isotime::parse(cleared.object().value("cleared_on").toString()));
    QCOMPARE(member->post(base + "clear/", QJsonObject {}).body,
             QByteArray(R"({"detail":"Alarm already cleared"})"));
    // Once cleared, the same condition is a new alarm.
    const HttpReply next = member->post(QStringLiteral("/api/v1/alarm/"), body);
    QCOMPARE(next.status, 201);
    QVERIFY(next.object().value("id") != raised.object().value("id"));
    QCOMPARE(member->get(QStringLiteral("/api/v1/alarm/?active=false&device=%1").arg(m_d1.slug))
                 .object()
                 .value("count")
                 .toInt(),
             1);
}

void TstAlarm::raisedByFilter()
{
    const QString stream = streamOf(m_d1, m_temp);
    const QString filter =
        filterWithAlarm(m_temp, QJsonObject {{"severity", "major"}, {"message", "{device} at {value}"}});
    QVERIFY(!filter.isEmpty());
    post(stream, 20); // normal
    post(stream, 70); // hot: alarm
    QTRY_COMPARE_WITH_TIMEOUT(alarmsOf(stream, "&active=true").size(), 1, 10000);
    const QJsonObject a = alarmsOf(stream, "&active=true").first().toObject();
    QCOMPARE(a.value("severity").toString(), QStringLiteral("major"));
    QCOMPARE(a.value("filter").toString(), filter);
    QCOMPARE(a.value("state").toString(), QStringLiteral("hot"));
    QCOMPARE(a.value("target_type").toString(), QStringLiteral("stream"));
    QCOMPARE(a.value("device").toString(), m_d1.slug);
    QCOMPARE(a.value("auto_clear").toBool(), true);
    QVERIFY2(a.value("message").toString().startsWith(m_d1.slug + QStringLiteral(" at 7")),
             qPrintable(a.value("message").toString()));
    post(stream, 90); // still hot: no transition, nothing new
    QCOMPARE(alarmsOf(stream).size(), 1);
    QCOMPARE(alarmsOf(stream).first().toObject().value("count").toInt(), 1);
    post(stream, 10); // back to normal: the alarm clears itself
    QTRY_COMPARE_WITH_TIMEOUT(alarmsOf(stream, "&active=true").size(), 0, 10000);
    const QJsonObject cleared = alarmsOf(stream).first().toObject();
    QCOMPARE(cleared.value("active").toBool(), false);
    QVERIFY(isotime::parse(cleared.value("cleared_on").toString()));
    QCOMPARE(cleared.value("cleared_by"), QJsonValue(QJsonValue::Null));
    post(stream, 75); // hot again: a new alarm
    QTRY_COMPARE_WITH_TIMEOUT(alarmsOf(stream, "&active=true").size(), 1, 10000);
    QCOMPARE(alarmsOf(stream).size(), 2);
}

void TstAlarm::deduplicatedWhileActive()
{
    const QString stream = streamOf(m_d1, m_pressure);
    const QString filter = filterWithAlarm(
        m_pressure, QJsonObject {{"severity", "critical"}, {"clear_on_exit", false}, {"target", "device"}});
    QVERIFY(!filter.isEmpty());
    post(stream, 80); // hot
    post(stream, 10); // normal: stays active
    post(stream, 80); // hot again: the same alarm, counted
    QTRY_COMPARE_WITH_TIMEOUT(
        alarmsOf(m_d1.slug, "&severity=critical").first().toObject().value("count").toInt(), 2, 10000);
    const QJsonArray all = alarmsOf(m_d1.slug, "&severity=critical");
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().toObject().value("active").toBool(), true);
    QCOMPARE(all.first().toObject().value("target_type").toString(), QStringLiteral("device"));
    QCOMPARE(all.first().toObject().value("stream").toString(), stream);
}

void TstAlarm::deleteNeedsManage()
{
    const HttpReply raised = m_server->clientFor(m_member)->post(
        QStringLiteral("/api/v1/alarm/"), QJsonObject {{"target", m_d2.slug}, {"name", "To delete"}});
    QCOMPARE(raised.status, 201);
    const QString path = QStringLiteral("/api/v1/alarm/%1/").arg(raised.object().value("id").toInteger());
    QCOMPARE(m_server->clientFor(m_member)->del(path).status, 403);
    QCOMPARE(m_server->clientFor(m_outsider)->del(path).status, 404);
    QCOMPARE(m_server->clientFor(m_owner)->del(path).status, 204);
    QCOMPARE(m_server->clientFor(m_owner)->get(path).status, 404);
}

QTEST_GUILESS_MAIN(TstAlarm)
#include "tst_alarm.moc"
