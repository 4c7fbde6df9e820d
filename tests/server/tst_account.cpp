#include "server/app/servercontext.h"
#include "server/mail/mailer.h"
#include "tests/support/smtpsink.h"
#include "tests/support/testserver.h"

#include <QRegularExpression>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/account/: registration with e-mail confirmation (through a real SMTP conversation), the
// caller's profile, password changes, visibility of other accounts.
class TstAccount : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void registerAndConfirm();
    void registerRejects_data();
    void registerRejects();
    void slugsStayUnique();
    void listShowsOnlyCaller();
    void retrieveVisibility();
    void patchProfile();
    void patchIgnoresPassword();
    void setPassword();
    void passwordReset();
    void deleteOwnAccount();

private:
    HttpReply login(const QString &email, const QString &password);
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<SmtpSink> m_smtp;
    Account m_alice;
    Account m_bob;
    Account m_staff;
};

void TstAccount::initTestCase()
{
    m_smtp = std::make_unique<SmtpSink>();
    const QString smtpUrl = m_smtp->url();
    m_server = std::make_unique<TestServer>([&](ServerConfig &c) {
        c.requireEmailConfirmation = true;
        c.mailUrl = smtpUrl;
    });
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_alice = m_server->createUser(QStringLiteral("alice@example.com"), QStringLiteral("alice password"));
    m_bob = m_server->createUser(QStringLiteral("bob@example.com"), QStringLiteral("bob password"));
    m_staff =
        m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("staff password"), true);
}

void TstAccount::cleanupTestCase()
{
    m_server.reset();
    m_smtp.reset();
}

HttpReply TstAccount::login(const QString &email, const QString &password)
{
    return m_server->anonymous()->post(QStringLiteral("/api/v1/auth/login/"),
                                       QJsonObject {{"email", email}, {"password", password}});
}

void TstAccount::registerAndConfirm()
{
    const qsizetype before = m_smtp->messages().size();
    const HttpReply r = m_server->anonymous()->post(QStringLiteral("/api/v1/account/"),
                                                    QJsonObject {{"username", "new.user"},
                                                                 {"email", "new.user@example.com"},
                                                                 {"password", "new user password"},
                                                                 {"confirm_password", "new user password"},
                                                                 {"name", "New User"}});
    QCOMPARE(r.status, 201);
    const QJsonObject body = r.object();
    QCOMPARE(body.value("slug").toString(), QStringLiteral("newuser"));
    QCOMPARE(body.value("username").toString(), QStringLiteral("new.user"));
    QCOMPARE(body.value("name").toString(), QStringLiteral("New User"));
    QVERIFY(body.contains("id") && body.contains("created_at"));
    QVERIFY(!body.contains("password"));

    // Inactive until the address is confirmed.
    QCOMPARE(login(QStringLiteral("new.user@example.com"), QStringLiteral("new user password")).status, 401);
    QTRY_COMPARE_WITH_TIMEOUT(m_smtp->messages().size(), before + 1, 10000);
    const SmtpSink::Message mail = m_smtp->messages().last();
    QCOMPARE(mail.recipients, QList<QByteArray> {"new.user@example.com"});
    QVERIFY(mail.subject().contains(QLatin1String("Confirm")));
    const QRegularExpressionMatch link =
        QRegularExpression(QStringLiteral("confirm-email/\\?key=([0-9a-f]+)")).match(mail.text());
    QVERIFY2(link.hasMatch(), qPrintable(mail.text()));

    QCOMPARE(m_server->anonymous()
                 ->post(QStringLiteral("/api/v1/auth/confirm-email/"), QJsonObject {{"key", "0badc0de"}})
                 .status,
             400);
    const HttpReply confirm =
        m_server->anonymous()->get(QStringLiteral("/api/v1/auth/confirm-email/?key=") + link.captured(1));
    QCOMPARE(confirm.status, 200);
    // Keys are single-use.
    QCOMPARE(m_server->anonymous()
                 ->get(QStringLiteral("/api/v1/auth/confirm-email/?key=") + link.captured(1))
                 .status,
             400);
    const HttpReply in = login(QStringLiteral("new.user@example.com"), QStringLiteral("new user password"));
    QCOMPARE(in.status, 200);
    QCOMPARE(in.object().value("name").toString(), QStringLiteral("New User")); // stored, unlike the original
}

void TstAccount::registerRejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QByteArray>("expected");
    const auto account = [](const char *username, const char *email, const char *password,
                            const char *confirm) {
        QJsonObject o {{"username", username}, {"email", email}};
        if (password)
            o.insert("password", password);
        if (confirm)
            o.insert("confirm_password", confirm);
        return o;
    };
    QTest::newRow("duplicate username")
        << account("alice", "fresh@example.com", "long enough", "long enough")
        << QByteArray(R"({"username":["account with this username already exists."]})");
    QTest::newRow("duplicate email, other case")
        << account("fresh", "ALICE@example.com", "long enough", "long enough")
        << QByteArray(R"({"email":["account with this email already exists."]})");
    QTest::newRow("space in username")
        << account("has space", "space@example.com", "long enough", "long enough")
        << QByteArray(R"({"username":["Username cannot have spaces"]})");
    QTest::newRow("passwords differ") << account("fresh", "fresh@example.com", "long enough", "other thing")
                                      << QByteArray(R"(["Passwords did not match"])");
    QTest::newRow("no password") << account("fresh", "fresh@example.com", nullptr, "long enough")
                                 << QByteArray(R"({"password":["This field is required."]})");
    QTest::newRow("no confirmation") << account("fresh", "fresh@example.com", "long enough", nullptr)
                                     << QByteArray(R"({"confirm_password":["This field is required."]})");
    QTest::newRow("short password")
        << account("fresh", "fresh@example.com", "short", "short")
        << QByteArray(
               R"({"password":["This password is too short. It must contain at least 8 characters."]})");
    QTest::newRow("bad email") << account("fresh", "fresh.example.com", "long enough", "long enough")
                               << QByteArray(R"({"email":["Enter a valid email address."]})");
    QTest::newRow("missing username") << QJsonObject {{"email", "x@example.com"},
                                                      {"password", "long enough"},
                                                      {"confirm_password", "long enough"}}
                                      << QByteArray(R"({"username":["This field is required."]})");
}

void TstAccount::registerRejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(QByteArray, expected);
    const HttpReply r = m_server->anonymous()->post(QStringLiteral("/api/v1/account/"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, expected);
}

void TstAccount::slugsStayUnique()
{
    auto staff = m_server->clientFor(m_staff);
    const auto make = [&](const char *username, const char *email) {
        return staff->post(QStringLiteral("/api/v1/account/"),
                           QJsonObject {{"username", username},
                                        {"email", email},
                                        {"password", "long enough"},
                                        {"confirm_password", "long enough"},
                                        {"verified_email", true}});
    };
    const HttpReply a = make("sam.j", "sam1@example.com");
    const HttpReply b = make("samj", "sam2@example.com");
    const HttpReply c = make("Sam-J", "sam3@example.com");
    QCOMPARE(a.status, 201);
    QCOMPARE(b.status, 201);
    QCOMPARE(c.status, 201);
    QCOMPARE(a.object().value("slug").toString(), QStringLiteral("samj"));
    QCOMPARE(b.object().value("slug").toString(), QStringLiteral("samj0"));
    QCOMPARE(c.object().value("slug").toString(), QStringLiteral("sam-j"));
    // Staff-created accounts with verified_email are active at once.
    QCOMPARE(login(QStringLiteral("sam1@example.com"), QStringLiteral("long enough")).status, 200);
}

void TstAccount::listShowsOnlyCaller()
{
    const HttpReply mine = m_server->clientFor(m_alice)->get(QStringLiteral("/api/v1/account/"));
    QCOMPARE(mine.status, 200);
    QCOMPARE(mine.object().value("count").toInt(), 1);
    QCOMPARE(mine.object().value("next"), QJsonValue(QJsonValue::Null));
    QCOMPARE(mine.object().value("results").toArray().first().toObject().value("email").toString(),
             m_alice.email);
    // Staff see every account only when they ask as staff.
    auto staff = m_server->clientFor(m_staff);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/account/")).object().value("count").toInt(), 1);
    const HttpReply all = staff->get(QStringLiteral("/api/v1/account/?staff=1&page_size=2"));
    QVERIFY(all.object().value("count").toInt() >= 3);
    QVERIFY(all.object().value("next").toString().contains(QLatin1String("page=2")));
    QVERIFY(all.object().value("next").toString().contains(QLatin1String("staff=1")));
    QCOMPARE(all.object().value("results").toArray().size(), 2);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/account/?staff=1&page=99")).status, 404);
}

void TstAccount::retrieveVisibility()
{
    auto alice = m_server->clientFor(m_alice);
    const HttpReply own = alice->get(QStringLiteral("/api/v1/account/%1/").arg(m_alice.slug));
    QCOMPARE(own.status, 200);
    QCOMPARE(own.object().value("slug").toString(), m_alice.slug);
    for (const char *key : {"id", "email", "username", "slug", "name", "tagline", "avatar", "created_at",
                            "updated_at", "is_staff"})
        QVERIFY2(own.object().contains(QLatin1String(key)), key);
    QCOMPARE(alice->get(QStringLiteral("/api/v1/account/%1/").arg(m_bob.slug)).status, 404);
    QCOMPARE(alice->get(QStringLiteral("/api/v1/account/nobody/")).status, 404);
    QCOMPARE(m_server->clientFor(m_staff)
                 ->get(QStringLiteral("/api/v1/account/%1/?staff=1").arg(m_bob.slug))
                 .status,
             200);
    QCOMPARE(m_server->anonymous()->get(QStringLiteral("/api/v1/account/%1/").arg(m_bob.slug)).status, 401);
}

void TstAccount::patchProfile()
{
    Account carol =
        m_server->createUser(QStringLiteral("carol@example.com"), QStringLiteral("carol password"));
    auto client = m_server->clientFor(carol);
    HttpReply r = client->patch(QStringLiteral("/api/v1/account/%1/").arg(carol.slug),
                                QJsonObject {{"name", "Carol C"}, {"tagline", "Measures things"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("name").toString(), QStringLiteral("Carol C"));
    QCOMPARE(r.object().value("tagline").toString(), QStringLiteral("Measures things"));
    r = client->patch(QStringLiteral("/api/v1/account/%1/").arg(carol.slug),
                      QJsonObject {{"username", "bob"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"username":["account with this username already exists."]})"));
    r = client->patch(QStringLiteral("/api/v1/account/%1/").arg(carol.slug),
                      QJsonObject {{"username", "with space"}});
    QCOMPARE(r.status, 400);
    // Renaming recomputes the slug; tokens carrying the old username stop working, as in the original.
    r = client->patch(QStringLiteral("/api/v1/account/%1/").arg(carol.slug),
                      QJsonObject {{"username", "Caroline.C"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("carolinec"));
    QCOMPARE(client->get(QStringLiteral("/api/v1/account/")).status, 401);
    // PUT needs the required fields.
    carol.username = QStringLiteral("Caroline.C");
    auto renamed = m_server->clientFor(carol);
    QCOMPARE(renamed->put(QStringLiteral("/api/v1/account/carolinec/"), QJsonObject {{"name", "x"}}).status,
             400);
    QCOMPARE(
        renamed
            ->put(QStringLiteral("/api/v1/account/carolinec/"),
                  QJsonObject {{"username", "Caroline.C"}, {"email", "carol@example.com"}, {"name", "Carol"}})
            .status,
        200);
    QCOMPARE(m_server->clientFor(m_alice)
                 ->patch(QStringLiteral("/api/v1/account/carolinec/"), QJsonObject {{"name", "hacked"}})
                 .status,
             404);
}

void TstAccount::patchIgnoresPassword()
{
    Account dave = m_server->createUser(QStringLiteral("dave@example.com"), QStringLiteral("dave password"));
    const HttpReply r =
        m_server->clientFor(dave)->patch(QStringLiteral("/api/v1/account/%1/").arg(dave.slug),
                                         QJsonObject {{"password", "changed!"}, {"tagline", "t"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(login(QStringLiteral("dave@example.com"), QStringLiteral("dave password")).status, 200);
    QCOMPARE(login(QStringLiteral("dave@example.com"), QStringLiteral("changed!")).status, 401);
}

void TstAccount::setPassword()
{
    Account erin = m_server->createUser(QStringLiteral("erin@example.com"), QStringLiteral("erin password"));
    auto client = m_server->clientFor(erin);
    QCOMPARE(client
                 ->post(QStringLiteral("/api/v1/account/%1/set_password/").arg(erin.slug),
                        QJsonObject {{"password", "short"}})
                 .status,
             400);
    QCOMPARE(client
                 ->post(QStringLiteral("/api/v1/account/%1/set_password/").arg(erin.slug),
                        QJsonObject {{"password", "a new password"}, {"old_password", "wrong"}})
                 .status,
             400);
    // Tokens issued before the change must not be accepted afterwards: wait for the next second.
    QTest::qWait(1100);
    const HttpReply r = client->post(QStringLiteral("/api/v1/account/%1/set_password/").arg(erin.slug),
                                     QJsonObject {{"password", "a new password"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("status").toString(), QStringLiteral("password set"));
    QCOMPARE(client->get(QStringLiteral("/api/v1/account/")).status, 401);
    auto fresh = m_server->anonymous();
    fresh->setAuthorization("jwt " + r.object().value("jwt").toString().toLatin1());
    QCOMPARE(fresh->get(QStringLiteral("/api/v1/account/")).status, 200);
    QCOMPARE(login(QStringLiteral("erin@example.com"), QStringLiteral("erin password")).status, 401);
    QCOMPARE(login(QStringLiteral("erin@example.com"), QStringLiteral("a new password")).status, 200);
    QCOMPARE(m_server->clientFor(m_alice)
                 ->post(QStringLiteral("/api/v1/account/%1/set_password/").arg(erin.slug),
                        QJsonObject {{"password", "hijacked password"}})
                 .status,
             404);
}

void TstAccount::passwordReset()
{
    Account frank =
        m_server->createUser(QStringLiteral("frank@example.com"), QStringLiteral("frank password"));
    const qsizetype before = m_smtp->messages().size();
    auto anonymous = m_server->anonymous();
    // Unknown addresses get the same answer (no account enumeration) and no mail.
    HttpReply r = anonymous->post(QStringLiteral("/api/v1/auth/password/reset/"),
                                  QJsonObject {{"email", "nobody@example.com"}});
    QCOMPARE(r.status, 200);
    r = anonymous->post(QStringLiteral("/api/v1/auth/password/reset/"),
                        QJsonObject {{"email", "bad address"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, QByteArray(R"({"email":["Enter a valid email address."]})"));
    r = anonymous->post(QStringLiteral("/api/v1/auth/password/reset/"),
                        QJsonObject {{"email", "Frank@example.com"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("detail").toString(), QStringLiteral("Password reset e-mail has been sent."));
    QTRY_COMPARE_WITH_TIMEOUT(m_smtp->messages().size(), before + 1, 10000);
    const SmtpSink::Message mail = m_smtp->messages().last();
    QCOMPARE(mail.recipients, QList<QByteArray> {"frank@example.com"});
    const QRegularExpressionMatch key =
        QRegularExpression(QStringLiteral("\\n\\n([0-9a-f]{48})\\n")).match(mail.text());
    QVERIFY2(key.hasMatch(), qPrintable(mail.text()));
    r = anonymous->post(QStringLiteral("/api/v1/auth/password/reset/confirm/"),
                        QJsonObject {{"key", key.captured(1)}, {"password", "frank's new password"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(login(QStringLiteral("frank@example.com"), QStringLiteral("frank's new password")).status, 200);
    r = anonymous->post(QStringLiteral("/api/v1/auth/password/reset/confirm/"),
                        QJsonObject {{"key", key.captured(1)}, {"password", "third password"}});
    QCOMPARE(r.status, 400);
}

void TstAccount::deleteOwnAccount()
{
    Account gone = m_server->createUser(QStringLiteral("gone@example.com"), QStringLiteral("gone password"));
    auto client = m_server->clientFor(gone);
    QCOMPARE(m_server->clientFor(m_alice)->del(QStringLiteral("/api/v1/account/%1/").arg(gone.slug)).status,
             404);
    QCOMPARE(client->del(QStringLiteral("/api/v1/account/%1/").arg(gone.slug)).status, 204);
    QCOMPARE(client->get(QStringLiteral("/api/v1/account/")).status, 401);
    QCOMPARE(login(QStringLiteral("gone@example.com"), QStringLiteral("gone password")).status, 401);
}

QTEST_GUILESS_MAIN(TstAccount)
#include "tst_account.moc"
