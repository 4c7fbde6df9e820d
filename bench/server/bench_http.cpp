// HTTP throughput of iotile-server with wrk on loopback (wrk shares the machine's cores with the server).
// Prints requests/s for the unauthenticated health check and an authenticated /api/v1/account/.
// Usage: bench_http [seconds] [connections] [http-threads]   (IOTILE_TEST_DATABASE_URL selects PostgreSQL)
// Run with 2>/dev/null to drop the access log the server writes for every request.
#include "tests/support/testserver.h"
#include "tests/support/wrkrun.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace iotile;
using namespace iotile::test;

namespace {

// Requests/s of one wrk run, its report on stderr; -1 when wrk failed or saw failed requests.
double rate(const QString &url, const QByteArray &authorization, int seconds, int connections)
{
    const WrkRun run = runWrk(url, authorization, seconds, connections);
    std::fprintf(stderr, "%s\n", qPrintable(run.output));
    if (!run.ok || run.errors > 0) {
        std::fprintf(stderr, "wrk failed or saw %lld failed requests\n", run.errors);
        return -1;
    }
    return run.requestsPerSecond;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int seconds = argc > 1 ? QByteArray(argv[1]).toInt() : 10;
    const int connections = argc > 2 ? QByteArray(argv[2]).toInt() : 64;
    const int threads = argc > 3 ? QByteArray(argv[3]).toInt() : 2;
    TestServer server([&](ServerConfig &c) {
        c.httpThreads = threads;
        c.accessLog = true; // as deployed: one log line per request
    });
    if (!server.ok()) {
        std::fprintf(stderr, "server did not start: %s\n", qPrintable(server.error()));
        return 1;
    }
    QLoggingCategory::setFilterRules(QStringLiteral("iotile.access.info=true"));
    const Account user =
        server.createUser(QStringLiteral("bench@example.com"), QStringLiteral("bench password"));
    const QByteArray jwt = "jwt " + server.jwtFor(user);
    const QString engine =
        server.database().isPostgres() ? QStringLiteral("postgresql") : QStringLiteral("sqlite");

    const double health =
        rate(server.baseUrl() + QStringLiteral("/api/v1/health/"), {}, seconds, connections);
    const double account =
        rate(server.baseUrl() + QStringLiteral("/api/v1/account/"), jwt, seconds, connections);
    std::printf("http_threads: %d\nconnections: %d\ndatabase: %s\n", threads, connections,
                qPrintable(engine));
    std::printf("http_health: %.0f req/s\n", health);
    std::printf("http_account_authenticated: %.0f req/s\n", account);
    return health > 0 && account > 0 ? 0 : 1;
}
