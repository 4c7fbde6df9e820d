#pragma once

#include "common/util/error.h"
#include "server/app/serverconfig.h"

#include <memory>

namespace iotile {

class HttpServer;
class ServerContext;

// A running iotile-server: services plus HTTP threads. `iotile-server serve` runs one; tests start one
// in-process on a free loopback port.
class Server
{
public:
    static Result<std::unique_ptr<Server>> start(const ServerConfig &config);
    ~Server();

    quint16 port() const { return m_port; }
    ServerContext &context() { return *m_context; }
    HttpServer &http() { return *m_http; }
    // Graceful: stops accepting, lets requests in flight finish, closes databases.
    void stop();

private:
    Server() = default;
    std::unique_ptr<ServerContext> m_context;
    std::unique_ptr<HttpServer> m_http;
    quint16 m_port = 0;
};

} // namespace iotile
