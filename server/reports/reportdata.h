#pragma once

#include "common/util/error.h"
#include "server/domain/userreport.h"

#include <QList>
#include <QString>

#include <utility>
#include <vector>

namespace iotile {

class ServerContext;
class SqlConnection;

// Count, min, max and average of one stream over one UTC day.
struct DayStats
{
    qint64 day = 0; // start of the day, µs since the epoch
    qint64 count = 0;
    double min = 0;
    double max = 0;
    double sum = 0;
    double average() const { return count ? sum / double(count) : 0.0; }
};

// The points of one stream over a report's range, in output units, oldest first.
struct ReportSeries
{
    QString slug;
    QString label;
    QString units;
    std::vector<std::pair<qint64, double>> points;
    std::vector<DayStats> days() const;
};

// Gathers what a generated report shows: its sources (stream slugs, or project slugs standing for every
// stream of the project that has data) read over its range from the data database.
class ReportData
{
public:
    static constexpr qint64 kDay = 86400LL * 1000 * 1000;
    // Reports read at most this many points per stream (bounds a job's memory).
    static constexpr qint64 kMaxPointsPerStream = 1000000;

    static Result<QList<ReportSeries>> load(ServerContext &server, SqlConnection &mainDb,
                                            SqlConnection &dataDb, const GeneratedReport &report);
};

} // namespace iotile
