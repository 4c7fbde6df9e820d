#pragma once

#include "common/util/error.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace iotile {

// Every setting of iotile-server. Sources, lowest priority first: built-in defaults, the INI file
// (--config or IOTILE_CONFIG), IOTILE_* environment variables, command-line flags.
struct ServerConfig
{
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8000;
    QString dataDir = QStringLiteral("data");
    QString databaseUrl; // empty: sqlite:<dataDir>/iotile.sqlite
    QString dataDatabaseUrl; // stream data and events; empty: the main database
    // Files (report uploads, event data, generated reports): a folder (default <dataDir>/blobs) or
    // s3://ACCESS:SECRET@host:port/bucket[/prefix]?region=..&secure=0|1 (see server/blob/blobstore.h).
    QString blobUrl;
    int httpThreads = 2;
    QByteArray jwtSecret; // empty: generated once and kept in the database (shared by all instances)
    QString logLevel = QStringLiteral("info");
    bool accessLog = true;
    bool autoMigrate = true; // serve applies pending migrations at start (safe with several instances)

    qint64 maxBodyBytes = 32 * 1024 * 1024;
    int maxHeaderBytes = 64 * 1024;
    int idleTimeoutSeconds = 60;
    int maxConnections = 4096;
    int shutdownGraceSeconds = 20;

    int passwordIterations = 260000; // Django 3.2's default for pbkdf2_sha256
    qint64 jwtLifetimeSeconds = 7 * 86400;
    qint64 jwtRefreshWindowSeconds = 180 * 86400;
    int loginMaxFailures = 5;
    int loginWindowSeconds = 900;
    int loginLockoutSeconds = 60;

    bool trustProxyHeaders = false;
    QString publicUrl; // e.g. https://iotile.example.com: absolute links use it when set
    QString siteName = QStringLiteral("IOTile Cloud");
    QString serverStage = QStringLiteral("dev");
    QString companyName = QStringLiteral("Arch Systems Inc.");

    // Mail: "smtp://user:pass@host:port" (smtps:// for TLS), or "log" to write messages to the log.
    QString mailUrl = QStringLiteral("log");
    QString mailFrom = QStringLiteral("IOTile Cloud <noreply@localhost>");
    bool requireEmailConfirmation = true;

    // Background jobs (server/worker). worker_threads: job threads of this process (`serve` runs none when
    // 0, leaving the queue to `iotile-server worker` processes, which then take the default); a job's lease
    // is renewed while it runs and lets another worker retry it once expired; failed attempts retry after
    // backoff * 2^(attempt-1), capped; done jobs are purged after job_retention_days.
    int workerThreads = 2;
    int workerPollMs = 1000;
    double jobLeaseSeconds = 60;
    double jobBackoffSeconds = 10;
    double jobBackoffMaxSeconds = 3600;
    int jobRetentionDays = 30;

    // Live push (server/live): entries of the live log are kept live_retention_hours for clients that
    // resume; a connection is cut when more than live_max_queued_messages or live_max_queued_bytes wait.
    // Open subscriptions are checked again every live_recheck_seconds (0: never): access lost since ends
    // them. Under load the log is written at most every live_batch_ms (0: after every batch), each write
    // taking every batch committed since the last; an idle feed writes at once.
    int liveRetentionHours = 24;
    int liveMaxQueuedMessages = 1000;
    qint64 liveMaxQueuedBytes = 8 * 1024 * 1024;
    int liveRecheckSeconds = 5;
    int liveBatchMs = 25;
    // Bulk data posts (POST /api/v1/data/ with a list) are written by ingest_writers threads of their own
    // (0: by the HTTP thread that parsed them), several queued posts in one transaction of at most
    // ingest_batch_points points. SQLite uses one writer whatever the number.
    int ingestWriters = 2;
    int ingestBatchPoints = 16000;
    // MQTT ingest (server/mqtt): off unless mqtt_url is set, "mqtt://user:password@host:port". The
    // server subscribes under mqtt_topic_prefix with a persistent session named mqtt_client_id; when
    // mqtt_auth_dir is set it writes a mosquitto password file and ACL file there from the device keys.
    QString mqttUrl;
    QString mqttClientId = QStringLiteral("iotile-server");
    QString mqttTopicPrefix = QStringLiteral("iotile");
    QString mqttAuthDir;
    // Operations (issue 8). Rate limits: token buckets per credential and per client address, e.g.
    // "100/s burst 200" or "6000/min"; empty or 0: off. /metrics: Prometheus text for direct loopback
    // clients, or for anyone with "Authorization: Bearer <metrics_token>" when that is set;
    // metrics_enabled=false hides it (404).
    QString rateLimitPerToken;
    QString rateLimitPerAddress;
    bool metricsEnabled = true;
    QString metricsToken;
    // --- end operations

    QString effectiveDatabaseUrl() const;
    QString effectiveDataDatabaseUrl() const;

    // Applies one setting by its name (the INI key, the flag name, or the environment variable's name
    // without the IOTILE_ prefix, lower-cased with '_' for '-'). Unknown names and bad values are errors.
    Status set(const QString &name, const QString &value);
    static QStringList settingNames();
    // Loads the file named by IOTILE_CONFIG or `configFile`, then the environment.
    static Result<ServerConfig> load(const QString &configFile);
};

} // namespace iotile
