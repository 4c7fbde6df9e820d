#include "server/http/jwtcodec.h"
#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QJsonDocument>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/key/ (staff key upload), /api/v1/device/<slug>/key/?type= (downloads and the a-jwt token), and
// a-jwt authentication: who the token acts as and how moving or unclaiming the device ends it.
class TstDeviceKey : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void uploadIsStaffOnly();
    void uploadRefusals_data();
    void uploadRefusals();
    void download_data();
    void download();
    void deviceTokenActsAsClaimer();
    void deviceTokenRefusals_data();
    void deviceTokenRefusals();
    void moveAndUnclaimEndTheToken();

private:
    QByteArray tokenFor(const QString &slug, const Account &who);
    QByteArray secretOf(qint64 deviceId);
    HttpReply getAs(const QByteArray &authorization, const QString &path);

    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_outsider, m_staff;
    Project m_project, m_project2;
    Device m_device, m_mover, m_unclaimed;
};

void TstDeviceKey::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    const Org org = seed.org(QStringLiteral("Meters"), m_owner);
    seed.member(org, m_member, QStringLiteral("m1"));
    seed.org(QStringLiteral("Foreign"), m_outsider);
    m_project = seed.project(org, QStringLiteral("Site 1"), m_owner);
    m_project2 = seed.project(org, QStringLiteral("Site 2"), m_owner);
    m_device = seed.claim(seed.device(0x10), m_project, m_owner);
    m_mover = seed.claim(seed.device(0x11), m_project, m_owner);
    m_unclaimed = seed.device(0x30);
    auto staff = m_server->clientFor(m_staff);
    for (const auto &[type, downloadable] :
         {std::pair {"USR", true}, std::pair {"SSH", false}, std::pair {"A-JWT-KEY", true}}) {
        const HttpReply r = staff->post(QStringLiteral("/api/v1/key/"),
                                        QJsonObject {{"slug", m_unclaimed.slug},
                                                     {"type", type},
                                                     {"downloadable", downloadable},
                                                     {"secret", QStringLiteral("secret-%1").arg(type)}});
        QCOMPARE(r.status, 201);
    }
}

void TstDeviceKey::cleanupTestCase()
{
    m_server.reset();
}

QByteArray TstDeviceKey::tokenFor(const QString &slug, const Account &who)
{
    const HttpReply r =
        m_server->clientFor(who)->get(QStringLiteral("/api/v1/device/%1/key/?type=a-jwt").arg(slug));
    if (r.status != 200)
        qWarning() << r.status << r.body;
    return r.object().value("key").toString().toLatin1();
}

QByteArray TstDeviceKey::secretOf(qint64 deviceId)
{
    Seed seed(*m_server);
    SqlQuery q = seed.db().query("SELECT secret FROM device_keys WHERE device_id = ? AND type = 'A-JWT-KEY'");
    q.bind(deviceId);
    if (!q.exec() || !q.next())
        return {};
    const QByteArray secret = q.text(0).toUtf8();
    q.raw().finish();
    return secret;
}

HttpReply TstDeviceKey::getAs(const QByteArray &authorization, const QString &path)
{
    auto client = m_server->anonymous();
    client->setAuthorization(authorization);
    return client->get(path);
}

void TstDeviceKey::uploadIsStaffOnly()
{
    const QJsonObject body {{"slug", m_device.slug}, {"type", "MQTT"}, {"secret", "pw"}};
    QCOMPARE(m_server->anonymous()->post(QStringLiteral("/api/v1/key/"), body).status, 401);
    HttpReply r = m_server->clientFor(m_owner)->post(QStringLiteral("/api/v1/key/"), body);
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, QByteArray(R"({"detail":"You do not have permission to perform this action."})"));
    // Staff need no ?staff=1 here (IsAdminUser); the default type is USR, not downloadable.
    auto staff = m_server->clientFor(m_staff);
    r = staff->post(QStringLiteral("/api/v1/key/"), body);
    QCOMPARE(r.status, 201);
    QCOMPARE(
        r.object(),
        (QJsonObject {{"slug", m_device.slug}, {"type", "MQTT"}, {"downloadable", false}, {"secret", "pw"}}));
    r = staff->post(QStringLiteral("/api/v1/key/"), QJsonObject {{"slug", "d--0010"}, {"secret", "u"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(
        r.object(),
        (QJsonObject {{"slug", m_device.slug}, {"type", "USR"}, {"downloadable", false}, {"secret", "u"}}));
    // Only POST exists.
    QCOMPARE(staff->get(QStringLiteral("/api/v1/key/")).status, 405);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/key/1/")).status, 404);
}

void TstDeviceKey::uploadRefusals_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QByteArray>("reply");
    QTest::newRow("duplicate")
        << QJsonObject {{"slug", "d--0000-0000-0000-0030"}, {"type", "USR"}, {"secret", "again"}}
        << QByteArray(R"({"non_field_errors":["The fields slug, type must make a unique set."]})");
    QTest::newRow("bad type") << QJsonObject {{"slug", "d--0000-0000-0000-0030"},
                                              {"type", "PGP"},
                                              {"secret", "x"}}
                              << QByteArray("{\"type\":[\"\\\"PGP\\\" is not a valid choice.\"]}");
    QTest::newRow("unknown device")
        << QJsonObject {{"slug", "d--0000-0000-0000-0999"}, {"secret", "x"}}
        << QByteArray(R"({"slug":["Object with slug=d--0000-0000-0000-0999 does not exist."]})");
    QTest::newRow("no secret") << QJsonObject {{"slug", "d--0000-0000-0000-0030"}, {"type", "MQTT"}}
                               << QByteArray(R"({"secret":["This field is required."]})");
    QTest::newRow("long slug") << QJsonObject {{"slug", QString(25, 'd')}, {"secret", "x"}}
                               << QByteArray(
                                      R"({"slug":["Ensure this field has no more than 24 characters."]})");
}

void TstDeviceKey::uploadRefusals()
{
    QFETCH(QJsonObject, body);
    QFETCH(QByteArray, reply);
    const HttpReply r = m_server->clientFor(m_staff)->post(QStringLiteral("/api/v1/key/"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, reply);
}

void TstDeviceKey::download_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reply");
    const QByteArray none = R"({"msg":"No key available"})";
    QTest::newRow("downloadable, type upper-cased")
        << QStringLiteral("d--0000-0000-0000-0030/key/?type=usr") << QStringLiteral("staff") << 200
        << QByteArray(R"({"key":"secret-USR"})");
    QTest::newRow("not downloadable")
        << QStringLiteral("d--0000-0000-0000-0030/key/?type=SSH") << QStringLiteral("staff") << 403 << none;
    QTest::newRow("signing key never leaves") << QStringLiteral("d--0000-0000-0000-0030/key/?type=A-JWT-KEY")
                                              << QStringLiteral("staff") << 403 << none;
    QTest::newRow("a-jwt of an unclaimed device")
        << QStringLiteral("d--0000-0000-0000-0030/key/?type=a-jwt") << QStringLiteral("staff") << 403 << none;
    QTest::newRow("unknown type") << QStringLiteral("d--0000-0000-0000-0030/key/?type=nope")
                                  << QStringLiteral("staff") << 403 << none;
    QTest::newRow("no type") << QStringLiteral("d--0000-0000-0000-0030/key/") << QStringLiteral("staff")
                             << 400 << QByteArray(R"({"msg":"No type specified"})");
    QTest::newRow("no access") << QStringLiteral("d--0000-0000-0000-0010/key/?type=a-jwt")
                               << QStringLiteral("outsider") << 403
                               << QByteArray(
                                      R"({"detail":"You do not have permission to perform this action."})");
    QTest::newRow("unknown device") << QStringLiteral("d--0000-0000-0000-0999/key/?type=usr")
                                    << QStringLiteral("member") << 404
                                    << QByteArray(R"({"detail":"Not found."})");
    QTest::newRow("anonymous") << QStringLiteral("d--0000-0000-0000-0010/key/?type=a-jwt")
                               << QStringLiteral("anonymous") << 401
                               << QByteArray(R"({"detail":"Authentication credentials were not provided."})");
}

void TstDeviceKey::download()
{
    QFETCH(QString, path);
    QFETCH(QString, who);
    QFETCH(int, status);
    QFETCH(QByteArray, reply);
    std::unique_ptr<HttpClient> client = who == QLatin1String("anonymous") ? m_server->anonymous()
        : who == QLatin1String("outsider")                                 ? m_server->clientFor(m_outsider)
        : who == QLatin1String("staff")                                    ? m_server->clientFor(m_staff)
                                                                           : m_server->clientFor(m_member);
    const HttpReply r = client->get(QStringLiteral("/api/v1/device/") + path);
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, reply);
}

void TstDeviceKey::deviceTokenActsAsClaimer()
{
    // A member asks for the token; it acts as the user who claimed the device (the owner).
    const QByteArray token = tokenFor(QStringLiteral("d--0010"), m_member);
    QVERIFY(!token.isEmpty());
    const auto payload = JwtCodec::decodeUnverified(token);
    QVERIFY(payload);
    QCOMPARE(*payload,
             (QJsonObject {{"user", m_owner.slug}, {"device", m_device.slug}, {"project", m_project.uuid}}));
    QCOMPARE(JwtCodec::verifyWith(secretOf(m_device.id), token).has_value(), true);
    QCOMPARE(secretOf(m_device.id).size(), 50);
    // The signing key is made once: the next request signs with the same key.
    QCOMPARE(tokenFor(m_device.slug, m_owner), token);

    HttpReply r = getAs("a-jwt " + token, QStringLiteral("/api/v1/device/%1/").arg(m_device.slug));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("slug").toString(), m_device.slug);
    r = getAs("a-jwt " + token, QStringLiteral("/api/v1/auth/user-info/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("username").toString(), m_owner.username);
    // The scheme is case-insensitive.
    QCOMPARE(getAs("A-JWT " + token, QStringLiteral("/api/v1/device/%1/").arg(m_device.slug)).status, 200);
}

void TstDeviceKey::deviceTokenRefusals_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("garbage") << QStringLiteral("garbage") << QByteArray("Error decoding signature.");
    QTest::newRow("no device") << QStringLiteral("no device") << QByteArray("No device in payload.");
    QTest::newRow("device without key")
        << QStringLiteral("no key") << QByteArray("No secret key found for device");
    QTest::newRow("unknown device") << QStringLiteral("unknown device")
                                    << QByteArray("No secret key found for device");
    QTest::newRow("wrong secret") << QStringLiteral("wrong secret")
                                  << QByteArray("Error decoding signature.");
    QTest::newRow("wrong project") << QStringLiteral("wrong project")
                                   << QByteArray("Token has incorrect Project");
    QTest::newRow("unknown user") << QStringLiteral("unknown user") << QByteArray("Invalid User Slug");
    QTest::newRow("alg none") << QStringLiteral("alg none") << QByteArray("Error decoding signature.");
}

void TstDeviceKey::deviceTokenRefusals()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, message);
    QVERIFY(!tokenFor(m_device.slug, m_owner).isEmpty());
    const QByteArray secret = secretOf(m_device.id);
    QJsonObject payload {{"user", m_owner.slug}, {"device", m_device.slug}, {"project", m_project.uuid}};
    QByteArray token;
    if (kind == QLatin1String("garbage"))
        token = "not.a.token";
    else if (kind == QLatin1String("no device"))
        token = JwtCodec::signWith(secret, QJsonObject {{"user", m_owner.slug}});
    else if (kind == QLatin1String("no key")) {
        payload.insert("device", m_mover.slug); // claimed, but nobody asked for its token yet
        token = JwtCodec::signWith(secret, payload);
    } else if (kind == QLatin1String("unknown device")) {
        payload.insert("device", "d--0000-0000-0000-0999");
        token = JwtCodec::signWith(secret, payload);
    } else if (kind == QLatin1String("wrong secret"))
        token = JwtCodec::signWith("another secret", payload);
    else if (kind == QLatin1String("wrong project")) {
        payload.insert("project", m_project2.uuid);
        token = JwtCodec::signWith(secret, payload);
    } else if (kind == QLatin1String("unknown user")) {
        payload.insert("user", "nobody");
        token = JwtCodec::signWith(secret, payload);
    } else {
        const auto b64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
        token = QByteArray(R"({"typ":"JWT","alg":"none"})").toBase64(b64) + '.'
            + QJsonDocument(payload).toJson(QJsonDocument::Compact).toBase64(b64) + '.';
    }
    const HttpReply r = getAs("a-jwt " + token, QStringLiteral("/api/v1/device/%1/").arg(m_device.slug));
    QCOMPARE(r.status, 401);
    QCOMPARE(r.object().value("detail").toString().toUtf8(), message);
    QCOMPARE(r.header("WWW-Authenticate"), QByteArray("JWT realm=\"api\""));
}

void TstDeviceKey::moveAndUnclaimEndTheToken()
{
    const QByteArray first = tokenFor(m_mover.slug, m_owner);
    const QString path = QStringLiteral("/api/v1/device/%1/").arg(m_mover.slug);
    QCOMPARE(getAs("a-jwt " + first, path).status, 200);

    // Moving the device to another project ends the token at once (no cached authentication).
    auto owner = m_server->clientFor(m_owner);
    QCOMPARE(owner->post(path + QStringLiteral("move/"), QJsonObject {{"project", m_project2.uuid}}).status,
             202);
    HttpReply r = getAs("a-jwt " + first, path);
    QCOMPARE(r.status, 401);
    QCOMPARE(r.body, QByteArray(R"({"detail":"Token has incorrect Project"})"));
    const QByteArray second = tokenFor(m_mover.slug, m_owner);
    QVERIFY(second != first);
    QCOMPARE(getAs("a-jwt " + second, path).status, 200);

    // Unclaiming ends it too; an unclaimed device gets no new token.
    QCOMPARE(owner->post(path + QStringLiteral("unclaim/"), QJsonObject {}).status, 202);
    r = getAs("a-jwt " + second, path);
    QCOMPARE(r.status, 401);
    QCOMPARE(r.body, QByteArray(R"({"detail":"Device is not claimed."})"));
    r = owner->get(path + QStringLiteral("key/?type=a-jwt"));
    QCOMPARE(r.status, 403); // the owner no longer sees the unclaimed device
    r = m_server->clientFor(m_staff)->get(path + QStringLiteral("key/?type=a-jwt"));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, QByteArray(R"({"msg":"No key available"})"));
}

QTEST_GUILESS_MAIN(TstDeviceKey)
#include "tst_devicekey.moc"
