// Device list paging over real HTTP: 10,000 devices in one org, then GET
// /api/v1/device/?page_size=100&page=91 (offset 9,000) as a member of the org, many times. Prints the latency
// percentiles of that page (and of the first page for comparison) as "name: value unit". Usage: bench_devices
// [repetitions] [devices]   (IOTILE_TEST_DATABASE_URL selects PostgreSQL)
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/domain/access.h"
#include "server/store/database.h"
#include "server/store/devicestore.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace iotile;
using namespace iotile::test;

namespace {

double percentile(std::vector<double> sorted, double p)
{
    std::sort(sorted.begin(), sorted.end());
    const size_t index = std::min(sorted.size() - 1, size_t(p / 100.0 * double(sorted.size())));
    return sorted.at(index);
}

// Milliseconds of each of `repetitions` requests of one path, after a few unmeasured ones.
std::vector<double> measure(HttpClient &client, const QString &path, int repetitions, int expectedResults)
{
    std::vector<double> ms;
    for (int i = -10; i < repetitions; ++i) {
        QElapsedTimer timer;
        timer.start();
        const HttpReply r = client.get(path);
        const double elapsed = double(timer.nsecsElapsed()) / 1e6;
        if (r.status != 200 || r.object().value("results").toArray().size() != expectedResults) {
            std::fprintf(stderr, "GET %s failed: %d %s\n", qPrintable(path), r.status,
                         r.body.left(300).constData());
            return {};
        }
        if (i >= 0)
            ms.push_back(elapsed);
    }
    return ms;
}

void report(const char *name, const std::vector<double> &ms)
{
    std::printf("%s_p50: %.2f ms\n%s_p90: %.2f ms\n%s_p99: %.2f ms\n", name, percentile(ms, 50), name,
                percentile(ms, 90), name, percentile(ms, 99));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int repetitions = argc > 1 ? QByteArray(argv[1]).toInt() : 300;
    const int count = argc > 2 ? QByteArray(argv[2]).toInt() : 10000;
    TestServer server;
    if (!server.ok()) {
        std::fprintf(stderr, "server did not start: %s\n", qPrintable(server.error()));
        return 1;
    }
    const Account owner =
        server.createUser(QStringLiteral("bench@example.com"), QStringLiteral("bench password"));
    const Account other =
        server.createUser(QStringLiteral("other@example.com"), QStringLiteral("bench password"));
    Seed seed(server);
    QElapsedTimer seeding;
    seeding.start();
    {
        Transaction tx(seed.db());
        const Org org = seed.org(QStringLiteral("Bench Org"), owner);
        const Project project = seed.project(org, QStringLiteral("Bench"), owner);
        // Another org's devices, so the list has to filter rather than take the whole table.
        const Org foreign = seed.org(QStringLiteral("Other Org"), other);
        const Project theirs = seed.project(foreign, QStringLiteral("Theirs"), other);
        DeviceStore devices(seed.db());
        for (int i = 0; i < count + count / 2; ++i) {
            Device d;
            d.id = 0x100000 + i;
            d.label = QStringLiteral("Device %1").arg(i);
            const Project &p = i % 3 == 2 ? theirs : project;
            d.projectId = p.id;
            d.orgId = p.orgId;
            d.claimedBy = p.id == project.id ? owner.id : other.id;
            d.claimedOn = isotime::now();
            if (!devices.create(d)) {
                std::fprintf(stderr, "seeding failed\n");
                return 1;
            }
        }
        if (!tx.commit())
            return 1;
    }
    // The steady state autovacuum reaches soon after a bulk load: planner statistics, and the visibility
    // map that lets index-only scans skip the table.
    if (server.database().isPostgres() && !seed.db().execOnce(QStringLiteral("VACUUM ANALYZE devices")))
        return 1;
    const double seedSeconds = double(seeding.elapsed()) / 1000.0;

    auto client = server.clientFor(owner);
    const qint64 mine =
        client->get(QStringLiteral("/api/v1/device/?page_size=1")).object().value("count").toInteger();
    const int lastPage = int((mine + 99) / 100);
    const int page = std::min(91, lastPage);
    const auto deep = measure(*client, QStringLiteral("/api/v1/device/?page_size=100&page=%1").arg(page),
                              repetitions, int(std::min<qint64>(100, mine - (page - 1) * 100)));
    const auto first = measure(*client, QStringLiteral("/api/v1/device/?page_size=100"), repetitions, 100);
    // What every authenticated request costs (routing, JWT, one small query, loopback HTTP): the rest of a
    // page's latency is the device list itself.
    const auto baseline = measure(*client, QStringLiteral("/api/v1/account/"), repetitions, 1);
    if (deep.empty() || first.empty() || baseline.empty())
        return 1;
    // The store's share, in this thread without HTTP: the count and the page query of the same request.
    std::vector<double> store;
    {
        Access access(&owner, seed.db());
        DeviceStore devices(seed.db());
        for (int i = -10; i < repetitions; ++i) {
            QElapsedTimer timer;
            timer.start();
            const auto n = devices.count({}, access);
            const auto rows = devices.list({}, access, qint64(page - 1) * 100, 100);
            if (!n || !rows || rows->isEmpty())
                return 1;
            if (i >= 0)
                store.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
    }
    std::printf("database: %s\ndevices_in_org: %lld\ndevices_total: %d\nseed_time: %.1f s\nrepetitions: %d\n",
                server.database().isPostgres() ? "postgresql" : "sqlite", mine, count + count / 2,
                seedSeconds, repetitions);
    report("device_page_offset9000", deep);
    report("device_page_first", first);
    report("http_baseline_account", baseline);
    report("store_count_and_page_offset9000", store);
    return 0;
}
