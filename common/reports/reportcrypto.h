#pragma once

#include "common/reports/report.h"

#include <QByteArray>
#include <QByteArrayView>

#include <array>

namespace iotile {

// The hashes, key derivation and signatures of signed list reports (OpenSSL underneath).
class ReportCrypto final
{
public:
    static constexpr qsizetype kRootKeySize = 32;
    static constexpr qsizetype kReportKeySize = 32;
    static constexpr qsizetype kSignatureSize = 16;
    using Digest = std::array<uchar, 32>;

    static Digest sha256(QByteArrayView data);
    static Digest hmacSha256(QByteArrayView key, QByteArrayView data);

    // report_key = HMAC-SHA256(root, little-endian u32 triple {2, report_id, sent_timestamp}).
    static QByteArray deriveReportKey(QByteArrayView rootKey, quint32 reportId, quint32 sentTimestamp);

    // The 16 signature bytes over signedData (the whole report but its last 16 bytes): SHA-256 for flags 0,
    // HMAC-SHA256(reportKey, SHA-256(signedData)) for keyed flags.
    static QByteArray signature(QByteArrayView signedData, QByteArrayView reportKey = {});

    // Comparison whose time does not depend on where the inputs differ.
    static bool equalConstantTime(QByteArrayView a, QByteArrayView b);
};

} // namespace iotile
