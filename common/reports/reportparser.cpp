#include "common/reports/reportparser.h"

#include "common/reports/broadcastreport.h"
#include "common/reports/flexibledictionaryreport.h"
#include "common/reports/individualreadingreport.h"
#include "common/reports/signedlistreport.h"

namespace iotile {

std::optional<ReportParser::UploadKind> ReportParser::uploadKind(QStringView fileName)
{
    const qsizetype slash = std::max(fileName.lastIndexOf(u'/'), fileName.lastIndexOf(u'\\'));
    QStringView base = fileName.sliced(slash + 1);
    // A leading dot starts a hidden name, not an extension (".bin" has none).
    while (base.startsWith(u'.'))
        base = base.sliced(1);
    const qsizetype dot = base.lastIndexOf(u'.');
    const QStringView extension = dot < 0 ? QStringView() : base.sliced(dot);
    if (extension.isEmpty() || extension == u".bin")
        return UploadKind::Binary;
    if (extension == u".mp")
        return UploadKind::Msgpack;
    if (extension == u".json")
        return UploadKind::Json;
    return std::nullopt;
}

ReportResult<Report> ReportParser::parseBinary(QByteArrayView data, const ReportKeyProvider &keys,
                                               SignaturePolicy policy)
{
    if (data.isEmpty())
        return reportError(ReportErrorKind::Empty, QStringLiteral("empty report"));
    const auto code = quint8(data.front());
    switch (code) {
    case IndividualReadingReport::kFormatCode:
        return IndividualReadingReport::parse(data);
    case SignedListReport::kFormatCode:
        return SignedListReport::parse(data, keys, policy);
    case BroadcastReport::kFormatCode:
        return BroadcastReport::parse(data);
    default:
        break;
    }
    return reportError(ReportErrorKind::UnsupportedFormat,
                       QStringLiteral("unsupported report format %1").arg(code));
}

ReportResult<Report> ReportParser::parseUpload(QStringView fileName, QByteArrayView data,
                                               const ReportKeyProvider &keys, SignaturePolicy policy)
{
    const std::optional<UploadKind> kind = uploadKind(fileName);
    if (!kind)
        return reportError(
            ReportErrorKind::UnsupportedExtension,
            QStringLiteral("Streamer Report file extension not supported. Expected: .bin, .json or "
                           ".mp"));
    switch (*kind) {
    case UploadKind::Binary:
        return parseBinary(data, keys, policy);
    case UploadKind::Msgpack:
        return FlexibleDictionaryReport::parseMsgpack(data);
    case UploadKind::Json:
        return FlexibleDictionaryReport::parseJson(data);
    }
    return reportError(ReportErrorKind::UnsupportedExtension, QStringLiteral("unknown upload kind"));
}

} // namespace iotile
