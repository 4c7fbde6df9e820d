#include "tests/support/testreports.h"

#include "common/reports/signedlistreport.h"

#include <QtGlobal>

namespace iotile::test {

QByteArray signedListReport(quint64 device, quint32 firstId, quint32 count, quint32 reportId, quint32 sent)
{
    Report r;
    r.deviceId = device;
    r.reportId = reportId;
    r.sentTimestamp = sent;
    r.streamerIndex = 0;
    r.streamerSelector = 0xD7FF;
    for (quint32 i = 0; i < count; ++i) {
        IOTileReading reading;
        reading.stream = 0x5001;
        reading.readingId = firstId + i;
        reading.rawTime = 10 * (firstId + i);
        reading.value = 100 + firstId + i;
        r.readings.push_back(reading);
    }
    auto built = SignedListReport::build(r);
    if (!built)
        qFatal("cannot build report: %s", qPrintable(built.errorString()));
    return built.value();
}

} // namespace iotile::test
