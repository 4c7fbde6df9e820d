#pragma once

#include <QtGlobal>

#include <optional>

namespace iotile {

// What the operating system knows about this process, read when /metrics is scraped (Linux /proc; empty
// values elsewhere).
struct ProcessStats
{
    std::optional<qint64> residentBytes;
    std::optional<qint64> virtualBytes;
    std::optional<double> cpuSeconds; // user + system
    std::optional<double> startTimeSeconds; // since the epoch
    std::optional<qint64> openFds;
    std::optional<qint64> threads;

    static ProcessStats read();
};

} // namespace iotile
