// The upload dispatcher: the first byte picks the file name, the rest is the upload.

#include "common/reports/reportparser.h"
#include "common/reports/utcassigner.h"
#include "fuzzcheck.h"

using namespace iotile;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const char16_t *const kNames[] = {u"report.bin", u"report", u"report.mp", u"report.json",
                                             u"report.jpg"};
    const QStringView name(kNames[data[0] % 5]);
    const ReportResult<Report> result =
        ReportParser::parseUpload(name, fuzz::view(data + 1, size - 1), fuzz::keys());
    if (!result) {
        FUZZ_CHECK(!result.errorString().isEmpty());
        return 0;
    }
    // Time assignment takes any report (times near the ends of the range included).
    for (const qint64 received : {qint64(0), qint64(1611144000000000), qint64(253402300799000000)}) {
        FUZZ_CHECK(UtcAssigner::readingTimes(result.value(), received).size()
                   == result.value().readings.size());
        FUZZ_CHECK(UtcAssigner::eventTimes(result.value(), received).size() == result.value().events.size());
    }
    return 0;
}
