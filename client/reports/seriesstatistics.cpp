#include "client/reports/seriesstatistics.h"

#include <algorithm>

namespace iotile {

SeriesStatistics SeriesStatistics::of(const SeriesData &data)
{
    SeriesStatistics s;
    if (data.values.isEmpty())
        return s;
    double sum = 0;
    double weight = 0;
    double low = data.values.first().y();
    double high = low;
    for (qsizetype i = 0; i < data.values.size(); ++i) {
        const double v = data.values[i].y();
        const double w = data.isAggregated() && i < data.counts.size() ? double(data.counts[i]) : 1.0;
        sum += v * w;
        weight += w;
        low = std::min(low, data.isAggregated() && i < data.minimum.size() ? data.minimum[i].y() : v);
        high = std::max(high, data.isAggregated() && i < data.maximum.size() ? data.maximum[i].y() : v);
    }
    s.points = qint64(weight);
    s.minimum = low;
    s.maximum = high;
    s.mean = weight > 0 ? std::optional<double>(sum / weight) : std::nullopt;
    s.first = data.values.first().y();
    s.last = data.values.last().y();
    return s;
}

} // namespace iotile
