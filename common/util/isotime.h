#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <optional>

// Integer ISO-8601 parsing and formatting for UTC microsecond timestamps: the hot paths avoid QDateTime,
// which costs more than the database there (reference/qt-stack-probe.md section 8).
namespace iotile::isotime {

// Microseconds since 1970-01-01T00:00:00Z.
using Micros = std::int64_t;

enum class Style {
    Drf, // 2016-09-23T10:00:00Z, or 2016-09-23T10:00:00.123456Z when there are microseconds
    Seconds, // 2016-09-23T10:00:00Z always (the original's '%Y-%m-%dT%H:%M:%SZ' fields)
};

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.f{1,9}]]" with 'T' or ' ', and an optional "Z", "+HH:MM",
// "+HHMM" or "+HH" zone; a time without zone is UTC (the server's time zone, as in the original).
std::optional<Micros> parse(QByteArrayView text);
inline std::optional<Micros> parse(const QString &text)
{
    return parse(QByteArrayView(text.toLatin1()));
}

// Writes at most kMaxLength characters at `dest` (no terminator); returns the end.
constexpr int kMaxLength = 28;
char *write(char *dest, Micros value, Style style = Style::Drf);
void append(QByteArray &out, Micros value, Style style = Style::Drf);
QByteArray format(Micros value, Style style = Style::Drf);
inline QString toString(Micros value, Style style = Style::Drf)
{
    return QString::fromLatin1(format(value, style));
}

Micros now();

// Proleptic Gregorian calendar helpers (days since 1970-01-01).
std::int64_t daysFromCivil(int year, unsigned month, unsigned day);
void civilFromDays(std::int64_t days, int &year, unsigned &month, unsigned &day);

constexpr Micros kMicrosPerSecond = 1'000'000;
constexpr Micros kMicrosPerDay = 86'400 * kMicrosPerSecond;

} // namespace iotile::isotime
