// Flexible dictionary ("v100") reports: the real CoreTools msgpack files against their manifests, round
// trips through msgpack, Python-2 msgpack and JSON, the variations real uploaders wrote, and bad input.

#include "common/reports/flexibledictionaryreport.h"
#include "common/reports/msgpackreader.h"
#include "common/reports/msgpackwriter.h"
#include "common/reports/reportparser.h"
#include "common/reports/reporttime.h"
#include "common/reports/utcassigner.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace iotile;

Q_DECLARE_METATYPE(iotile::Report)

namespace {

QString reportsDir()
{
    return QStringLiteral(IOTILE_SHARED_DIR "/testdata/reports");
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

QJsonObject manifest(const QString &folder)
{
    return QJsonDocument::fromJson(readFile(reportsDir() + u'/' + folder + QStringLiteral("/manifest.json")))
        .object();
}

qint64 iso(const char *text)
{
    const std::optional<qint64> time = ReportTime::parseIso(QString::fromLatin1(text));
    if (!time)
        qFatal("bad time in test: %s", text);
    return *time;
}

QString describe(const Report &report)
{
    QJsonObject object = FlexibleDictionaryReport::toJsonObject(report);
    object.insert(u"_lowest", qint64(report.lowestId));
    object.insert(u"_highest", qint64(report.highestId));
    object.insert(u"_inferred", report.idRangeInferred);
    object.insert(u"_missing", QJsonArray::fromStringList(report.missingFields));
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// The report the variant rows start from: the original server's v2_event_with_data.json.
Report baseReport()
{
    Report report;
    report.deviceId = 10;
    report.streamerIndex = 100;
    report.streamerSelector = 65536;
    report.sentTimestamp = 1;
    report.reportId = 1;
    report.lowestId = 2;
    report.highestId = 5;
    IOTileEvent event;
    event.stream = 0x5053;
    event.timestamp = iso("2017-01-10T10:00:00Z");
    event.readingId = 2;
    event.summary = QJsonObject {{QStringLiteral("foo"), QStringLiteral("a")}};
    report.events.push_back(event);
    IOTileReading reading;
    reading.stream = 0x5051;
    reading.rawTime = UtcAssigner::kUnknownTime;
    reading.timestamp = iso("2017-01-10T10:02:00Z");
    reading.readingId = 3;
    reading.value = 5;
    report.readings.push_back(reading);
    return report;
}

const char *const kBaseJson = R"({"format":"v100","device":10,"streamer_index":100,"streamer_selector":65536,
 "device_sent_timestamp":1,"incremental_id":1,"lowest_id":2,"highest_id":5,
 "events":[{"stream":"5053","timestamp":"2017-01-10T10:00:00Z","streamer_local_id":2,"extra_data":{"foo":"a"}}],
 "data":[{"stream":"5051","timestamp":"2017-01-10T10:02:00Z","streamer_local_id":3,"value":5}]})";

// JSON text with one replacement, so each error row shows only what it breaks.
QByteArray baseJsonWith(const char *from, const char *to)
{
    QByteArray text(kBaseJson);
    if (!text.contains(from))
        qFatal("test bug: %s not in the base document", from);
    return text.replace(from, to);
}

std::vector<IOTileReading> makeReadings(int count)
{
    std::vector<IOTileReading> readings;
    for (int i = 0; i < count; ++i) {
        IOTileReading reading;
        reading.stream = quint16(0x5001 + i % 4);
        reading.rawTime = quint32(i * 60);
        reading.value = quint32(i) * 40503u;
        reading.readingId = quint32(i + 1);
        if (i % 3 != 2)
            reading.timestamp = iso("2021-01-20T00:00:00") + qint64(i) * 60000000 + (i % 2) * 123456;
        readings.push_back(reading);
    }
    return readings;
}

std::vector<IOTileEvent> makeEvents(int count)
{
    std::vector<IOTileEvent> events;
    for (int i = 0; i < count; ++i) {
        IOTileEvent event;
        event.stream = 0x5020;
        event.deviceTimestamp =
            i % 2 ? UtcAssigner::kUnknownTime : (UtcAssigner::kRtcFlag | quint32(664000000 + i));
        event.readingId = quint32(100000 + i);
        if (i % 3 == 0)
            event.timestamp = iso("2021-01-20T11:58:00Z") + i;
        event.summary = QJsonObject {{QStringLiteral("axis"), QStringLiteral("z")},
                                     {QStringLiteral("peak"), 1.5 + i},
                                     {QStringLiteral("n"), i}};
        if (i % 4 == 1)
            event.data = QJsonValue(QJsonValue::Null);
        else if (i % 4 == 2)
            event.data = QJsonObject {{QStringLiteral("samples"), QJsonArray {i, i + 1, -i}},
                                      {QStringLiteral("label"), QStringLiteral("\u00fcber")}};
        events.push_back(event);
    }
    return events;
}

} // namespace

class ReportFlexibleTest : public QObject
{
    Q_OBJECT

private slots:
    void manifestFile_data();
    void manifestFile();
    void rebuildFile_data();
    void rebuildFile();
    void roundTrip_data();
    void roundTrip();
    void variants_data();
    void variants();
    void errors_data();
    void errors();
    void truncatedJson();
    void utc();
};

void ReportFlexibleTest::manifestFile_data()
{
    QTest::addColumn<QString>("folder");
    QTest::newRow("n20") << QStringLiteral("n20");
    QTest::newRow("n1000-utc") << QStringLiteral("n1000-utc");
}

void ReportFlexibleTest::manifestFile()
{
    QFETCH(QString, folder);
    const QJsonObject entry = manifest(folder)[u"files"][u"flexible_dict.mp"].toObject();
    const QJsonObject decoded = entry[u"decoded"].toObject();
    const QByteArray bytes = readFile(reportsDir() + u'/' + folder + QStringLiteral("/flexible_dict.mp"));
    QCOMPARE(bytes.size(), entry[u"length"].toInt());
    QCOMPARE(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(),
             entry[u"sha256"].toString().toLatin1());

    const ReportResult<Report> result = FlexibleDictionaryReport::parseMsgpack(bytes);
    QVERIFY2(result, qPrintable(result.errorString()));
    const Report &report = result.value();
    QCOMPARE(report.format, ReportFormat::FlexibleMsgpack);
    QCOMPARE(report.length, bytes.size());
    QCOMPARE(decoded[u"format"].toString(), QStringLiteral("v100"));
    QCOMPARE(report.deviceId, quint64(decoded[u"device"].toInteger()));
    QCOMPARE(report.streamerIndex, quint32(decoded[u"streamer_index"].toInteger()));
    QCOMPARE(report.streamerSelector, quint32(decoded[u"streamer_selector"].toInteger()));
    QCOMPARE(report.reportId, quint32(decoded[u"incremental_id"].toInteger()));
    QCOMPARE(report.lowestId, quint32(decoded[u"lowest_id"].toInteger()));
    QCOMPARE(report.highestId, quint32(decoded[u"highest_id"].toInteger()));
    QCOMPARE(report.sentTimestamp, quint32(decoded[u"device_sent_timestamp"].toInteger()));
    QVERIFY(!report.idRangeInferred);
    QVERIFY(report.missingFields.isEmpty());
    QVERIFY(!report.verified);
    QVERIFY(!report.encrypted);

    const QJsonArray data = decoded[u"data"].toArray();
    QCOMPARE(qsizetype(report.readings.size()), data.size());
    for (qsizetype i = 0; i < data.size(); ++i) {
        const IOTileReading &reading = report.readings[size_t(i)];
        const QJsonObject item = data[i].toObject();
        QCOMPARE(reading.stream, quint16(item[u"stream"].toInt()));
        QCOMPARE(reading.rawTime, quint32(item[u"device_timestamp"].toInteger()));
        QCOMPARE(reading.readingId, quint32(item[u"streamer_local_id"].toInteger()));
        QCOMPARE(reading.value, quint32(item[u"value"].toInteger()));
        QVERIFY(reading.timestamp.has_value());
        QCOMPARE(ReportTime::formatIso(*reading.timestamp, ReportTime::Zone::Naive),
                 item[u"timestamp"].toString());
    }
    const QJsonArray events = decoded[u"events"].toArray();
    QCOMPARE(qsizetype(report.events.size()), events.size());
    for (qsizetype i = 0; i < events.size(); ++i) {
        const IOTileEvent &event = report.events[size_t(i)];
        const QJsonObject item = events[i].toObject();
        QCOMPARE(event.stream, quint16(item[u"stream"].toInt()));
        QCOMPARE(event.deviceTimestamp, quint32(item[u"device_timestamp"].toInteger()));
        QCOMPARE(event.readingId, quint32(item[u"streamer_local_id"].toInteger()));
        QVERIFY(event.timestamp.has_value());
        QCOMPARE(ReportTime::formatIso(*event.timestamp), item[u"timestamp"].toString());
        QCOMPARE(event.summary, item[u"extra_data"].toObject());
        QCOMPARE(event.data, item[u"data"]);
    }

    // Times are used as given (the flexible dictionary carries them).
    const qint64 received = *ReportTime::parseIso(manifest(folder)[u"received_time_utc"].toString());
    const auto readingTimes = UtcAssigner::readingTimes(report, received);
    for (size_t i = 0; i < readingTimes.size(); ++i)
        QCOMPARE(readingTimes[i], report.readings[i].timestamp);
    const auto eventTimes = UtcAssigner::eventTimes(report, received);
    for (size_t i = 0; i < eventTimes.size(); ++i)
        QCOMPARE(eventTimes[i], report.events[i].timestamp);
}

void ReportFlexibleTest::rebuildFile_data()
{
    manifestFile_data();
}

void ReportFlexibleTest::rebuildFile()
{
    QFETCH(QString, folder);
    const QByteArray bytes = readFile(reportsDir() + u'/' + folder + QStringLiteral("/flexible_dict.mp"));
    Report report = FlexibleDictionaryReport::parseMsgpack(bytes).value();
    // Same encodings as CoreTools throughout: only the key order inside extra_data may differ.
    const QByteArray built = FlexibleDictionaryReport::buildMsgpack(report);
    QCOMPARE(built.size(), bytes.size());
    QCOMPARE(built.left(128).toHex(), bytes.left(128).toHex());

    for (const ReportFormat format : {ReportFormat::FlexibleMsgpack, ReportFormat::FlexibleJson}) {
        for (const auto strings : {MsgpackWriter::StringEncoding::Str, MsgpackWriter::StringEncoding::Bin}) {
            const QByteArray again = format == ReportFormat::FlexibleJson
                ? FlexibleDictionaryReport::buildJson(report)
                : FlexibleDictionaryReport::buildMsgpack(report, strings);
            const ReportResult<Report> back =
                ReportParser::parseUpload(format == ReportFormat::FlexibleJson ? u"r.json" : u"r.mp", again);
            QVERIFY2(back, qPrintable(back.errorString()));
            Report expected = report;
            expected.format = format;
            expected.length = again.size();
            QVERIFY2(back.value() == expected, qPrintable(describe(back.value())));
        }
    }
}

void ReportFlexibleTest::roundTrip_data()
{
    QTest::addColumn<int>("readings");
    QTest::addColumn<int>("events");
    QTest::addColumn<bool>("json");
    QTest::addColumn<bool>("python2");
    for (const auto &[readings, events] :
         {std::pair {0, 0}, {1, 0}, {0, 1}, {2, 2}, {1000, 0}, {1000, 17}, {20000, 3}}) {
        QTest::addRow("%d readings, %d events, msgpack", readings, events)
            << readings << events << false << false;
        QTest::addRow("%d readings, %d events, Python 2", readings, events)
            << readings << events << false << true;
        QTest::addRow("%d readings, %d events, JSON", readings, events)
            << readings << events << true << false;
    }
}

void ReportFlexibleTest::roundTrip()
{
    QFETCH(int, readings);
    QFETCH(int, events);
    QFETCH(bool, json);
    QFETCH(bool, python2);
    Report report;
    report.format = json ? ReportFormat::FlexibleJson : ReportFormat::FlexibleMsgpack;
    report.deviceId = 0x0bd8;
    report.streamerIndex = 0x100;
    report.streamerSelector = 65536;
    report.reportId = 623297537;
    report.sentTimestamp = 4294967295u;
    report.readings = makeReadings(readings);
    report.events = makeEvents(events);
    std::tie(report.lowestId, report.highestId) = readingIdRange(report.readings, report.events);

    const QByteArray bytes = json
        ? FlexibleDictionaryReport::buildJson(report)
        : FlexibleDictionaryReport::buildMsgpack(
            report, python2 ? MsgpackWriter::StringEncoding::Bin : MsgpackWriter::StringEncoding::Str);
    const ReportResult<Report> back =
        json ? FlexibleDictionaryReport::parseJson(bytes) : FlexibleDictionaryReport::parseMsgpack(bytes);
    QVERIFY2(back, qPrintable(back.errorString()));
    report.length = bytes.size();
    QVERIFY2(back.value() == report, qPrintable(describe(back.value()).left(2000)));
}

void ReportFlexibleTest::variants_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("json");
    QTest::addColumn<Report>("expected");

    const Report base = baseReport();
    QTest::newRow("original server's v2_event_with_data shape") << QByteArray(kBaseJson) << true << base;
    {
        Report expected = base;
        QTest::newRow("stream as int and as 0x hex")
            << baseJsonWith(R"("stream":"5053")", R"("stream":20563)")
                   .replace(R"("stream":"5051")", R"("stream":"0x5051")")
            << true << expected;
    }
    {
        // Phones and Python 2 wrote integral floats.
        Report expected = base;
        expected.sentTimestamp = 4294967295u;
        expected.readings[0].rawTime = 4294967295u;
        expected.readings[0].value = 7;
        QTest::newRow("integral floats")
            << baseJsonWith(R"("device_sent_timestamp":1)", R"("device_sent_timestamp":4294967295.0)")
                   .replace(R"("value":5)", R"("value":7.0,"device_timestamp":4.294967295e9)")
            << true << expected;
    }
    {
        Report expected = base;
        expected.readings[0].value = 0xFFFFFFFB;
        expected.readings[0].readingId = 12;
        QTest::newRow("negative value, decimal strings")
            << baseJsonWith(R"("value":5)", R"("value":-5)")
                   .replace(R"("streamer_local_id":3)", R"("streamer_local_id":"12")")
            << true << expected;
    }
    {
        // No data list and no lowest_id: the ids come from the events.
        Report expected = base;
        expected.readings.clear();
        expected.lowestId = 2;
        expected.idRangeInferred = true;
        expected.missingFields = QStringList {QStringLiteral("lowest_id")};
        QByteArray text = QByteArray(kBaseJson).replace(R"("lowest_id":2,)", "");
        text.replace(text.indexOf(R"(,
 "data")"),
                     text.lastIndexOf('}') - text.indexOf(R"(,
 "data")"),
                     "");
        QTest::newRow("no data, no lowest_id") << text << true << expected;
    }
    {
        Report expected = base;
        expected.events[0].data = QJsonValue(QJsonValue::Null);
        expected.events[0].timestamp.reset();
        expected.events[0].deviceTimestamp = 4294967295u;
        expected.readings[0].timestamp.reset();
        QTest::newRow("null event data and timestamps")
            << baseJsonWith(R"("extra_data":{"foo":"a"})",
                            R"("extra_data":{"foo":"a"},"data":null,"device_timestamp":null)")
                   .replace(R"("timestamp":"2017-01-10T10:00:00Z")", R"("timestamp":null)")
                   .replace(R"("timestamp":"2017-01-10T10:02:00Z")", R"("timestamp":null)")
            << true << expected;
    }
    {
        Report expected = base;
        expected.events[0].timestamp = iso("2017-01-10T08:00:00Z");
        expected.readings[0].timestamp = iso("2019-08-12T08:58:12.869999Z");
        QTest::newRow("zone offset, naive microseconds")
            << baseJsonWith("2017-01-10T10:00:00Z", "2017-01-10T10:00:00+02:00")
                   .replace("2017-01-10T10:02:00Z", "2019-08-12T08:58:12.869999")
            << true << expected;
    }
    {
        Report expected = base;
        expected.readings[0].timestamp = iso("2017-01-10T10:02:00.5Z");
        QTest::newRow("server msgpack datetime map")
            << baseJsonWith(R"("timestamp":"2017-01-10T10:02:00Z")",
                            R"("timestamp":{"__class__":"datetime","as_str":"2017-01-10T10:02:00.500000"})")
            << true << expected;
    }
    {
        Report expected;
        expected.deviceId = 5;
        expected.streamerIndex = FlexibleDictionaryReport::kDefaultStreamerIndex;
        expected.streamerSelector = FlexibleDictionaryReport::kDefaultSelector;
        expected.idRangeInferred = true;
        expected.missingFields =
            QStringList {QStringLiteral("streamer_index"), QStringLiteral("streamer_selector"),
                         QStringLiteral("device_sent_timestamp"), QStringLiteral("lowest_id"),
                         QStringLiteral("highest_id")};
        QTest::newRow("only format and device")
            << QByteArray(R"({"format":"v100","device":5,"events":null})") << true << expected;
    }
    {
        // The phone app's v2_report_mobile_app.mp: floats for uptimes, 16-bit array header, nil timestamps.
        MsgpackWriter writer;
        writer.writeMapHeader(9);
        writer.writeString(u"format");
        writer.writeString(u"v100");
        writer.writeString(u"device");
        writer.writeUnsigned(0x801);
        writer.writeString(u"streamer_index");
        writer.writeUnsigned(256);
        writer.writeString(u"streamer_selector");
        writer.writeUnsigned(65535);
        writer.writeString(u"incremental_id");
        writer.writeUnsigned(0);
        writer.writeString(u"device_sent_timestamp");
        writer.writeDouble(4294967295.0);
        writer.writeString(u"lowest_id");
        writer.writeFloat(196609.0f);
        writer.writeString(u"highest_id");
        writer.writeDouble(196609.0);
        writer.writeString(u"events");
        writer.writeArrayHeader(1);
        writer.writeMapHeader(5);
        writer.writeString(u"stream");
        writer.writeUnsigned(0x5020);
        writer.writeString(u"device_timestamp");
        writer.writeDouble(4294967295.0);
        writer.writeString(u"streamer_local_id");
        writer.writeUnsigned(196609);
        writer.writeString(u"timestamp");
        writer.writeNil();
        writer.writeString(u"data");
        writer.writeMapHeader(1);
        writer.writeString(u"x");
        writer.writeArrayHeader(3);
        writer.writeDouble(0.049);
        writer.writeInteger(0);
        writer.writeFloat(-0.25f);
        Report expected;
        expected.deviceId = 0x801;
        expected.streamerIndex = 256;
        expected.sentTimestamp = 4294967295u;
        expected.lowestId = 196609;
        expected.highestId = 196609;
        IOTileEvent event;
        event.stream = 0x5020;
        event.readingId = 196609;
        event.data = QJsonObject {{QStringLiteral("x"), QJsonArray {0.049, 0, -0.25}}};
        expected.events.push_back(event);
        QTest::newRow("phone app msgpack") << writer.data() << false << expected;
    }
    {
        // Python 2 packed every string, keys included, as raw bytes.
        // The builder writes the id range of the items (3 here, not the 5 the original file claims).
        Report expected = base;
        expected.highestId = 3;
        QTest::newRow("Python 2 msgpack")
            << FlexibleDictionaryReport::buildMsgpack(base, MsgpackWriter::StringEncoding::Bin) << false
            << expected;
    }
}

void ReportFlexibleTest::variants()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, json);
    QFETCH(Report, expected);
    const ReportResult<Report> result = ReportParser::parseUpload(json ? u"r.json" : u"r.mp", bytes);
    QVERIFY2(result, qPrintable(result.errorString()));
    expected.format = json ? ReportFormat::FlexibleJson : ReportFormat::FlexibleMsgpack;
    expected.length = bytes.size();
    QVERIFY2(result.value() == expected,
             qPrintable(describe(result.value()) + QStringLiteral("\n   expected ") + describe(expected)));

    // The streaming msgpack parser and decode() + fromJsonObject() agree, on the msgpack form of JSON rows
    // too.
    const QByteArray packed = json ? MsgpackWriter::encode(QJsonDocument::fromJson(bytes).object()) : bytes;
    const ReportResult<Report> streamed = FlexibleDictionaryReport::parseMsgpack(packed);
    QVERIFY2(streamed, qPrintable(streamed.errorString()));
    const ReportResult<Report> generic = FlexibleDictionaryReport::fromJsonObject(
        MsgpackReader::decode(packed).value().toObject(), ReportFormat::FlexibleMsgpack);
    QVERIFY2(generic, qPrintable(generic.errorString()));
    expected.format = ReportFormat::FlexibleMsgpack;
    expected.length = packed.size();
    QVERIFY2(streamed.value() == expected, qPrintable(describe(streamed.value())));
    expected.length = 0;
    QVERIFY2(generic.value() == expected, qPrintable(describe(generic.value())));
}

void ReportFlexibleTest::errors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("json");
    QTest::addColumn<QString>("message");

    QTest::newRow("not a map") << QByteArray::fromHex("9101") << false
                               << "flexible dictionary report must be a map, got an array";
    QTest::newRow("JSON array") << QByteArray("[1]") << true
                                << "flexible dictionary report must be a JSON object";
    QTest::newRow("JSON syntax") << QByteArray(R"({"format":)") << true
                                 << "JSON parsing error: unterminated object at offset 10";
    QTest::newRow("msgpack truncated") << QByteArray::fromHex("82a6666f726d6174") << false
                                       << "truncated msgpack: 1 bytes needed at byte 8, 0 left";
    QTest::newRow("missing format") << baseJsonWith(R"("format":"v100",)", "") << true
                                    << R"(format: missing report format (expected "v100"))";
    QTest::newRow("format v200") << baseJsonWith("v100", "v200") << true
                                 << "unsupported flexible dictionary format 'v200'";
    QTest::newRow("format as number")
        << baseJsonWith(R"("v100")", "100") << true << "unsupported flexible dictionary format 100";
    QTest::newRow("missing device") << baseJsonWith(R"("device":10,)", "") << true
                                    << "device: missing device id";
    QTest::newRow("negative device") << baseJsonWith(R"("device":10)", R"("device":-1)") << true
                                     << "device: -1 is out of range 0..18446744073709551615";
    QTest::newRow("device as word") << baseJsonWith(R"("device":10)", R"("device":"ten")") << true
                                    << "device: expected an integer, got 'ten'";
    QTest::newRow("fractional sent timestamp")
        << baseJsonWith(R"("device_sent_timestamp":1)", R"("device_sent_timestamp":1.5)") << true
        << "device_sent_timestamp: expected an integer, got 1.5";
    QTest::newRow("selector beyond 32 bits") << baseJsonWith("65536", "4294967296") << true
                                             << "streamer_selector: 4294967296 is out of range 0..4294967295";
    QTest::newRow("lowest_id as list") << baseJsonWith(R"("lowest_id":2)", R"("lowest_id":[2])") << true
                                       << "lowest_id: expected an integer, got an array";
    QTest::newRow("data as map") << baseJsonWith(R"("data":[)", R"("data":{"a":[)").replace("}]}", "}]}}")
                                 << true << "data: expected a list, got a map";
    QTest::newRow("events as string")
        << baseJsonWith(R"("events":[)", R"("x":[)").replace(R"("data":[)", R"("events":"no","data":[)")
        << true << "events: expected a list, got 'no'";
    QTest::newRow("data item not a map")
        << baseJsonWith(R"("data":[)", R"("data":[5,)") << true << "data[0]: expected a map, got 5";
    QTest::newRow("fractional value") << baseJsonWith(R"("value":5)", R"("value":5.5)") << true
                                      << "data[0].value: expected an integer, got 5.5";
    QTest::newRow("missing value") << baseJsonWith(R"(,"value":5)", "") << true
                                   << "data[0].value: expected an integer, got nothing";
    QTest::newRow("value beyond 32 bits") << baseJsonWith(R"("value":5)", R"("value":4294967296)") << true
                                          << "data[0].value: 4294967296 does not fit in 32 bits";
    QTest::newRow("value true") << baseJsonWith(R"("value":5)", R"("value":true)") << true
                                << "data[0].value: expected an integer, got true";
    QTest::newRow("stream not hex") << baseJsonWith(R"("stream":"5051")", R"("stream":"zz")") << true
                                    << "data[0].stream: invalid stream id 'zz'";
    QTest::newRow("stream hex too long") << baseJsonWith(R"("stream":"5051")", R"("stream":"15051")") << true
                                         << "data[0].stream: invalid stream id '15051'";
    QTest::newRow("stream beyond 16 bits") << baseJsonWith(R"("stream":"5051")", R"("stream":70000)") << true
                                           << "data[0].stream: 70000 is out of range 0..65535";
    QTest::newRow("stream missing") << baseJsonWith(R"("stream":"5053",)", "") << true
                                    << "events[0].stream: missing stream id";
    QTest::newRow("bad timestamp") << baseJsonWith("2017-01-10T10:00:00Z", "yesterday") << true
                                   << "events[0].timestamp: invalid ISO-8601 time 'yesterday'";
    QTest::newRow("timestamp 31 February")
        << baseJsonWith("2017-01-10T10:02:00Z", "2017-02-31T10:02:00Z") << true
        << "data[0].timestamp: invalid ISO-8601 time '2017-02-31T10:02:00Z'";
    QTest::newRow("numeric timestamp")
        << baseJsonWith(R"("timestamp":"2017-01-10T10:00:00Z")", R"("timestamp":5)") << true
        << "events[0].timestamp: expected an ISO-8601 string, got 5";
    QTest::newRow("unknown timestamp map")
        << baseJsonWith(R"("timestamp":"2017-01-10T10:00:00Z")", R"("timestamp":{"a":1})") << true
        << "events[0].timestamp: expected an ISO-8601 string, got a map";
    QTest::newRow("extra_data string") << baseJsonWith(R"({"foo":"a"})", R"("x")") << true
                                       << "events[0].extra_data: expected a map, got 'x'";
    QTest::newRow("negative reading id")
        << baseJsonWith(R"("streamer_local_id":2)", R"("streamer_local_id":-3)") << true
        << "events[0].streamer_local_id: -3 is out of range 0..4294967295";
}

void ReportFlexibleTest::errors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, json);
    QFETCH(QString, message);
    const ReportResult<Report> result = ReportParser::parseUpload(json ? u"r.json" : u"r.mp", bytes);
    QVERIFY(!result);
    QCOMPARE(result.errorString(), message);

    // The same dictionary as msgpack gives the same error through the streaming msgpack parser.
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (json && document.isObject()) {
        const ReportResult<Report> packed =
            FlexibleDictionaryReport::parseMsgpack(MsgpackWriter::encode(document.object()));
        QVERIFY(!packed);
        QCOMPARE(packed.errorString(), message);
    }
}

void ReportFlexibleTest::truncatedJson()
{
    const QByteArray mp = readFile(reportsDir() + QStringLiteral("/n20/flexible_dict.mp"));
    const QByteArray json =
        FlexibleDictionaryReport::buildJson(FlexibleDictionaryReport::parseMsgpack(mp).value());
    QVERIFY(FlexibleDictionaryReport::parseJson(json));
    for (qsizetype size = 0; size < json.size(); ++size) {
        const QByteArray prefix = json.left(size);
        QVERIFY(!FlexibleDictionaryReport::parseJson(prefix));
    }
    for (qsizetype size = 0; size < mp.size(); ++size) {
        const QByteArray prefix = mp.left(size);
        QVERIFY(!FlexibleDictionaryReport::parseMsgpack(prefix));
    }
}

void ReportFlexibleTest::utc()
{
    // Events: an RTC device timestamp wins over the given time; uptime alone gives no time. Readings: the
    // given time, else RTC or base + uptime.
    Report report;
    report.format = ReportFormat::FlexibleJson;
    report.sentTimestamp = 100;
    IOTileEvent rtc;
    rtc.deviceTimestamp = UtcAssigner::kRtcFlag | 10;
    rtc.timestamp = iso("2017-01-10T10:00:00Z");
    IOTileEvent given;
    given.deviceTimestamp = 50;
    given.timestamp = iso("2017-01-10T10:00:00Z");
    IOTileEvent uptimeOnly;
    uptimeOnly.deviceTimestamp = 50;
    IOTileEvent unknown;
    report.events = {rtc, given, uptimeOnly, unknown};
    IOTileReading withTime;
    withTime.rawTime = 50;
    withTime.timestamp = iso("2017-01-10T10:00:00Z");
    IOTileReading uptime;
    uptime.rawTime = 50;
    IOTileReading unknownReading;
    unknownReading.rawTime = UtcAssigner::kUnknownTime;
    report.readings = {withTime, uptime, unknownReading};

    const qint64 received = iso("2021-01-20T12:00:00Z");
    const auto events = UtcAssigner::eventTimes(report, received);
    QCOMPARE(events.size(), size_t(4));
    QCOMPARE(events[0], std::optional<qint64>(iso("2000-01-01T00:00:10Z")));
    QCOMPARE(events[1], std::optional<qint64>(iso("2017-01-10T10:00:00Z")));
    QCOMPARE(events[2], std::optional<qint64>());
    QCOMPARE(events[3], std::optional<qint64>());
    const auto readings = UtcAssigner::readingTimes(report, received);
    QCOMPARE(readings[0], std::optional<qint64>(iso("2017-01-10T10:00:00Z")));
    QCOMPARE(readings[1], std::optional<qint64>(iso("2021-01-20T11:59:10Z")));
    QCOMPARE(readings[2], std::optional<qint64>());
}

QTEST_GUILESS_MAIN(ReportFlexibleTest)
#include "tst_report_flexible.moc"
