#include "client/reports/reportdata.h"

namespace iotile {

qint64 ReportData::totalRows() const
{
    qint64 rows = 0;
    for (const SeriesData &s : streams)
        rows += s.size();
    return rows;
}

} // namespace iotile
