#include "server/observability/processstats.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>

#ifdef Q_OS_LINUX
#include <unistd.h>
#endif

namespace iotile {

namespace {

QByteArray readAll(const char *path)
{
    // /proc files report size 0: read until the end instead of trusting size().
    QFile f(QString::fromLatin1(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace

ProcessStats ProcessStats::read()
{
    ProcessStats s;
#ifdef Q_OS_LINUX
    const long pageSize = sysconf(_SC_PAGESIZE);
    const long ticks = sysconf(_SC_CLK_TCK);
    // statm: size resident shared text lib data dt, in pages.
    const QList<QByteArray> statm = readAll("/proc/self/statm").split(' ');
    if (statm.size() >= 2) {
        s.virtualBytes = statm.at(0).toLongLong() * pageSize;
        s.residentBytes = statm.at(1).toLongLong() * pageSize;
    }
    // stat: the command may contain spaces; fields are counted after its closing parenthesis.
    const QByteArray stat = readAll("/proc/self/stat");
    const qsizetype close = stat.lastIndexOf(')');
    if (close > 0 && ticks > 0) {
        const QList<QByteArray> f = stat.mid(close + 2).split(' ');
        // After ")": state(3) ... utime(14) stime(15) ... num_threads(20) ... starttime(22); index = n - 3.
        if (f.size() > 19) {
            s.cpuSeconds = double(f.at(11).toLongLong() + f.at(12).toLongLong()) / double(ticks);
            s.threads = f.at(17).toLongLong();
            qint64 bootTime = 0;
            for (const QByteArray &line : readAll("/proc/stat").split('\n'))
                if (line.startsWith("btime "))
                    bootTime = line.mid(6).trimmed().toLongLong();
            if (bootTime > 0)
                s.startTimeSeconds = double(bootTime) + double(f.at(19).toLongLong()) / double(ticks);
        }
    }
    s.openFds = QDir(QStringLiteral("/proc/self/fd"))
                    .entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System)
                    .size();
#endif
    return s;
}

} // namespace iotile
