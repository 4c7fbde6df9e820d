// Cost of parsing a stream slug, which the ingest path does for every data point.
// Prints "stream_slug_parse_utf16: <ns> ns" and "stream_slug_parse_bytes: <ns> ns".
#include "common/slug/streamslug.h"

#include <QElapsedTimer>

#include <cstdio>

using namespace iotile;

int main()
{
    const QString text = QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001");
    const QByteArray bytes = text.toLatin1();
    constexpr int kRounds = 2'000'000;
    quint64 sink = 0;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < kRounds; ++i) {
        const std::optional<StreamSlug> slug = StreamSlug::parse(QStringView(text));
        sink += slug ? slug->lid() : 0;
    }
    const double utf16Ns = double(timer.nsecsElapsed()) / kRounds;
    timer.restart();
    for (int i = 0; i < kRounds; ++i) {
        const std::optional<StreamSlug> slug = StreamSlug::parse(QByteArrayView(bytes));
        sink += slug ? slug->deviceGroup() : 0;
    }
    const double bytesNs = double(timer.nsecsElapsed()) / kRounds;
    if (sink != quint64(kRounds) * (0x5001 + 2)) {
        std::fprintf(stderr, "unexpected parse result\n");
        return 1;
    }
    std::printf("stream_slug_parse_utf16: %.1f ns\nstream_slug_parse_bytes: %.1f ns\n", utf16Ns, bytesNs);
    return 0;
}
