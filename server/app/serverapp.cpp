#include "server/app/serverapp.h"

#include "common/util/isotime.h"
#include "server/app/server.h"
#include "server/app/servercontext.h"
#include "server/app/signalwatcher.h"
#include "server/backup/orgbackup.h"
#include "server/backup/originalimport.h"
#include "server/domain/passwordhasher.h"
#include "server/http/accesslog.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/migrator.h"
#include "server/worker/workerpool.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>
#include <cstdlib>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace iotile {

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

void applyLogLevel(const QString &level)
{
    QString rules = QStringLiteral("*.debug=false\nqt.*.info=false\n");
    if (level == QLatin1String("debug"))
        rules += QStringLiteral("iotile.*.debug=true\n");
    else if (level == QLatin1String("warning"))
        rules += QStringLiteral("iotile.*.info=false\n");
    else if (level == QLatin1String("error"))
        rules += QStringLiteral("iotile.*.info=false\niotile.*.warning=false\n");
    rules += QStringLiteral("qt.httpserver.warning=false\n");
    QLoggingCategory::setFilterRules(rules);
    qSetMessagePattern(
        QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-debug}debug%{endif}%{if-info}info%{endif}"
                       "%{if-warning}warning%{endif}%{if-critical}error%{endif}%{if-fatal}fatal%{endif} "
                       "%{category}: %{message}"));
}

// Options every command takes: --config and one --<setting> per configuration key.
void addSettingOptions(QCommandLineParser &parser)
{
    parser.addOption(
        {QStringLiteral("config"), QStringLiteral("INI configuration file."), QStringLiteral("file")});
    for (const QString &name : ServerConfig::settingNames()) {
        QString flag = name;
        flag.replace(QLatin1Char('_'), QLatin1Char('-'));
        parser.addOption({flag, QStringLiteral("Setting %1 (also IOTILE_%2).").arg(name, name.toUpper()),
                          QStringLiteral("value")});
    }
}

Result<ServerConfig> configFrom(const QCommandLineParser &parser)
{
    auto config = ServerConfig::load(parser.value(QStringLiteral("config")));
    if (!config)
        return config;
    for (const QString &name : ServerConfig::settingNames()) {
        QString flag = name;
        flag.replace(QLatin1Char('_'), QLatin1Char('-'));
        if (parser.isSet(flag)) {
            if (Status s = config->set(name, parser.value(flag)); !s)
                return std::move(s).error();
        }
    }
    return config;
}

int fail(const Error &error)
{
    err() << "error: " << error.message() << Qt::endl;
    return 1;
}

// Jobs still running after the grace period keep their (no longer renewed) lease and are retried by
// another worker once it expires; waiting for them here would only delay the exit.
[[noreturn]] void abandonRunningJobs()
{
    qWarning("exiting with jobs still running: they are retried after their lease expires");
    AccessLog::standardError().flush();
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(0);
}

int serve(const QCommandLineParser &parser)
{
    auto config = configFrom(parser);
    if (!config)
        return fail(config.error());
    applyLogLevel(config->logLevel);
    auto server = Server::start(*config);
    if (!server)
        return fail(server.error());
    const QString host = config->listenAddress == QHostAddress(QHostAddress::Any)
        ? QStringLiteral("0.0.0.0")
        : config->listenAddress.toString();
    qInfo().noquote() << QStringLiteral(
                             "iotile-server %1 listening on http://%2:%3/ (%4 HTTP threads, database %5)")
                             .arg(QStringLiteral(IOTILE_VERSION), host)
                             .arg((*server)->port())
                             .arg(config->httpThreads)
                             .arg((*server)->context().db().displayUrl());
    if ((*server)->workers())
        qInfo().noquote() << QStringLiteral("%1 job worker threads as %2")
                                 .arg(config->workerThreads)
                                 .arg((*server)->workers()->workerId());
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, qApp, [&](int) {
        qInfo("shutting down: finishing requests in flight");
        if (!(*server)->stop())
            abandonRunningJobs();
        QCoreApplication::quit();
    });
    const int code = QCoreApplication::exec();
    server->reset();
    qInfo("stopped");
    return code;
}

// `iotile-server worker`: job workers only, no HTTP, for scale-out next to one or more `serve` instances.
int runWorkers(const QCommandLineParser &parser)
{
    auto config = configFrom(parser);
    if (!config)
        return fail(config.error());
    applyLogLevel(config->logLevel);
    // A configuration shared with `serve` instances that leave jobs to worker processes says 0 here.
    if (config->workerThreads < 1)
        config->workerThreads = ServerConfig().workerThreads;
    auto context = ServerContext::create(*config, config->autoMigrate);
    if (!context)
        return fail(context.error());
    auto pool = std::make_unique<WorkerPool>(**context, WorkerOptions::fromConfig(*config));
    pool->start();
    qInfo().noquote() << QStringLiteral("iotile-server %1 worker %2 running %3 job threads (database %4)")
                             .arg(QStringLiteral(IOTILE_VERSION), pool->workerId())
                             .arg(config->workerThreads)
                             .arg((*context)->db().displayUrl());
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, qApp, [&](int) {
        qInfo("shutting down: finishing running jobs");
        if (!pool->stop(config->shutdownGraceSeconds * 1000))
            abandonRunningJobs();
        QCoreApplication::quit();
    });
    const int code = QCoreApplication::exec();
    pool.reset();
    (*context)->closeThreadConnections();
    qInfo("stopped");
    return code;
}

int migrate(const QCommandLineParser &parser)
{
    auto config = configFrom(parser);
    if (!config)
        return fail(config.error());
    applyLogLevel(config->logLevel);
    auto context = ServerContext::create(*config, true);
    if (!context)
        return fail(context.error());
    auto version = Migrator::currentVersion((*context)->db(), SchemaScope::Main);
    out() << "database " << (*context)->db().displayUrl() << " is at schema version "
          << (version ? *version : -1) << Qt::endl;
    return 0;
}

int createUser(const QCommandLineParser &parser)
{
    auto config = configFrom(parser);
    if (!config)
        return fail(config.error());
    applyLogLevel(config->logLevel);
    const QString email = parser.value(QStringLiteral("email")).trimmed();
    const QString password = parser.value(QStringLiteral("password"));
    if (email.isEmpty() || password.isEmpty())
        return fail(Error::badRequest(QStringLiteral("--email and --password are required")));
    auto context = ServerContext::create(*config, true);
    if (!context)
        return fail(context.error());
    auto connection = (*context)->db().connection();
    if (!connection)
        return fail(connection.error());
    AccountStore store(**connection);
    auto existing = store.byEmail(email);
    if (!existing)
        return fail(existing.error());
    if (existing->has_value()) {
        // Re-running createuser resets the password and flags: handy for scripts and demos.
        Account a = **existing;
        a.isStaff = parser.isSet(QStringLiteral("staff")) || a.isStaff;
        a.isSuperuser = parser.isSet(QStringLiteral("superuser")) || a.isSuperuser;
        a.isActive = true;
        a.emailVerified = true;
        if (auto saved = store.update(a); !saved)
            return fail(saved.error());
        const qint64 notBefore = isotime::now() / isotime::kMicrosPerSecond * isotime::kMicrosPerSecond;
        if (Status s = store.setPassword(a.id, (*context)->passwords().hash(password), notBefore); !s)
            return fail(s.error());
        out() << "updated user " << a.username << " <" << a.email << ">" << Qt::endl;
        return 0;
    }
    Account a;
    a.email = email;
    a.username = parser.value(QStringLiteral("username"));
    if (a.username.isEmpty())
        a.username = email.section(QLatin1Char('@'), 0, 0);
    a.name = parser.value(QStringLiteral("name"));
    a.passwordHash = (*context)->passwords().hash(password);
    a.isStaff = parser.isSet(QStringLiteral("staff")) || parser.isSet(QStringLiteral("superuser"));
    a.isSuperuser = parser.isSet(QStringLiteral("superuser"));
    a.isActive = true;
    a.emailVerified = true;
    auto created = store.create(a);
    if (!created)
        return fail(created.error());
    out() << "created user " << created->username << " <" << created->email << "> slug " << created->slug
          << (created->isStaff ? " (staff)" : "") << Qt::endl;
    return 0;
}

// Operations (issue 8): `export --org SLUG FILE` and `import FILE` of one organization (JSON lines).
QString describe(const BackupCounts &counts)
{
    QStringList parts;
    QStringList names = counts.rows.keys();
    names.sort();
    for (const QString &name : std::as_const(names))
        parts << QStringLiteral("%1 %2").arg(name).arg(counts.rows.value(name));
    return parts.join(QStringLiteral(", "));
}

int exportOrg(const QCommandLineParser &parser)
{
    auto config = configFrom(parser);
    if (!config)
        return fail(config.error());
    applyLogLevel(config->logLevel);
    const QString slug = parser.value(QStringLiteral("org"));
    const QStringList positional = parser.positionalArguments();
    if (slug.isEmpty() || positional.size() != 2)
        return fail(
            Error::badRequest(QStringLiteral("usage: iotile-server export --org SLUG FILE (- for stdout)")));
    auto context = ServerContext::create(*config, false);
    if (!context)
        return fail(context.error());
    QFile file;
    const bool toStdout = positional.at(1) == QLatin1String("-");
    if (toStdout
            ? !file.open(stdout, QIODevice::WriteOnly)
            : (file.setFileName(positional.at(1)), !file.open(QIODevice::WriteOnly | QIODevice::Truncate)))
        return fail(Error::badRequest(
            QStringLiteral("cannot write %1: %2").arg(positional.at(1), file.errorString())));
    auto counts = OrgBackup::exportOrg(**context, slug, file);
    file.close();
    if (!counts) {
        if (!toStdout)
            QFile::remove(positional.at(1));
        return fail(counts.error());
    }
    err() << "exported org " << slug << ": " << describe(*counts) << Qt::endl;
    return 0;
}

int importOrg(const QCommandLineParser &parser)
{
    auto config = configFrom(parser);
    if (!config)
        return fail(config.error());
    applyLogLevel(config->logLevel);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return fail(Error::badRequest(QStringLiteral("usage: iotile-server import FILE")));
    auto context = ServerContext::create(*config, config->autoMigrate);
    if (!context)
        return fail(context.error());
    QFile file(positional.at(1));
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::badRequest(
            QStringLiteral("cannot read %1: %2").arg(positional.at(1), file.errorString())));
    auto counts = OrgBackup::importOrg(**context, file);
    (*context)->closeThreadConnections();
    if (!counts)
        return fail(counts.error());
    out() << "imported org " << counts->org << ": " << describe(*counts) << Qt::endl;
    return 0;
}

// `import-original --source postgresql://... [--source-data URL] [--no-data]`: the original service's
// users, orgs, projects, devices, streams and data (issue 8). Safe to run again: it adds only what is new.
int importOriginal(const QCommandLineParser &parser)
{
    auto config = configFrom(parser);
    if (!config)
        return fail(config.error());
    applyLogLevel(config->logLevel);
    OriginalImportOptions options;
    options.sourceUrl = parser.value(QStringLiteral("source"));
    options.sourceDataUrl = parser.value(QStringLiteral("source-data"));
    options.withData = !parser.isSet(QStringLiteral("no-data"));
    if (options.sourceUrl.isEmpty())
        return fail(Error::badRequest(
            QStringLiteral("usage: iotile-server import-original --source postgresql://USER:PASS@HOST/DB "
                           "[--source-data postgresql://...] [--no-data]")));
    options.progress = [](const QString &line) { err() << line << Qt::endl; };
    auto context = ServerContext::create(*config, config->autoMigrate);
    if (!context)
        return fail(context.error());
    auto counts = OriginalImport::run(**context, options);
    (*context)->closeThreadConnections();
    if (!counts)
        return fail(counts.error());
    out() << "imported from the original: " << describe(*counts) << Qt::endl;
    return 0;
}

// A data page or an export batch is a few megabytes, over glibc's dynamic mmap threshold: each was a fresh
// mapping, faulted in page by page and unmapped after the response (a third of a 10,000-point request).
// Kept on the heap up to 32 MiB and not trimmed below 64 MiB of free top, they are reused instead; a
// bounded cost in resident memory (the server stays far under its 300 MB budget).
void tuneAllocator()
{
#ifdef __GLIBC__
    if (!qEnvironmentVariableIsSet("MALLOC_MMAP_THRESHOLD_"))
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
    if (!qEnvironmentVariableIsSet("MALLOC_TRIM_THRESHOLD_"))
        mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

} // namespace

int runServerCommand(const QStringList &arguments)
{
    tuneAllocator();
    const QString command = arguments.size() > 1 ? arguments.at(1) : QStringLiteral("serve");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "IOTile Cloud server.\nCommands: serve (default), worker, migrate, createuser, settings, "
        "export --org SLUG FILE, import FILE, import-original --source URL."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("command"),
        QStringLiteral(
            "serve | worker | migrate | createuser | settings | export | import | import-original"));
    addSettingOptions(parser);
    if (command == QLatin1String("createuser")) {
        parser.addOption(
            {QStringLiteral("email"), QStringLiteral("E-mail of the account."), QStringLiteral("email")});
        parser.addOption(
            {QStringLiteral("password"), QStringLiteral("Password."), QStringLiteral("password")});
        parser.addOption({QStringLiteral("username"),
                          QStringLiteral("Username (default: the e-mail's local part)."),
                          QStringLiteral("name")});
        parser.addOption({QStringLiteral("name"), QStringLiteral("Full name."), QStringLiteral("name")});
        parser.addOption({QStringLiteral("staff"), QStringLiteral("Make the account staff.")});
        parser.addOption({QStringLiteral("superuser"), QStringLiteral("Make the account staff and admin.")});
    }
    parser.addOption(
        {QStringLiteral("org"), QStringLiteral("export: slug of the org."), QStringLiteral("slug")});
    if (command == QLatin1String("import-original")) {
        parser.addOption({QStringLiteral("source"),
                          QStringLiteral("The original service's PostgreSQL database."),
                          QStringLiteral("url")});
        parser.addOption({QStringLiteral("source-data"),
                          QStringLiteral("Its stream data database, when apart (default: --source)."),
                          QStringLiteral("url")});
        parser.addOption({QStringLiteral("no-data"), QStringLiteral("Skip stream data.")});
    }
    parser.process(arguments);
    const QStringList positional = parser.positionalArguments();
    const QString cmd = positional.isEmpty() ? QStringLiteral("serve") : positional.first();
    if (cmd == QLatin1String("serve"))
        return serve(parser);
    if (cmd == QLatin1String("worker"))
        return runWorkers(parser);
    if (cmd == QLatin1String("migrate"))
        return migrate(parser);
    if (cmd == QLatin1String("createuser"))
        return createUser(parser);
    if (cmd == QLatin1String("export"))
        return exportOrg(parser);
    if (cmd == QLatin1String("import"))
        return importOrg(parser);
    if (cmd == QLatin1String("import-original"))
        return importOriginal(parser);
    if (cmd == QLatin1String("settings")) {
        out() << ServerConfig::settingNames().join(QLatin1Char('\n')) << Qt::endl;
        return 0;
    }
    err() << "unknown command '" << cmd << "'\n" << parser.helpText();
    return 2;
}

} // namespace iotile
