#pragma once

#include "client/reports/reportwriter.h"

namespace iotile {

// One CSV table for all streams: stream, label, unit, timestamp (ISO-8601 UTC), value, and for buckets
// min, max and count.
class CsvReportWriter final : public ReportWriter
{
    Q_DECLARE_TR_FUNCTIONS(iotile::CsvReportWriter)

public:
    Status write(const ReportData &data, const QString &path, ReportProgress &progress) override;
};

} // namespace iotile
