#include "common/reports/individualreadingreport.h"

#include <QtEndian>

namespace iotile {

ReportResult<Report> IndividualReadingReport::parse(QByteArrayView data)
{
    const qsizetype size = data.size();
    if (size == 0)
        return reportError(ReportErrorKind::Empty, QStringLiteral("empty report"));
    if (size < kSize)
        return reportError(
            ReportErrorKind::Truncated,
            QStringLiteral("truncated individual reading report: %1 of %2 bytes").arg(size).arg(kSize));
    if (size > kSize)
        return reportError(
            ReportErrorKind::BadLength,
            QStringLiteral("individual reading report has %1 bytes, expected %2").arg(size).arg(kSize));
    const auto *bytes = reinterpret_cast<const uchar *>(data.data());
    if (bytes[0] != kFormatCode)
        return reportError(ReportErrorKind::UnsupportedFormat,
                           QStringLiteral("not an individual reading report: format code %1").arg(bytes[0]));

    Report report;
    report.format = ReportFormat::IndividualReading;
    report.length = size;
    report.deviceId = qFromLittleEndian<quint32>(bytes + 4);
    report.sentTimestamp = qFromLittleEndian<quint32>(bytes + 8);
    IOTileReading reading;
    reading.stream = qFromLittleEndian<quint16>(bytes + 2);
    reading.rawTime = qFromLittleEndian<quint32>(bytes + 12);
    reading.value = qFromLittleEndian<quint32>(bytes + 16);
    report.readings.push_back(reading);
    return report;
}

ReportResult<QByteArray> IndividualReadingReport::build(const Report &report)
{
    if (report.readings.size() != 1)
        return reportError(ReportErrorKind::InvalidInput,
                           QStringLiteral("an individual reading report holds exactly one reading, not %1")
                               .arg(report.readings.size()));
    if (report.deviceId > 0xFFFFFFFFu)
        return reportError(ReportErrorKind::InvalidInput,
                           QStringLiteral("device id %1 does not fit in 32 bits").arg(report.deviceId));
    const IOTileReading &reading = report.readings.front();
    QByteArray out(kSize, Qt::Uninitialized);
    auto *bytes = reinterpret_cast<uchar *>(out.data());
    bytes[0] = kFormatCode;
    bytes[1] = 0;
    qToLittleEndian<quint16>(reading.stream, bytes + 2);
    qToLittleEndian<quint32>(quint32(report.deviceId), bytes + 4);
    qToLittleEndian<quint32>(report.sentTimestamp, bytes + 8);
    qToLittleEndian<quint32>(reading.rawTime, bytes + 12);
    qToLittleEndian<quint32>(reading.value, bytes + 16);
    return out;
}

} // namespace iotile
