#include "common/reports/reporttime.h"

#include <array>

namespace iotile {

namespace {

// Reads exactly count ASCII digits at pos; -1 when they are not there.
int digits(QStringView text, qsizetype pos, int count)
{
    if (pos + count > text.size())
        return -1;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[pos + i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z.
constexpr qint64 kMinimumSeconds = -62135596800;
constexpr qint64 kMaximumSeconds = 253402300799;

bool isLeapYear(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month)
{
    static constexpr std::array<int, 12> kDays {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : kDays[size_t(month - 1)];
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

void appendNumber(QString &out, qint64 value, int width)
{
    std::array<char16_t, 20> buffer {};
    int n = 0;
    do {
        buffer[size_t(n++)] = char16_t(u'0' + value % 10);
        value /= 10;
    } while (value > 0 && n < int(buffer.size()));
    for (int i = n; i < width; ++i)
        out.append(QLatin1Char('0'));
    while (n > 0)
        out.append(QChar(buffer[size_t(--n)]));
}

} // namespace

qint64 ReportTime::daysFromCivil(int year, int month, int day)
{
    // Howard Hinnant's days_from_civil.
    const qint64 y = qint64(year) - (month <= 2 ? 1 : 0);
    const qint64 era = floorDiv(y, 400);
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::optional<qint64> ReportTime::parseIso(QStringView text)
{
    const int year = digits(text, 0, 4);
    const int month = digits(text, 5, 2);
    const int day = digits(text, 8, 2);
    if (year < 1 || month < 1 || month > 12 || day < 1 || text[4] != u'-' || text[7] != u'-'
        || day > daysInMonth(year, month))
        return std::nullopt;
    if (text.size() < 16 || (text[10] != u'T' && text[10] != u't' && text[10] != u' ') || text[13] != u':')
        return std::nullopt;
    const int hour = digits(text, 11, 2);
    const int minute = digits(text, 14, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59)
        return std::nullopt;
    qsizetype pos = 16;
    int second = 0;
    qint64 micros = 0;
    if (pos < text.size() && text[pos] == u':') {
        second = digits(text, pos + 1, 2);
        if (second < 0 || second > 59)
            return std::nullopt;
        pos += 3;
        if (pos < text.size() && (text[pos] == u'.' || text[pos] == u',')) {
            ++pos;
            int count = 0;
            while (pos < text.size() && text[pos] >= u'0' && text[pos] <= u'9') {
                if (count < 6)
                    micros = micros * 10 + (text[pos].unicode() - u'0');
                ++count;
                ++pos;
            }
            if (count == 0)
                return std::nullopt;
            for (int i = count; i < 6; ++i)
                micros *= 10;
        }
    }
    qint64 offsetSeconds = 0;
    if (pos < text.size()) {
        const QChar zone = text[pos];
        if ((zone == u'Z' || zone == u'z') && pos + 1 == text.size()) {
            pos += 1;
        } else if (zone == u'+' || zone == u'-') {
            const int hours = digits(text, pos + 1, 2);
            if (hours < 0 || hours > 23)
                return std::nullopt;
            int minutes = 0;
            qsizetype end = pos + 3;
            if (end < text.size()) {
                if (text[end] == u':')
                    ++end;
                minutes = digits(text, end, 2);
                if (minutes < 0 || minutes > 59)
                    return std::nullopt;
                end += 2;
            }
            if (end != text.size())
                return std::nullopt;
            offsetSeconds = (qint64(hours) * 3600 + minutes * 60) * (zone == u'-' ? -1 : 1);
            pos = end;
        } else {
            return std::nullopt;
        }
    }
    if (pos != text.size())
        return std::nullopt;
    const qint64 seconds =
        daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    // An offset can move a time out of years 1-9999, which could then not be written back (Python fails too).
    if (seconds < kMinimumSeconds || seconds > kMaximumSeconds)
        return std::nullopt;
    return seconds * kMicrosecondsPerSecond + micros;
}

QString ReportTime::formatIso(qint64 microseconds, Zone zone)
{
    const qint64 seconds = floorDiv(microseconds, kMicrosecondsPerSecond);
    const qint64 micros = microseconds - seconds * kMicrosecondsPerSecond;
    const qint64 days = floorDiv(seconds, 86400);
    const qint64 secondOfDay = seconds - days * 86400;
    // Howard Hinnant's civil_from_days.
    const qint64 z = days + 719468;
    const qint64 era = floorDiv(z, 146097);
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);

    QString out;
    out.reserve(28);
    appendNumber(out, year, 4);
    out.append(QLatin1Char('-'));
    appendNumber(out, month, 2);
    out.append(QLatin1Char('-'));
    appendNumber(out, day, 2);
    out.append(QLatin1Char('T'));
    appendNumber(out, secondOfDay / 3600, 2);
    out.append(QLatin1Char(':'));
    appendNumber(out, secondOfDay / 60 % 60, 2);
    out.append(QLatin1Char(':'));
    appendNumber(out, secondOfDay % 60, 2);
    if (micros != 0) {
        out.append(QLatin1Char('.'));
        appendNumber(out, micros, 6);
    }
    if (zone == Zone::Utc)
        out.append(QLatin1Char('Z'));
    return out;
}

} // namespace iotile
