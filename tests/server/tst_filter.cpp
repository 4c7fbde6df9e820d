#include "common/util/isotime.h"
#include "server/app/serverconfig.h"
#include "server/domain/filterhooks.h"
#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/smtpsink.h"
#include "tests/support/testserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QMutex>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

namespace {

// Firings the "tst-hook" custom action saw (the hook runs on a worker thread).
QMutex g_hookMutex;
QList<QJsonObject> g_hookFirings;

QList<QJsonObject> hookFirings()
{
    QMutexLocker lock(&g_hookMutex);
    return g_hookFirings;
}

// A webhook receiver: takes HTTP/1.1 POSTs on loopback, answers 200 and keeps each request's headers and
// body so the test can check the signature.
class HookReceiver : public QObject
{
public:
    struct Request
    {
        QByteArray head;
        QHash<QByteArray, QByteArray> headers;
        QByteArray body;
    };

    HookReceiver()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/hook").arg(m_server.serverPort()); }
    QList<Request> requests;

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request r;
        r.head = buffer.left(end);
        for (const QByteArray &line : r.head.split('\n').mid(1)) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                r.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        r.body = buffer.mid(end + 4, length);
        buffer.clear();
        requests.append(r);
        socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        socket->disconnectFromHost();
    }
    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace

// /api/v1/filter/ over real HTTP: CRUD and who may do it, states/transitions/triggers/actions as the
// original, thresholds in output units, and evaluation on ingest with every action type run by the
// worker: email into an SMTP sink, a signed webhook, a derived value, a custom hook; project-wide filters
// and the priority of a stream's own filter.
class TstFilter : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void createAndCrud();
    void createErrors_data();
    void createErrors();
    void access_data();
    void access();
    void statesTransitionsTriggers();
    void actionsValidation();
    void emailOnTransition();
    void webhookSigned();
    void derivedValueAndCustomHook();
    void projectWideAndPriority();
    void eventsAlwaysQualify();

private:
    QString createFilter(const Variable &variable, const Device *device, const QString &name = {});
    qint64 addState(const QString &filter, const QString &label);
    // Two states, "low" (value <= 5 in output units) and "high" (> 5), entered from anywhere.
    void lowHigh(const QString &filter, qint64 &low, qint64 &high);
    void addAction(const QString &filter, qint64 state, const QString &type, const QJsonObject &extra,
                   const QString &on = QStringLiteral("entry"));
    void post(const QString &stream, qint64 intValue);
    QString streamOf(const Device &device, const Variable &variable) const;

    std::unique_ptr<SmtpSink> m_smtp;
    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_operator, m_outsider, m_staff;
    Org m_org;
    Project m_project;
    Variable m_temp, m_level, m_hook, m_drv, m_derivedOut, m_wide, m_api, m_events;
    Device m_d1, m_d2;
    QString m_accessFilter;
    qint64 m_ts = 0;
};

QString TstFilter::streamOf(const Device &device, const Variable &variable) const
{
    return QStringLiteral("s--%1--%2--%3")
        .arg(m_project.slug.mid(3), device.slug.mid(3))
        .arg(variable.lid, 4, 16, QLatin1Char('0'));
}

void TstFilter::initTestCase()
{
    m_smtp = std::make_unique<SmtpSink>();
    const QString smtpUrl = m_smtp->url();
    m_server = std::make_unique<TestServer>([&](ServerConfig &c) {
        c.mailUrl = smtpUrl;
        c.workerPollMs = 100;
    });
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("owner password"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("member password"));
    m_operator = m_server->createUser(QStringLiteral("operator@example.com"), QStringLiteral("op password"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("out password"));
    m_staff =
        m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("staff password"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Filter Org"), m_owner);
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.member(m_org, m_operator, QStringLiteral("r1"));
    seed.org(QStringLiteral("Elsewhere"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Filter Project"), m_owner);
    // Stored value = int_value (input x1/1); shown value = stored / 10 (output x1/10).
    const VarType type = seed.varType(QStringLiteral("Temperature"), 1, 1, 1, 10);
    m_temp = seed.variable(m_project, 0x5001, QStringLiteral("Temp"), &type);
    m_level = seed.variable(m_project, 0x5002, QStringLiteral("Level"), &type);
    m_derivedOut = seed.variable(m_project, 0x5003, QStringLiteral("Derived"));
    m_hook = seed.variable(m_project, 0x5004, QStringLiteral("Hooked"), &type);
    m_drv = seed.variable(m_project, 0x5005, QStringLiteral("Drv"), &type);
    m_wide = seed.variable(m_project, 0x5006, QStringLiteral("Wide"), &type);
    m_api = seed.variable(m_project, 0x5007, QStringLiteral("Api"), &type);
    m_events = seed.variable(m_project, 0x5008, QStringLiteral("Events"), &type);
    m_d1 = seed.claim(seed.device(0xf1, nullptr, QStringLiteral("Boiler")), m_project, m_owner);
    m_d2 = seed.claim(seed.device(0xf2), m_project, m_owner);
    for (const Variable *v : {&m_temp, &m_level, &m_derivedOut, &m_hook, &m_drv, &m_wide, &m_events})
        seed.stream(m_d1, m_project, *v);
    seed.stream(m_d2, m_project, m_temp);
    seed.stream(m_d2, m_project, m_wide);
    seed.stream(m_d2, m_project, m_api);
    m_ts = *isotime::parse(QByteArrayView("2026-03-01T00:00:00Z"));

    FilterHooks::global().add(QStringLiteral("tst-hook"),
                              [](const QJsonObject &firing, JobContext &) -> Status {
                                  QMutexLocker lock(&g_hookMutex);
                                  g_hookFirings.append(firing);
                                  return Ok {};
                              });
    m_accessFilter = createFilter(m_level, nullptr, QStringLiteral("access"));
    QVERIFY(!m_accessFilter.isEmpty());
}

void TstFilter::cleanupTestCase()
{
    m_server.reset();
    m_smtp.reset();
    FilterHooks::global().remove(QStringLiteral("tst-hook"));
}

QString TstFilter::createFilter(const Variable &variable, const Device *device, const QString &name)
{
    QJsonObject body {{"name", name}, {"project", m_project.slug}, {"variable", variable.slug}};
    if (device)
        body.insert("device", device->slug);
    const HttpReply r = m_server->clientFor(m_member)->post(QStringLiteral("/api/v1/filter/"), body);
    if (r.status != 201)
        qWarning() << "filter create" << r.status << r.body;
    return r.object().value("slug").toString();
}

qint64 TstFilter::addState(const QString &filter, const QString &label)
{
    const HttpReply r = m_server->clientFor(m_member)->post(
        QStringLiteral("/api/v1/filter/%1/state/").arg(filter), QJsonObject {{"label", label}});
    if (r.status != 201)
        qWarning() << "state create" << r.status << r.body;
    return r.object().value("id").toInteger();
}

void TstFilter::lowHigh(const QString &filter, qint64 &low, qint64 &high)
{
    auto client = m_server->clientFor(m_member);
    high = addState(filter, QStringLiteral("high"));
    low = addState(filter, QStringLiteral("low"));
    const QString path = QStringLiteral("/api/v1/filter/%1/transition/").arg(filter);
    QCOMPARE(client
                 ->post(path,
                        QJsonObject {{"src", QJsonValue::Null},
                                     {"dst", high},
                                     {"triggers",
                                      QJsonArray {QJsonObject {{"operator", "gt"}, {"user_threshold", 5}}}}})
                 .status,
             201);
    QCOMPARE(client
                 ->post(path,
                        QJsonObject {{"src", QJsonValue::Null},
                                     {"dst", low},
                                     {"triggers",
                                      QJsonArray {QJsonObject {{"operator", "le"}, {"user_threshold", 5}}}}})
                 .status,
             201);
}

void TstFilter::addAction(const QString &filter, qint64 state, const QString &type, const QJsonObject &extra,
                          const QString &on)
{
    const HttpReply r = m_server->clientFor(m_member)->post(
        QStringLiteral("/api/v1/filter/%1/action/").arg(filter),
        QJsonObject {{"type", type}, {"on", on}, {"state", state}, {"extra_payload", extra}});
    QVERIFY2(r.status == 201, r.body.constData());
}

void TstFilter::post(const QString &stream, qint64 intValue)
{
    m_ts += 60 * isotime::kMicrosPerSecond;
    const HttpReply r = m_server->clientFor(m_member)->post(
        QStringLiteral("/api/v1/data/"),
        QJsonObject {{"stream", stream}, {"timestamp", isotime::toString(m_ts)}, {"int_value", intValue}});
    QVERIFY2(r.status == 201, r.body.constData());
}

void TstFilter::createAndCrud()
{
    auto member = m_server->clientFor(m_member);
    const QString stream = streamOf(m_d2, m_temp);
    const HttpReply created = member->post(QStringLiteral("/api/v1/filter/"),
                                           QJsonObject {{"name", "Boiler temperature"},
                                                        {"project", m_project.slug},
                                                        {"variable", m_temp.slug},
                                                        {"device", m_d2.slug}});
    QCOMPARE(created.status, 201);
    const QJsonObject f = created.object();
    const QString slug = QStringLiteral("f--") + stream.mid(3);
    QCOMPARE(f.value("slug").toString(), slug);
    QCOMPARE(f.value("name").toString(), QStringLiteral("Boiler temperature"));
    QCOMPARE(f.value("input_stream").toString(), stream);
    QCOMPARE(f.value("project").toString(), m_project.slug);
    QCOMPARE(f.value("variable").toString(), m_temp.slug);
    QCOMPARE(f.value("device").toString(), m_d2.slug);
    QCOMPARE(f.value("active").toBool(), true);
    QCOMPARE(f.value("states").toArray(), QJsonArray {});
    QCOMPARE(f.value("transitions").toArray(), QJsonArray {});
    QCOMPARE(f.value("created_by").toInteger(), m_member.id);
    QVERIFY(isotime::parse(f.value("created_on").toString()));

    // The project-wide filter of a variable has an empty device part.
    QCOMPARE(m_accessFilter, QStringLiteral("f--%1----5002").arg(m_project.slug.mid(3)));

    const HttpReply one = member->get(QStringLiteral("/api/v1/filter/%1/").arg(slug));
    QCOMPARE(one.status, 200);
    QCOMPARE(one.object(), f);
    const HttpReply list = member->get(QStringLiteral("/api/v1/filter/?project=%1").arg(m_project.id));
    QCOMPARE(list.status, 200);
    QStringList slugs;
    for (const QJsonValue &v : list.object().value("results").toArray())
        slugs << v.toObject().value("slug").toString();
    QVERIFY(slugs.contains(slug) && slugs.contains(m_accessFilter));
    QCOMPARE(member->get(QStringLiteral("/api/v1/filter/?project=%1").arg(m_project.id + 1000))
                 .object()
                 .value("count")
                 .toInt(),
             0);
    QCOMPARE(m_server->clientFor(m_outsider)
                 ->get(QStringLiteral("/api/v1/filter/"))
                 .object()
                 .value("count")
                 .toInt(),
             0);

    // Beyond the original: a filter can be paused (inactive ones leave the list, as there).
    const HttpReply paused = member->patch(QStringLiteral("/api/v1/filter/%1/").arg(slug),
                                           QJsonObject {{"name", "Paused"}, {"active", false}});
    QCOMPARE(paused.status, 200);
    QCOMPARE(paused.object().value("name").toString(), QStringLiteral("Paused"));
    QCOMPARE(paused.object().value("active").toBool(), false);
    const HttpReply after = member->get(QStringLiteral("/api/v1/filter/?project=%1").arg(m_project.id));
    for (const QJsonValue &v : after.object().value("results").toArray())
        QVERIFY(v.toObject().value("slug").toString() != slug);
    const HttpReply staffList = m_server->clientFor(m_staff)->get(
        QStringLiteral("/api/v1/filter/?staff=1&project=%1").arg(m_project.id));
    QVERIFY(staffList.body.contains(slug.toUtf8()));

    QCOMPARE(m_server->clientFor(m_operator)->del(QStringLiteral("/api/v1/filter/%1/").arg(slug)).status,
             403);
    QCOMPARE(member->del(QStringLiteral("/api/v1/filter/%1/").arg(slug)).status, 204);
    QCOMPARE(member->get(QStringLiteral("/api/v1/filter/%1/").arg(slug)).status, 404);
}

void TstFilter::createErrors_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("error");
    const QString project = QStringLiteral("p--0000-0000"); // replaced below
    Q_UNUSED(project);
    QTest::newRow("no project") << QJsonObject {{"variable", "v--0000-0001--5001"}} << 400
                                << QByteArray(R"({"project":["This field is required."]})");
    QTest::newRow("no variable") << QJsonObject {{"project", "PROJECT"}} << 400
                                 << QByteArray(R"({"variable":["This field is required."]})");
    QTest::newRow("unknown project")
        << QJsonObject {{"project", "p--ffff-ffff"}, {"variable", "VAR"}} << 400
        << QByteArray(R"({"project":["Object with slug=p--ffff-ffff does not exist."]})");
    QTest::newRow("no stream for device")
        << QJsonObject {{"project", "PROJECT"}, {"variable", "APIVAR"}, {"device", "DEVICE1"}} << 400
        << QByteArray(
               R"({"non_field_errors":["Stream corresponding to this device and variable does not exist"]})");
    QTest::newRow("duplicate project filter")
        << QJsonObject {{"project", "PROJECT"}, {"variable", "LEVEL"}} << 400
        << QByteArray(R"({"non_field_errors":["Filter already exists"]})");
}

void TstFilter::createErrors()
{
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QByteArray, error);
    // Placeholders stand for the seeded objects (data rows are built before initTestCase ran).
    QJsonObject filled;
    const QHash<QString, QString> names = {{"PROJECT", m_project.slug},
                                           {"VAR", m_temp.slug},
                                           {"APIVAR", m_api.slug},
                                           {"LEVEL", m_level.slug},
                                           {"DEVICE1", m_d1.slug}};
    for (auto it = body.begin(); it != body.end(); ++it)
        filled.insert(it.key(), names.value(it.value().toString(), it.value().toString()));
    const HttpReply r = m_server->clientFor(m_member)->post(QStringLiteral("/api/v1/filter/"), filled);
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, error);
}

void TstFilter::access_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("read");
    QTest::addColumn<int>("write");
    QTest::newRow("anonymous") << QStringLiteral("anonymous") << 401 << 401;
    QTest::newRow("outsider") << QStringLiteral("outsider") << 403 << 403;
    QTest::newRow("operator") << QStringLiteral("operator") << 200 << 403;
    QTest::newRow("member") << QStringLiteral("member") << 200 << 201;
    QTest::newRow("owner") << QStringLiteral("owner") << 200 << 201;
    QTest::newRow("staff") << QStringLiteral("staff") << 200 << 201;
}

void TstFilter::access()
{
    QFETCH(QString, who);
    QFETCH(int, read);
    QFETCH(int, write);
    const QHash<QString, Account *> accounts = {{"outsider", &m_outsider},
                                                {"operator", &m_operator},
                                                {"member", &m_member},
                                                {"owner", &m_owner},
                                                {"staff", &m_staff}};
    auto client =
        who == QLatin1String("anonymous") ? m_server->anonymous() : m_server->clientFor(*accounts.value(who));
    QCOMPARE(client->get(QStringLiteral("/api/v1/filter/%1/").arg(m_accessFilter)).status, read);
    // The original let any signed-in user into the state/transition/trigger/action routes.
    QCOMPARE(client->get(QStringLiteral("/api/v1/filter/%1/state/").arg(m_accessFilter)).status, read);
    QCOMPARE(client
                 ->post(QStringLiteral("/api/v1/filter/%1/state/").arg(m_accessFilter),
                        QJsonObject {{"label", who}})
                 .status,
             write);
    QCOMPARE(client->get(QStringLiteral("/api/v1/filter/%1/secret/").arg(m_accessFilter)).status,
             write == 201 ? 200 : write);
}

void TstFilter::statesTransitionsTriggers()
{
    auto member = m_server->clientFor(m_member);
    const QString filter = createFilter(m_temp, &m_d2, QStringLiteral("mechanics"));
    QVERIFY(!filter.isEmpty());
    const QString states = QStringLiteral("/api/v1/filter/%1/state/").arg(filter);
    const QString transitions = QStringLiteral("/api/v1/filter/%1/transition/").arg(filter);
    const QString triggers = QStringLiteral("/api/v1/filter/%1/trigger/").arg(filter);

    const HttpReply hot = member->post(states, QJsonObject {{"label", "Too Hot"}});
    QCOMPARE(hot.status, 201);
    const qint64 hotId = hot.object().value("id").toInteger();
    QCOMPARE(hot.object(),
             (QJsonObject {{"id", double(hotId)}, {"label", "Too Hot"}, {"actions", QJsonArray {}}}));
    QCOMPARE(
        member->get(states).array(),
        (QJsonArray {QJsonObject {
            {"id", double(hotId)}, {"label", "Too Hot"}, {"slug", "too-hot"}, {"actions", QJsonArray {}}}}));
    const HttpReply dup = member->post(states, QJsonObject {{"label", "too hot"}});
    QCOMPARE(dup.status, 400);
    QCOMPARE(dup.body, QByteArray(R"({"non_field_errors":["State already exists"]})"));
    QCOMPARE(member->put(states, QJsonObject {}).body, QByteArray(R"({"error":"State label is required"})"));
    QCOMPARE(member->put(states, QJsonObject {{"label", "nope"}}).status, 404);
    QCOMPARE(member->put(states, QJsonObject {{"label", "Too Hot"}}).status, 201);
    const qint64 okId = addState(filter, QStringLiteral("OK"));

    // Thresholds are typed in the output unit (x1/10) and kept in the stored unit.
    const HttpReply t = member->post(
        transitions,
        QJsonObject {{"src", okId},
                     {"dst", hotId},
                     {"triggers", QJsonArray {QJsonObject {{"operator", "gt"}, {"user_threshold", 5}}}}});
    QCOMPARE(t.status, 201);
    const QString transitionId = t.object().value("id").toString();
    QVERIFY(!transitionId.isEmpty());
    const QJsonObject trigger = t.object().value("triggers").toArray().first().toObject();
    QCOMPARE(trigger.value("operator").toString(), QStringLiteral("gt"));
    QCOMPARE(trigger.value("get_operator_display").toString(), QStringLiteral("Greater than (>)"));
    QCOMPARE(trigger.value("user_threshold").toDouble(), 5.0);
    QCOMPARE(trigger.value("threshold").toDouble(), 50.0);
    QVERIFY(trigger.value("user_output_unit").toInteger() > 0);
    QVERIFY(!trigger.value("user_unit_full").toString().isEmpty());
    QCOMPARE(member->post(transitions, QJsonObject {{"src", okId}, {"dst", hotId}}).body,
             QByteArray(R"({"non_field_errors":["Transition already exists"]})"));
    QCOMPARE(member->post(transitions, QJsonObject {{"src", okId}, {"dst", 999999}}).status, 400);

    // PUT replaces the triggers.
    QCOMPARE(member->put(transitions, QJsonObject {{"dst", hotId}}).body,
             QByteArray(R"({"error":"src and dst are required"})"));
    const HttpReply replaced = member->put(
        transitions,
        QJsonObject {{"src", okId},
                     {"dst", hotId},
                     {"triggers", QJsonArray {QJsonObject {{"operator", "ge"}, {"user_threshold", 1.5}}}}});
    QCOMPARE(replaced.status, 201);
    const QJsonArray listed = member->get(transitions).array();
    QCOMPARE(listed.size(), 1);
    QCOMPARE(listed.first().toObject().value("src").toInteger(), okId);
    QCOMPARE(listed.first().toObject().value("dst").toInteger(), hotId);
    QCOMPARE(listed.first().toObject().value("triggers").toArray().size(), 1);
    QCOMPARE(listed.first()
                 .toObject()
                 .value("triggers")
                 .toArray()
                 .first()
                 .toObject()
                 .value("threshold")
                 .toDouble(),
             15.0);

    // Triggers on their own.
    QCOMPARE(member->post(triggers, QJsonObject {{"operator", "zz"}}).body,
             QByteArray(R"({"operator":["\"zz\" is not a valid choice."]})"));
    QCOMPARE(
        member->post(triggers, QJsonObject {{"operator", "eq"}, {"transition", "not-a-transition"}}).body,
        QByteArray(R"({"non_field_errors":["Invalid transition"]})"));
    const HttpReply extra = member->post(
        triggers, QJsonObject {{"operator", "lt"}, {"user_threshold", 9}, {"transition", transitionId}});
    QCOMPARE(extra.status, 201);
    QCOMPARE(extra.object().value("threshold").toDouble(), 90.0);
    QCOMPARE(member->get(triggers).array().size(), 2);
    QCOMPARE(member->sendJson("DELETE", triggers, QJsonObject {}).body,
             QByteArray(R"({"error":"Trigger id is required"})"));
    QCOMPARE(member->sendJson("DELETE", triggers, QJsonObject {{"id", extra.object().value("id")}}).status,
             204);
    QCOMPARE(member->sendJson("DELETE", triggers, QJsonObject {{"id", extra.object().value("id")}}).status,
             404);

    // The whole filter shows it all.
    const QJsonObject full = member->get(QStringLiteral("/api/v1/filter/%1/").arg(filter)).object();
    QCOMPARE(full.value("states").toArray().size(), 2);
    QCOMPARE(full.value("transitions").toArray().size(), 1);

    // Deleting by lookup fields.
    QCOMPARE(member->sendJson("DELETE", transitions, QJsonObject {{"id", transitionId}}).status, 204);
    QCOMPARE(member->get(transitions).array().size(), 0);
    QCOMPARE(member->sendJson("DELETE", states, QJsonObject {{"label", "Too Hot"}}).status, 204);
    QCOMPARE(member->sendJson("DELETE", states, QJsonObject {{"label", "Too Hot"}}).status, 404);
    QCOMPARE(member->get(states).array().size(), 1);
}

void TstFilter::actionsValidation()
{
    auto member = m_server->clientFor(m_member);
    const QString filter = m_accessFilter;
    const QString actions = QStringLiteral("/api/v1/filter/%1/action/").arg(filter);
    const qint64 state = addState(filter, QStringLiteral("for actions"));
    QCOMPARE(member->post(actions, QJsonObject {{"type", "zzz"}, {"state", state}}).body,
             QByteArray(R"({"type":["\"zzz\" is not a valid choice."]})"));
    QCOMPARE(
        member
            ->post(actions,
                   QJsonObject {{"type", "eml"},
                                {"on", "later"},
                                {"state", state},
                                {"extra_payload", QJsonObject {{"notification_recipient", "email:a@b.c"}}}})
            .status,
        400);
    QCOMPARE(member
                 ->post(actions,
                        QJsonObject {{"type", "eml"}, {"state", state}, {"extra_payload", QJsonObject {}}})
                 .body,
             QByteArray(R"({"extra_payload":["notification_recipient is required"]})"));
    QCOMPARE(member
                 ->post(actions,
                        QJsonObject {{"type", "whk"},
                                     {"state", state},
                                     {"extra_payload", QJsonObject {{"url", "ftp://x"}}}})
                 .status,
             400);
    QCOMPARE(member
                 ->post(actions,
                        QJsonObject {{"type", "cus"},
                                     {"state", state},
                                     {"extra_payload", QJsonObject {{"hook", "no-such-hook"}}}})
                 .status,
             400);
    QCOMPARE(member
                 ->post(actions,
                        QJsonObject {{"type", "alm"},
                                     {"state", state},
                                     {"extra_payload", QJsonObject {{"severity", "apocalyptic"}}}})
                 .status,
             400);
    // A state of another filter is refused (the original took any state id).
    const QString other = createFilter(m_hook, &m_d1, QStringLiteral("other"));
    const qint64 foreign = addState(other, QStringLiteral("foreign"));
    QCOMPARE(member
                 ->post(actions,
                        QJsonObject {{"type", "eml"},
                                     {"state", foreign},
                                     {"extra_payload",
                                      QJsonObject {{"notification_recipient", QJsonArray {"email:a@b.c"}}}}})
                 .status,
             400);
    const HttpReply ok = member->post(
        actions,
        QJsonObject {{"type", "eml"},
                     {"state", state},
                     {"extra_payload", QJsonObject {{"notification_recipient", QJsonArray {"org:admin"}}}}});
    QCOMPARE(ok.status, 201);
    QCOMPARE(ok.object().value("on").toString(), QStringLiteral("entry"));
    QCOMPARE(ok.object().value("state").toInteger(), state);
    QCOMPARE(member->sendJson("DELETE", actions, QJsonObject {}).body,
             QByteArray(R"({"error":"Action id is required"})"));
    QCOMPARE(m_server->clientFor(m_operator)
                 ->sendJson("DELETE", actions, QJsonObject {{"id", ok.object().value("id")}})
                 .status,
             403);
    QCOMPARE(member->sendJson("DELETE", actions, QJsonObject {{"id", ok.object().value("id")}}).status, 204);
    QCOMPARE(
        member->sendJson("DELETE", QStringLiteral("/api/v1/filter/%1/").arg(other), QJsonObject {}).status,
        204);
}

void TstFilter::emailOnTransition()
{
    const QString stream = streamOf(m_d1, m_temp);
    const QString filter = createFilter(m_temp, &m_d1, QStringLiteral("Boiler"));
    qint64 low = 0, high = 0;
    lowHigh(filter, low, high);
    addAction(
        filter, high, QStringLiteral("eml"),
        QJsonObject {{"notification_recipient",
                      QJsonArray {"email:ops@example.com", QStringLiteral("user:%1").arg(m_member.slug)}},
                     {"body", "{label}: {device} went {on} {state} at {value}"}});
    const qsizetype before = m_smtp->messages().size();
    post(stream, 30); // 3.0 shown: low
    post(stream, 80); // 8.0: high, mail
    QTRY_COMPARE_WITH_TIMEOUT(m_smtp->messages().size(), before + 1, 15000);
    const SmtpSink::Message mail = m_smtp->messages().last();
    QCOMPARE(mail.recipients, (QList<QByteArray> {"ops@example.com", "member@example.com"}));
    QVERIFY2(mail.text().contains(QLatin1String("Boiler: Boiler went into high at 8")),
             qPrintable(mail.text()));
    post(stream, 90); // still high: nothing
    post(stream, 20); // low
    post(stream, 85); // high again: a second mail
    QTRY_COMPARE_WITH_TIMEOUT(m_smtp->messages().size(), before + 2, 15000);
    QVERIFY(m_smtp->messages().last().text().contains(QLatin1String("8.5")));
    QTest::qWait(500);
    QCOMPARE(m_smtp->messages().size(), before + 2);

    // The device's filter log (the original kept it in DynamoDB): every transition, newest first.
    const HttpReply log =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/device/%1/filterlog/").arg(m_d1.slug));
    QCOMPARE(log.status, 200);
    QJsonArray mine;
    for (const QJsonValue &v : log.object().value("device_filter_logs").toArray())
        if (v.toObject().value("target_slug").toString() == stream)
            mine.append(v);
    QCOMPARE(mine.size(), 4);
    QStringList moves;
    for (const QJsonValue &v : mine)
        moves << v.toObject().value("src").toString() + QStringLiteral(">")
                + v.toObject().value("dst").toString();
    QCOMPARE(moves, (QStringList {"low>high", "high>low", "low>high", "*>low"}));
    const QJsonObject newest = mine.first().toObject();
    QCOMPARE(newest.value("timestamp").toString().left(19), isotime::toString(m_ts).left(19));
    QCOMPARE(newest.value("triggers").toArray(),
             (QJsonArray {QJsonObject {{"operator", "gt"}, {"threshold", 50.0}}}));
    QVERIFY(!newest.value("uuid").toString().isEmpty());
    QVERIFY(m_server->clientFor(m_outsider)
                ->get(QStringLiteral("/api/v1/device/%1/filterlog/").arg(m_d1.slug))
                .status
            >= 400);
}

void TstFilter::webhookSigned()
{
    HookReceiver receiver;
    const QString stream = streamOf(m_d1, m_hook);
    // actionsValidation made (and deleted) a filter on this stream; the slug is free again.
    const QString filter = createFilter(m_hook, &m_d1, QStringLiteral("Hooked"));
    QVERIFY(!filter.isEmpty());
    qint64 low = 0, high = 0;
    lowHigh(filter, low, high);
    addAction(filter, high, QStringLiteral("whk"),
              QJsonObject {{"url", receiver.url()}, {"custom_note", "{state}!"}});
    const QByteArray secret = m_server->clientFor(m_member)
                                  ->get(QStringLiteral("/api/v1/filter/%1/secret/").arg(filter))
                                  .object()
                                  .value("secret")
                                  .toString()
                                  .toUtf8();
    QCOMPARE(secret.size(), 64);
    post(stream, 70);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.requests.size(), 1, 15000);
    const HookReceiver::Request request = receiver.requests.first();
    QVERIFY(request.head.startsWith("POST /hook HTTP/1.1"));
    const QByteArray expected = "sha256="
        + QMessageAuthenticationCode::hash(request.body, secret, QCryptographicHash::Sha256).toHex();
    QCOMPARE(request.headers.value("x-iotile-signature"), expected);
    QCOMPARE(request.headers.value("x-iotile-event"), QByteArray("filter.entry"));
    const QJsonObject payload = QJsonDocument::fromJson(request.body).object();
    QCOMPARE(payload.value("filter").toString(), filter);
    QCOMPARE(payload.value("stream").toString(), stream);
    QCOMPARE(payload.value("state").toString(), QStringLiteral("high"));
    QCOMPARE(payload.value("value").toDouble(), 70.0);
    QCOMPARE(payload.value("custom_note").toString(), QStringLiteral("high!"));
    // A forged body does not match.
    QVERIFY(expected
            != "sha256="
                + QMessageAuthenticationCode::hash(request.body + " ", secret, QCryptographicHash::Sha256)
                      .toHex());
}

void TstFilter::derivedValueAndCustomHook()
{
    const QString stream = streamOf(m_d1, m_drv);
    const QString output = streamOf(m_d1, m_derivedOut);
    const QString filter = createFilter(m_drv, &m_d1, QStringLiteral("Derive"));
    qint64 low = 0, high = 0;
    lowHigh(filter, low, high);
    addAction(filter, high, QStringLiteral("drv"), QJsonObject {{"output_stream", output}});
    addAction(filter, low, QStringLiteral("cus"), QJsonObject {{"hook", "tst-hook"}});
    const qsizetype hooks = hookFirings().size();
    post(stream, 10); // low: hook
    post(stream, 60); // high: derived point
    auto member = m_server->clientFor(m_member);
    QTRY_COMPARE_WITH_TIMEOUT(
        member->get(QStringLiteral("/api/v1/data/?filter=%1").arg(output)).object().value("count").toInt(), 1,
        15000);
    const QJsonObject point = member->get(QStringLiteral("/api/v1/data/?filter=%1").arg(output))
                                  .object()
                                  .value("results")
                                  .toArray()
                                  .first()
                                  .toObject();
    QCOMPARE(point.value("int_value").toInt(), 60);
    QCOMPARE(point.value("timestamp").toString(), isotime::toString(m_ts).left(19) + QLatin1Char('Z'));
    QTRY_COMPARE_WITH_TIMEOUT(hookFirings().size(), hooks + 1, 15000);
    const QJsonObject firing = hookFirings().at(hooks);
    QCOMPARE(firing.value("state").toString(), QStringLiteral("low"));
    QCOMPARE(firing.value("stream").toString(), stream);
    QCOMPARE(firing.value("value").toDouble(), 10.0);
}

void TstFilter::projectWideAndPriority()
{
    const QString wide = createFilter(m_wide, nullptr, QStringLiteral("Wide"));
    QVERIFY(!wide.isEmpty());
    const qint64 seen = addState(wide, QStringLiteral("seen"));
    auto member = m_server->clientFor(m_member);
    QCOMPARE(member
                 ->post(QStringLiteral("/api/v1/filter/%1/transition/").arg(wide),
                        QJsonObject {{"src", QJsonValue::Null}, {"dst", seen}})
                 .status,
             201);
    addAction(wide, seen, QStringLiteral("cus"), QJsonObject {{"hook", "tst-hook"}});
    const QString own = createFilter(m_wide, &m_d1, QStringLiteral("Own"));
    const qint64 mine = addState(own, QStringLiteral("mine"));
    QCOMPARE(member
                 ->post(QStringLiteral("/api/v1/filter/%1/transition/").arg(own),
                        QJsonObject {{"src", QJsonValue::Null}, {"dst", mine}})
                 .status,
             201);
    addAction(own, mine, QStringLiteral("cus"), QJsonObject {{"hook", "tst-hook"}});

    const qsizetype before = hookFirings().size();
    post(streamOf(m_d2, m_wide), 1); // no filter of its own: the project-wide one
    post(streamOf(m_d1, m_wide), 1); // its own filter wins
    QTRY_COMPARE_WITH_TIMEOUT(hookFirings().size(), before + 2, 15000);
    QHash<QString, QString> stateOf;
    for (const QJsonObject &f : hookFirings().mid(before))
        stateOf.insert(f.value("stream").toString(), f.value("state").toString());
    QCOMPARE(stateOf.value(streamOf(m_d2, m_wide)), QStringLiteral("seen"));
    QCOMPARE(stateOf.value(streamOf(m_d1, m_wide)), QStringLiteral("mine"));
    // Without triggers the stream stays in its state: no more firings.
    post(streamOf(m_d2, m_wide), 2);
    QTest::qWait(500);
    QCOMPARE(hookFirings().size(), before + 2);
}

// Events carry no value: every transition qualifies for them, so the first one that may leave the
// current state fires (the original's state machine on /event/ posts).
void TstFilter::eventsAlwaysQualify()
{
    const QString stream = streamOf(m_d1, m_events);
    const QString filter = createFilter(m_events, &m_d1, QStringLiteral("Events"));
    qint64 low = 0, high = 0;
    lowHigh(filter, low, high);
    addAction(filter, high, QStringLiteral("cus"), QJsonObject {{"hook", "tst-hook"}});
    addAction(filter, low, QStringLiteral("cus"), QJsonObject {{"hook", "tst-hook"}});
    const qsizetype before = hookFirings().size();
    auto member = m_server->clientFor(m_member);
    for (int i = 0; i < 2; ++i) {
        m_ts += 60 * isotime::kMicrosPerSecond;
        const HttpReply r = member->post(QStringLiteral("/api/v1/event/"),
                                         QJsonObject {{"stream", stream},
                                                      {"timestamp", isotime::toString(m_ts)},
                                                      {"extra_data", QJsonObject {{"door", "open"}}}});
        QVERIFY2(r.status == 201, r.body.constData());
    }
    QTRY_COMPARE_WITH_TIMEOUT(hookFirings().size(), before + 2, 15000);
    QStringList states;
    for (const QJsonObject &f : hookFirings().mid(before)) {
        QCOMPARE(f.value("stream").toString(), stream);
        QVERIFY(f.value("event_id").toInteger() > 0);
        QVERIFY(f.value("value").isNull());
        states << f.value("state").toString();
    }
    states.sort(); // two worker threads may run the two jobs in either order
    QCOMPARE(states, (QStringList {"high", "low"}));
}

QTEST_GUILESS_MAIN(TstFilter)
#include "tst_filter.moc"
