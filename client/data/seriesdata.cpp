#include "client/data/seriesdata.h"

namespace iotile {

QString SeriesData::title() const
{
    const QString name = label.isEmpty() ? slug : label;
    return unit.isEmpty() ? name : name + QLatin1String(" (") + unit + QLatin1Char(')');
}

} // namespace iotile
