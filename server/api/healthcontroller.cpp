#include "server/api/healthcontroller.h"

#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/http/requestcontext.h"
#include "server/http/router.h"
#include "server/store/database.h"
#include "server/store/migrator.h"

#include <QJsonArray>
#include <QJsonObject>

namespace iotile {

namespace {

QJsonObject databaseStatus(Database &db, SchemaScope scope)
{
    QJsonObject status {{QStringLiteral("engine"), db.dialect().name()}};
    auto connection = db.connection();
    if (!connection) {
        status.insert(QStringLiteral("status"), QStringLiteral("unavailable"));
        return status;
    }
    // One cached statement both pings the database and reads its schema version.
    auto version = Migrator::recordedVersion(**connection, scope);
    if (!version) {
        status.insert(QStringLiteral("status"), QStringLiteral("error"));
        return status;
    }
    status.insert(QStringLiteral("status"), QStringLiteral("ok"));
    status.insert(QStringLiteral("schema_version"), *version);
    return status;
}

} // namespace

void HealthController::registerRoutes(Router &router, ServerContext &server)
{
    router.add(
        Get, QStringLiteral("/api/v1/health/"),
        [&server](RequestContext &) -> Result<HttpResponse> {
            QJsonObject main = databaseStatus(server.db(), SchemaScope::Main);
            QJsonObject databases {{QStringLiteral("main"), main}};
            bool ok = main.value(QLatin1String("status")).toString() == QLatin1String("ok");
            if (server.hasSeparateDataDb()) {
                QJsonObject data = databaseStatus(server.dataDb(), SchemaScope::Data);
                ok = ok && data.value(QLatin1String("status")).toString() == QLatin1String("ok");
                databases.insert(QStringLiteral("data"), data);
            }
            QJsonObject body {
                {QStringLiteral("status"), ok ? QStringLiteral("ok") : QStringLiteral("degraded")},
                {QStringLiteral("version"), QStringLiteral(IOTILE_VERSION)},
                {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
                {QStringLiteral("now"), isotime::toString(isotime::now())},
                {QStringLiteral("database"), databases},
            };
            return HttpResponse::json(body, ok ? 200 : 503);
        },
        Auth::Optional);

    router.add(
        Get, QStringLiteral("/api/v1/server/"),
        [&server](RequestContext &) -> Result<HttpResponse> {
            const ServerConfig &c = server.config();
            return HttpResponse::json(QJsonObject {
                {QStringLiteral("now"), isotime::toString(isotime::now())},
                {QStringLiteral("stage"), c.serverStage},
                {QStringLiteral("name"), c.siteName},
                {QStringLiteral("company"), c.companyName},
            });
        },
        Auth::Optional);

    router.add(
        Get, QStringLiteral("/api/v1/"),
        [](RequestContext &ctx) -> Result<HttpResponse> {
            // The router root of DRF: each resource prefix and its absolute URL.
            static const char *const kPrefixes[] = {"account",  "auth",   "org",   "project",  "device",
                                                    "variable", "stream", "data",  "event",    "streamer",
                                                    "property", "config", "note",  "location", "vartype",
                                                    "sg",       "dt",     "fleet", "ota"};
            QJsonObject root;
            for (const char *prefix : kPrefixes)
                root.insert(QLatin1String(prefix),
                            ctx.origin() + QStringLiteral("/api/v1/%1/").arg(QLatin1String(prefix)));
            return HttpResponse::json(root);
        },
        Auth::Optional);
}

} // namespace iotile
