#pragma once

#include "common/reports/report.h"
#include "common/reports/reportkeyprovider.h"
#include "common/reports/reportresult.h"

#include <QByteArrayView>
#include <QStringView>

#include <optional>

namespace iotile {

// Picks the parser for an uploaded report as the original server does: by the file name's extension
// ("" or .bin: binary, told apart by the format code in the first byte; .mp: msgpack; .json: JSON).
class ReportParser final
{
public:
    enum class UploadKind {
        Binary,
        Msgpack,
        Json,
    };

    // Python's os.path.splitext rules (last dot of the last path part, leading dots ignored), case-sensitive
    // like the original; std::nullopt for any other extension.
    static std::optional<UploadKind> uploadKind(QStringView fileName);

    static ReportResult<Report> parseBinary(QByteArrayView data, const ReportKeyProvider &keys = {},
                                            SignaturePolicy policy = SignaturePolicy::Enforce);
    static ReportResult<Report> parseUpload(QStringView fileName, QByteArrayView data,
                                            const ReportKeyProvider &keys = {},
                                            SignaturePolicy policy = SignaturePolicy::Enforce);
};

} // namespace iotile
