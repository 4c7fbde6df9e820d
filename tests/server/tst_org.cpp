#include "server/domain/roles.h"
#include "server/store/database.h"
#include "server/store/orgstore.h"
#include "tests/support/seed.h"
#include "tests/support/smtpsink.h"
#include "tests/support/testserver.h"

#include <QRegularExpression>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/org/: orgs, members and roles, invitations by e-mail (through a real SMTP conversation).
class TstOrg : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void createMakesOwner();
    void createRejects_data();
    void createRejects();
    void listShowsMemberships();
    void retrieveVisibility_data();
    void retrieveVisibility();
    void updateNeedsPermission();
    void deleteIsStaffOnly();
    void extraAndProjects();
    void membersAndMembership();
    void registerMember_data();
    void registerMember();
    void roleChangesAndLastOwner();
    void membershipChangeSeenAfterCommit_data();
    void membershipChangeSeenAfterCommit();
    void inviteAndAccept();

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<SmtpSink> m_smtp;
    Account m_owner, m_admin, m_member, m_operator, m_outsider, m_staff;
    Org m_org;
};

void TstOrg::initTestCase()
{
    m_smtp = std::make_unique<SmtpSink>();
    const QString smtp = m_smtp->url();
    m_server = std::make_unique<TestServer>([&](ServerConfig &c) { c.mailUrl = smtp; });
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_admin = m_server->createUser(QStringLiteral("admin@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_operator = m_server->createUser(QStringLiteral("operator@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Acme Water"), m_owner);
    seed.member(m_org, m_admin, QStringLiteral("a1"));
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.member(m_org, m_operator, QStringLiteral("r1"));
    seed.org(QStringLiteral("Other Co"), m_outsider);
}

void TstOrg::cleanupTestCase()
{
    m_server.reset();
    m_smtp.reset();
}

void TstOrg::createMakesOwner()
{
    auto client = m_server->clientFor(m_member);
    const HttpReply r =
        client->post(QStringLiteral("/api/v1/org/"), QJsonObject {{"name", "New Org 7"}, {"about", "ours"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("slug").toString(), QStringLiteral("new-org-7"));
    QCOMPARE(r.object().value("created_by").toString(), m_member.slug);
    QCOMPARE(r.object().value("about").toString(), QStringLiteral("ours"));
    QVERIFY(!r.object().value("id").toString().isEmpty());
    const HttpReply mine = client->get(QStringLiteral("/api/v1/org/new-org-7/membership/"));
    QCOMPARE(mine.status, 200);
    QCOMPARE(mine.object().value("role").toString(), QStringLiteral("a0"));
    QCOMPARE(mine.object().value("role_name").toString(), QStringLiteral("a0 - Owner"));
    QCOMPARE(mine.object().value("permissions").toObject().value("can_delete_org").toBool(), true);
    QCOMPARE(mine.object().value("permissions").toObject().value("can_manage_ota").toBool(), false);
}

void TstOrg::createRejects_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("no name") << QJsonObject {{"about", "x"}}
                             << QByteArray(R"({"name":["This field is required."]})");
    QTest::newRow("same name") << QJsonObject {{"name", "acme water"}}
                               << QByteArray(
                                      R"({"name":["Organization with this Company Name already exists."]})");
    QTest::newRow("same slug") << QJsonObject {{"name", "Acme-Water"}}
                               << QByteArray(R"(["Organization with this Name produces duplicate slug."])");
    QTest::newRow("too long") << QJsonObject {{"name", QString(51, QLatin1Char('x'))}}
                              << QByteArray(
                                     R"({"name":["Ensure this field has no more than 50 characters."]})");
}

void TstOrg::createRejects()
{
    QFETCH(QJsonObject, body);
    QFETCH(QByteArray, expected);
    const HttpReply r = m_server->clientFor(m_owner)->post(QStringLiteral("/api/v1/org/"), body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body, expected);
    QCOMPARE(m_server->anonymous()->post(QStringLiteral("/api/v1/org/"), body).status, 401);
}

void TstOrg::listShowsMemberships()
{
    const HttpReply r = m_server->clientFor(m_operator)->get(QStringLiteral("/api/v1/org/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 1);
    QCOMPARE(r.object().value("results").toArray().first().toObject().value("slug").toString(), m_org.slug);
    QCOMPARE(
        m_server->clientFor(m_outsider)->get(QStringLiteral("/api/v1/org/")).object().value("count").toInt(),
        1);
    auto staff = m_server->clientFor(m_staff);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/org/")).object().value("count").toInt(), 0);
    const int all = staff->get(QStringLiteral("/api/v1/org/?staff=1")).object().value("count").toInt();
    QVERIFY(all >= 2);
    const HttpReply search = staff->get(QStringLiteral("/api/v1/org/?staff=1&search=WATER"));
    QCOMPARE(search.object().value("count").toInt(), 1);
    const HttpReply byCreator =
        staff->get(QStringLiteral("/api/v1/org/?staff=1&created_by=%1").arg(m_outsider.id));
    QCOMPARE(byCreator.object().value("results").toArray().first().toObject().value("slug").toString(),
             QStringLiteral("other-co"));
}

void TstOrg::retrieveVisibility_data()
{
    QTest::addColumn<int>("who");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::newRow("owner") << 0 << QString() << 200;
    QTest::newRow("operator") << 3 << QString() << 200;
    QTest::newRow("outsider") << 4 << QString() << 404;
    QTest::newRow("staff without staff=1") << 5 << QString() << 404;
    QTest::newRow("staff with staff=1") << 5 << QStringLiteral("?staff=1") << 200;
    QTest::newRow("anonymous") << -1 << QString() << 401;
}

void TstOrg::retrieveVisibility()
{
    QFETCH(int, who);
    QFETCH(QString, query);
    QFETCH(int, status);
    const Account *accounts[] = {&m_owner, &m_admin, &m_member, &m_operator, &m_outsider, &m_staff};
    auto client = who < 0 ? m_server->anonymous() : m_server->clientFor(*accounts[who]);
    const HttpReply r = client->get(QStringLiteral("/api/v1/org/%1/%2").arg(m_org.slug, query));
    QCOMPARE(r.status, status);
    if (status == 200) {
        QCOMPARE(r.object().value("name").toString(), QStringLiteral("Acme Water"));
        QCOMPARE(r.object().value("created_by").toString(), m_owner.slug);
        QVERIFY(r.object().value("avatar").toObject().contains("tiny"));
        QVERIFY(r.object().value("domain_names").isArray());
    }
}

void TstOrg::updateNeedsPermission()
{
    HttpReply r = m_server->clientFor(m_member)->patch(QStringLiteral("/api/v1/org/%1/").arg(m_org.slug),
                                                       QJsonObject {{"about", "x"}});
    QCOMPARE(r.status, 403);
    QCOMPARE(r.object().value("detail").toString(),
             QStringLiteral("Access Denied due to lack of sufficient permissions"));
    r = m_server->clientFor(m_admin)->patch(QStringLiteral("/api/v1/org/%1/").arg(m_org.slug),
                                            QJsonObject {{"about", "Water meters"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("about").toString(), QStringLiteral("Water meters"));
    QCOMPARE(m_server->clientFor(m_outsider)
                 ->patch(QStringLiteral("/api/v1/org/%1/").arg(m_org.slug), QJsonObject {{"about", "x"}})
                 .status,
             404);
}

void TstOrg::deleteIsStaffOnly()
{
    Seed seed(*m_server);
    const Org doomed = seed.org(QStringLiteral("Doomed"), m_owner);
    HttpReply r = m_server->clientFor(m_owner)->del(QStringLiteral("/api/v1/org/doomed/"));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.body, QByteArray(R"({"error":"Restricted Access. Contact Arch"})"));
    QCOMPARE(m_server->clientFor(m_staff)->del(QStringLiteral("/api/v1/org/doomed/")).status, 403);
    QCOMPARE(m_server->clientFor(m_staff)->del(QStringLiteral("/api/v1/org/doomed/?staff=1")).status, 204);
    QCOMPARE(m_server->clientFor(m_owner)->get(QStringLiteral("/api/v1/org/doomed/")).status, 404);
    Q_UNUSED(doomed);
}

void TstOrg::extraAndProjects()
{
    Seed seed(*m_server);
    seed.project(m_org, QStringLiteral("Pumps"), m_owner);
    seed.project(m_org, QStringLiteral("Anemometers"), m_owner);
    auto client = m_server->clientFor(m_member);
    const HttpReply extra = client->get(QStringLiteral("/api/v1/org/%1/extra/").arg(m_org.slug));
    QCOMPARE(extra.status, 200);
    const QJsonObject counts = extra.object().value("counts").toObject();
    QCOMPARE(counts.value("projects").toInt(), 2);
    QCOMPARE(counts.value("members").toInt(), 4);
    QCOMPARE(extra.object().value("current_member").toObject().value("role").toString(),
             QStringLiteral("m1"));
    const HttpReply projects = client->get(QStringLiteral("/api/v1/org/%1/projects/").arg(m_org.slug));
    QCOMPARE(projects.object().value("count").toInt(), 2);
    // Ordered by name.
    QCOMPARE(projects.object().value("results").toArray().first().toObject().value("name").toString(),
             QStringLiteral("Anemometers"));
}

void TstOrg::membersAndMembership()
{
    HttpReply r =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/org/%1/members/").arg(m_org.slug));
    QCOMPARE(r.status, 403);
    r = m_server->clientFor(m_admin)->get(QStringLiteral("/api/v1/org/%1/members/").arg(m_org.slug));
    QCOMPARE(r.status, 200);
    QVERIFY(r.object().value("count").toInt() >= 4);
    const QJsonObject first = r.object().value("results").toArray().first().toObject();
    QCOMPARE(first.value("user").toString(), m_owner.slug);
    QCOMPARE(first.value("user_details").toObject().value("email").toString(), m_owner.email);
    QCOMPARE(first.value("is_org_admin").toBool(), true);
    r = m_server->clientFor(m_operator)->get(QStringLiteral("/api/v1/org/%1/membership/").arg(m_org.slug));
    QCOMPARE(r.object().value("role").toString(), QStringLiteral("r1"));
    const QJsonObject permissions = r.object().value("permissions").toObject();
    QCOMPARE(permissions.size(), 25);
    QCOMPARE(permissions.value("can_create_stream_data").toBool(), true);
    QCOMPARE(permissions.value("can_read_stream_data").toBool(), false);
    // A staff member who is not in the org gets 404 (the original crashed with a 500).
    QCOMPARE(m_server->clientFor(m_staff)
                 ->get(QStringLiteral("/api/v1/org/%1/membership/").arg(m_org.slug))
                 .status,
             404);
}

void TstOrg::registerMember_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("error");
    QTest::newRow("owner role refused") << QJsonObject {{"user", "staff"}, {"role", "a0"}} << 400
                                        << QByteArray(R"({"role":["\"a0\" is not a valid choice."]})");
    QTest::newRow("support role refused") << QJsonObject {{"user", "staff"}, {"role", "s0"}} << 400
                                          << QByteArray(R"({"role":["\"s0\" is not a valid choice."]})");
    QTest::newRow("unknown user") << QJsonObject {{"user", "nobody"}} << 400
                                  << QByteArray(R"({"user":["Object with slug=nobody does not exist."]})");
    QTest::newRow("already member") << QJsonObject {{"user", "member"}} << 400
                                    << QByteArray(R"({"error":"Member already exists"})");
    QTest::newRow("developer") << QJsonObject {{"user", "staff"}, {"role", "d1"}} << 201 << QByteArray();
}

void TstOrg::registerMember()
{
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QByteArray, error);
    QCOMPARE(m_server->clientFor(m_member)
                 ->post(QStringLiteral("/api/v1/org/%1/register/").arg(m_org.slug), body)
                 .status,
             403);
    const HttpReply r =
        m_server->clientFor(m_admin)->post(QStringLiteral("/api/v1/org/%1/register/").arg(m_org.slug), body);
    QCOMPARE(r.status, status);
    if (status != 201) {
        QCOMPARE(r.body, error);
        return;
    }
    QCOMPARE(r.object().value("role").toString(), QStringLiteral("d1"));
    // The role's own permissions (the original stored a member's whatever the role).
    QCOMPARE(r.object().value("permissions").toObject().value("can_manage_ota").toBool(), true);
    QCOMPARE(r.object().value("permissions").toObject(),
             Roles::toJson(Roles::permissions(QStringLiteral("d1"))));
}

void TstOrg::roleChangesAndLastOwner()
{
    Seed seed(*m_server);
    Account a = m_server->createUser(QStringLiteral("solo@example.com"), QStringLiteral("password1"));
    Account b = m_server->createUser(QStringLiteral("helper@example.com"), QStringLiteral("password1"));
    const Org org = seed.org(QStringLiteral("Solo Org"), a);
    seed.member(org, b, QStringLiteral("a1"));
    auto owner = m_server->clientFor(a);
    auto admin = m_server->clientFor(b);
    const QString base = QStringLiteral("/api/v1/org/solo-org/members/");
    // Admins cannot make owners; owners can.
    QCOMPARE(admin->patch(base + b.slug + QLatin1Char('/'), QJsonObject {{"role", "a0"}}).status, 403);
    // The last owner cannot step down or leave.
    HttpReply r = owner->patch(base + a.slug + QLatin1Char('/'), QJsonObject {{"role", "m1"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(owner->del(base + a.slug + QLatin1Char('/')).status, 400);
    r = owner->patch(base + b.slug + QLatin1Char('/'), QJsonObject {{"role", "a0"}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("role").toString(), QStringLiteral("a0"));
    QCOMPARE(owner->patch(base + a.slug + QLatin1Char('/'), QJsonObject {{"role", "m1"}}).status, 200);
    // Deactivated members lose access at once.
    r = m_server->clientFor(b)->patch(base + a.slug + QLatin1Char('/'), QJsonObject {{"is_active", false}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("role").toString(), QStringLiteral("00"));
    QCOMPARE(r.object().value("role_name").toString(), QStringLiteral("Unknown Role"));
    QCOMPARE(owner->get(QStringLiteral("/api/v1/org/solo-org/")).status, 404);
    QCOMPARE(m_server->clientFor(b)
                 ->get(QStringLiteral("/api/v1/org/solo-org/members/?all=1"))
                 .object()
                 .value("count")
                 .toInt(),
             2);
    QCOMPARE(m_server->clientFor(b)
                 ->get(QStringLiteral("/api/v1/org/solo-org/members/"))
                 .object()
                 .value("count")
                 .toInt(),
             1);
}

void TstOrg::membershipChangeSeenAfterCommit_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("path"); // under the org
    QTest::addColumn<int>("before");
    QTest::addColumn<int>("after");
    QTest::newRow("removed") << "remove"
                             << "" << 200 << 404;
    QTest::newRow("deactivated") << "deactivate"
                                 << "" << 200 << 404;
    QTest::newRow("admin demoted") << "demote"
                                   << "members/" << 200 << 403;
    QTest::newRow("added") << "add"
                           << "" << 404 << 200;
}

void TstOrg::membershipChangeSeenAfterCommit()
{
    // Memberships are cached for a few seconds. A request served while a change is not yet committed
    // reads (and may keep) the old ones; the commit must clear them, or the change would show late.
    QFETCH(QString, change);
    QFETCH(QString, path);
    QFETCH(int, before);
    QFETCH(int, after);
    Seed seed(*m_server);
    static int n = 0;
    ++n;
    const Account user =
        m_server->createUser(QStringLiteral("cached%1@example.com").arg(n), QStringLiteral("password1"));
    const Org org = seed.org(QStringLiteral("Cache Org %1").arg(n), m_owner);
    std::optional<Membership> membership;
    if (change != QLatin1String("add"))
        membership = seed.member(org, user, QStringLiteral("a1"));
    auto client = m_server->clientFor(user);
    const QString url = QStringLiteral("/api/v1/org/%1/%2").arg(org.slug, path);
    QCOMPARE(client->get(url).status, before);
    {
        Transaction tx(seed.db());
        QVERIFY(tx.started());
        OrgStore store(seed.db());
        if (change == QLatin1String("remove")) {
            QVERIFY(store.removeMember(org.id, user.id));
        } else if (change == QLatin1String("add")) {
            QVERIFY(store.addMember(org.id, user.id, QStringLiteral("m1"), true));
        } else {
            Membership m = *membership;
            if (change == QLatin1String("deactivate")) {
                m.isActive = false;
            } else {
                m.role = QStringLiteral("m1");
                m.isOrgAdmin = false;
                m.permissions = Roles::permissions(m.role);
            }
            QVERIFY(store.updateMember(m));
        }
        // Served on an HTTP thread: the change is not visible yet.
        QCOMPARE(client->get(url).status, before);
        QVERIFY(tx.commit());
    }
    QCOMPARE(client->get(url).status, after);
}

void TstOrg::inviteAndAccept()
{
    auto admin = m_server->clientFor(m_admin);
    HttpReply r = admin->post(QStringLiteral("/api/v1/org/%1/invite/").arg(m_org.slug),
                              QJsonObject {{"email", "not an email"}});
    QCOMPARE(r.status, 400);
    QCOMPARE(m_server->clientFor(m_member)
                 ->post(QStringLiteral("/api/v1/org/%1/invite/").arg(m_org.slug),
                        QJsonObject {{"email", "guest@example.com"}})
                 .status,
             403);
    const qsizetype before = m_smtp->messages().size();
    r = admin->post(QStringLiteral("/api/v1/org/%1/invite/").arg(m_org.slug),
                    QJsonObject {{"email", "Guest@Example.com"}, {"role", "r1"}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("email").toString(), QStringLiteral("guest@example.com"));
    QTRY_COMPARE_WITH_TIMEOUT(m_smtp->messages().size(), before + 1, 10000);
    const SmtpSink::Message mail = m_smtp->messages().last();
    QCOMPARE(mail.recipients, QList<QByteArray> {"guest@example.com"});
    QVERIFY(mail.subject().contains(QLatin1String("Acme Water")));
    const QRegularExpressionMatch token =
        QRegularExpression(QStringLiteral("\"token\": \"([0-9a-f]+)\"")).match(mail.text());
    QVERIFY2(token.hasMatch(), qPrintable(mail.text()));
    const HttpReply pending = admin->get(QStringLiteral("/api/v1/org/%1/pending/").arg(m_org.slug));
    QCOMPARE(pending.object().value("count").toInt(), 1);
    QCOMPARE(pending.object().value("results").toArray().first().toObject().value("sent_by").toString(),
             m_admin.slug);

    // Someone else holding the token gets nothing.
    QCOMPARE(m_server->clientFor(m_outsider)
                 ->post(QStringLiteral("/api/v1/org/invitation/accept/"),
                        QJsonObject {{"token", token.captured(1)}})
                 .status,
             404);
    Account guest = m_server->createUser(QStringLiteral("guest@example.com"), QStringLiteral("password1"));
    auto client = m_server->clientFor(guest);
    QCOMPARE(client->get(QStringLiteral("/api/v1/org/%1/").arg(m_org.slug)).status, 404);
    r = client->post(QStringLiteral("/api/v1/org/invitation/accept/"),
                     QJsonObject {{"token", token.captured(1)}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.object().value("role").toString(), QStringLiteral("r1"));
    QCOMPARE(r.object().value("org").toString(), m_org.slug);
    QCOMPARE(client->get(QStringLiteral("/api/v1/org/%1/").arg(m_org.slug)).status, 200);
    QCOMPARE(
        admin->get(QStringLiteral("/api/v1/org/%1/pending/").arg(m_org.slug)).object().value("count").toInt(),
        0);
    QCOMPARE(client
                 ->post(QStringLiteral("/api/v1/org/invitation/accept/"),
                        QJsonObject {{"token", token.captured(1)}})
                 .status,
             404);
}

QTEST_GUILESS_MAIN(TstOrg)
#include "tst_org.moc"
