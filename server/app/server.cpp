#include "server/app/server.h"

#include "server/app/servercontext.h"
#include "server/http/httpserver.h"
#include "server/mqtt/mqttingest.h"
#include "server/worker/workerpool.h"

namespace iotile {

Result<std::unique_ptr<Server>> Server::start(const ServerConfig &config)
{
    std::unique_ptr<Server> server(new Server);
    auto context = ServerContext::create(config, config.autoMigrate);
    if (!context)
        return std::move(context).error();
    server->m_context = std::move(*context);
    HttpLimits limits;
    limits.maxBodyBytes = config.maxBodyBytes;
    limits.maxHeaderBytes = config.maxHeaderBytes;
    limits.idleTimeoutMs = config.idleTimeoutSeconds * 1000;
    server->m_http =
        std::make_unique<HttpServer>(*server->m_context, config.httpThreads, limits, config.maxConnections);
    auto port = server->m_http->start(config.listenAddress, config.port);
    if (!port)
        return std::move(port).error();
    server->m_port = *port;
    if (config.workerThreads > 0) {
        server->m_workers =
            std::make_unique<WorkerPool>(*server->m_context, WorkerOptions::fromConfig(config));
        server->m_workers->start();
    }
    if (!config.mqttUrl.isEmpty()) { // MQTT ingest (issue 9)
        auto mqtt = MqttIngest::start(*server->m_context);
        if (!mqtt)
            return std::move(mqtt).error();
        server->m_mqtt = std::move(*mqtt);
    }
    return server;
}

Server::~Server()
{
    stop();
}

bool Server::stop()
{
    m_mqtt.reset(); // no new data while the rest shuts down
    if (m_http) {
        m_http->shutdown(m_context->config().shutdownGraceSeconds * 1000);
        m_http.reset();
    }
    if (m_workers) {
        if (!m_workers->stop(m_context->config().shutdownGraceSeconds * 1000))
            return false;
        m_workers.reset();
    }
    if (m_context)
        m_context->closeThreadConnections();
    return true;
}

} // namespace iotile
