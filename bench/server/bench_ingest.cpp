// Ingest throughput through HTTP + JSON: bulk posts of 1,000 points to /api/v1/data/ from several
// connections against the real iotile-server process (2 HTTP threads by default), on PostgreSQL when
// IOTILE_TEST_DATABASE_URL names a server, SQLite otherwise. Prints points/s and the server's peak RSS.
// Two phases on one server: streams without a stream filter, then as many streams that each have an
// active filter (two states, threshold triggers, an alarm action), and the ratio of the two rates (the
// issue allows filters to cost at most 20% of bulk ingest). Over the first phase it also prints the CPU time
// of the server and of PostgreSQL (both on this machine) and the live push's share of it: the server's
// `live` thread and its PostgreSQL backend (application_name iotile-live), and how many posts the writers'
// transactions carried on average (the server's /metrics).
// Usage: bench_ingest [points per phase, default 1000000] [connections, default 4] [http threads, default 2]
// The server inherits the environment: IOTILE_INGEST_WRITERS=0 measures the HTTP threads writing their own
// posts instead of the group-commit writers (server/ingest/batchwriter.h).
#include "common/slug/deviceslug.h"
#include "common/slug/filterslug.h"
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
#include "server/store/filterstore.h"
#include "server/store/orgstore.h"
#include "server/store/projectstore.h"
#include "server/store/tokenstore.h"
#include "server/store/variablestore.h"
#include "tests/support/must.h"
#include "tests/support/rawhttpclient.h"
#include "tests/support/seed.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <map>
#include <thread>
#include <vector>

using namespace iotile;
using namespace iotile::test;

namespace {

constexpr int kBatch = 1000;
constexpr qint64 kEpoch2026 = 1767225600; // 2026-01-01T00:00:00Z

// One bulk body: kBatch points of one stream, one second apart, starting at `first` seconds.
QByteArray body(const QByteArray &stream, qint64 first)
{
    QByteArray out;
    out.reserve(kBatch * 110);
    out.append('[');
    char buf[64];
    for (int i = 0; i < kBatch; ++i) {
        if (i)
            out.append(',');
        out.append("{\"stream\":\"");
        out.append(stream);
        out.append("\",\"timestamp\":\"");
        out.append(isotime::format((first + i) * isotime::kMicrosPerSecond, isotime::Style::Seconds));
        out.append("\",\"int_value\":");
        const auto r = std::to_chars(buf, buf + sizeof buf, (first + i) % 100000);
        out.append(buf, r.ptr - buf);
        out.append('}');
    }
    out.append(']');
    return out;
}

// A filter on the stream: "low" (value <= 50000) and "high" (> 50000), entered from anywhere, and an
// alarm raised on entering "high": values climb within a batch, so it fires about twice per 100 batches.
void addFilter(SqlConnection &db, const StreamSlug &stream, qint64 projectId, qint64 variableId,
               qint64 userId)
{
    FilterStore store(db);
    StreamFilter f;
    f.slug = FilterSlug(stream).toString();
    f.name = QStringLiteral("bench");
    f.projectId = projectId;
    f.variableId = variableId;
    f.secret = randomHex(32);
    f.createdBy = userId;
    const StreamFilter filter = must(store.create(f), "filter");
    for (const auto &[label, op] : {std::pair {"high", "gt"}, std::pair {"low", "le"}}) {
        FilterState s;
        s.filterId = filter.id;
        s.label = QString::fromLatin1(label);
        s.slug = s.label;
        const FilterState state = must(store.createState(s, userId), "state");
        FilterTransition t;
        t.filterId = filter.id;
        t.dstId = state.id;
        const FilterTransition transition = must(store.createTransition(t, userId), "transition");
        FilterTrigger trigger;
        trigger.filterId = filter.id;
        trigger.transitionId = transition.id;
        trigger.op = QString::fromLatin1(op);
        trigger.threshold = 50000;
        trigger.userThreshold = 50000;
        must(store.createTrigger(trigger, userId), "trigger");
        if (s.label == QLatin1String("high")) {
            FilterAction a;
            a.filterId = filter.id;
            a.stateId = state.id;
            a.type = QStringLiteral("alm");
            a.extra = QJsonObject {{QStringLiteral("severity"), QStringLiteral("minor")}};
            must(store.createAction(a, userId), "action");
        }
    }
}

// CPU seconds (user + system) of a process or thread so far, from /proc/<pid>[/task/<tid>]/stat; 0 if gone.
double cpuSeconds(const QString &statPath)
{
    QFile f(statPath);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    // After the name's closing parenthesis: state is field 3, utime 14, stime 15.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    static const double ticks = double(sysconf(_SC_CLK_TCK));
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / ticks;
}

// CPU seconds so far of the server process and its live thread, and of PostgreSQL's processes and the
// live thread's backend (none on SQLite).
struct CpuSample
{
    double server = 0;
    double serverLive = 0;
    std::map<qint64, double> postgres; // pid -> seconds
    double postgresLive = 0;
};

CpuSample sampleCpu(qint64 serverPid, SqlConnection *pg)
{
    CpuSample out;
    const QString proc = QStringLiteral("/proc/%1").arg(serverPid);
    out.server = cpuSeconds(proc + QStringLiteral("/stat"));
    for (const QString &tid :
         QDir(proc + QStringLiteral("/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(proc + QStringLiteral("/task/") + tid + QStringLiteral("/comm"));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == "live")
            out.serverLive = cpuSeconds(proc + QStringLiteral("/task/") + tid + QStringLiteral("/stat"));
    }
    if (!pg)
        return out;
    SqlQuery q =
        pg->query("SELECT pid, application_name FROM pg_stat_activity WHERE pid <> pg_backend_pid()");
    if (!q.exec())
        return out;
    while (q.next()) {
        const qint64 pid = q.int64(0);
        const double seconds = cpuSeconds(QStringLiteral("/proc/%1/stat").arg(pid));
        out.postgres[pid] = seconds;
        if (q.text(1) == QLatin1String("iotile-live"))
            out.postgresLive += seconds;
    }
    pg->finishAll();
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 total = argc > 1 ? QByteArray(argv[1]).toLongLong() : 1000000;
    const int connections = argc > 2 ? QByteArray(argv[2]).toInt() : 4;
    const int threads = argc > 3 ? QByteArray(argv[3]).toInt() : 2;

    TestDatabase database;
    const QByteArray secret = "bench-secret-0123456789abcdef";
    ServerConfig config;
    config.databaseUrl = database.url();
    config.dataDir = database.dataDir();
    config.jwtSecret = secret;
    config.passwordIterations = 1000;
    // Seed through the stores, then hand the database to the real server process.
    QByteArray jwt;
    QList<QByteArray> streams;
    {
        auto context = ServerContext::create(config, true);
        if (!context) {
            std::fprintf(stderr, "cannot prepare the database: %s\n", qPrintable(context.error().message()));
            return 1;
        }
        auto connection = (*context)->db().connection();
        AccountStore accounts(**connection);
        Account a;
        a.email = QStringLiteral("bench@example.com");
        a.username = QStringLiteral("bench");
        a.passwordHash = QStringLiteral("!");
        auto user = accounts.create(a);
        jwt = "jwt " + (*context)->auth().issueJwt(*user);
        // A stream per connection, each on a device of its own.
        SqlConnection &db = **connection;
        OrgStore orgs(db);
        Org org;
        org.name = QStringLiteral("Bench");
        org.slug = QStringLiteral("bench");
        auto createdOrg = orgs.create(org, user->id);
        Project p;
        p.name = QStringLiteral("Ingest");
        p.orgId = createdOrg->id;
        auto project = ProjectStore(db).create(p);
        auto storedProject = ProjectStore(db).byId(project->id);
        for (int i = 0; i < 2 * connections; ++i) {
            Device d;
            d.id = (i < connections ? 0x1000 : 0x2000) + i;
            must(DeviceStore(db).create(d), "device");
            auto device = DeviceStore(db).byId(d.id);
            Variable v;
            v.name = QStringLiteral("Counter");
            v.lid = 0x5001;
            v.projectId = project->id;
            v.orgId = createdOrg->id;
            v.slug = VariableSlug(ProjectSlug(quint32(project->gid)), 0x5001).toString();
            if (i == 0)
                must(VariableStore(db).create(v), "variable");
            auto variable = VariableStore(db).byProjectLid(project->id, 0x5001);
            Device claimed = **device;
            must(DeviceLifecycle(db).claim(claimed, **storedProject, user->id), "claim");
            must(DeviceLifecycle(db).ensureStream(claimed, **storedProject, **variable, user->id), "stream");
            const StreamSlug slug(ProjectSlug(quint32(project->gid)), DeviceSlug(quint64(d.id)), 0x5001);
            streams << slug.toString().toLatin1();
            if (i >= connections)
                addFilter(db, slug, project->id, (*variable)->id, user->id);
        }
        (*context)->closeThreadConnections();
    }

    // IOTILE_BENCH_SERVER_BINARY runs another build (of the server, or a script that starts one) instead.
    ServerProcess server(
        qEnvironmentVariable("IOTILE_BENCH_SERVER_BINARY", QStringLiteral(IOTILE_SERVER_BINARY)));
    if (!server.start({QStringLiteral("--database-url"), database.url(), QStringLiteral("--data-dir"),
                       database.dataDir(), QStringLiteral("--jwt-secret"), QString::fromLatin1(secret),
                       QStringLiteral("--http-threads"), QString::number(threads),
                       QStringLiteral("--max-body-bytes"), QStringLiteral("67108864")})) {
        std::fprintf(stderr, "server did not start:\n%s\n", server.log().constData());
        return 1;
    }
    const qint64 batches = (total + kBatch - 1) / kBatch;
    std::atomic<qint64> failed {0};
    std::atomic<qint64> peakRss {0};
    std::atomic<bool> done {false};
    std::thread sampler([&] {
        while (!done.load()) {
            peakRss = std::max(peakRss.load(), server.rssKiB());
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
    });
    // One phase: every connection posts to its own stream of the set (0: no filters, 1: filtered).
    auto phase = [&](int set) {
        std::atomic<qint64> next {0};
        QElapsedTimer timer;
        timer.start();
        std::vector<std::thread> workers;
        for (int c = 0; c < connections; ++c) {
            workers.emplace_back([&, c] {
                RawHttpClient client("127.0.0.1", server.port());
                qint64 batch;
                qint64 mine = 0;
                while ((batch = next.fetch_add(1)) < batches) {
                    const QByteArray payload =
                        body(streams.at(set * connections + c), kEpoch2026 + mine * kBatch);
                    ++mine;
                    const auto reply = client.request("POST", "/api/v1/data/", jwt, payload);
                    if (reply.status != 201) {
                        if (failed.fetch_add(1) < 3)
                            std::fprintf(stderr, "post failed: %d %s\n", reply.status,
                                         reply.body.left(300).constData());
                    }
                }
            });
        }
        for (std::thread &t : workers)
            t.join();
        return double(timer.nsecsElapsed()) / 1e9;
    };
    std::unique_ptr<Database> pgDatabase;
    SqlConnection *pg = nullptr;
    if (database.isPostgres()) {
        if (auto opened = Database::open(database.url())) {
            pgDatabase = std::move(*opened);
            if (auto c = pgDatabase->connection())
                pg = *c;
        }
    }
    // The writers' group commit, from /metrics: transactions and the posts they committed.
    auto groupCounters = [&] {
        const auto reply = RawHttpClient("127.0.0.1", server.port()).request("GET", "/metrics", {}, {});
        std::pair<qint64, qint64> counters {0, 0};
        for (const QByteArray &line : reply.body.split('\n')) {
            if (line.startsWith("iotile_ingest_group_commits_total "))
                counters.first = line.mid(line.indexOf(' ') + 1).toLongLong();
            else if (line.startsWith("iotile_ingest_group_posts_total "))
                counters.second = line.mid(line.indexOf(' ') + 1).toLongLong();
        }
        return counters;
    };
    const CpuSample before = sampleCpu(server.pid(), pg);
    const auto groupsBefore = groupCounters();
    const double plain = phase(0);
    const auto groupsAfter = groupCounters();
    const CpuSample after = sampleCpu(server.pid(), pg);
    const double filtered = phase(1);
    done = true;
    sampler.join();
    const qint64 hwm = server.peakRssKiB();
    server.stop();
    const double points = double(batches * kBatch);
    std::printf(
        "database: %s\nhttp_threads: %d\nconnections: %d\npoints_per_phase: %lld\nfailed_posts: %lld\n",
        database.isPostgres() ? "postgresql" : "sqlite", threads, connections, batches * kBatch,
        failed.load());
    std::printf("ingest_seconds: %.2f s\ningest_points_per_s: %.0f points/s\n", plain, points / plain);
    std::printf("ingest_filtered_seconds: %.2f s\ningest_filtered_points_per_s: %.0f points/s\n", filtered,
                points / filtered);
    std::printf("filter_rate_ratio: %.3f (filtered / plain; >= 0.80 meets the issue)\n", plain / filtered);
    std::printf("server_peak_rss: %.1f MiB\n", double(std::max(hwm, peakRss.load())) / 1024.0);
    const qint64 commits = groupsAfter.first - groupsBefore.first;
    if (commits > 0)
        std::printf("ingest_posts_per_commit: %.2f (%lld transactions)\n",
                    double(groupsAfter.second - groupsBefore.second) / double(commits), commits);
    // Processes that started during the phase count from zero.
    double postgresCpu = 0;
    for (const auto &[pid, seconds] : after.postgres) {
        const auto it = before.postgres.find(pid);
        postgresCpu += seconds - (it == before.postgres.end() ? 0 : it->second);
    }
    const double serverCpu = after.server - before.server;
    const double liveCpu =
        (after.serverLive - before.serverLive) + (after.postgresLive - before.postgresLive);
    std::printf(
        "ingest_cpu_seconds: server %.2f s (live thread %.2f s), postgresql %.2f s (live backend %.2f s)\n",
        serverCpu, after.serverLive - before.serverLive, postgresCpu,
        after.postgresLive - before.postgresLive);
    std::printf("live_cpu_share: %.1f %% (live thread and backend / server and postgresql)\n",
                100.0 * liveCpu / std::max(1e-9, serverCpu + postgresCpu));
    return failed.load() == 0 ? 0 : 1;
}
