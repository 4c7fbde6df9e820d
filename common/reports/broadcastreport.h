#pragma once

#include "common/reports/report.h"
#include "common/reports/reportresult.h"

#include <QByteArrayView>

namespace iotile {

// Format 3: readings broadcast over BLE/MQTT without a connection; only auth type 0 (none) exists.
class BroadcastReport final
{
public:
    static constexpr quint8 kFormatCode = 3;
    static constexpr qsizetype kHeaderSize = 16;
    static constexpr qsizetype kReadingSize = 16;
    static constexpr qsizetype kMaximumReadings = 0xFFFF / kReadingSize;

    static ReportResult<Report> parse(QByteArrayView data);
    // Writes deviceId, sentTimestamp and the readings of report.
    static ReportResult<QByteArray> build(const Report &report);
};

} // namespace iotile
