// Signed list parser: arbitrary bytes, then the same bytes re-signed so the fuzzer also reaches
// decryption and reading decoding; whatever parses must build back to the same bytes.

#include "common/reports/aes128ctr.h"
#include "common/reports/reportcrypto.h"
#include "common/reports/signedlistreport.h"
#include "fuzzcheck.h"

#include <QtEndian>

using namespace iotile;

namespace {

void checkRoundTrip(QByteArrayView input, const Report &report)
{
    FUZZ_CHECK(report.length == input.size());
    FUZZ_CHECK(report.readings.size() == size_t((input.size() - SignedListReport::kMinimumSize) / 16));
    const auto [lowest, highest] = readingIdRange(report.readings);
    // The builder computes the footer ids; a hand-made footer may say otherwise.
    if (lowest != report.lowestId || highest != report.highestId)
        return;
    const QByteArray key =
        report.signatureFlags == 0 ? QByteArray() : fuzz::rootKey(SignatureFlags(report.signatureFlags));
    const ReportResult<QByteArray> built = SignedListReport::build(report, key);
    FUZZ_CHECK(built.isOk());
    // Readings have a reserved 16-bit field that the builder writes as 0: only then are the bytes equal.
    const QByteArrayView block =
        input.sliced(SignedListReport::kHeaderSize, input.size() - SignedListReport::kMinimumSize);
    const QByteArray plain =
        report.encrypted ? Aes128Ctr::apply(report.reportKey, block) : block.toByteArray();
    bool reservedZero = true;
    for (qsizetype at = 2; at < plain.size(); at += SignedListReport::kReadingSize)
        reservedZero = reservedZero && plain[at] == 0 && plain[at + 1] == 0;
    if (reservedZero) {
        FUZZ_CHECK(built.value() == input);
    } else {
        const ReportResult<Report> again = SignedListReport::parse(built.value(), fuzz::keys());
        FUZZ_CHECK(again.isOk());
        FUZZ_CHECK(again.value().readings == report.readings);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = fuzz::view(data, size);
    for (const SignaturePolicy policy : {SignaturePolicy::Enforce, SignaturePolicy::Lenient}) {
        const ReportResult<Report> result = SignedListReport::parse(input, fuzz::keys(), policy);
        if (result && result.value().verified)
            checkRoundTrip(input, result.value());
        if (!result)
            FUZZ_CHECK(!result.errorString().isEmpty());
    }

    // Same bytes with a valid length field and signature, so everything after the checks gets exercised.
    if (size < size_t(SignedListReport::kMinimumSize) || size > size_t(SignedListReport::kMaximumSize)
        || data[16] > 2)
        return 0;
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    auto *p = reinterpret_cast<uchar *>(bytes.data());
    p[0] = SignedListReport::kFormatCode;
    qToLittleEndian<quint32>(quint32(SignedListReport::kFormatCode) | quint32(size) << 8, p);
    QByteArray reportKey;
    if (p[16] != 0) {
        qToLittleEndian<quint32>(0x1234, p + 4);
        reportKey = ReportCrypto::deriveReportKey(fuzz::rootKey(SignatureFlags(p[16])),
                                                  qFromLittleEndian<quint32>(p + 8),
                                                  qFromLittleEndian<quint32>(p + 12));
    }
    const QByteArray signature =
        ReportCrypto::signature(QByteArrayView(bytes).first(bytes.size() - 16), reportKey);
    bytes.replace(bytes.size() - 16, 16, signature);
    const ReportResult<Report> result = SignedListReport::parse(bytes, fuzz::keys());
    FUZZ_CHECK(result.isOk() == ((size - SignedListReport::kMinimumSize) % 16 == 0));
    if (result) {
        FUZZ_CHECK(result.value().verified);
        checkRoundTrip(bytes, result.value());
    }
    return 0;
}
