#include "server/store/monthrange.h"

#include "common/util/isotime.h"

namespace iotile {

MonthRange MonthRange::of(qint64 ts)
{
    qint64 days = ts / isotime::kMicrosPerDay;
    if (ts % isotime::kMicrosPerDay < 0)
        --days;
    int year = 0;
    unsigned month = 0, day = 0;
    isotime::civilFromDays(days, year, month, day);
    const qint64 first = isotime::daysFromCivil(year, month, 1);
    const qint64 next =
        month == 12 ? isotime::daysFromCivil(year + 1, 1, 1) : isotime::daysFromCivil(year, month + 1, 1);
    return {first * isotime::kMicrosPerDay, next * isotime::kMicrosPerDay, year, int(month)};
}

QString MonthRange::partition(QLatin1StringView table) const
{
    return QStringLiteral("%1_p%2%3")
        .arg(table)
        .arg(year, 4, 10, QLatin1Char('0'))
        .arg(month, 2, 10, QLatin1Char('0'));
}

} // namespace iotile
