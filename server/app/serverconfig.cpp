#include "server/app/serverconfig.h"

#include "server/http/ratelimiter.h"

#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QSettings>

#include <functional>
#include <map>

namespace iotile {

namespace {

using Setter = std::function<Status(ServerConfig &, const QString &)>;

Status bad(const QString &name, const QString &value, const QString &why)
{
    return Error::badRequest(QStringLiteral("invalid value '%1' for setting '%2': %3").arg(value, name, why));
}

Setter intSetting(int ServerConfig::*member, int min, int max)
{
    return [member, min, max](ServerConfig &c, const QString &v) -> Status {
        bool ok = false;
        const int n = v.toInt(&ok);
        if (!ok || n < min || n > max)
            return bad(QString(), v, QStringLiteral("expected an integer in %1..%2").arg(min).arg(max));
        c.*member = n;
        return Ok {};
    };
}

Setter int64Setting(qint64 ServerConfig::*member, qint64 min)
{
    return [member, min](ServerConfig &c, const QString &v) -> Status {
        bool ok = false;
        const qint64 n = v.toLongLong(&ok);
        if (!ok || n < min)
            return bad(QString(), v, QStringLiteral("expected an integer >= %1").arg(min));
        c.*member = n;
        return Ok {};
    };
}

Setter doubleSetting(double ServerConfig::*member, double min, double max)
{
    return [member, min, max](ServerConfig &c, const QString &v) -> Status {
        bool ok = false;
        const double n = v.toDouble(&ok);
        if (!ok || n < min || n > max)
            return bad(QString(), v, QStringLiteral("expected a number in %1..%2").arg(min).arg(max));
        c.*member = n;
        return Ok {};
    };
}

Setter stringSetting(QString ServerConfig::*member)
{
    return [member](ServerConfig &c, const QString &v) -> Status {
        c.*member = v;
        return Ok {};
    };
}

Setter boolSetting(bool ServerConfig::*member)
{
    return [member](ServerConfig &c, const QString &v) -> Status {
        const QString s = v.trimmed().toLower();
        if (s == QLatin1String("1") || s == QLatin1String("true") || s == QLatin1String("yes")
            || s == QLatin1String("on"))
            c.*member = true;
        else if (s == QLatin1String("0") || s == QLatin1String("false") || s == QLatin1String("no")
                 || s == QLatin1String("off"))
            c.*member = false;
        else
            return bad(QString(), v, QStringLiteral("expected true or false"));
        return Ok {};
    };
}

// Operations (issue 8): a rate limit is checked when set, so a typo fails at start-up.
Setter rateLimitSetting(QString ServerConfig::*member)
{
    return [member](ServerConfig &c, const QString &v) -> Status {
        auto limit = RateLimit::parse(v);
        if (!limit)
            return bad(QString(), v, limit.error().message());
        c.*member = v;
        return Ok {};
    };
}

const std::map<QString, Setter> &setters()
{
    static const std::map<QString, Setter> table = {
        {QStringLiteral("listen"),
         [](ServerConfig &c, const QString &v) -> Status {
             QHostAddress a;
             if (v == QLatin1String("*") || v == QLatin1String("any"))
                 a = QHostAddress(QHostAddress::Any);
             else if (v == QLatin1String("localhost"))
                 a = QHostAddress(QHostAddress::LocalHost);
             else if (!a.setAddress(v))
                 return bad(QString(), v, QStringLiteral("expected an IP address"));
             c.listenAddress = a;
             return Ok {};
         }},
        {QStringLiteral("port"),
         [](ServerConfig &c, const QString &v) -> Status {
             bool ok = false;
             const uint p = v.toUInt(&ok);
             if (!ok || p > 65535)
                 return bad(QString(), v, QStringLiteral("expected a port number (0 picks a free one)"));
             c.port = quint16(p);
             return Ok {};
         }},
        {QStringLiteral("data_dir"), stringSetting(&ServerConfig::dataDir)},
        {QStringLiteral("database_url"), stringSetting(&ServerConfig::databaseUrl)},
        {QStringLiteral("data_database_url"), stringSetting(&ServerConfig::dataDatabaseUrl)},
        {QStringLiteral("blob_url"), stringSetting(&ServerConfig::blobUrl)},
        {QStringLiteral("http_threads"), intSetting(&ServerConfig::httpThreads, 1, 256)},
        {QStringLiteral("jwt_secret"),
         [](ServerConfig &c, const QString &v) -> Status {
             if (v.size() < 16)
                 return bad(QString(), QStringLiteral("(hidden)"),
                            QStringLiteral("use at least 16 characters"));
             c.jwtSecret = v.toUtf8();
             return Ok {};
         }},
        {QStringLiteral("log_level"),
         [](ServerConfig &c, const QString &v) -> Status {
             static const QStringList levels = {QStringLiteral("debug"), QStringLiteral("info"),
                                                QStringLiteral("warning"), QStringLiteral("error")};
             if (!levels.contains(v.toLower()))
                 return bad(QString(), v, QStringLiteral("expected debug, info, warning or error"));
             c.logLevel = v.toLower();
             return Ok {};
         }},
        {QStringLiteral("access_log"), boolSetting(&ServerConfig::accessLog)},
        {QStringLiteral("auto_migrate"), boolSetting(&ServerConfig::autoMigrate)},
        {QStringLiteral("max_body_bytes"), int64Setting(&ServerConfig::maxBodyBytes, 1024)},
        {QStringLiteral("max_header_bytes"),
         intSetting(&ServerConfig::maxHeaderBytes, 1024, 16 * 1024 * 1024)},
        {QStringLiteral("idle_timeout"), intSetting(&ServerConfig::idleTimeoutSeconds, 1, 86400)},
        {QStringLiteral("max_connections"), intSetting(&ServerConfig::maxConnections, 1, 1000000)},
        {QStringLiteral("shutdown_grace"), intSetting(&ServerConfig::shutdownGraceSeconds, 0, 3600)},
        {QStringLiteral("password_iterations"),
         intSetting(&ServerConfig::passwordIterations, 1000, 10000000)},
        {QStringLiteral("jwt_lifetime"), int64Setting(&ServerConfig::jwtLifetimeSeconds, 1)},
        {QStringLiteral("jwt_refresh_window"), int64Setting(&ServerConfig::jwtRefreshWindowSeconds, 1)},
        {QStringLiteral("login_max_failures"), intSetting(&ServerConfig::loginMaxFailures, 1, 1000000)},
        {QStringLiteral("login_window"), intSetting(&ServerConfig::loginWindowSeconds, 1, 86400 * 30)},
        {QStringLiteral("login_lockout"), intSetting(&ServerConfig::loginLockoutSeconds, 1, 86400)},
        {QStringLiteral("trust_proxy_headers"), boolSetting(&ServerConfig::trustProxyHeaders)},
        {QStringLiteral("public_url"), stringSetting(&ServerConfig::publicUrl)},
        {QStringLiteral("site_name"), stringSetting(&ServerConfig::siteName)},
        {QStringLiteral("server_stage"), stringSetting(&ServerConfig::serverStage)},
        {QStringLiteral("company_name"), stringSetting(&ServerConfig::companyName)},
        {QStringLiteral("mail_url"), stringSetting(&ServerConfig::mailUrl)},
        {QStringLiteral("mail_from"), stringSetting(&ServerConfig::mailFrom)},
        {QStringLiteral("require_email_confirmation"), boolSetting(&ServerConfig::requireEmailConfirmation)},
        // Background jobs (server/worker).
        {QStringLiteral("worker_threads"), intSetting(&ServerConfig::workerThreads, 0, 256)},
        {QStringLiteral("worker_poll_ms"), intSetting(&ServerConfig::workerPollMs, 1, 600000)},
        {QStringLiteral("job_lease_seconds"), doubleSetting(&ServerConfig::jobLeaseSeconds, 0.05, 86400)},
        {QStringLiteral("job_backoff_seconds"), doubleSetting(&ServerConfig::jobBackoffSeconds, 0, 86400)},
        {QStringLiteral("job_backoff_max_seconds"),
         doubleSetting(&ServerConfig::jobBackoffMaxSeconds, 0, 30 * 86400)},
        {QStringLiteral("job_retention_days"), intSetting(&ServerConfig::jobRetentionDays, 0, 36500)},
        // Live push and MQTT ingest (server/live, server/mqtt).
        {QStringLiteral("live_retention_hours"), intSetting(&ServerConfig::liveRetentionHours, 0, 24 * 366)},
        {QStringLiteral("live_max_queued_messages"),
         intSetting(&ServerConfig::liveMaxQueuedMessages, 1, 10000000)},
        {QStringLiteral("live_max_queued_bytes"), int64Setting(&ServerConfig::liveMaxQueuedBytes, 1024)},
        {QStringLiteral("live_recheck_seconds"), intSetting(&ServerConfig::liveRecheckSeconds, 0, 86400)},
        {QStringLiteral("live_batch_ms"), intSetting(&ServerConfig::liveBatchMs, 0, 10000)},
        {QStringLiteral("ingest_writers"), intSetting(&ServerConfig::ingestWriters, 0, 64)},
        {QStringLiteral("ingest_batch_points"), intSetting(&ServerConfig::ingestBatchPoints, 1, 10000000)},
        {QStringLiteral("mqtt_url"), stringSetting(&ServerConfig::mqttUrl)},
        {QStringLiteral("mqtt_client_id"), stringSetting(&ServerConfig::mqttClientId)},
        {QStringLiteral("mqtt_topic_prefix"), stringSetting(&ServerConfig::mqttTopicPrefix)},
        {QStringLiteral("mqtt_auth_dir"), stringSetting(&ServerConfig::mqttAuthDir)},
        // Operations (issue 8): rate limits and /metrics.
        {QStringLiteral("rate_limit_per_token"), rateLimitSetting(&ServerConfig::rateLimitPerToken)},
        {QStringLiteral("rate_limit_per_address"), rateLimitSetting(&ServerConfig::rateLimitPerAddress)},
        {QStringLiteral("metrics_enabled"), boolSetting(&ServerConfig::metricsEnabled)},
        {QStringLiteral("metrics_token"), stringSetting(&ServerConfig::metricsToken)},
    };
    return table;
}

QString normalise(QString name)
{
    return name.trimmed().toLower().replace(QLatin1Char('-'), QLatin1Char('_'));
}

} // namespace

QString ServerConfig::effectiveDatabaseUrl() const
{
    if (!databaseUrl.isEmpty())
        return databaseUrl;
    return QStringLiteral("sqlite:") + QDir(dataDir).absoluteFilePath(QStringLiteral("iotile.sqlite"));
}

QString ServerConfig::effectiveDataDatabaseUrl() const
{
    return dataDatabaseUrl.isEmpty() ? effectiveDatabaseUrl() : dataDatabaseUrl;
}

Status ServerConfig::set(const QString &name, const QString &value)
{
    const QString key = normalise(name);
    const auto it = setters().find(key);
    if (it == setters().end())
        return Error::badRequest(QStringLiteral("unknown setting '%1'").arg(name));
    Status s = it->second(*this, value);
    if (!s)
        return Error::badRequest(s.error().message().replace(QStringLiteral("setting ''"),
                                                             QStringLiteral("setting '%1'").arg(key)));
    return s;
}

QStringList ServerConfig::settingNames()
{
    QStringList names;
    for (const auto &entry : setters())
        names << entry.first;
    return names;
}

Result<ServerConfig> ServerConfig::load(const QString &configFile)
{
    ServerConfig config;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString file = !configFile.isEmpty() ? configFile : env.value(QStringLiteral("IOTILE_CONFIG"));
    if (!file.isEmpty()) {
        if (!QFileInfo::exists(file))
            return Error::badRequest(QStringLiteral("configuration file %1 does not exist").arg(file));
        QSettings ini(file, QSettings::IniFormat);
        if (ini.status() != QSettings::NoError)
            return Error::badRequest(QStringLiteral("cannot read configuration file %1").arg(file));
        // Keys may sit at the top level or in a [server] group.
        for (const QString &key : ini.allKeys()) {
            const QString name = key.startsWith(QLatin1String("server/")) ? key.mid(7) : key;
            if (Status s = config.set(name, ini.value(key).toString()); !s)
                return Error::badRequest(QStringLiteral("%1: %2").arg(file, s.error().message()));
        }
    }
    for (const QString &key : env.keys()) {
        if (!key.startsWith(QLatin1String("IOTILE_")) || key == QLatin1String("IOTILE_CONFIG"))
            continue;
        const QString name = normalise(key.mid(7));
        if (setters().find(name) == setters().end())
            continue; // other tools' variables (IOTILE_TEST_*) share the prefix
        if (Status s = config.set(name, env.value(key)); !s)
            return Error::badRequest(QStringLiteral("environment %1: %2").arg(key, s.error().message()));
    }
    return config;
}

} // namespace iotile
