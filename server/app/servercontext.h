#pragma once

#include "common/util/error.h"
#include "server/app/serverconfig.h"

#include <QString>

#include <memory>

namespace iotile {

class Authenticator;
class BlobStore;
class Database;
class JwtCodec;
class LoginThrottle;
class Mailer;
class BatchWriter;
class PasswordHasher;
class Router;
class StreamResolver;
class IngestHooks;
class LiveHub;
class Metrics; // operations (issue 8)
class RateLimiter; // operations (issue 8)

// The services of one running server, shared by all HTTP threads (each is thread-safe or per-thread
// inside): configuration, databases, authentication, mail. Controllers reach everything through it.
class ServerContext
{
public:
    // Opens the databases, applies migrations when asked, and loads the shared JWT secret.
    static Result<std::unique_ptr<ServerContext>> create(const ServerConfig &config, bool migrate);
    ~ServerContext();
    ServerContext(const ServerContext &) = delete;
    ServerContext &operator=(const ServerContext &) = delete;

    const ServerConfig &config() const { return m_config; }
    Database &db() { return *m_db; }
    // Stream data and events (the original's second database); the main one unless configured apart.
    Database &dataDb() { return m_dataDb ? *m_dataDb : *m_db; }
    bool hasSeparateDataDb() const { return m_dataDb != nullptr; }
    // Threads that write bulk data posts with group commit; null when ingest_writers is 0.
    BatchWriter *batchWriter() { return m_batchWriter.get(); }
    Authenticator &auth() { return *m_auth; }
    const JwtCodec &jwt() const { return *m_jwt; }
    LoginThrottle &loginThrottle() { return *m_throttle; }
    Mailer &mailer() { return *m_mailer; }
    // Where files go: a local folder or S3-compatible storage.
    BlobStore &blobs() { return *m_blobs; }
    // Replaces the mailer (tests point it at their own SMTP sink after start-up).
    void setMailer(std::unique_ptr<Mailer> mailer);
    const PasswordHasher &passwords() const { return *m_passwords; }
    Router &router() { return *m_router; }
    // Stream slugs resolved for the data plane (cached; invalidate after stream metadata changes).
    StreamResolver &streams() { return *m_streams; }
    // Listeners for committed data (filters, OTA, live push); every ingest path notifies them.
    IngestHooks &ingestHooks() { return *m_ingestHooks; }
    // Live push over WebSocket (issue 9): the log of committed data and the connections following it.
    LiveHub &live() { return *m_live; }

    // Operations (issue 8): the counters /metrics exposes, and the request rate limits.
    Metrics &metrics() { return *m_metrics; }
    RateLimiter &rateLimiter() { return *m_rateLimiter; }

    // Closes the calling thread's connections to every database (threads call it before they end).
    void closeThreadConnections();

private:
    explicit ServerContext(const ServerConfig &config);

    ServerConfig m_config;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Database> m_dataDb;
    std::unique_ptr<BatchWriter> m_batchWriter; // likewise
    std::unique_ptr<JwtCodec> m_jwt;
    std::unique_ptr<Authenticator> m_auth;
    std::unique_ptr<LoginThrottle> m_throttle;
    std::unique_ptr<Mailer> m_mailer;
    std::unique_ptr<BlobStore> m_blobs;
    std::unique_ptr<PasswordHasher> m_passwords;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<StreamResolver> m_streams;
    std::unique_ptr<IngestHooks> m_ingestHooks;
    std::unique_ptr<LiveHub> m_live;
    std::unique_ptr<Metrics> m_metrics; // operations (issue 8)
    std::unique_ptr<RateLimiter> m_rateLimiter; // operations (issue 8)
};

} // namespace iotile
