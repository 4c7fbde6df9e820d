// PostgreSQL's own ceiling for the data plane's writes, with no iotile-server in the way: clients that each
// send binary COPY batches straight into the stream_data table the migrations create (its unique key and
// BRIN index included), one transaction per batch, as the ingest path does for each bulk post. It tells
// what fraction of the database's own rate an HTTP ingest reaches on the same machine, and how much of the
// cost is per transaction rather than per row.
// Usage: bench_pg_copy [rows per run, default 2000000] [clients, default 2]
// (IOTILE_TEST_DATABASE_URL must name a PostgreSQL server; the database is made and dropped by the bench)
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/store/streamdatastore.h"
#include "tests/support/testdatabase.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <libpq-fe.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

using namespace iotile;
using namespace iotile::test;

namespace {

constexpr qint64 kMonthStart = 1767225600; // 2026-01-01T00:00:00Z
constexpr int kStreamsPerClient = 8;

void put16(QByteArray &b, quint16 v)
{
    const char bytes[2] = {char(v >> 8), char(v)};
    b.append(bytes, 2);
}

void put32(QByteArray &b, quint32 v)
{
    const char bytes[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    b.append(bytes, 4);
}

void put64(QByteArray &b, quint64 v)
{
    put32(b, quint32(v >> 32));
    put32(b, quint32(v));
}

void field64(QByteArray &b, quint64 v)
{
    put32(b, 8);
    put64(b, v);
}

// One batch in COPY's binary format: the streams of this client take turns per 1,000 rows, one point per
// stream and second, as bulk posts from several devices arrive.
QByteArray batchOf(int client, qint64 first, int rows)
{
    QByteArray b;
    b.reserve(rows * 80 + 32);
    b.append("PGCOPY\n\377\r\n\0", 11);
    put32(b, 0);
    put32(b, 0);
    for (qint64 n = first; n < first + rows; ++n) {
        const qint64 stream = 1 + client * kStreamsPerClient + (n / 1000) % kStreamsPerClient;
        const qint64 ts =
            (kMonthStart + n / kStreamsPerClient) * isotime::kMicrosPerSecond + n % kStreamsPerClient;
        double value = double(n % 1000) * 0.5;
        quint64 bits;
        std::memcpy(&bits, &value, sizeof bits);
        put16(b, 9);
        field64(b, quint64(stream));
        field64(b, quint64(ts));
        field64(b, 0); // seq
        field64(b, quint64(n)); // device_ts
        field64(b, quint64(n % 1000));
        field64(b, bits);
        put32(b, 2);
        put16(b, 0); // type
        put32(b, 2);
        put16(b, 0); // status
        put32(b, 1);
        b.append('\0'); // dirty
    }
    put16(b, 0xffff);
    return b;
}

bool exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        std::fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    return ok;
}

bool copyRows(const QByteArray &url, int client, qint64 rows, int batch, const QByteArray &copySql)
{
    PGconn *c = PQconnectdb(url.constData());
    if (PQstatus(c) != CONNECTION_OK) {
        std::fprintf(stderr, "connect: %s", PQerrorMessage(c));
        PQfinish(c);
        return false;
    }
    bool ok = true;
    for (qint64 done = 0; ok && done < rows; done += batch) {
        const QByteArray data = batchOf(client, done, int(std::min<qint64>(batch, rows - done)));
        ok = exec(c, "BEGIN");
        PGresult *r = PQexec(c, copySql.constData());
        ok = ok && PQresultStatus(r) == PGRES_COPY_IN;
        PQclear(r);
        ok = ok && PQputCopyData(c, data.constData(), int(data.size())) == 1 && PQputCopyEnd(c, nullptr) == 1;
        while ((r = PQgetResult(c))) {
            ok = ok && PQresultStatus(r) == PGRES_COMMAND_OK;
            PQclear(r);
        }
        ok = ok && exec(c, "COMMIT");
        if (!ok)
            std::fprintf(stderr, "copy: %s", PQerrorMessage(c));
    }
    PQfinish(c);
    return ok;
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
    // The ingest path copies a batch whose points share a month into that month's partition.
    const QByteArray copySql =
        "COPY stream_data_p202601 (stream_id, ts, seq, device_ts, int_value, value, type, "
        "status, dirty) FROM STDIN WITH (FORMAT binary)";
    const QByteArray url = database.url().toUtf8();
    for (const int batch : {1000, 8000}) {
        if (!db.execOnce(QStringLiteral("TRUNCATE stream_data"))
            || !db.execOnce(QStringLiteral("CHECKPOINT")))
            return 1;
        std::atomic<bool> ok {true};
        QElapsedTimer t;
        t.start();
        std::vector<std::thread> threads;
        for (int c = 0; c < clients; ++c)
            threads.emplace_back([&, c] {
                if (!copyRows(url, c, rows / clients, batch, copySql))
                    ok = false;
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
