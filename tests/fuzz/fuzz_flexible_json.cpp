// Flexible dictionary in JSON: what parses must survive building and parsing again.

#include "common/reports/flexibledictionaryreport.h"
#include "fuzzcheck.h"

using namespace iotile;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const ReportResult<Report> result = FlexibleDictionaryReport::parseJson(fuzz::view(data, size));
    if (!result) {
        FUZZ_CHECK(!result.errorString().isEmpty());
        return 0;
    }
    const ReportResult<Report> again =
        FlexibleDictionaryReport::parseJson(FlexibleDictionaryReport::buildJson(result.value()));
    FUZZ_CHECK(again.isOk());
    FUZZ_CHECK(again.value().readings == result.value().readings);
    FUZZ_CHECK(again.value().events.size() == result.value().events.size());
    FUZZ_CHECK(again.value().deviceId == result.value().deviceId);
    return 0;
}
