#pragma once

#include "common/util/error.h"
#include "server/app/serverconfig.h"

#include <memory>

namespace iotile {

class HttpServer;
class MqttIngest;
class ServerContext;
class WorkerPool;

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
    // The in-process job workers (setting worker_threads), or nullptr when there are none.
    WorkerPool *workers() { return m_workers.get(); }
    // MQTT ingest (setting mqtt_url), or nullptr when off.
    MqttIngest *mqtt() { return m_mqtt.get(); }
    // Graceful: stops accepting, lets requests in flight and running jobs finish, closes databases.
    // False when jobs were still running after the grace period (they are retried elsewhere once their
    // lease expires; the caller may exit without waiting for them).
    bool stop();

private:
    Server() = default;
    std::unique_ptr<ServerContext> m_context;
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<WorkerPool> m_workers; // after m_context: destroyed first
    std::unique_ptr<MqttIngest> m_mqtt;
    quint16 m_port = 0;
};

} // namespace iotile
