#pragma once

#include <QString>
#include <QtGlobal>

namespace iotile {

// The UTC calendar month holding a time (µs since the epoch): the data tables' PostgreSQL partitions are
// months of their time column, named <table>_pYYYYMM.
struct MonthRange
{
    qint64 startMicros = 0;
    qint64 endMicros = 0; // the next month's start
    int year = 0;
    int month = 0;

    static MonthRange of(qint64 ts);
    QString partition(QLatin1StringView table) const;
    bool contains(qint64 ts) const { return ts >= startMicros && ts < endMicros; }
};

} // namespace iotile
