// msgpack decoder: no crash, and decode/encode reaches a fixed point after one round (comparing bytes,
// since NaN never equals itself).

#include "common/reports/msgpackreader.h"
#include "common/reports/msgpackwriter.h"
#include "fuzzcheck.h"

using namespace iotile;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const ReportResult<QJsonValue> first = MsgpackReader::decode(fuzz::view(data, size));
    if (!first) {
        FUZZ_CHECK(!first.errorString().isEmpty());
        return 0;
    }
    const QByteArray once = MsgpackWriter::encode(first.value());
    const ReportResult<QJsonValue> second = MsgpackReader::decode(once);
    FUZZ_CHECK(second.isOk());
    FUZZ_CHECK(MsgpackWriter::encode(second.value()) == once);
    return 0;
}
