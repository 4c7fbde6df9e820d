#include "common/util/isotime.h"

#include <chrono>

namespace iotile::isotime {

namespace {

// Reads exactly n digits at text[pos]; false when any is not a digit or the text is short.
bool digits(QByteArrayView text, qsizetype pos, int n, int &value)
{
    if (pos + n > text.size())
        return false;
    int v = 0;
    for (int i = 0; i < n; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    value = v;
    return true;
}

char *put2(char *p, unsigned v)
{
    p[0] = char('0' + v / 10);
    p[1] = char('0' + v % 10);
    return p + 2;
}

} // namespace

std::int64_t daysFromCivil(int year, unsigned month, unsigned day)
{
    // Howard Hinnant's days_from_civil.
    year -= month <= 2;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = unsigned(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + std::int64_t(doe) - 719468;
}

void civilFromDays(std::int64_t days, int &year, unsigned &month, unsigned &day)
{
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = unsigned(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = std::int64_t(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = int(y + (month <= 2));
}

std::optional<Micros> parse(QByteArrayView text)
{
    text = text.trimmed();
    int year = 0, month = 0, day = 0;
    if (!digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, month)
        || text[7] != '-' || !digits(text, 8, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return std::nullopt;
    static constexpr int kDaysIn[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > kDaysIn[month - 1] || (month == 2 && day == 29 && !leap))
        return std::nullopt;

    int hour = 0, minute = 0, second = 0;
    Micros fraction = 0;
    qsizetype pos = 10;
    if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
        if (!digits(text, pos + 1, 2, hour) || pos + 3 >= text.size() || text[pos + 3] != ':'
            || !digits(text, pos + 4, 2, minute))
            return std::nullopt;
        pos += 6;
        if (pos < text.size() && text[pos] == ':') {
            if (!digits(text, pos + 1, 2, second))
                return std::nullopt;
            pos += 3;
            if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
                ++pos;
                int n = 0;
                Micros scale = 100000;
                while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                    if (n < 6) {
                        fraction += (text[pos] - '0') * scale;
                        scale /= 10;
                    }
                    ++n;
                    ++pos;
                }
                if (n == 0 || n > 9)
                    return std::nullopt;
            }
        }
        if (hour > 23 || minute > 59 || second > 60)
            return std::nullopt;
    }

    Micros offset = 0;
    if (pos < text.size()) {
        const char z = text[pos];
        if ((z == 'Z' || z == 'z') && pos + 1 == text.size()) {
            pos += 1;
        } else if (z == '+' || z == '-') {
            int oh = 0, om = 0;
            if (!digits(text, pos + 1, 2, oh))
                return std::nullopt;
            qsizetype p = pos + 3;
            if (p < text.size()) {
                if (text[p] == ':')
                    ++p;
                if (!digits(text, p, 2, om))
                    return std::nullopt;
                p += 2;
            }
            if (p != text.size() || oh > 23 || om > 59)
                return std::nullopt;
            offset = (Micros(oh) * 3600 + om * 60) * kMicrosPerSecond * (z == '-' ? -1 : 1);
            pos = p;
        } else {
            return std::nullopt;
        }
    }
    if (pos != text.size())
        return std::nullopt;

    const std::int64_t days = daysFromCivil(year, unsigned(month), unsigned(day));
    const Micros seconds = days * 86400 + hour * 3600 + minute * 60 + second;
    return seconds * kMicrosPerSecond + fraction - offset;
}

char *write(char *p, Micros value, Style style)
{
    std::int64_t days = value / kMicrosPerDay;
    Micros rest = value % kMicrosPerDay;
    if (rest < 0) {
        rest += kMicrosPerDay;
        --days;
    }
    int year = 0;
    unsigned month = 0, day = 0;
    civilFromDays(days, year, month, day);
    const unsigned secondsOfDay = unsigned(rest / kMicrosPerSecond);
    const unsigned micros = unsigned(rest % kMicrosPerSecond);

    if (year < 0 || year > 9999) {
        // Outside what ISO-8601 basic years cover; clamp rather than emit garbage.
        year = year < 0 ? 0 : 9999;
    }
    p = put2(p, unsigned(year) / 100);
    p = put2(p, unsigned(year) % 100);
    *p++ = '-';
    p = put2(p, month);
    *p++ = '-';
    p = put2(p, day);
    *p++ = 'T';
    p = put2(p, secondsOfDay / 3600);
    *p++ = ':';
    p = put2(p, secondsOfDay / 60 % 60);
    *p++ = ':';
    p = put2(p, secondsOfDay % 60);
    if (style == Style::Drf && micros != 0) {
        *p++ = '.';
        unsigned m = micros;
        for (int i = 5; i >= 0; --i) {
            p[i] = char('0' + m % 10);
            m /= 10;
        }
        p += 6;
    }
    *p++ = 'Z';
    return p;
}

void append(QByteArray &out, Micros value, Style style)
{
    char buf[kMaxLength];
    out.append(buf, write(buf, value, style) - buf);
}

QByteArray format(Micros value, Style style)
{
    QByteArray out;
    out.reserve(28);
    append(out, value, style);
    return out;
}

Micros now()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace iotile::isotime
