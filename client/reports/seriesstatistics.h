#pragma once

#include "client/data/seriesdata.h"

#include <optional>

namespace iotile {

// Summary figures of one series for report tables; for buckets the extremes come from the band and the
// mean is weighted by the bucket counts.
struct SeriesStatistics
{
    qint64 points = 0; // raw points (the sum of the counts for buckets)
    std::optional<double> minimum;
    std::optional<double> maximum;
    std::optional<double> mean;
    std::optional<double> first;
    std::optional<double> last;

    static SeriesStatistics of(const SeriesData &data);
};

} // namespace iotile
