// Read paths of the data plane against the real iotile-server process on a large table:
//   - the last 10,000 points of one stream out of N (default 10 million): p50/p90 latency over HTTP + JSON
//   - GET /api/v1/data/?filter=<stream>&lastn=100 from 16 connections (wrk): requests/s, also while another
//     connection posts points (as on a system taking data)
//   - a 1-hour aggregate over one year of 1-second data (31.5 million points): p50 latency
//   - CSV export of the N-point stream: rows/s, streamed (on PostgreSQL also after VACUUM, and then the
//     10,000-point page and lastn=100 once more)
//   - the server's peak RSS during all of it
// Usage: bench_query [points, default 10000000] [year points, default 31536000] [HTTP threads, default 2]
// (IOTILE_TEST_DATABASE_URL: PostgreSQL; IOTILE_BENCH_COMPARE_BINARY: another iotile-server build, or a
// script that runs one, to compare the 10,000-point page, lastn=100 and the CSV export with, in turns;
// IOTILE_BENCH_HOLD: seconds to keep the loaded server up before measuring, see below)
#include "common/slug/deviceslug.h"
#include "common/slug/projectslug.h"
#include "common/slug/streamslug.h"
#include "common/slug/variableslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/devicelifecycle.h"
#include "server/http/authenticator.h"
#include "server/store/accountstore.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"
#include "server/store/streamdatastore.h"
#include "server/store/variablestore.h"
#include "tests/support/must.h"
#include "tests/support/rawhttpclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"
#include "tests/support/wrkrun.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

using namespace iotile;
using namespace iotile::test;

namespace {

constexpr qint64 kYearStart = 1735689600; // 2025-01-01T00:00:00Z

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[size_t(std::min<double>(double(v.size() - 1), p * double(v.size())))];
}

// Loads `count` one-second points into a stream through the store's bulk path (COPY on PostgreSQL).
bool load(SqlConnection &db, const QString &slug, qint64 count, qint64 firstSecond)
{
    StreamDataStore store(db);
    auto key = store.ensureKey(slug);
    if (!key)
        return false;
    constexpr qint64 kChunk = 200000;
    std::vector<DataPoint> points;
    points.reserve(kChunk);
    for (qint64 done = 0; done < count; done += kChunk) {
        points.clear();
        std::vector<qint64> stamps;
        for (qint64 i = done; i < std::min(count, done + kChunk); ++i) {
            DataPoint p;
            p.streamId = *key;
            p.ts = (firstSecond + i) * isotime::kMicrosPerSecond;
            p.seq = i + 1;
            p.intValue = i % 1000;
            p.value = double(i % 1000) * 0.5;
            points.push_back(p);
        }
        stamps.push_back(points.front().ts);
        stamps.push_back(points.back().ts);
        for (qint64 t = points.front().ts; t < points.back().ts; t += 28 * isotime::kMicrosPerDay)
            stamps.push_back(t);
        if (!store.ensurePartitions(stamps))
            return false;
        Transaction tx(db);
        auto inserted = store.insert(points);
        if (!inserted || !tx.commit()) {
            std::fprintf(stderr, "load failed: %s\n",
                         inserted ? "commit" : qPrintable(inserted.error().message()));
            return false;
        }
        std::fprintf(stderr, "\rloaded %lld / %lld", qint64(done + qint64(points.size())), count);
    }
    std::fprintf(stderr, "\n");
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 points = argc > 1 ? QByteArray(argv[1]).toLongLong() : 10000000;
    const qint64 yearPoints = argc > 2 ? QByteArray(argv[2]).toLongLong() : 31536000;
    const int httpThreads = argc > 3 ? QByteArray(argv[3]).toInt() : 2;

    TestDatabase database;
    const QByteArray secret = "bench-secret-0123456789abcdef";
    ServerConfig config;
    config.databaseUrl = database.url();
    config.dataDir = database.dataDir();
    config.jwtSecret = secret;
    QByteArray jwt, bigStream, yearStream;
    {
        auto context = ServerContext::create(config, true);
        if (!context) {
            std::fprintf(stderr, "cannot prepare the database: %s\n", qPrintable(context.error().message()));
            return 1;
        }
        SqlConnection &db = **(*context)->db().connection();
        Account a;
        a.email = QStringLiteral("bench@example.com");
        a.username = QStringLiteral("bench");
        a.passwordHash = QStringLiteral("!");
        auto user = AccountStore(db).create(a);
        jwt = "jwt " + (*context)->auth().issueJwt(*user);
        Org org;
        org.name = QStringLiteral("Bench");
        org.slug = QStringLiteral("bench");
        auto createdOrg = OrgStore(db).create(org, user->id);
        Project p;
        p.name = QStringLiteral("Query");
        p.orgId = createdOrg->id;
        auto project = *ProjectStore(db).create(p);
        project = **ProjectStore(db).byId(project.id);
        Variable v;
        v.name = QStringLiteral("Level");
        v.lid = 0x5001;
        v.projectId = project.id;
        v.orgId = project.orgId;
        v.slug = VariableSlug(ProjectSlug(quint32(project.gid)), 0x5001).toString();
        auto variable = *VariableStore(db).create(v);
        QList<QByteArray> slugs;
        for (qint64 id : {0x2001, 0x2002}) {
            Device d;
            d.id = id;
            must(DeviceStore(db).create(d), "device");
            Device device = **DeviceStore(db).byId(id);
            must(DeviceLifecycle(db).claim(device, project, user->id), "claim");
            must(DeviceLifecycle(db).ensureStream(device, project, variable, user->id), "stream");
            slugs << StreamSlug(ProjectSlug(quint32(project.gid)), DeviceSlug(quint64(id)), 0x5001)
                         .toString()
                         .toLatin1();
        }
        bigStream = slugs.at(0);
        yearStream = slugs.at(1);
        SqlConnection &data = **(*context)->dataDb().connection();
        QElapsedTimer t;
        t.start();
        if (!load(data, QString::fromLatin1(bigStream), points, kYearStart + 400 * 86400)
            || !load(data, QString::fromLatin1(yearStream), yearPoints, kYearStart))
            return 1;
        std::printf("load_rows_per_s: %.0f rows/s\n",
                    double(points + yearPoints) / (double(t.elapsed()) / 1000.0));
        if (database.isPostgres())
            (void)data.execOnce(QStringLiteral("ANALYZE"));
        (*context)->closeThreadConnections();
    }

    ServerProcess server(QStringLiteral(IOTILE_SERVER_BINARY));
    if (!server.start({QStringLiteral("--database-url"), database.url(), QStringLiteral("--data-dir"),
                       database.dataDir(), QStringLiteral("--jwt-secret"), QString::fromLatin1(secret),
                       QStringLiteral("--http-threads"), QString::number(httpThreads)})) {
        std::fprintf(stderr, "server did not start:\n%s\n", server.log().constData());
        return 1;
    }
    std::atomic<qint64> peakRss {0};
    std::atomic<bool> done {false};
    std::thread sampler([&] {
        while (!done.load()) {
            peakRss = std::max(peakRss.load(), server.rssKiB());
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });
    RawHttpClient client("127.0.0.1", server.port());
    const auto timed = [&](const QByteArray &path, int runs, int expectStatus, qint64 *lines = nullptr) {
        std::vector<double> ms;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer t;
            t.start();
            const auto r = client.request("GET", path, jwt, {}, {}, lines == nullptr);
            ms.push_back(double(t.nsecsElapsed()) / 1e6);
            if (r.status != expectStatus) {
                std::fprintf(stderr, "GET %s -> %d %s\n", path.constData(), r.status,
                             r.body.left(200).constData());
                return std::vector<double> {};
            }
            if (lines)
                *lines = r.lines;
        }
        return ms;
    };

    // GET ?filter=<big stream>&lastn=100 from 16 keep-alive connections for `seconds`, sent by wrk (two
    // threads, epoll: the load generator takes little of the two cores the server shares with it): requests/s
    // and the failed requests (-1 requests/s when wrk did not run). With `writes`, one more connection posts
    // 10 points to the year stream, 10 ms apart, meanwhile (into 2027, after the data the other phases read),
    // as a system taking data does: each write drops the server's cached counts.
    const QByteArray lastn100 = "/api/v1/data/?filter=" + bigStream + "&lastn=100";
    qint64 nextWrite = kYearStart + 2 * 366 * 86400;
    double postsPerSecond = 0; // of the last run with writes
    const auto lastn100Rate = [&](quint16 port, int seconds, bool writes = false) {
        std::atomic<qint64> errors {0};
        std::atomic<bool> stop {false};
        std::thread writer;
        postsPerSecond = 0;
        if (writes)
            writer = std::thread([&] {
                RawHttpClient w("127.0.0.1", port);
                while (!stop.load()) {
                    QByteArray body = "[";
                    for (int i = 0; i < 10; ++i, ++nextWrite)
                        body += (i ? ",{\"stream\":\"" : "{\"stream\":\"") + yearStream
                            + "\",\"timestamp\":\""
                            + isotime::toString(nextWrite * isotime::kMicrosPerSecond).toLatin1()
                            + "\",\"int_value\":" + QByteArray::number(i) + "}";
                    body += "]";
                    if (w.request("POST", "/api/v1/data/", jwt, body).status != 201)
                        ++errors;
                    else
                        postsPerSecond += 1.0 / seconds;
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                }
            });
        const WrkRun run =
            runWrk(QStringLiteral("http://127.0.0.1:%1").arg(port) + QString::fromLatin1(lastn100), jwt,
                   seconds, 16);
        stop = true;
        if (writer.joinable())
            writer.join();
        if (!run.ok)
            std::fprintf(stderr, "%s\n", qPrintable(run.output));
        return std::pair(run.ok ? run.requestsPerSecond : -1.0, errors.load() + run.errors);
    };
    // The same from 16 threads of blocking clients (how stops before this one measured it): each answer
    // wakes a client thread, which costs the shared cores more than wrk's two event loops.
    const auto lastn100BlockingRate = [&](quint16 port, int seconds) {
        std::atomic<qint64> count {0}, errors {0};
        std::atomic<bool> stop {false};
        std::vector<std::thread> workers;
        for (int c = 0; c < 16; ++c)
            workers.emplace_back([&] {
                RawHttpClient client("127.0.0.1", port);
                while (!stop.load()) {
                    if (client.request("GET", lastn100, jwt).status == 200)
                        ++count;
                    else
                        ++errors;
                }
            });
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
        stop = true;
        for (auto &w : workers)
            w.join();
        return std::pair(double(count.load()) / seconds, errors.load());
    };

    // IOTILE_BENCH_HOLD=<seconds>: keeps the loaded server up that long before measuring, for profiling it
    // by hand (perf, wrk, curl) with the address, token and streams printed here.
    if (const int hold = qEnvironmentVariableIntValue("IOTILE_BENCH_HOLD"); hold > 0) {
        std::printf(
            "holding for %d s: server http://127.0.0.1:%u pid %lld\nauthorization: %s\nbig stream: %s\n"
            "year stream: %s\n",
            hold, unsigned(server.port()), qint64(server.pid()), jwt.constData(), bigStream.constData(),
            yearStream.constData());
        std::fflush(stdout);
        std::this_thread::sleep_for(std::chrono::seconds(hold));
    }

    // 1. The last 10,000 points of the big stream.
    const QByteArray lastn = "/api/v1/data/?filter=" + bigStream + "&lastn=10000&page_size=10000";
    timed(lastn, 3, 200); // warm up
    const auto lastnMs = timed(lastn, 50, 200);
    std::printf("lastn10000_p50: %.2f ms\nlastn10000_p90: %.2f ms\n", percentile(lastnMs, 0.5),
                percentile(lastnMs, 0.9));
    // With IOTILE_BENCH_COMPARE_BINARY, a second server (another build) on the same database answers the
    // same page in turns with this one, 25 requests at a time, 200 each: a ratio the machine's noise cannot
    // tilt towards the build that happened to run in a quiet minute.
    if (const QString other = qEnvironmentVariable("IOTILE_BENCH_COMPARE_BINARY"); !other.isEmpty()) {
        ServerProcess second(other);
        if (!second.start({QStringLiteral("--database-url"), database.url(), QStringLiteral("--data-dir"),
                           database.dataDir(), QStringLiteral("--jwt-secret"), QString::fromLatin1(secret),
                           QStringLiteral("--http-threads"), QString::number(httpThreads)})) {
            std::fprintf(stderr, "the second server did not start:\n%s\n", second.log().constData());
            return 1;
        }
        RawHttpClient otherClient("127.0.0.1", second.port());
        std::vector<double> mine, theirs;
        // Blocks of sequential requests to one server, as a user paging through a stream sends them.
        const auto block = [&](RawHttpClient &c, std::vector<double> &into) {
            for (int i = 0; i < 28; ++i) {
                QElapsedTimer t;
                t.start();
                if (c.request("GET", lastn, jwt).status != 200)
                    return false;
                if (i >= 3) // the first few wake the server's threads and connections
                    into.push_back(double(t.nsecsElapsed()) / 1e6);
            }
            return true;
        };
        for (int round = 0; round < 8; ++round)
            if (!block(otherClient, theirs) || !block(client, mine))
                return 1;
        std::printf("compare_lastn10000_p50: %.2f ms this build, %.2f ms %s (ratio %.3f)\n",
                    percentile(mine, 0.5), percentile(theirs, 0.5), qPrintable(other),
                    percentile(mine, 0.5) / percentile(theirs, 0.5));
        // lastn=100 from 16 connections, 5 s on each server in turn, four times.
        double mineRate = 0, theirRate = 0;
        for (int round = 0; round < 4; ++round) {
            theirRate += lastn100Rate(second.port(), 5).first / 4;
            mineRate += lastn100Rate(server.port(), 5).first / 4;
        }
        std::printf("compare_lastn100_16conn: %.0f req/s this build, %.0f req/s %s (ratio %.3f)\n", mineRate,
                    theirRate, qPrintable(other), mineRate / theirRate);
        mineRate = theirRate = 0;
        for (int round = 0; round < 4; ++round) {
            theirRate += lastn100Rate(second.port(), 5, true).first / 4;
            mineRate += lastn100Rate(server.port(), 5, true).first / 4;
        }
        std::printf(
            "compare_lastn100_16conn_with_writes: %.0f req/s this build, %.0f req/s %s (ratio %.3f)\n",
            mineRate, theirRate, qPrintable(other), mineRate / theirRate);
        // The CSV export of the big stream: once to set the hint bits of rows read for the first time since
        // the load (not timed), then in the order this, other, other, this, so a drift of the machine
        // cancels.
        const QByteArray csv = "/api/v1/stream/" + bigStream + "/csv/";
        if (otherClient.request("GET", csv, jwt, {}, {}, false).status != 200)
            return 1;
        double mineS = 0, theirS = 0;
        qint64 rows = 0;
        for (const bool mineTurn : {true, false, false, true}) {
            QElapsedTimer t;
            t.start();
            const auto r = (mineTurn ? client : otherClient).request("GET", csv, jwt, {}, {}, false);
            if (r.status != 200)
                return 1;
            (mineTurn ? mineS : theirS) += double(t.nsecsElapsed()) / 1e9;
            rows = r.lines - 1;
        }
        std::printf("compare_csv_export: %.0f rows/s this build, %.0f rows/s %s (ratio %.3f)\n",
                    double(2 * rows) / mineS, double(2 * rows) / theirS, qPrintable(other), theirS / mineS);
        second.stop();
    }

    // 2. lastn=100 from 16 connections for 10 s: wrk alone, wrk with a writer, then the blocking clients.
    {
        const auto [rate, errors] = lastn100Rate(server.port(), 10);
        std::printf("lastn100_16conn: %.0f req/s (wrk, errors %lld)\n", rate, errors);
        const auto [writing, writeErrors] = lastn100Rate(server.port(), 10, true);
        std::printf("lastn100_16conn_with_writes: %.0f req/s (wrk), %.0f posts/s of 10 points alongside "
                    "(errors %lld)\n",
                    writing, postsPerSecond, writeErrors);
        const auto [blocking, blockingErrors] = lastn100BlockingRate(server.port(), 10);
        std::printf("lastn100_16conn_blocking_clients: %.0f req/s (16 client threads, errors %lld)\n",
                    blocking, blockingErrors);
    }

    // 3. One hour buckets over the year stream.
    const QByteArray aggregate = "/api/v1/stream/" + yearStream
        + "/data/aggregate/"
          "?interval=1h&fn=avg,min,max,count&start=2025-01-01T00:00:00Z&end=2026-01-01T00:00:00Z";
    timed(aggregate, 1, 200);
    const auto aggMs = timed(aggregate, 10, 200);
    std::printf("aggregate_1h_over_%lld_points_p50: %.1f ms\n", yearPoints, percentile(aggMs, 0.5));

    // 4. CSV export of the big stream, streamed.
    qint64 lines = 0;
    const auto csvMs = timed("/api/v1/stream/" + bigStream + "/csv/", 1, 200, &lines);
    if (!csvMs.empty())
        std::printf("csv_export_rows: %lld\ncsv_export_rows_per_s: %.0f rows/s\n", lines - 1,
                    double(lines - 1) / (csvMs.front() / 1000.0));
    // PostgreSQL: the phases above ran while autovacuum went through the rows just loaded, and the first read
    // of each row set its hint bits. The export once more after VACUUM: how a table that has settled reads.
    if (database.isPostgres()) {
        auto context = ServerContext::create(config, false);
        if (!context) {
            std::fprintf(stderr, "cannot open the database: %s\n", qPrintable(context.error().message()));
            return 1;
        }
        QElapsedTimer vacuum;
        vacuum.start();
        SqlConnection &data = **(*context)->dataDb().connection();
        must(data.execOnce(QStringLiteral("VACUUM (ANALYZE) stream_chunks")), "vacuum");
        // VACUUM dirtied every page it set hint bits and visibility on: written out now, not by the
        // checkpointer during the reads below (a role without pg_checkpoint leaves it to the checkpointer).
        (void)data.execOnce(QStringLiteral("CHECKPOINT"));
        (*context)->closeThreadConnections();
        std::printf("vacuum_s: %.1f s (and a checkpoint)\n", double(vacuum.elapsed()) / 1000.0);
        const auto settledMs = timed("/api/v1/stream/" + bigStream + "/csv/", 1, 200, &lines);
        if (!settledMs.empty())
            std::printf("csv_export_after_vacuum_rows_per_s: %.0f rows/s\n",
                        double(lines - 1) / (settledMs.front() / 1000.0));
        // The pages of phases 1 and 2 once more on the settled table: right after a bulk load they share the
        // two cores with autovacuum's pass over the new rows and the disk with the checkpointer, which a
        // system taking data as it comes does not meet at that scale.
        const auto settledLastnMs = timed(lastn, 50, 200);
        std::printf("lastn10000_after_vacuum_p50: %.2f ms\nlastn10000_after_vacuum_p90: %.2f ms\n",
                    percentile(settledLastnMs, 0.5), percentile(settledLastnMs, 0.9));
        const auto [settledRate, settledErrors] = lastn100Rate(server.port(), 10);
        std::printf("lastn100_16conn_after_vacuum: %.0f req/s (wrk, errors %lld)\n", settledRate,
                    settledErrors);
    }

    done = true;
    sampler.join();
    std::printf("http_threads: %d\n", httpThreads);
    std::printf("database: %s\nserver_peak_rss: %.1f MiB\n", database.isPostgres() ? "postgresql" : "sqlite",
                double(std::max(peakRss.load(), server.peakRssKiB())) / 1024.0);
    server.stop();
    return 0;
}
