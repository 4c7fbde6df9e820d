#include "common/reports/broadcastreport.h"

#include <QtEndian>

#include <tuple>

namespace iotile {

ReportResult<Report> BroadcastReport::parse(QByteArrayView data)
{
    const qsizetype size = data.size();
    if (size == 0)
        return reportError(ReportErrorKind::Empty, QStringLiteral("empty report"));
    if (size < kHeaderSize)
        return reportError(ReportErrorKind::Truncated,
                           QStringLiteral("truncated header: %1 of %2 bytes").arg(size).arg(kHeaderSize));
    const auto *bytes = reinterpret_cast<const uchar *>(data.data());
    if (bytes[0] != kFormatCode)
        return reportError(ReportErrorKind::UnsupportedFormat,
                           QStringLiteral("not a broadcast report: format code %1").arg(bytes[0]));
    if (bytes[1] != 0)
        return reportError(ReportErrorKind::UnknownSignatureFlags,
                           QStringLiteral("unknown broadcast auth type %1").arg(bytes[1]));
    const qsizetype readingBytes = qFromLittleEndian<quint16>(bytes + 2);
    if (readingBytes % kReadingSize != 0)
        return reportError(ReportErrorKind::BadLength,
                           QStringLiteral("reading length field %1 is not a multiple of %2")
                               .arg(readingBytes)
                               .arg(kReadingSize));
    if (kHeaderSize + readingBytes != size)
        return reportError(ReportErrorKind::BadLength,
                           QStringLiteral("reading length field %1 does not match file size %2 (header %3)")
                               .arg(readingBytes)
                               .arg(size)
                               .arg(kHeaderSize));

    Report report;
    report.format = ReportFormat::Broadcast;
    report.length = size;
    report.deviceId = qFromLittleEndian<quint32>(bytes + 4);
    report.sentTimestamp = qFromLittleEndian<quint32>(bytes + 8);
    const qsizetype count = readingBytes / kReadingSize;
    report.readings.resize(size_t(count));
    const uchar *p = bytes + kHeaderSize;
    for (IOTileReading &reading : report.readings) {
        reading.stream = qFromLittleEndian<quint16>(p);
        reading.readingId = qFromLittleEndian<quint32>(p + 4);
        reading.rawTime = qFromLittleEndian<quint32>(p + 8);
        reading.value = qFromLittleEndian<quint32>(p + 12);
        p += kReadingSize;
    }
    std::tie(report.lowestId, report.highestId) = readingIdRange(report.readings);
    return report;
}

ReportResult<QByteArray> BroadcastReport::build(const Report &report)
{
    if (report.readings.size() > size_t(kMaximumReadings))
        return reportError(ReportErrorKind::TooLarge,
                           QStringLiteral("%1 readings exceed the %2 a broadcast can hold")
                               .arg(report.readings.size())
                               .arg(kMaximumReadings));
    if (report.deviceId > 0xFFFFFFFFu)
        return reportError(ReportErrorKind::InvalidInput,
                           QStringLiteral("device id %1 does not fit in 32 bits").arg(report.deviceId));
    const qsizetype readingBytes = qsizetype(report.readings.size()) * kReadingSize;
    QByteArray out(kHeaderSize + readingBytes, Qt::Uninitialized);
    auto *bytes = reinterpret_cast<uchar *>(out.data());
    bytes[0] = kFormatCode;
    bytes[1] = 0;
    qToLittleEndian<quint16>(quint16(readingBytes), bytes + 2);
    qToLittleEndian<quint32>(quint32(report.deviceId), bytes + 4);
    qToLittleEndian<quint32>(report.sentTimestamp, bytes + 8);
    qToLittleEndian<quint32>(0, bytes + 12);
    uchar *p = bytes + kHeaderSize;
    for (const IOTileReading &reading : report.readings) {
        qToLittleEndian<quint16>(reading.stream, p);
        qToLittleEndian<quint16>(0, p + 2);
        qToLittleEndian<quint32>(reading.readingId, p + 4);
        qToLittleEndian<quint32>(reading.rawTime, p + 8);
        qToLittleEndian<quint32>(reading.value, p + 12);
        p += kReadingSize;
    }
    return out;
}

} // namespace iotile
