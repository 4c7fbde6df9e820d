#include "server/app/servercontext.h"

#include "server/api/routes.h"
#include "server/blob/blobstore.h"
#include "server/domain/devicetoken.h"
#include "server/domain/filterengine.h"
#include "server/domain/loginthrottle.h"
#include "server/domain/passwordhasher.h"
#include "server/http/authenticator.h"
#include "server/http/jwtcodec.h"
#include "server/http/ratelimiter.h"
#include "server/http/router.h"
#include "server/ingest/batchwriter.h"
#include "server/ingest/ingesthooks.h"
#include "server/ingest/otaversionlistener.h"
#include "server/ingest/streamresolver.h"
#include "server/live/livehub.h"
#include "server/live/livelistener.h"
#include "server/mail/mailer.h"
#include "server/observability/ingestmetrics.h"
#include "server/observability/metrics.h"
#include "server/store/database.h"
#include "server/store/migrator.h"
#include "server/store/tokenstore.h"

#include <QDir>

namespace iotile {

ServerContext::ServerContext(const ServerConfig &config)
    : m_config(config)
{ }

ServerContext::~ServerContext()
{
    if (m_live)
        m_live->stop();
    if (m_mailer)
        m_mailer->flush(5000);
}

Result<std::unique_ptr<ServerContext>> ServerContext::create(const ServerConfig &config, bool migrate)
{
    std::unique_ptr<ServerContext> ctx(new ServerContext(config));
    if (config.effectiveDatabaseUrl().startsWith(QLatin1String("sqlite:")) && !QDir().mkpath(config.dataDir))
        return Error::internal(QStringLiteral("cannot create data folder %1").arg(config.dataDir));

    auto db = Database::open(config.effectiveDatabaseUrl(), QStringLiteral("main"));
    if (!db)
        return std::move(db).error();
    ctx->m_db = std::move(*db);
    if (config.effectiveDataDatabaseUrl() != config.effectiveDatabaseUrl()) {
        auto data = Database::open(config.effectiveDataDatabaseUrl(), QStringLiteral("data"));
        if (!data)
            return std::move(data).error();
        ctx->m_dataDb = std::move(*data);
    }
    if (migrate) {
        if (Status s = Migrator::run(ctx->db(), ctx->dataDb()); !s)
            return std::move(s).error();
    } else {
        auto pending = Migrator::pendingCount(ctx->db(), SchemaScope::Main);
        if (!pending)
            return std::move(pending).error();
        if (*pending > 0)
            return Error::badRequest(
                QStringLiteral(
                    "the database schema lacks %1 of its %2 migrations: run `iotile-server migrate`")
                    .arg(*pending)
                    .arg(Migrator::latestVersion(SchemaScope::Main)));
    }

    QByteArray secret = config.jwtSecret;
    if (secret.isEmpty()) {
        auto connection = ctx->db().connection();
        if (!connection)
            return std::move(connection).error();
        auto stored = TokenStore(**connection).settingOrInsert(QStringLiteral("jwt_secret"), randomHex(32));
        if (!stored)
            return std::move(stored).error();
        secret = stored->toUtf8();
    }
    ctx->m_jwt = std::make_unique<JwtCodec>(secret);
    ctx->m_auth = std::make_unique<Authenticator>(ctx->m_config, *ctx->m_jwt);
    DeviceToken::install(*ctx->m_auth); // a-jwt device tokens (server/domain/devicetoken.h)
    ctx->m_throttle = std::make_unique<LoginThrottle>(config.loginMaxFailures, config.loginWindowSeconds,
                                                      config.loginLockoutSeconds);
    ctx->m_mailer = Mailer::create(config);
    auto blobs = BlobStore::create(config.blobUrl, config.dataDir);
    if (!blobs)
        return std::move(blobs).error();
    ctx->m_blobs = std::move(*blobs);
    ctx->m_passwords = std::make_unique<PasswordHasher>(config.passwordIterations);
    ctx->m_router = std::make_unique<Router>();
    if (config.ingestWriters > 0)
        ctx->m_batchWriter = std::make_unique<BatchWriter>(
            ctx->dataDb(), ctx->dataDb().dialect().isPostgres() ? config.ingestWriters : 1,
            config.ingestBatchPoints);
    ctx->m_streams = std::make_unique<StreamResolver>();
    ctx->m_ingestHooks = std::make_unique<IngestHooks>();
    ctx->m_ingestHooks->add(std::make_shared<OtaVersionListener>()); // OTA: version confirmation (5c08/5c09)
    ctx->m_ingestHooks->add(
        std::make_shared<FilterEngine>()); // stream filters and alarms (server/domain/filterengine.h)
    ctx->m_live = std::make_unique<LiveHub>(*ctx);
    ctx->m_live->start();
    ctx->m_ingestHooks->add(std::make_shared<LiveListener>(*ctx->m_live)); // live push (issue 9)
    // Operations (issue 8): request/ingest metrics and rate limits.
    ctx->m_metrics = std::make_unique<Metrics>();
    ctx->m_ingestHooks->add(std::make_shared<IngestMetricsListener>(*ctx->m_metrics));
    auto perToken = RateLimit::parse(config.rateLimitPerToken);
    auto perAddress = RateLimit::parse(config.rateLimitPerAddress);
    if (!perToken || !perAddress)
        return !perToken ? std::move(perToken).error() : std::move(perAddress).error();
    ctx->m_rateLimiter = std::make_unique<RateLimiter>(*perToken, *perAddress, ctx->m_metrics.get());
    registerRoutes(*ctx);
    return ctx;
}

void ServerContext::setMailer(std::unique_ptr<Mailer> mailer)
{
    m_mailer = std::move(mailer);
}

void ServerContext::closeThreadConnections()
{
    m_db->closeThreadConnection();
    if (m_dataDb)
        m_dataDb->closeThreadConnection();
}

} // namespace iotile
