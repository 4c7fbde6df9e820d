#pragma once

#include <QByteArray>
#include <QString>

namespace iotile::test {

// One run of wrk (Debian's package, the load generator benches measure request rates with: two threads
// and epoll, so the client takes little of the cores the server shares with it). Requests/s, the median
// latency and the requests that failed (non-2xx/3xx answers and socket errors) from its report.
struct WrkRun
{
    bool ok = false; // wrk ran and printed a rate
    double requestsPerSecond = 0;
    double p50Ms = 0;
    qint64 errors = 0;
    QString output; // wrk's report, or why it did not run
};

// GET `url` from `connections` keep-alive connections for `seconds`, with an Authorization header unless
// `authorization` is empty.
WrkRun runWrk(const QString &url, const QByteArray &authorization, int seconds, int connections,
              int threads = 2);

} // namespace iotile::test
