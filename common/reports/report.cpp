#include "common/reports/report.h"

namespace iotile {

QString reportFormatName(ReportFormat format)
{
    switch (format) {
    case ReportFormat::IndividualReading:
        return QStringLiteral("individual reading");
    case ReportFormat::SignedList:
        return QStringLiteral("signed list");
    case ReportFormat::Broadcast:
        return QStringLiteral("broadcast");
    case ReportFormat::FlexibleMsgpack:
        return QStringLiteral("flexible dictionary (msgpack)");
    case ReportFormat::FlexibleJson:
        return QStringLiteral("flexible dictionary (JSON)");
    }
    return QStringLiteral("unknown");
}

QString signatureFlagsName(quint8 flags)
{
    switch (flags) {
    case quint8(SignatureFlags::Hash):
        return QStringLiteral("SHA-256 hash");
    case quint8(SignatureFlags::UserKey):
        return QStringLiteral("user key");
    case quint8(SignatureFlags::DeviceKey):
        return QStringLiteral("device key");
    }
    return QStringLiteral("unknown signature flags %1").arg(flags);
}

std::pair<quint32, quint32> readingIdRange(std::span<const IOTileReading> readings,
                                           std::span<const IOTileEvent> events)
{
    quint32 lowest = 0;
    quint32 highest = 0;
    const auto take = [&](quint32 id) {
        if (id == 0)
            return;
        if (lowest == 0 || id < lowest)
            lowest = id;
        if (id > highest)
            highest = id;
    };
    for (const IOTileReading &reading : readings)
        take(reading.readingId);
    for (const IOTileEvent &event : events)
        take(event.readingId);
    return {lowest, highest};
}

} // namespace iotile
