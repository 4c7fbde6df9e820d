// Report times: ISO-8601 to and from int64 microseconds, and the server's device time -> UTC rules.

#include "common/reports/reporttime.h"
#include "common/reports/utcassigner.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QtTest>

using namespace iotile;

namespace {

constexpr qint64 kSecond = 1000000;
// 2021-01-20T12:00:00Z, the received time of the testdata uploads.
constexpr qint64 kReceived = 1611144000 * kSecond;

} // namespace

class ReportTimeTest : public QObject
{
    Q_OBJECT

private slots:
    void parseIso_data();
    void parseIso();
    void formatIso_data();
    void formatIso();
    void isoRoundTripAgainstQDateTime();
    void rawTime_data();
    void rawTime();
};

void ReportTimeTest::parseIso_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("expected");

    const auto ok = [](const char *name, const char *text, qint64 expected) {
        QTest::newRow(name) << QString::fromUtf8(text) << true << expected;
    };
    const auto bad = [](const char *name, const char *text) {
        QTest::newRow(name) << QString::fromUtf8(text) << false << qint64(0);
    };
    ok("Z", "2021-01-20T12:00:00Z", kReceived);
    ok("lower-case z", "2021-01-20t12:00:00z", kReceived);
    ok("naive is UTC", "2021-01-20T12:00:00", kReceived);
    ok("space separator", "2021-01-20 12:00:00", kReceived);
    ok("no seconds", "2021-01-20T12:00", kReceived);
    ok("microseconds", "2021-01-20T12:00:00.123456Z", kReceived + 123456);
    ok("tenths", "2021-01-20T12:00:00.5", kReceived + 500000);
    ok("comma fraction", "2021-01-20T12:00:00,25Z", kReceived + 250000);
    ok("JavaScript milliseconds", "2021-01-20T12:00:00.000Z", kReceived);
    ok("nanoseconds are cut", "2021-01-20T12:00:00.123456789Z", kReceived + 123456);
    ok("+02:00", "2021-01-20T14:00:00+02:00", kReceived);
    ok("-08:00 across midnight", "2017-09-28T20:00:00-08:00", 1506657600 * kSecond);
    ok("+0530", "2021-01-20T17:30:00+0530", kReceived);
    ok("+05", "2021-01-20T17:00:00+05", kReceived);
    ok("+00:00", "2021-01-20T12:00:00+00:00", kReceived);
    ok("epoch", "1970-01-01T00:00:00Z", 0);
    ok("before the epoch", "1969-12-31T23:59:59.5Z", -500000);
    ok("RTC epoch", "2000-01-01T00:00:00Z", ReportTime::kY2kUnixSeconds * kSecond);
    ok("leap day 2016", "2016-02-29T00:00:00Z", 1456704000 * kSecond);
    ok("leap day 2000", "2000-02-29T00:00:00Z", 951782400 * kSecond);
    ok("year 1", "0001-01-01T00:00:00Z", -62135596800 * kSecond);
    ok("year 9999", "9999-12-31T23:59:59Z", 253402300799 * kSecond);
    bad("empty", "");
    bad("year only", "2021");
    bad("date only", "2021-01-20");
    bad("hour only", "2021-01-20T12");
    bad("year 0", "0000-01-01T00:00:00");
    bad("month 13", "2021-13-01T00:00:00");
    bad("month 0", "2021-00-01T00:00:00");
    bad("day 32", "2021-01-32T00:00:00");
    bad("29 February 2015", "2015-02-29T00:00:00");
    bad("29 February 2100", "2100-02-29T00:00:00");
    bad("hour 24", "2021-01-20T24:00:00");
    bad("minute 60", "2021-01-20T12:60:00");
    bad("second 60", "2021-01-20T12:00:60");
    bad("slashes", "2021/01/20T12:00:00");
    bad("other separator", "2021-01-20X12:00:00");
    bad("double Z", "2021-01-20T12:00:00ZZ");
    bad("one-digit offset", "2021-01-20T12:00:00+2");
    bad("offset hour 24", "2021-01-20T12:00:00+24:00");
    bad("offset minute 60", "2021-01-20T12:00:00+01:60");
    bad("empty fraction", "2021-01-20T12:00:00.Z");
    bad("trailing space", "2021-01-20T12:00:00 ");
    bad("leading space", " 2021-01-20T12:00:00");
    bad("zone then Z", "2021-01-20T12:00:00+00:00Z");
    bad("fullwidth digits", "\uff12\uff10\uff12\uff11-01-20T12:00:00");
    bad("signed year", "+2021-01-20T12:00:00");
    bad("word", "yesterday");
    bad("offset before year 1", "0001-01-01T00:30:00+01:00");
    bad("offset after year 9999", "9999-12-31T23:30:00-01:00");
    ok("offset into year 1", "0001-01-01T01:30:00+01:00", (-62135596800 + 1800) * kSecond);
}

void ReportTimeTest::parseIso()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qint64, expected);
    const std::optional<qint64> parsed = ReportTime::parseIso(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, expected);
}

void ReportTimeTest::formatIso_data()
{
    QTest::addColumn<qint64>("time");
    QTest::addColumn<bool>("naive");
    QTest::addColumn<QString>("expected");
    QTest::newRow("epoch") << qint64(0) << false << "1970-01-01T00:00:00Z";
    QTest::newRow("received") << kReceived << false << "2021-01-20T12:00:00Z";
    QTest::newRow("naive") << kReceived << true << "2021-01-20T12:00:00";
    QTest::newRow("microseconds") << kReceived + 123456 << false << "2021-01-20T12:00:00.123456Z";
    QTest::newRow("one microsecond") << kReceived + 1 << true << "2021-01-20T12:00:00.000001";
    QTest::newRow("before the epoch") << qint64(-500000) << false << "1969-12-31T23:59:59.500000Z";
    QTest::newRow("leap day") << qint64(951782400) * kSecond << false << "2000-02-29T00:00:00Z";
    QTest::newRow("year 1") << qint64(-62135596800) * kSecond << false << "0001-01-01T00:00:00Z";
    QTest::newRow("year 9999") << qint64(253402300799) * kSecond << false << "9999-12-31T23:59:59Z";
}

void ReportTimeTest::formatIso()
{
    QFETCH(qint64, time);
    QFETCH(bool, naive);
    QFETCH(QString, expected);
    QCOMPARE(ReportTime::formatIso(time, naive ? ReportTime::Zone::Naive : ReportTime::Zone::Utc), expected);
    QCOMPARE(ReportTime::parseIso(expected), std::optional<qint64>(time));
}

void ReportTimeTest::isoRoundTripAgainstQDateTime()
{
    QRandomGenerator random(20210120);
    for (int i = 0; i < 20000; ++i) {
        const qint64 seconds = random.bounded(qint64(-62135596800), qint64(253402300799));
        const qint64 time = seconds * kSecond + random.bounded(qint64(kSecond));
        const QString text = ReportTime::formatIso(time);
        QCOMPARE(ReportTime::parseIso(text), std::optional<qint64>(time));
        // Whole milliseconds compared against Qt's own calendar.
        const qint64 ms = time / 1000 - (time % 1000 < 0 ? 1 : 0);
        const QDateTime reference = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        QCOMPARE(text.left(19), reference.toString(Qt::ISODate).left(19));
    }
}

void ReportTimeTest::rawTime_data()
{
    QTest::addColumn<quint32>("rawTime");
    QTest::addColumn<quint32>("sentTimestamp");
    QTest::addColumn<bool>("known");
    QTest::addColumn<QString>("expected");
    QTest::newRow("uptime (n20 first reading)") << 5u << 1205u << true << "2021-01-20T11:40:00Z";
    QTest::newRow("uptime at sending") << 1205u << 1205u << true << "2021-01-20T12:00:00Z";
    QTest::newRow("uptime 0, sent 0") << 0u << 0u << true << "2021-01-20T12:00:00Z";
    QTest::newRow("uptime after sending") << 1300u << 1205u << true << "2021-01-20T12:01:35Z";
    QTest::newRow("largest uptime") << 0x7FFFFFFFu << 0u << true << "2089-02-07T15:14:07Z";
    QTest::newRow("RTC zero") << 0x80000000u << 1205u << true << "2000-01-01T00:00:00Z";
    QTest::newRow("RTC (n1000-utc first reading)") << 2811882848u << 59940u << true << "2021-01-19T19:20:00Z";
    QTest::newRow("largest RTC") << 0xFFFFFFFEu << 0u << true << "2068-01-19T03:14:06Z";
    QTest::newRow("unknown") << 0xFFFFFFFFu << 1205u << false << QString();
}

void ReportTimeTest::rawTime()
{
    QFETCH(quint32, rawTime);
    QFETCH(quint32, sentTimestamp);
    QFETCH(bool, known);
    QFETCH(QString, expected);
    const qint64 base = UtcAssigner::baseTime(kReceived, sentTimestamp);
    QCOMPARE(base, kReceived - qint64(sentTimestamp) * kSecond);
    const std::optional<qint64> utc = UtcAssigner::fromRawTime(rawTime, base);
    QCOMPARE(utc.has_value(), known);
    QCOMPARE(UtcAssigner::isRtc(rawTime), known && rawTime >= 0x80000000u);
    if (known)
        QCOMPARE(ReportTime::formatIso(*utc), expected);

    Report report;
    report.sentTimestamp = sentTimestamp;
    IOTileReading reading;
    reading.rawTime = rawTime;
    report.readings.push_back(reading);
    QCOMPARE(UtcAssigner::readingTimes(report, kReceived).front(), utc);
}

QTEST_GUILESS_MAIN(ReportTimeTest)
#include "tst_report_time.moc"
