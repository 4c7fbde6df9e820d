#include "server/app/servercontext.h"
#include "server/http/jwtcodec.h"
#include "tests/support/testserver.h"

#include <QJsonDocument>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/auth/* and every Authorization scheme, over real HTTP against an in-process server.
class TstAuth : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void loginSucceeds();
    void loginFails_data();
    void loginFails();
    void loginWhenAuthenticated();
    void schemes_data();
    void schemes();
    void unauthorizedNamesRealm();
    void logoutRevokesJwt();
    void apiToken();
    void userInfo();
    void jwtObtain_data();
    void jwtObtain();
    void jwtVerify();
    void jwtRefresh();
    void refreshWindowExpired();
    void inactiveUserTokensStop();
    void throttling();

private:
    QByteArray tokenWithPayload(const Account &a, qint64 iat, qint64 exp, qint64 origIat);
    QJsonObject payloadOf(const QByteArray &jwt);

    std::unique_ptr<TestServer> m_server;
    Account m_user;
    Account m_inactive;
    Account m_other;
};

void TstAuth::initTestCase()
{
    m_server = std::make_unique<TestServer>([](ServerConfig &c) {
        c.loginMaxFailures = 3;
        c.loginLockoutSeconds = 60;
    });
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_user = m_server->createUser(QStringLiteral("User@Example.com"), QStringLiteral("correct horse"));
    m_inactive = m_server->createUser(QStringLiteral("sleepy@example.com"), QStringLiteral("correct horse"),
                                      false, false);
    m_other = m_server->createUser(QStringLiteral("other@example.com"), QStringLiteral("battery staple"));
}

void TstAuth::cleanupTestCase()
{
    m_server.reset();
}

QJsonObject TstAuth::payloadOf(const QByteArray &jwt)
{
    const QList<QByteArray> parts = jwt.split('.');
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding)).object();
}

QByteArray TstAuth::tokenWithPayload(const Account &a, qint64 iat, qint64 exp, qint64 origIat)
{
    return m_server->context().jwt().sign(QJsonObject {
        {QStringLiteral("user_id"), double(a.id)},
        {QStringLiteral("username"), a.username},
        {QStringLiteral("email"), a.email},
        {QStringLiteral("iat"), double(iat)},
        {QStringLiteral("exp"), double(exp)},
        {QStringLiteral("orig_iat"), double(origIat)},
    });
}

void TstAuth::loginSucceeds()
{
    auto client = m_server->anonymous();
    // E-mail matching ignores case.
    const HttpReply r =
        client->post(QStringLiteral("/api/v1/auth/login/"),
                     QJsonObject {{"email", "user@EXAMPLE.com"}, {"password", "correct horse"}});
    QCOMPARE(r.status, 200);
    const QJsonObject body = r.object();
    QCOMPARE(body.value("username").toString(), m_user.username);
    QCOMPARE(body.value("email").toString(), QStringLiteral("User@Example.com"));
    QCOMPARE(body.value("token").toString().size(), 40);
    const QByteArray jwt = body.value("jwt").toString().toLatin1();
    const QJsonObject claims = payloadOf(jwt);
    QCOMPARE(qint64(claims.value("user_id").toDouble()), m_user.id);
    QCOMPARE(claims.value("username").toString(), m_user.username);
    QCOMPARE(claims.value("email").toString(), m_user.email);
    const qint64 lifetime = qint64(claims.value("exp").toDouble() - claims.value("orig_iat").toDouble());
    QCOMPARE(lifetime, qint64(7 * 86400));

    // The SDK sends the token with a lower-case "jwt" scheme.
    client->setAuthorization("jwt " + jwt);
    const HttpReply account = client->get(QStringLiteral("/api/v1/account/"));
    QCOMPARE(account.status, 200);
    QCOMPARE(account.object().value("count").toInt(), 1);
    QCOMPARE(account.object().value("results").toArray().first().toObject().value("slug").toString(),
             m_user.slug);
}

void TstAuth::loginFails_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("missing email") << QByteArray(R"({"password":"x"})") << 400
                                   << QByteArray(R"({"email":["This field is required."]})");
    QTest::newRow("missing password") << QByteArray(R"({"email":"user@example.com"})") << 400
                                      << QByteArray(R"({"password":["This field is required."]})");
    QTest::newRow("invalid email") << QByteArray(R"({"email":"not-an-email","password":"x"})") << 400
                                   << QByteArray(R"({"email":["Enter a valid email address."]})");
    QTest::newRow("wrong password") << QByteArray(R"({"email":"other@example.com","password":"nope"})") << 401
                                    << QByteArray(R"("Username/password combination invalid.")");
    QTest::newRow("unknown account") << QByteArray(
        R"({"email":"ghost@example.com","password":"correct horse"})")
                                     << 401 << QByteArray(R"("Username/password combination invalid.")");
    QTest::newRow("inactive account")
        << QByteArray(R"({"email":"sleepy@example.com","password":"correct horse"})") << 401
        << QByteArray(R"("Username/password combination invalid.")");
    QTest::newRow("not json") << QByteArray("{email:") << 400 << QByteArray();
    QTest::newRow("json list")
        << QByteArray("[1,2]") << 400
        << QByteArray(R"({"non_field_errors":["Invalid data. Expected a dictionary, but got list."]})");
}

void TstAuth::loginFails()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, expected);
    auto client = std::make_unique<HttpClient>(m_server->baseUrl());
    // Each row from its own address would be nicer; the throttle's per-address limit is 4x the account's.
    const HttpReply r = client->send("POST", QStringLiteral("/api/v1/auth/login/"), body, "application/json");
    QCOMPARE(r.status, status);
    if (!expected.isEmpty())
        QCOMPARE(r.body, expected);
    else
        QVERIFY(r.object().value("detail").toString().startsWith(QLatin1String("JSON parse error")));
}

void TstAuth::loginWhenAuthenticated()
{
    auto client = m_server->clientFor(m_user);
    const HttpReply r =
        client->post(QStringLiteral("/api/v1/auth/login/"),
                     QJsonObject {{"email", "user@example.com"}, {"password", "correct horse"}});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, QByteArray(R"("Already Logged-in")"));
}

void TstAuth::schemes_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("detail");
    const QByteArray jwt = m_server->jwtFor(m_user);
    auto api = m_server->clientFor(m_user);
    const QByteArray key =
        api->get(QStringLiteral("/api/v1/auth/token/")).object().value("token").toString().toLatin1();
    QVERIFY(key.size() == 40);
    QByteArray tampered = jwt;
    tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
    QByteArray tamperedPayload = jwt;
    const qsizetype dot = tamperedPayload.indexOf('.');
    tamperedPayload[dot + 5] = tamperedPayload[dot + 5] == 'x' ? 'y' : 'x';
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray expired = tokenWithPayload(m_user, now - 8 * 86400, now - 86400, now - 8 * 86400);
    const QByteArray foreign =
        JwtCodec("another secret entirely")
            .sign(QJsonObject {
                {"user_id", double(m_user.id)}, {"username", m_user.username}, {"exp", double(now + 3600)}});
    const QByteArray noneAlg = QByteArray(R"({"typ":"JWT","alg":"none"})")
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
        + '.'
        + QJsonDocument(QJsonObject {{"user_id", double(m_user.id)},
                                     {"username", m_user.username},
                                     {"exp", double(now + 3600)}})
              .toJson(QJsonDocument::Compact)
              .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
        + '.';
    const QByteArray renamed = m_server->context().jwt().sign(QJsonObject {{"user_id", double(m_user.id)},
                                                                           {"username", "someone-else"},
                                                                           {"exp", double(now + 3600)},
                                                                           {"iat", double(now)}});

    QTest::newRow("JWT upper") << "JWT " + jwt << 200 << QString();
    QTest::newRow("jwt lower (SDK)") << "jwt " + jwt << 200 << QString();
    QTest::newRow("Jwt mixed") << "Jwt " + jwt << 200 << QString();
    QTest::newRow("Token") << "Token " + key << 200 << QString();
    QTest::newRow("token lower") << "token " + key << 200 << QString();
    QTest::newRow("unknown token key") << QByteArray("Token 0123456789012345678901234567890123456789") << 401
                                       << QStringLiteral("Invalid token.");
    QTest::newRow("other scheme is anonymous")
        << "Bearer " + jwt << 401 << QStringLiteral("Authentication credentials were not provided.");
    QTest::newRow("no header") << QByteArray() << 401
                               << QStringLiteral("Authentication credentials were not provided.");
    QTest::newRow("scheme without token")
        << QByteArray("JWT") << 401
        << QStringLiteral("Invalid Authorization header. No credentials provided.");
    QTest::newRow("spaces in token")
        << QByteArray("JWT a b") << 401
        << QStringLiteral("Invalid Authorization header. Credentials string should not contain spaces.");
    QTest::newRow("tampered signature")
        << "JWT " + tampered << 401 << QStringLiteral("Error decoding signature.");
    QTest::newRow("tampered payload")
        << "JWT " + tamperedPayload << 401 << QStringLiteral("Error decoding signature.");
    QTest::newRow("expired") << "JWT " + expired << 401 << QStringLiteral("Signature has expired.");
    QTest::newRow("other secret") << "JWT " + foreign << 401 << QStringLiteral("Error decoding signature.");
    QTest::newRow("alg none") << "JWT " + noneAlg << 401 << QStringLiteral("Error decoding signature.");
    QTest::newRow("garbage") << QByteArray("JWT not.a.token") << 401
                             << QStringLiteral("Error decoding signature.");
    QTest::newRow("renamed user") << "JWT " + renamed << 401 << QStringLiteral("Invalid signature.");
}

void TstAuth::schemes()
{
    QFETCH(QByteArray, header);
    QFETCH(int, status);
    QFETCH(QString, detail);
    auto client = m_server->anonymous();
    client->setAuthorization(header);
    const HttpReply r = client->get(QStringLiteral("/api/v1/account/"));
    QCOMPARE(r.status, status);
    if (status == 200)
        QCOMPARE(r.object().value("results").toArray().first().toObject().value("id").toInt(),
                 int(m_user.id));
    else
        QCOMPARE(r.object().value("detail").toString(), detail);
}

void TstAuth::unauthorizedNamesRealm()
{
    auto client = m_server->anonymous();
    const HttpReply r = client->get(QStringLiteral("/api/v1/account/"));
    QCOMPARE(r.status, 401);
    QCOMPARE(r.header("www-authenticate"), QByteArray(R"(JWT realm="api")"));
    // A bad token is refused even where anonymous callers are welcome (the original's JWT class does so).
    client->setAuthorization("JWT garbage.garbage.garbage");
    QCOMPARE(client->get(QStringLiteral("/api/v1/server/")).status, 401);
}

void TstAuth::logoutRevokesJwt()
{
    auto login = m_server->anonymous();
    const HttpReply r =
        login->post(QStringLiteral("/api/v1/auth/login/"),
                    QJsonObject {{"email", "other@example.com"}, {"password", "battery staple"}});
    QCOMPARE(r.status, 200);
    auto client = m_server->anonymous();
    client->setAuthorization("jwt " + r.object().value("jwt").toString().toLatin1());
    QCOMPARE(client->get(QStringLiteral("/api/v1/account/")).status, 200);
    const HttpReply out = client->post(QStringLiteral("/api/v1/auth/logout/"), QJsonObject {});
    QCOMPARE(out.status, 204);
    QVERIFY(out.body.isEmpty());
    const HttpReply after = client->get(QStringLiteral("/api/v1/account/"));
    QCOMPARE(after.status, 401);
    QCOMPARE(after.object().value("detail").toString(), QStringLiteral("Signature has been revoked."));
    // Other sessions of the same account are untouched.
    QCOMPARE(m_server->clientFor(m_other)->get(QStringLiteral("/api/v1/account/")).status, 200);
    QCOMPARE(m_server->anonymous()->post(QStringLiteral("/api/v1/auth/logout/"), QJsonObject {}).status, 401);
}

void TstAuth::apiToken()
{
    auto client = m_server->clientFor(m_other);
    const HttpReply first = client->get(QStringLiteral("/api/v1/auth/token/"));
    QCOMPARE(first.status, 200);
    const QString token = first.object().value("token").toString();
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{40}$")).match(token).hasMatch());
    QVERIFY(!first.object().value("jwt").toString().isEmpty());
    QCOMPARE(client->get(QStringLiteral("/api/v1/auth/token/")).object().value("token").toString(), token);

    auto byToken = m_server->anonymous();
    byToken->setAuthorization("Token " + token.toLatin1());
    QCOMPARE(byToken->get(QStringLiteral("/api/v1/account/")).status, 200);
    QCOMPARE(client->del(QStringLiteral("/api/v1/auth/token/")).status, 204);
    QCOMPARE(byToken->get(QStringLiteral("/api/v1/account/")).status, 401);
    const QString fresh =
        client->get(QStringLiteral("/api/v1/auth/token/")).object().value("token").toString();
    QVERIFY(fresh != token);
}

void TstAuth::userInfo()
{
    const HttpReply anonymous = m_server->anonymous()->get(QStringLiteral("/api/v1/auth/user-info/"));
    QCOMPARE(anonymous.status, 403);
    QCOMPARE(anonymous.body, QByteArray(R"("User not recognized.")"));
    const HttpReply r = m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/auth/user-info/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("username").toString(), m_user.username);
    QVERIFY(!r.object().value("jwt").toString().isEmpty());
    QVERIFY(!r.object().contains("password"));
}

void TstAuth::jwtObtain_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("error");
    QTest::newRow("by email") << QJsonObject {{"username", "other@example.com"},
                                              {"password", "battery staple"}}
                              << 200 << QByteArray();
    QTest::newRow("by username") << QJsonObject {{"username", "other"}, {"password", "battery staple"}} << 200
                                 << QByteArray();
    QTest::newRow("wrong password")
        << QJsonObject {{"username", "other"}, {"password", "x"}} << 400
        << QByteArray(R"({"non_field_errors":["Unable to log in with provided credentials."]})");
    QTest::newRow("inactive")
        << QJsonObject {{"username", "sleepy@example.com"}, {"password", "correct horse"}} << 400
        << QByteArray(R"({"non_field_errors":["Unable to log in with provided credentials."]})");
    QTest::newRow("no password") << QJsonObject {{"username", "other"}} << 400
                                 << QByteArray(R"({"password":["This field is required."]})");
}

void TstAuth::jwtObtain()
{
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QByteArray, error);
    const HttpReply r = m_server->anonymous()->post(QStringLiteral("/api/v1/auth/api-jwt-auth/"), body);
    QCOMPARE(r.status, status);
    if (status == 200) {
        const QByteArray token = r.object().value("token").toString().toLatin1();
        QCOMPARE(qint64(payloadOf(token).value("user_id").toDouble()), m_other.id);
        auto client = m_server->anonymous();
        client->setAuthorization("JWT " + token);
        QCOMPARE(client->get(QStringLiteral("/api/v1/account/")).status, 200);
    } else {
        QCOMPARE(r.body, error);
    }
}

void TstAuth::jwtVerify()
{
    auto client = m_server->anonymous();
    const QByteArray jwt = m_server->jwtFor(m_user);
    HttpReply r = client->post(QStringLiteral("/api/v1/auth/api-jwt-verify/"),
                               QJsonObject {{"token", QString::fromLatin1(jwt)}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("token").toString().toLatin1(), jwt);
    r = client->post(QStringLiteral("/api/v1/auth/api-jwt-verify/"),
                     QJsonObject {{"token", QString::fromLatin1(jwt.chopped(2))}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"non_field_errors":["Error decoding signature."]})"));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    r = client->post(
        QStringLiteral("/api/v1/auth/api-jwt-verify/"),
        QJsonObject {
            {"token", QString::fromLatin1(tokenWithPayload(m_user, now - 100, now - 10, now - 100))}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"non_field_errors":["Signature has expired."]})"));
}

void TstAuth::jwtRefresh()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 origIat = now - 30 * 86400;
    const QByteArray old = tokenWithPayload(m_user, now - 3600, now + 3600, origIat);
    const HttpReply r = m_server->anonymous()->post(QStringLiteral("/api/v1/auth/api-jwt-refresh/"),
                                                    QJsonObject {{"token", QString::fromLatin1(old)}});
    QCOMPARE(r.status, 200);
    const QByteArray fresh = r.object().value("token").toString().toLatin1();
    QVERIFY(fresh != old);
    const QJsonObject claims = payloadOf(fresh);
    QCOMPARE(qint64(claims.value("orig_iat").toDouble()), origIat); // the 180-day window keeps its start
    QVERIFY(qint64(claims.value("exp").toDouble()) >= now + 7 * 86400 - 5);
    auto client = m_server->anonymous();
    client->setAuthorization("jwt " + fresh);
    QCOMPARE(client->get(QStringLiteral("/api/v1/account/")).status, 200);

    const HttpReply expired = m_server->anonymous()->post(
        QStringLiteral("/api/v1/auth/api-jwt-refresh/"),
        QJsonObject {
            {"token", QString::fromLatin1(tokenWithPayload(m_user, now - 100, now - 10, now - 100))}});
    QCOMPARE(expired.status, 400);
    QCOMPARE(expired.body, QByteArray(R"({"non_field_errors":["Signature has expired."]})"));
}

void TstAuth::refreshWindowExpired()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray old = tokenWithPayload(m_user, now - 10, now + 3600, now - 181 * 86400);
    const HttpReply r = m_server->anonymous()->post(QStringLiteral("/api/v1/auth/api-jwt-refresh/"),
                                                    QJsonObject {{"token", QString::fromLatin1(old)}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"non_field_errors":["Refresh has expired."]})"));
}

void TstAuth::inactiveUserTokensStop()
{
    // A token issued while active stops working once the account is disabled.
    const QByteArray jwt = m_server->jwtFor(m_inactive);
    auto client = m_server->anonymous();
    client->setAuthorization("JWT " + jwt);
    const HttpReply r = client->get(QStringLiteral("/api/v1/account/"));
    QCOMPARE(r.status, 401);
    QCOMPARE(r.object().value("detail").toString(), QStringLiteral("User account is disabled."));
}

void TstAuth::throttling()
{
    Account victim =
        m_server->createUser(QStringLiteral("victim@example.com"), QStringLiteral("right password"));
    auto client = m_server->anonymous();
    const auto attempt = [&](const char *password) {
        return client->post(QStringLiteral("/api/v1/auth/login/"),
                            QJsonObject {{"email", "victim@example.com"}, {"password", password}});
    };
    for (int i = 0; i < 3; ++i)
        QCOMPARE(attempt("wrong").status, 401);
    // Locked now: even the right password is refused for a while, with a hint when to retry.
    const HttpReply locked = attempt("right password");
    QCOMPARE(locked.status, 429);
    QVERIFY(locked.header("retry-after").toInt() > 0);
    QVERIFY(
        locked.object().value("detail").toString().contains(QLatin1String("Too many failed login attempts")));
    // api-jwt-auth shares the lock.
    const HttpReply jwt =
        client->post(QStringLiteral("/api/v1/auth/api-jwt-auth/"),
                     QJsonObject {{"username", "victim@example.com"}, {"password", "right password"}});
    QCOMPARE(jwt.status, 429);
    // Other accounts from the same address still log in.
    const HttpReply other =
        client->post(QStringLiteral("/api/v1/auth/login/"),
                     QJsonObject {{"email", "other@example.com"}, {"password", "battery staple"}});
    QCOMPARE(other.status, 200);
}

QTEST_GUILESS_MAIN(TstAuth)
#include "tst_auth.moc"
