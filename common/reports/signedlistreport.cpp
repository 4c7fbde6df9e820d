#include "common/reports/signedlistreport.h"

#include "common/reports/aes128ctr.h"
#include "common/reports/reportcrypto.h"

#include <QtEndian>

#include <array>
#include <cstring>

namespace iotile {

namespace {

QString deviceName(quint64 deviceId)
{
    return QStringLiteral("0x%1").arg(deviceId, 4, 16, QLatin1Char('0'));
}

// Readings are decoded straight into the output vector; no allocation per reading.
void decodeReadings(const uchar *in, qsizetype count, IOTileReading *out)
{
    for (qsizetype i = 0; i < count; ++i, in += SignedListReport::kReadingSize) {
        IOTileReading &reading = out[i];
        reading.stream = qFromLittleEndian<quint16>(in);
        reading.readingId = qFromLittleEndian<quint32>(in + 4);
        reading.rawTime = qFromLittleEndian<quint32>(in + 8);
        reading.value = qFromLittleEndian<quint32>(in + 12);
    }
}

// Decrypts through a stack buffer so that a large report costs no extra heap copy.
bool decryptReadings(QByteArrayView reportKey, const uchar *in, qsizetype count, IOTileReading *out)
{
    Aes128Ctr cipher(reportKey);
    if (!cipher.isValid())
        return false;
    constexpr qsizetype kChunkReadings = 256;
    std::array<uchar, kChunkReadings * SignedListReport::kReadingSize> plain;
    for (qsizetype done = 0; done < count;) {
        const qsizetype n = std::min(kChunkReadings, count - done);
        const qsizetype bytes = n * SignedListReport::kReadingSize;
        if (!cipher.process(in, plain.data(), bytes))
            return false;
        decodeReadings(plain.data(), n, out + done);
        in += bytes;
        done += n;
    }
    return true;
}

} // namespace

bool SignedListReport::isChopped(qsizetype length)
{
    return length > kMobileMaximumSize - kReadingSize && length < kMobileMaximumSize;
}

ReportResult<Report> SignedListReport::parse(QByteArrayView data, const ReportKeyProvider &keys,
                                             SignaturePolicy policy)
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
                           QStringLiteral("not a signed list report: format code %1").arg(bytes[0]));

    const qsizetype length = qFromLittleEndian<quint32>(bytes) >> 8;
    if (length != size)
        return reportError(
            ReportErrorKind::BadLength,
            QStringLiteral("length field %1 does not match file size %2").arg(length).arg(size));
    if (length < kMinimumSize)
        return reportError(ReportErrorKind::Truncated,
                           QStringLiteral("truncated report: %1 bytes, header and footer need %2")
                               .arg(length)
                               .arg(kMinimumSize));
    const qsizetype readingBytes = length - kMinimumSize;
    if (readingBytes % kReadingSize != 0)
        return reportError(ReportErrorKind::BadLength,
                           QStringLiteral("reading block of %1 bytes is not a multiple of %2")
                               .arg(readingBytes)
                               .arg(kReadingSize));

    Report report;
    report.format = ReportFormat::SignedList;
    report.length = length;
    report.deviceId = qFromLittleEndian<quint32>(bytes + 4);
    report.reportId = qFromLittleEndian<quint32>(bytes + 8);
    report.sentTimestamp = qFromLittleEndian<quint32>(bytes + 12);
    report.signatureFlags = bytes[16];
    report.streamerIndex = bytes[17];
    report.streamerSelector = qFromLittleEndian<quint16>(bytes + 18);
    const uchar *footer = bytes + length - kFooterSize;
    report.lowestId = qFromLittleEndian<quint32>(footer);
    report.highestId = qFromLittleEndian<quint32>(footer + 4);
    report.signature = data.sliced(length - kSignatureSize).toByteArray();
    report.chopped = isChopped(length);

    const quint8 flags = report.signatureFlags;
    if (flags > quint8(SignatureFlags::DeviceKey))
        return reportError(ReportErrorKind::UnknownSignatureFlags,
                           QStringLiteral("unknown signature flags %1").arg(flags));
    report.encrypted = flags != quint8(SignatureFlags::Hash);

    const QByteArrayView signedData = data.first(length - kSignatureSize);
    if (report.encrypted) {
        std::optional<QByteArray> rootKey;
        if (keys)
            rootKey = keys(report.deviceId, SignatureFlags(flags));
        if (!rootKey) {
            if (policy == SignaturePolicy::Lenient)
                return report;
            return reportError(ReportErrorKind::NoKey,
                               QStringLiteral("no key registered for device %1 (%2)")
                                   .arg(deviceName(report.deviceId), signatureFlagsName(flags)));
        }
        if (rootKey->size() != ReportCrypto::kRootKeySize)
            return reportError(ReportErrorKind::BadKey,
                               QStringLiteral("the %1 of device %2 has %3 bytes, expected %4")
                                   .arg(signatureFlagsName(flags), deviceName(report.deviceId))
                                   .arg(rootKey->size())
                                   .arg(ReportCrypto::kRootKeySize));
        report.reportKey = ReportCrypto::deriveReportKey(*rootKey, report.reportId, report.sentTimestamp);
    }

    report.verified = ReportCrypto::equalConstantTime(ReportCrypto::signature(signedData, report.reportKey),
                                                      report.signature);
    if (!report.verified) {
        if (policy == SignaturePolicy::Enforce)
            return reportError(ReportErrorKind::SignatureMismatch,
                               QStringLiteral("signature mismatch (%1)").arg(signatureFlagsName(flags)));
        // Like CoreTools: what cannot be authenticated is not decrypted.
        if (report.encrypted)
            return report;
    }

    const qsizetype count = readingBytes / kReadingSize;
    report.readings.resize(size_t(count));
    if (report.encrypted) {
        if (!decryptReadings(report.reportKey, bytes + kHeaderSize, count, report.readings.data()))
            return reportError(ReportErrorKind::Malformed, QStringLiteral("AES-128-CTR decryption failed"));
    } else {
        decodeReadings(bytes + kHeaderSize, count, report.readings.data());
    }
    return report;
}

ReportResult<QByteArray> SignedListReport::build(const Report &report, QByteArrayView rootKey)
{
    const quint8 flags = report.signatureFlags;
    if (flags > quint8(SignatureFlags::DeviceKey))
        return reportError(ReportErrorKind::UnknownSignatureFlags,
                           QStringLiteral("unknown signature flags %1").arg(flags));
    if (report.deviceId > 0xFFFFFFFFu)
        return reportError(
            ReportErrorKind::InvalidInput,
            QStringLiteral("device id %1 does not fit in 32 bits").arg(deviceName(report.deviceId)));
    if (report.streamerIndex > 0xFF)
        return reportError(
            ReportErrorKind::InvalidInput,
            QStringLiteral("streamer index %1 does not fit in 8 bits").arg(report.streamerIndex));
    if (report.streamerSelector > 0xFFFF)
        return reportError(
            ReportErrorKind::InvalidInput,
            QStringLiteral("streamer selector %1 does not fit in 16 bits").arg(report.streamerSelector));
    if (report.readings.size() > size_t(kMaximumReadings))
        return reportError(ReportErrorKind::TooLarge,
                           QStringLiteral("%1 readings exceed the %2 a signed list can hold")
                               .arg(report.readings.size())
                               .arg(kMaximumReadings));
    const bool keyed = flags != quint8(SignatureFlags::Hash);
    if (keyed && rootKey.isEmpty())
        return reportError(
            ReportErrorKind::NoKey,
            QStringLiteral("a root key is needed to sign with the %1").arg(signatureFlagsName(flags)));
    if (keyed && rootKey.size() != ReportCrypto::kRootKeySize)
        return reportError(ReportErrorKind::BadKey,
                           QStringLiteral("root key has %1 bytes, expected %2")
                               .arg(rootKey.size())
                               .arg(ReportCrypto::kRootKeySize));

    const qsizetype count = qsizetype(report.readings.size());
    const qsizetype length = kMinimumSize + count * kReadingSize;
    QByteArray out(length, Qt::Uninitialized);
    auto *bytes = reinterpret_cast<uchar *>(out.data());
    qToLittleEndian<quint32>(quint32(kFormatCode) | quint32(length) << 8, bytes);
    qToLittleEndian<quint32>(quint32(report.deviceId), bytes + 4);
    qToLittleEndian<quint32>(report.reportId, bytes + 8);
    qToLittleEndian<quint32>(report.sentTimestamp, bytes + 12);
    bytes[16] = flags;
    bytes[17] = uchar(report.streamerIndex);
    qToLittleEndian<quint16>(quint16(report.streamerSelector), bytes + 18);

    uchar *p = bytes + kHeaderSize;
    for (const IOTileReading &reading : report.readings) {
        qToLittleEndian<quint16>(reading.stream, p);
        qToLittleEndian<quint16>(0, p + 2);
        qToLittleEndian<quint32>(reading.readingId, p + 4);
        qToLittleEndian<quint32>(reading.rawTime, p + 8);
        qToLittleEndian<quint32>(reading.value, p + 12);
        p += kReadingSize;
    }
    const auto [lowest, highest] = readingIdRange(report.readings);
    qToLittleEndian<quint32>(lowest, p);
    qToLittleEndian<quint32>(highest, p + 4);

    QByteArray reportKey;
    if (keyed) {
        reportKey = ReportCrypto::deriveReportKey(rootKey, report.reportId, report.sentTimestamp);
        Aes128Ctr cipher(reportKey);
        if (!cipher.process(bytes + kHeaderSize, bytes + kHeaderSize, count * kReadingSize))
            return reportError(ReportErrorKind::Malformed, QStringLiteral("AES-128-CTR encryption failed"));
    }
    const QByteArray signature =
        ReportCrypto::signature(QByteArrayView(out).first(length - kSignatureSize), reportKey);
    std::memcpy(bytes + length - kSignatureSize, signature.constData(), size_t(kSignatureSize));
    return out;
}

} // namespace iotile
