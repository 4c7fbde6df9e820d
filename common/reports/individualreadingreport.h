#pragma once

#include "common/reports/report.h"
#include "common/reports/reportresult.h"

#include <QByteArrayView>

namespace iotile {

// Format 0: one reading in 20 bytes, unsigned and without a reading id (realtime streaming only).
class IndividualReadingReport final
{
public:
    static constexpr quint8 kFormatCode = 0;
    static constexpr qsizetype kSize = 20;

    static ReportResult<Report> parse(QByteArrayView data);
    // Writes deviceId, sentTimestamp and the single reading of report.
    static ReportResult<QByteArray> build(const Report &report);
};

} // namespace iotile
