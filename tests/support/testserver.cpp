#include "tests/support/testserver.h"

#include "server/app/server.h"
#include "server/app/servercontext.h"
#include "server/domain/passwordhasher.h"
#include "server/http/authenticator.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"

#include <QLoggingCategory>

namespace iotile::test {

TestServer::TestServer(const Tweak &tweak)
{
    QLoggingCategory::setFilterRules(QStringLiteral("iotile.access.info=false\nqt.httpserver.warning=false"));
    m_config.listenAddress = QHostAddress(QHostAddress::LocalHost);
    m_config.port = 0;
    m_config.dataDir = m_database.dataDir();
    m_config.databaseUrl = m_database.url();
    m_config.httpThreads = 2;
    m_config.passwordIterations = 1000;
    m_config.requireEmailConfirmation = false;
    m_config.accessLog = false;
    m_config.shutdownGraceSeconds = 5;
    // scripts/test.sh runs the "datadb" suites once with stream data in a PostgreSQL database of its own.
    if (qEnvironmentVariableIsSet("IOTILE_TEST_SPLIT_DATA_DB") && m_database.isPostgres())
        m_config.dataDatabaseUrl = m_database.createExtra(QStringLiteral("data"));
    if (tweak)
        tweak(m_config);
    auto server = Server::start(m_config);
    if (!server) {
        m_error = server.error().message();
        qWarning("test server did not start: %s", qPrintable(m_error));
        return;
    }
    m_server = std::move(*server);
}

TestServer::~TestServer()
{
    stop();
}

void TestServer::stop()
{
    m_server.reset();
}

QString TestServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

quint16 TestServer::port() const
{
    return m_server ? m_server->port() : 0;
}

ServerContext &TestServer::context()
{
    return m_server->context();
}

Account TestServer::createUser(const QString &email, const QString &password, bool staff, bool active)
{
    auto connection = context().db().connection();
    Q_ASSERT(connection);
    Account a;
    a.email = email;
    a.username = email.section(QLatin1Char('@'), 0, 0);
    a.passwordHash = context().passwords().hash(password);
    a.isStaff = staff;
    a.isActive = active;
    a.emailVerified = true;
    auto created = AccountStore(**connection).create(a);
    if (!created)
        qFatal("createUser failed: %s", qPrintable(created.error().message()));
    return *created;
}

QByteArray TestServer::jwtFor(const Account &account)
{
    return context().auth().issueJwt(account);
}

std::unique_ptr<HttpClient> TestServer::clientFor(const Account &account)
{
    auto client = std::make_unique<HttpClient>(baseUrl());
    client->setAuthorization("jwt " + jwtFor(account));
    return client;
}

std::unique_ptr<HttpClient> TestServer::anonymous()
{
    return std::make_unique<HttpClient>(baseUrl());
}

} // namespace iotile::test
