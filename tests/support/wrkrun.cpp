#include "tests/support/wrkrun.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStringList>

namespace iotile::test {

namespace {

// wrk prints durations with a unit: 812.00us, 2.33ms, 1.02s, 2.00m.
double toMs(const QString &value, const QString &unit)
{
    const double v = value.toDouble();
    if (unit == QLatin1String("us"))
        return v / 1000.0;
    if (unit == QLatin1String("s"))
        return v * 1000.0;
    if (unit == QLatin1String("m"))
        return v * 60000.0;
    return v;
}

} // namespace

WrkRun runWrk(const QString &url, const QByteArray &authorization, int seconds, int connections, int threads)
{
    WrkRun run;
    QStringList args = {QStringLiteral("-t%1").arg(threads), QStringLiteral("-c%1").arg(connections),
                        QStringLiteral("-d%1s").arg(seconds), QStringLiteral("--latency")};
    if (!authorization.isEmpty())
        args << QStringLiteral("-H")
             << QStringLiteral("Authorization: ") + QString::fromLatin1(authorization);
    args << url;
    QProcess wrk;
    wrk.setProcessChannelMode(QProcess::MergedChannels);
    wrk.start(QStringLiteral("wrk"), args);
    if (!wrk.waitForStarted()) {
        run.output = QStringLiteral("wrk did not start (apt install wrk): %1").arg(wrk.errorString());
        return run;
    }
    if (!wrk.waitForFinished((seconds + 30) * 1000)) {
        wrk.kill();
        wrk.waitForFinished();
        run.output = QStringLiteral("wrk did not finish");
        return run;
    }
    run.output = QString::fromUtf8(wrk.readAll());
    const auto rate = QRegularExpression(QStringLiteral("Requests/sec:\\s+([0-9.]+)")).match(run.output);
    const auto median =
        QRegularExpression(QStringLiteral("\\s50%\\s+([0-9.]+)(us|ms|s|m)\\b")).match(run.output);
    const auto non2xx =
        QRegularExpression(QStringLiteral("Non-2xx or 3xx responses: (\\d+)")).match(run.output);
    const auto socket =
        QRegularExpression(
            QStringLiteral("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)"))
            .match(run.output);
    if (non2xx.hasMatch())
        run.errors += non2xx.captured(1).toLongLong();
    if (socket.hasMatch())
        for (int i = 1; i <= 4; ++i)
            run.errors += socket.captured(i).toLongLong();
    if (median.hasMatch())
        run.p50Ms = toMs(median.captured(1), median.captured(2));
    run.ok = rate.hasMatch() && wrk.exitStatus() == QProcess::NormalExit && wrk.exitCode() == 0;
    if (run.ok)
        run.requestsPerSecond = rate.captured(1).toDouble();
    return run;
}

} // namespace iotile::test
