// Individual reading parser: never accepts anything but 20 bytes of format 0, which build back unchanged
// (the reserved byte aside).

#include "common/reports/individualreadingreport.h"
#include "fuzzcheck.h"

using namespace iotile;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = fuzz::view(data, size);
    const ReportResult<Report> result = IndividualReadingReport::parse(input);
    FUZZ_CHECK(result.isOk() == (size == 20 && data[0] == 0));
    if (!result)
        return 0;
    const ReportResult<QByteArray> built = IndividualReadingReport::build(result.value());
    FUZZ_CHECK(built.isOk());
    FUZZ_CHECK(built.value().mid(2) == input.sliced(2));
    return 0;
}
