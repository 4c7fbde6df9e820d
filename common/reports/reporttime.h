#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace iotile {

// ISO-8601 <-> int64 microseconds since the Unix epoch (UTC), the storage unit of stream data, without
// QDateTime (measured 10x slower per row); the forms real uploaders write, naive meaning UTC.
class ReportTime final
{
public:
    static constexpr qint64 kMicrosecondsPerSecond = 1000000;
    // 2000-01-01T00:00:00Z, the epoch of device real-time clocks.
    static constexpr qint64 kY2kUnixSeconds = 946684800;

    enum class Zone {
        Naive, // Python's isoformat() of a naive datetime: no suffix
        Utc, // "Z" suffix
    };

    // YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|±HH[:MM]|±HHMM]; fractions beyond microseconds are cut.
    static std::optional<qint64> parseIso(QStringView text);
    // YYYY-MM-DDTHH:MM:SS, ".ffffff" only when there are microseconds (Python's rule), then the zone.
    static QString formatIso(qint64 microseconds, Zone zone = Zone::Utc);

    static qint64 daysFromCivil(int year, int month, int day);
};

} // namespace iotile
