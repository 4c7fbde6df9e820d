// HTTP throughput of iotile-server with wrk on loopback (wrk shares the machine's cores with the server).
// Prints requests/s for the unauthenticated health check and an authenticated /api/v1/account/.
// Usage: bench_http [seconds] [connections] [http-threads]   (IOTILE_TEST_DATABASE_URL selects PostgreSQL)
// Run with 2>/dev/null to drop the access log the server writes for every request.
#include "tests/support/testserver.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>

#include <cstdio>

using namespace iotile;
using namespace iotile::test;

namespace {

double runWrk(const QString &url, const QByteArray &authorization, int seconds, int connections)
{
    QStringList args = {QStringLiteral("-t2"), QStringLiteral("-c%1").arg(connections),
                        QStringLiteral("-d%1s").arg(seconds), QStringLiteral("--latency")};
    if (!authorization.isEmpty())
        args << QStringLiteral("-H")
             << QStringLiteral("Authorization: ") + QString::fromLatin1(authorization);
    args << url;
    QProcess wrk;
    wrk.start(QStringLiteral("wrk"), args);
    if (!wrk.waitForFinished((seconds + 30) * 1000)) {
        std::fprintf(stderr, "wrk did not finish\n");
        return -1;
    }
    const QString out = QString::fromUtf8(wrk.readAllStandardOutput());
    const auto m = QRegularExpression(QStringLiteral("Requests/sec:\\s+([0-9.]+)")).match(out);
    const auto non2xx = QRegularExpression(QStringLiteral("Non-2xx or 3xx responses: (\\d+)")).match(out);
    if (non2xx.hasMatch()) {
        std::fprintf(stderr, "wrk saw %s error responses:\n%s\n", qPrintable(non2xx.captured(1)),
                     qPrintable(out));
        return -1;
    }
    std::fprintf(stderr, "%s\n", qPrintable(out));
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
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
        runWrk(server.baseUrl() + QStringLiteral("/api/v1/health/"), {}, seconds, connections);
    const double account =
        runWrk(server.baseUrl() + QStringLiteral("/api/v1/account/"), jwt, seconds, connections);
    std::printf("http_threads: %d\nconnections: %d\ndatabase: %s\n", threads, connections,
                qPrintable(engine));
    std::printf("http_health: %.0f req/s\n", health);
    std::printf("http_account_authenticated: %.0f req/s\n", account);
    return health > 0 && account > 0 ? 0 : 1;
}
