#pragma once

#include "common/reports/report.h"
#include "common/reports/reportkeyprovider.h"
#include "common/reports/reportresult.h"

#include <QByteArrayView>

namespace iotile {

// Format 1, the report devices upload: header, 16-byte readings (AES-128-CTR encrypted for keyed
// signatures), lowest/highest id footer and a 16-byte signature.
class SignedListReport final
{
public:
    static constexpr quint8 kFormatCode = 1;
    static constexpr qsizetype kHeaderSize = 20;
    static constexpr qsizetype kReadingSize = 16;
    static constexpr qsizetype kFooterSize = 24;
    static constexpr qsizetype kSignatureSize = 16;
    static constexpr qsizetype kMinimumSize = kHeaderSize + kFooterSize;
    // The length field has 24 bits.
    static constexpr qsizetype kMaximumSize = 0xFFFFFF - (0xFFFFFF - kMinimumSize) % kReadingSize;
    static constexpr qsizetype kMaximumReadings = (kMaximumSize - kMinimumSize) / kReadingSize;
    // The phone app's upload limit: a report just below it was cut off (original server's "chopped").
    static constexpr qsizetype kMobileMaximumSize = 196608;

    // Checks the layout and signature, decrypts keyed reports with the key from keys, and returns every
    // header field, the readings and (keyed) the derived report key.
    static ReportResult<Report> parse(QByteArrayView data, const ReportKeyProvider &keys = {},
                                      SignaturePolicy policy = SignaturePolicy::Enforce);

    // The inverse: deviceId, reportId, sentTimestamp, signatureFlags, streamerIndex, streamerSelector and
    // readings of report are written, lowest/highest ids computed from the readings (as CoreTools does);
    // rootKey is needed for flags 1 and 2.
    static ReportResult<QByteArray> build(const Report &report, QByteArrayView rootKey = {});

    static bool isChopped(qsizetype length);
};

} // namespace iotile
