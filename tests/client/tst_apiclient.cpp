#include "common/api/account.h"
#include "common/api/apiclient.h"
#include "common/api/apierror.h"
#include "common/api/apipager.h"
#include "common/api/jwtclaims.h"
#include "server/app/servercontext.h"
#include "server/http/jwtcodec.h"
#include "tests/support/testserver.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <optional>

using namespace iotile;
using namespace iotile::test;

// The shared ApiClient against a real in-process server: login, errors as the server words them,
// following pagination, token refresh and sign-out.
class TstApiClient : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void urls();
    void loginAndAccount();
    void errorMapping_data();
    void errorMapping();
    void networkFailure();
    void pagination_data();
    void pagination();
    void paginationCancel();
    void cancelRequest();
    void refreshBeforeExpiry();
    void expiredToken_data();
    void expiredToken();
    void logoutRevokesToken();

private:
    std::unique_ptr<api::ApiClient> client(const QByteArray &token = {});
    static bool waitFor(api::ApiReply *reply);
    QByteArray tokenFor(const Account &account, qint64 iat, qint64 exp, qint64 origIat);

    std::unique_ptr<TestServer> m_server;
    Account m_user;
    Account m_staff;
    int m_accounts = 0;
};

void TstApiClient::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_user = m_server->createUser(QStringLiteral("user@example.com"), QStringLiteral("correct horse"));
    m_staff =
        m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("battery staple"), true);
    for (int i = 0; i < 5; ++i)
        m_server->createUser(QStringLiteral("member%1@example.com").arg(i),
                             QStringLiteral("member password"));
    m_accounts = 7;
}

void TstApiClient::cleanupTestCase()
{
    m_server.reset();
}

std::unique_ptr<api::ApiClient> TstApiClient::client(const QByteArray &token)
{
    auto api = std::make_unique<api::ApiClient>();
    api->setBaseUrl(QUrl(m_server->baseUrl()));
    api->setToken(token);
    return api;
}

bool TstApiClient::waitFor(api::ApiReply *reply)
{
    QSignalSpy finished(reply, &api::ApiReply::finished);
    return finished.wait(10000);
}

QByteArray TstApiClient::tokenFor(const Account &a, qint64 iat, qint64 exp, qint64 origIat)
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

void TstApiClient::urls()
{
    api::ApiClient api;
    api.setBaseUrl(QUrl(QStringLiteral("https://cloud.example.com/iotile/")));
    QCOMPARE(api.url(QStringLiteral("/api/v1/org/")).toString(),
             QStringLiteral("https://cloud.example.com/iotile/api/v1/org/"));
    QCOMPARE(api.url(QStringLiteral("/api/v1/device/"),
                     QUrlQuery {{QStringLiteral("project"), QStringLiteral("p--0000-0001")}})
                 .toString(),
             QStringLiteral("https://cloud.example.com/iotile/api/v1/device/?project=p--0000-0001"));
    // A "next" link naming another host is followed on ours: the token stays with the configured server.
    QCOMPARE(api.rebase(QUrl(QStringLiteral("http://internal:8001/iotile/api/v1/org/?page=2&page_size=1")))
                 .toString(),
             QStringLiteral("https://cloud.example.com/iotile/api/v1/org/?page=2&page_size=1"));
}

void TstApiClient::loginAndAccount()
{
    auto api = client();
    QSignalSpy tokens(api.get(), &api::ApiClient::tokenChanged);
    api::ApiReply *login = api->login(QStringLiteral("user@example.com"), QStringLiteral("correct horse"));
    QVERIFY(waitFor(login));
    QVERIFY2(login->isOk(), qPrintable(login->error().message()));
    QCOMPARE(login->status(), 200);
    QCOMPARE(tokens.size(), 1);
    QVERIFY(api->hasToken());
    const api::Account account = api::Account::fromJson(login->object());
    QCOMPARE(account.email, m_user.email);
    QCOMPARE(account.username, m_user.username);
    QCOMPARE(account.slug, m_user.slug);
    QVERIFY(!account.isStaff);
    QVERIFY(account.createdAt.isValid());
    const auto claims = api::JwtClaims::decode(api->token());
    QVERIFY(claims);
    QCOMPARE(claims->userId, m_user.id);
    QVERIFY(claims->expiresAt > QDateTime::currentSecsSinceEpoch() + 6 * 86400);

    api::ApiReply *list = api->get(QStringLiteral("/api/v1/account/"));
    QVERIFY(waitFor(list));
    QVERIFY(list->isOk());
    QCOMPARE(list->object().value(QLatin1String("count")).toInt(), 1);
    QCOMPARE(list->object()
                 .value(QLatin1String("results"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QLatin1String("slug"))
                 .toString(),
             m_user.slug);
}

void TstApiClient::errorMapping_data()
{
    QTest::addColumn<bool>("signedIn");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");

    QTest::newRow("no credentials") << false << QByteArray("GET") << QStringLiteral("/api/v1/account/")
                                    << QByteArray() << 401 << int(ErrorKind::Unauthorized)
                                    << QStringLiteral("Authentication credentials were not provided.");
    QTest::newRow("field error") << false << QByteArray("POST") << QStringLiteral("/api/v1/auth/login/")
                                 << QByteArray(R"({"email":"not-an-email","password":"x"})") << 400
                                 << int(ErrorKind::BadRequest)
                                 << QStringLiteral("email: Enter a valid email address.");
    QTest::newRow("two fields") << false << QByteArray("POST") << QStringLiteral("/api/v1/auth/login/")
                                << QByteArray("{}") << 400 << int(ErrorKind::BadRequest)
                                << QStringLiteral(
                                       "email: This field is required.; password: This field is required.");
    QTest::newRow("non-field error") << false << QByteArray("POST") << QStringLiteral("/api/v1/auth/login/")
                                     << QByteArray("[1,2]") << 400 << int(ErrorKind::BadRequest)
                                     << QStringLiteral("Invalid data. Expected a dictionary, but got list.");
    QTest::newRow("bare string 401") << false << QByteArray("POST") << QStringLiteral("/api/v1/auth/login/")
                                     << QByteArray(R"({"email":"user@example.com","password":"wrong"})")
                                     << 401 << int(ErrorKind::Unauthorized)
                                     << QStringLiteral("Username/password combination invalid.");
    QTest::newRow("bare string 403") << true << QByteArray("POST") << QStringLiteral("/api/v1/auth/login/")
                                     << QByteArray(R"({"email":"user@example.com","password":"x"})") << 403
                                     << int(ErrorKind::Forbidden) << QStringLiteral("Already Logged-in");
    QTest::newRow("not found") << true << QByteArray("GET")
                               << QStringLiteral("/api/v1/account/nobody-at-all/") << QByteArray() << 404
                               << int(ErrorKind::NotFound) << QStringLiteral("Not found.");
}

void TstApiClient::errorMapping()
{
    QFETCH(bool, signedIn);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(int, kind);
    QFETCH(QString, text);
    auto api = client(signedIn ? m_server->jwtFor(m_user) : QByteArray());
    const auto verb = method == "GET" ? api::ApiReply::Method::Get : api::ApiReply::Method::Post;
    api::ApiReply *reply = api->send(verb, api->url(path), body);
    QVERIFY(waitFor(reply));
    QVERIFY(!reply->isOk());
    QCOMPARE(reply->status(), status);
    QCOMPARE(int(reply->error().kind()), kind);
    QCOMPARE(api::ApiError::serverText(reply->error()), text);
}

void TstApiClient::networkFailure()
{
    // A port that was free a moment ago: nothing listens there.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    api::ApiClient api;
    api.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    api::ApiReply *reply = api.get(QStringLiteral("/api/v1/server/"));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->status(), 0);
    QCOMPARE(reply->error().kind(), ErrorKind::Unavailable);
    QVERIFY(!api::ApiError::serverText(reply->error()).isEmpty());
}

void TstApiClient::pagination_data()
{
    QTest::addColumn<int>("pageSize");
    QTest::newRow("one per page") << 1;
    QTest::newRow("three per page") << 3;
    QTest::newRow("single page") << 100;
}

void TstApiClient::pagination()
{
    QFETCH(int, pageSize);
    auto api = client(m_server->jwtFor(m_staff));
    api::ApiPager *pager = api->getAll(QStringLiteral("/api/v1/account/"),
                                       QUrlQuery {{QStringLiteral("staff"), QStringLiteral("1")},
                                                  {QStringLiteral("page_size"), QString::number(pageSize)}});
    QSignalSpy progress(pager, &api::ApiPager::progress);
    QSignalSpy pages(pager, &api::ApiPager::pageReceived);
    QSignalSpy finished(pager, &api::ApiPager::finished);
    QVERIFY(finished.wait(10000));
    QVERIFY2(pager->isOk(), qPrintable(pager->error().message()));
    const int expectedPages = (m_accounts + pageSize - 1) / pageSize;
    QCOMPARE(pager->pages(), expectedPages);
    QCOMPARE(pages.size(), expectedPages);
    QCOMPARE(pager->total(), qint64(m_accounts));
    QCOMPARE(pager->items().size(), m_accounts);
    QSet<QString> slugs;
    for (const QJsonValue &item : pager->items())
        slugs.insert(item.toObject().value(QLatin1String("slug")).toString());
    QCOMPARE(slugs.size(), m_accounts);
    QVERIFY(slugs.contains(m_user.slug));
    QCOMPARE(progress.size(), expectedPages);
    QCOMPARE(progress.last().at(0).toLongLong(), qint64(m_accounts));
    QCOMPARE(progress.last().at(1).toLongLong(), qint64(m_accounts));
    QCOMPARE(progress.first().at(0).toLongLong(), qint64(std::min(pageSize, m_accounts)));
}

void TstApiClient::paginationCancel()
{
    auto api = client(m_server->jwtFor(m_staff));
    api::ApiPager *pager = api->getAll(QStringLiteral("/api/v1/account/"),
                                       QUrlQuery {{QStringLiteral("staff"), QStringLiteral("1")},
                                                  {QStringLiteral("page_size"), QStringLiteral("1")}});
    connect(pager, &api::ApiPager::pageReceived, pager, [pager] { pager->cancel(); });
    QSignalSpy finished(pager, &api::ApiPager::finished);
    QVERIFY(finished.wait(10000));
    QVERIFY(pager->isCancelled());
    QVERIFY(!pager->isOk());
    QCOMPARE(pager->pages(), 1);
    QCOMPARE(pager->received(), qint64(1));
}

void TstApiClient::cancelRequest()
{
    auto api = client(m_server->jwtFor(m_user));
    api::ApiReply *reply = api->get(QStringLiteral("/api/v1/account/"));
    QSignalSpy finished(reply, &api::ApiReply::finished);
    reply->cancel();
    QVERIFY(finished.size() == 1 || finished.wait(5000));
    QVERIFY(reply->isCancelled());
    QCOMPARE(api->requestsInFlight(), 0);
}

void TstApiClient::refreshBeforeExpiry()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray shortLived = tokenFor(m_user, now - 10, now + 120, now - 10);
    auto api = client(shortLived);
    QSignalSpy tokens(api.get(), &api::ApiClient::tokenChanged);
    QSignalSpy required(api.get(), &api::ApiClient::authenticationRequired);
    // Two requests while the refresh runs: both wait for it and go out with the fresh token.
    api::ApiReply *first = api->get(QStringLiteral("/api/v1/account/"));
    api::ApiReply *second = api->get(QStringLiteral("/api/v1/auth/user-info/"));
    // The client deletes a reply once finished() has been delivered: note the outcome there, since
    // waiting for the other reply runs the event loop that deletes this one.
    std::optional<QString> firstError;
    std::optional<QString> secondError;
    connect(first, &api::ApiReply::finished, this,
            [&] { firstError = first->isOk() ? QString() : first->error().message(); });
    connect(second, &api::ApiReply::finished, this,
            [&] { secondError = second->isOk() ? QString() : second->error().message(); });
    QVERIFY(QTest::qWaitFor([&] { return firstError && secondError; }, 10000));
    QVERIFY2(firstError->isEmpty(), qPrintable(*firstError));
    QVERIFY2(secondError->isEmpty(), qPrintable(*secondError));
    QCOMPARE(tokens.size(), 1);
    QVERIFY(api->token() != shortLived);
    const auto claims = api::JwtClaims::decode(api->token());
    QVERIFY(claims);
    QVERIFY(claims->expiresAt >= now + 7 * 86400 - 5);
    QCOMPARE(claims->originalIssuedAt, now - 10);
    QCOMPARE(required.size(), 0);
}

void TstApiClient::expiredToken_data()
{
    QTest::addColumn<qint64>("margin");
    QTest::newRow("refresh before sending") << qint64(86400);
    QTest::newRow("refresh after the 401") << qint64(-1'000'000'000);
}

void TstApiClient::expiredToken()
{
    QFETCH(qint64, margin);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    // Expired tokens cannot be refreshed (drf-jwt checks "exp" on refresh too): the user signs in again.
    const QByteArray expired = tokenFor(m_user, now - 200, now - 100, now - 200);
    auto api = client(expired);
    api->setRefreshMargin(margin);
    QSignalSpy tokens(api.get(), &api::ApiClient::tokenChanged);
    QSignalSpy required(api.get(), &api::ApiClient::authenticationRequired);
    api::ApiReply *reply = api->get(QStringLiteral("/api/v1/account/"));
    QVERIFY(waitFor(reply));
    QCOMPARE(reply->status(), 401);
    QCOMPARE(api::ApiError::serverText(reply->error()), QStringLiteral("Signature has expired."));
    QVERIFY(api::ApiError::isSignatureExpired(reply->error()));
    QCOMPARE(tokens.size(), 0);
    QCOMPARE(required.size(), 1);
    QCOMPARE(required.first().first().toString(), QStringLiteral("Signature has expired."));
}

void TstApiClient::logoutRevokesToken()
{
    auto api = client();
    api::ApiReply *login = api->login(QStringLiteral("staff@example.com"), QStringLiteral("battery staple"));
    QVERIFY(waitFor(login));
    QVERIFY(login->isOk());
    const QByteArray token = api->token();
    api::ApiReply *logout = api->logout();
    QVERIFY(waitFor(logout));
    QCOMPARE(logout->status(), 204);
    QVERIFY(!api->hasToken());
    auto old = client(token);
    api::ApiReply *after = old->get(QStringLiteral("/api/v1/account/"));
    QVERIFY(waitFor(after));
    QCOMPARE(after->status(), 401);
    QCOMPARE(api::ApiError::serverText(after->error()), QStringLiteral("Signature has been revoked."));
}

QTEST_GUILESS_MAIN(TstApiClient)
#include "tst_apiclient.moc"
