#pragma once

#include <QtGlobal>

#include <optional>

namespace iotile {

// One integer sample streamed by a device (CoreTools IOTileReading).
struct IOTileReading
{
    // Device uptime in seconds, or seconds since 2000-01-01 UTC when bit 31 is set (0xFFFFFFFF: unknown).
    quint32 rawTime = 0;
    // Variable id: bits 15-12 type, bit 11 system, bits 10-0 index (0x5001 = user output 1).
    quint16 stream = 0;
    quint32 value = 0;
    // Streamer-local id that grows across reboots; 0 means none.
    quint32 readingId = 0;
    // UTC in microseconds since the Unix epoch when the report itself carries it (flexible dictionary
    // items); binary formats leave it empty and UtcAssigner derives it from rawTime.
    std::optional<qint64> timestamp;

    friend bool operator==(const IOTileReading &, const IOTileReading &) = default;
};

} // namespace iotile
