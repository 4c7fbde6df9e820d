// PostgreSQL's own ceiling for the data plane's writes, with no HTTP, JSON or request handling in the way:
// clients that each send binary COPY batches (StreamDataStore::insertWithCopy, the ingest path's) into the
// stream_chunks table the migrations create (docs/data-chunks.md), one transaction per
// batch, as the ingest path does for each bulk post. It tells what fraction of the database's own rate an
// HTTP ingest reaches on the same machine, and how much of the cost is per transaction rather than per row.
// Usage: bench_pg_copy [rows per run, default 2000000] [clients, default 2]
// (IOTILE_TEST_DATABASE_URL must name a PostgreSQL server; the database is made and dropped by the bench;
// IOTILE_BENCH_SQL, statements separated by ';', changes the schema before the runs)
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/store/streamdatastore.h"
#include "tests/support/testdatabase.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

using namespace iotile;
using namespace iotile::test;

namespace {

constexpr qint64 kMonthStart = 1767225600; // 2026-01-01T00:00:00Z
constexpr int kStreamsPerClient = 8;

// Copies `rows` points in batches of `batch`, one transaction each, on this thread's connection, through
// the ingest path's COPY (StreamDataStore::insertWithCopy) without its rollups. The client's streams take
// turns per 1,000 rows, one point per stream and second, as bulk posts from several devices arrive.
bool copyRows(Database &db, int client, qint64 rows, int batch)
{
    auto connection = db.connection();
    if (!connection)
        return false;
    SqlConnection &c = **connection;
    StreamDataStore store(c);
    std::vector<DataPoint> points;
    points.reserve(size_t(batch));
    for (qint64 done = 0; done < rows; done += batch) {
        points.clear();
        for (qint64 n = done; n < std::min(rows, done + batch); ++n) {
            DataPoint &p = points.emplace_back();
            p.streamId = 1 + client * kStreamsPerClient + (n / 1000) % kStreamsPerClient;
            p.ts = (kMonthStart + n / kStreamsPerClient) * isotime::kMicrosPerSecond + n % kStreamsPerClient;
            p.deviceTs = n;
            p.intValue = n % 1000;
            p.value = double(n % 1000) * 0.5;
        }
        Transaction tx(c);
        const Result<qint64> copied = store.insertWithCopy(points);
        if (!copied || !tx.commit()) {
            std::fprintf(stderr, "copy failed: %s\n",
                         copied ? "commit" : qPrintable(copied.error().message()));
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 rows = argc > 1 ? QByteArray(argv[1]).toLongLong() : 2000000;
    const int clients = argc > 2 ? QByteArray(argv[2]).toInt() : 2;
    TestDatabase database;
    if (!database.isPostgres() || clients < 1 || rows < clients) {
        std::fprintf(stderr,
                     "usage: IOTILE_TEST_DATABASE_URL=<PostgreSQL URL> bench_pg_copy [rows] [clients]\n");
        return 1;
    }
    ServerConfig config;
    config.databaseUrl = database.url();
    config.dataDir = database.dataDir();
    config.jwtSecret = "bench-secret-0123456789abcdef";
    auto context = ServerContext::create(config, true);
    if (!context) {
        std::fprintf(stderr, "cannot prepare the database: %s\n", qPrintable(context.error().message()));
        return 1;
    }
    SqlConnection &db = **(*context)->dataDb().connection();
    StreamDataStore store(db);
    if (!store.ensurePartitions({kMonthStart * isotime::kMicrosPerSecond})) {
        std::fprintf(stderr, "cannot make the partition\n");
        return 1;
    }
    // Statements run on the migrated schema first: "CREATE INDEX ... USING BRIN (id)" shows what the index
    // migration 19 replaced cost.
    for (const QString &sql : qEnvironmentVariable("IOTILE_BENCH_SQL").split(u';', Qt::SkipEmptyParts)) {
        if (!db.execOnce(sql)) {
            std::fprintf(stderr, "failed: %s\n", qPrintable(sql));
            return 1;
        }
    }
    for (const int batch : {1000, 8000}) {
        if (!db.execOnce(QStringLiteral("TRUNCATE stream_chunks"))
            || !db.execOnce(QStringLiteral("CHECKPOINT")))
            return 1;
        std::atomic<bool> ok {true};
        QElapsedTimer t;
        t.start();
        std::vector<std::thread> threads;
        for (int c = 0; c < clients; ++c)
            threads.emplace_back([&, c] {
                if (!copyRows((*context)->dataDb(), c, rows / clients, batch))
                    ok = false;
                (*context)->closeThreadConnections();
            });
        for (auto &th : threads)
            th.join();
        if (!ok)
            return 1;
        const double seconds = double(t.nsecsElapsed()) / 1e9;
        std::printf("copy_batch%d_rows_per_s: %.0f rows/s\n", batch,
                    double(rows / clients * clients) / seconds);
    }
    std::printf("rows_per_run: %lld\nclients: %d\n", rows, clients);
    (*context)->closeThreadConnections();
    return 0;
}
