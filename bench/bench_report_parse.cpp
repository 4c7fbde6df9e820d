// Streamer report parsing speed: the signed list is the device ingest path (hash-only and encrypted),
// the flexible dictionary the phone/gateway path. Prints "name: value unit" lines (DESIGN.md 10).

#include "common/reports/flexibledictionaryreport.h"
#include "common/reports/signedlistreport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>

using namespace iotile;

namespace {

constexpr qint64 kMinimumNanoseconds = 400'000'000;

Report makeReport(int readings, int events, quint8 flags)
{
    Report report;
    report.deviceId = 0x1234;
    report.reportId = quint32(readings + 1);
    report.sentTimestamp = quint32(readings * 60 + 5);
    report.signatureFlags = flags;
    report.streamerSelector = 0xD7FF;
    for (int i = 0; i < readings; ++i) {
        IOTileReading reading;
        reading.stream = quint16(0x5001 + i % 8);
        reading.rawTime = quint32(i * 60);
        reading.value = quint32(i) * 7919u;
        reading.readingId = quint32(i + 1);
        reading.timestamp = qint64(1611100800 + i * 60) * 1000000;
        report.readings.push_back(reading);
    }
    for (int i = 0; i < events; ++i) {
        IOTileEvent event;
        event.stream = 0x5020;
        event.readingId = quint32(readings + i + 1);
        event.summary =
            QJsonObject {{QStringLiteral("axis"), QStringLiteral("z")}, {QStringLiteral("peak"), 1.5 + i}};
        event.data = QJsonObject {{QStringLiteral("samples"), QJsonArray {0, 1, 2}}};
        report.events.push_back(event);
    }
    return report;
}

// Runs parse until enough time has passed; returns iterations per second.
template<typename Parse>
double perSecond(Parse parse)
{
    QElapsedTimer timer;
    timer.start();
    qint64 iterations = 0;
    size_t sink = 0;
    do {
        sink += parse();
        ++iterations;
    } while (timer.nsecsElapsed() < kMinimumNanoseconds);
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (sink == size_t(-1))
        std::puts("");
    return double(iterations) / seconds;
}

double signedListMegabytesPerSecond(int readings, quint8 flags)
{
    const QByteArray rootKey(32, 'k');
    const QByteArray bytes = SignedListReport::build(makeReport(readings, 0, flags), rootKey).value();
    const ReportKeyProvider keys = [&](quint64, SignatureFlags) {
        return std::optional<QByteArray>(rootKey);
    };
    const double rate = perSecond([&] {
        const ReportResult<Report> result = SignedListReport::parse(bytes, keys);
        if (!result)
            qFatal("%s", qPrintable(result.errorString()));
        return result.value().readings.size();
    });
    return rate * double(bytes.size()) / 1e6;
}

} // namespace

int main()
{
    std::printf("signed_list_parse_flags0: %.0f MB/s\n", signedListMegabytesPerSecond(100000, 0));
    std::printf("signed_list_parse_flags2: %.0f MB/s\n", signedListMegabytesPerSecond(100000, 2));
    std::printf("signed_list_parse_flags0_5k: %.0f MB/s\n", signedListMegabytesPerSecond(5000, 0));
    std::printf("signed_list_parse_flags2_5k: %.0f MB/s\n", signedListMegabytesPerSecond(5000, 2));

    const Report report = makeReport(1000, 20, 0);
    const QByteArray bytes = FlexibleDictionaryReport::buildMsgpack(report);
    const double msgpackRate =
        perSecond([&] { return FlexibleDictionaryReport::parseMsgpack(bytes).value().readings.size(); });
    std::printf("flexible_dict_parse: %.0f readings/s\n", msgpackRate * double(report.readings.size()));
    const QByteArray json = FlexibleDictionaryReport::buildJson(report);
    const double jsonRate =
        perSecond([&] { return FlexibleDictionaryReport::parseJson(json).value().readings.size(); });
    std::printf("flexible_dict_json_parse: %.0f readings/s\n", jsonRate * double(report.readings.size()));

    const Report big = makeReport(100000, 0, 2);
    const QByteArray rootKey(32, 'k');
    const double buildRate =
        perSecond([&] { return size_t(SignedListReport::build(big, rootKey).value().size()); });
    std::printf("signed_list_build_flags2: %.0f MB/s\n", buildRate * double(44 + 16 * 100000) / 1e6);
    return 0;
}
