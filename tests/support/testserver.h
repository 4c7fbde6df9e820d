#pragma once

#include "server/app/serverconfig.h"
#include "server/domain/account.h"
#include "tests/support/httpclient.h"
#include "tests/support/testdatabase.h"

#include <functional>
#include <memory>

namespace iotile {
class Server;
class ServerContext;
} // namespace iotile

namespace iotile::test {

// An iotile-server running in this process on a free loopback port, on a database of its own.
class TestServer
{
public:
    using Tweak = std::function<void(ServerConfig &)>;
    explicit TestServer(const Tweak &tweak = {});
    ~TestServer();

    bool ok() const { return m_server != nullptr; }
    const QString &error() const { return m_error; }
    QString baseUrl() const;
    quint16 port() const;
    ServerContext &context();
    TestDatabase &database() { return m_database; }
    const ServerConfig &config() const { return m_config; }

    // Accounts made directly in the store (fast: tests use a low PBKDF2 iteration count).
    Account createUser(const QString &email, const QString &password, bool staff = false, bool active = true);
    // A JWT for the account, as login would issue it.
    QByteArray jwtFor(const Account &account);
    // A client that sends "jwt <token>" for the account (the SDK's header).
    std::unique_ptr<HttpClient> clientFor(const Account &account);
    std::unique_ptr<HttpClient> anonymous();

    void stop();

private:
    TestDatabase m_database;
    ServerConfig m_config;
    std::unique_ptr<Server> m_server;
    QString m_error;
};

} // namespace iotile::test
