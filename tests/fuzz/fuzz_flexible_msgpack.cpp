// Flexible dictionary in msgpack: the streaming parser must agree with decode() + fromJsonObject() (same
// report or same error), and what parses must survive building and parsing again unchanged (readings
// exactly; events by id, time and summary bytes, since NaN never equals itself).

#include "common/reports/flexibledictionaryreport.h"
#include "common/reports/msgpackreader.h"
#include "fuzzcheck.h"

using namespace iotile;

namespace {

void checkSame(const Report &a, const Report &b)
{
    FUZZ_CHECK(a.deviceId == b.deviceId && a.reportId == b.reportId && a.sentTimestamp == b.sentTimestamp);
    FUZZ_CHECK(a.streamerIndex == b.streamerIndex && a.streamerSelector == b.streamerSelector);
    FUZZ_CHECK(a.readings == b.readings);
    FUZZ_CHECK(a.events.size() == b.events.size());
    for (size_t i = 0; i < a.events.size(); ++i) {
        const IOTileEvent &x = a.events[i];
        const IOTileEvent &y = b.events[i];
        FUZZ_CHECK(x.stream == y.stream && x.deviceTimestamp == y.deviceTimestamp
                   && x.readingId == y.readingId);
        FUZZ_CHECK(x.timestamp == y.timestamp);
        FUZZ_CHECK(MsgpackWriter::encode(x.summary) == MsgpackWriter::encode(y.summary));
        FUZZ_CHECK(x.data.isUndefined() == y.data.isUndefined());
    }
}

ReportResult<Report> parseGeneric(QByteArrayView input)
{
    const ReportResult<QJsonValue> decoded = MsgpackReader::decode(input);
    if (!decoded)
        return decoded.error();
    if (!decoded.value().isObject())
        return reportError(ReportErrorKind::Malformed, QStringLiteral("not a map"));
    return FlexibleDictionaryReport::fromJsonObject(decoded.value().toObject(),
                                                    ReportFormat::FlexibleMsgpack);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = fuzz::view(data, size);
    const ReportResult<Report> result = FlexibleDictionaryReport::parseMsgpack(input);
    const ReportResult<Report> generic = parseGeneric(input);
    FUZZ_CHECK(result.isOk() == generic.isOk());
    if (!result) {
        FUZZ_CHECK(!result.errorString().isEmpty());
        if (generic.errorString() != QStringLiteral("not a map"))
            FUZZ_CHECK(result.errorString() == generic.errorString());
        return 0;
    }
    checkSame(result.value(), generic.value());
    FUZZ_CHECK(result.value().lowestId == generic.value().lowestId
               && result.value().highestId == generic.value().highestId);
    FUZZ_CHECK(result.value().missingFields == generic.value().missingFields);
    FUZZ_CHECK(result.value().length == qsizetype(size));
    for (const auto strings : {MsgpackWriter::StringEncoding::Str, MsgpackWriter::StringEncoding::Bin}) {
        const ReportResult<Report> again = FlexibleDictionaryReport::parseMsgpack(
            FlexibleDictionaryReport::buildMsgpack(result.value(), strings));
        FUZZ_CHECK(again.isOk());
        checkSame(result.value(), again.value());
    }
    return 0;
}
