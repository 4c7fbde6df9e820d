// The msgpack decoder and encoder under the flexible dictionary reports: every type and width, Python's
// exact encodings, hostile lengths and nesting, and truncation at every position.

#include "common/reports/msgpackreader.h"
#include "common/reports/msgpackwriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace iotile;

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(QByteArray(text));
}

QString show(const QJsonValue &value)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact));
}

QByteArray nestedArrays(int depth)
{
    return QByteArray(depth, char(0x91)) + QByteArray(1, char(0xc0));
}

} // namespace

class ReportMsgpackTest : public QObject
{
    Q_OBJECT

private slots:
    void decode_data();
    void decode();
    void decodeErrors_data();
    void decodeErrors();
    void depthLimit_data();
    void depthLimit();
    void truncatedEverywhere_data();
    void truncatedEverywhere();
    void encode_data();
    void encode();
    void roundTrip();
    void largeMapInHostileOrder();
};

void ReportMsgpackTest::decode_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QJsonValue>("expected");

    QTest::newRow("positive fixint 0") << hex("00") << QJsonValue(0);
    QTest::newRow("positive fixint 127") << hex("7f") << QJsonValue(127);
    QTest::newRow("negative fixint -1") << hex("ff") << QJsonValue(-1);
    QTest::newRow("negative fixint -32") << hex("e0") << QJsonValue(-32);
    QTest::newRow("uint8 255") << hex("ccff") << QJsonValue(255);
    QTest::newRow("uint16 65535") << hex("cdffff") << QJsonValue(65535);
    QTest::newRow("uint32 4294967295") << hex("ceffffffff") << QJsonValue(qint64(4294967295));
    QTest::newRow("uint64 2^32") << hex("cf0000000100000000") << QJsonValue(qint64(4294967296));
    QTest::newRow("uint64 int64 max") << hex("cf7fffffffffffffff") << QJsonValue(qint64(9223372036854775807));
    QTest::newRow("uint64 max (becomes double)")
        << hex("cfffffffffffffffff") << QJsonValue(18446744073709551615.0);
    QTest::newRow("int8 -128") << hex("d080") << QJsonValue(-128);
    QTest::newRow("int8 5") << hex("d005") << QJsonValue(5);
    QTest::newRow("int16 -32768") << hex("d18000") << QJsonValue(-32768);
    QTest::newRow("int32 -2^31") << hex("d280000000") << QJsonValue(qint64(-2147483648LL));
    QTest::newRow("int64 min") << hex("d38000000000000000") << QJsonValue(std::numeric_limits<qint64>::min());
    QTest::newRow("float32 1.5") << hex("ca3fc00000") << QJsonValue(1.5);
    QTest::newRow("float32 -0.25") << hex("cabe800000") << QJsonValue(-0.25);
    QTest::newRow("float64 4294967295.0") << hex("cb41efffffffe00000") << QJsonValue(4294967295.0);
    QTest::newRow("float64 1066.6666666666667")
        << hex("cb4090aaaaaaaaaaab") << QJsonValue(1066.6666666666667);
    QTest::newRow("nil") << hex("c0") << QJsonValue(QJsonValue::Null);
    QTest::newRow("false") << hex("c2") << QJsonValue(false);
    QTest::newRow("true") << hex("c3") << QJsonValue(true);
    QTest::newRow("empty fixstr") << hex("a0") << QJsonValue(QString());
    QTest::newRow("fixstr") << hex("a3616263") << QJsonValue(QStringLiteral("abc"));
    QTest::newRow("fixstr 31") << hex("bf") + QByteArray(31, 'q') << QJsonValue(QString(31, u'q'));
    QTest::newRow("utf-8") << hex("a5c3a9e282ac") << QJsonValue(QStringLiteral("\u00e9\u20ac"));
    QTest::newRow("str8") << hex("d920") + QByteArray(32, 'x') << QJsonValue(QString(32, u'x'));
    QTest::newRow("str16") << hex("da0100") + QByteArray(256, 'y') << QJsonValue(QString(256, u'y'));
    QTest::newRow("str32") << hex("db00010000") + QByteArray(65536, 'z') << QJsonValue(QString(65536, u'z'));
    QTest::newRow("bin8 (Python 2 string)") << hex("c403616263") << QJsonValue(QStringLiteral("abc"));
    QTest::newRow("bin16") << hex("c50003616263") << QJsonValue(QStringLiteral("abc"));
    QTest::newRow("bin32") << hex("c600000003616263") << QJsonValue(QStringLiteral("abc"));
    QTest::newRow("empty fixarray") << hex("90") << QJsonValue(QJsonArray());
    QTest::newRow("fixarray") << hex("93010203") << QJsonValue(QJsonArray {1, 2, 3});
    {
        QJsonArray sixteen;
        for (int i = 0; i < 16; ++i)
            sixteen.append(QJsonValue::Null);
        QTest::newRow("array16") << hex("dc0010") + QByteArray(16, char(0xc0)) << QJsonValue(sixteen);
    }
    QTest::newRow("array32") << hex("dd000000020102") << QJsonValue(QJsonArray {1, 2});
    QTest::newRow("empty fixmap") << hex("80") << QJsonValue(QJsonObject());
    QTest::newRow("fixmap") << hex("81a16101") << QJsonValue(QJsonObject {{QStringLiteral("a"), 1}});
    QTest::newRow("map16") << hex("de0002a16101a16202")
                           << QJsonValue(QJsonObject {{QStringLiteral("a"), 1}, {QStringLiteral("b"), 2}});
    QTest::newRow("map32") << hex("df00000001a16101") << QJsonValue(QJsonObject {{QStringLiteral("a"), 1}});
    QTest::newRow("bin key (Python 2)")
        << hex("81c4016b01") << QJsonValue(QJsonObject {{QStringLiteral("k"), 1}});
    QTest::newRow("str8 key") << hex("81d9016b01") << QJsonValue(QJsonObject {{QStringLiteral("k"), 1}});
    QTest::newRow("int key") << hex("8105a178")
                             << QJsonValue(QJsonObject {{QStringLiteral("5"), QStringLiteral("x")}});
    QTest::newRow("negative int key")
        << hex("81ffc0") << QJsonValue(QJsonObject {{QStringLiteral("-1"), QJsonValue::Null}});
    QTest::newRow("uint64 key") << hex("81cfffffffffffffffffc3")
                                << QJsonValue(QJsonObject {{QStringLiteral("18446744073709551615"), true}});
    QTest::newRow("repeated key keeps the last")
        << hex("82a16101a16102") << QJsonValue(QJsonObject {{QStringLiteral("a"), 2}});
    QTest::newRow("nested") << hex("82a17893c0c381a179cb3ff8000000000000a17a90")
                            << QJsonValue(
                                   QJsonObject {{QStringLiteral("x"),
                                                 QJsonArray {QJsonValue::Null, true,
                                                             QJsonObject {{QStringLiteral("y"), 1.5}}}},
                                                {QStringLiteral("z"), QJsonArray()}});
}

void ReportMsgpackTest::decode()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QJsonValue, expected);
    const ReportResult<QJsonValue> result = MsgpackReader::decode(bytes);
    QVERIFY2(result, qPrintable(result.errorString()));
    QVERIFY2(result.value() == expected,
             qPrintable(show(result.value()) + QStringLiteral(" != ") + show(expected)));
    // A copy of exactly the bytes: reading one past the end would be an ASan error.
    QVERIFY(!MsgpackReader::decode(bytes.left(bytes.size() - 1)));
}

void ReportMsgpackTest::decodeErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << QByteArray() << "empty msgpack document";
    QTest::newRow("never used 0xc1") << hex("c1") << "invalid msgpack type byte 0xc1 at byte 0";
    QTest::newRow("fixext1") << hex("d40100") << "unsupported msgpack extension type 0xd4 at byte 0";
    QTest::newRow("timestamp32 ext") << hex("d6ff00000000")
                                     << "unsupported msgpack extension type 0xd6 at byte 0";
    QTest::newRow("ext8 in a map") << hex("81a161c70101ff")
                                   << "unsupported msgpack extension type 0xc7 at byte 3";
    QTest::newRow("ext32") << hex("c9000000010100") << "unsupported msgpack extension type 0xc9 at byte 0";
    QTest::newRow("truncated uint8") << hex("cc") << "truncated msgpack: 1 bytes needed at byte 1, 0 left";
    QTest::newRow("truncated uint32")
        << hex("ce0001") << "truncated msgpack: 4 bytes needed at byte 1, 2 left";
    QTest::newRow("truncated float64")
        << hex("cb3ff8") << "truncated msgpack: 8 bytes needed at byte 1, 2 left";
    QTest::newRow("truncated fixstr")
        << hex("a56162") << "truncated msgpack: 5 bytes needed at byte 1, 2 left";
    QTest::newRow("str32 of 4 GB") << hex("dbffffffff61")
                                   << "truncated msgpack: 4294967295 bytes needed at byte 5, 1 left";
    QTest::newRow("bin16 length cut") << hex("c500") << "truncated msgpack: 2 bytes needed at byte 1, 1 left";
    QTest::newRow("array32 of 4 billion")
        << hex("ddffffffffc0") << "msgpack array of 4294967295 elements at byte 5 exceeds the 1 bytes left";
    QTest::newRow("array16 longer than input")
        << hex("dc0003c0c0") << "msgpack array of 3 elements at byte 3 exceeds the 2 bytes left";
    QTest::newRow("map32 of 2 billion")
        << hex("df7fffffffa16101") << "msgpack map of 2147483647 entries at byte 5 exceeds the 3 bytes left";
    QTest::newRow("map16 longer than input")
        << hex("de0002a16101") << "msgpack map of 2 entries at byte 3 exceeds the 3 bytes left";
    QTest::newRow("fixmap without value")
        << hex("81a161") << "truncated msgpack: 1 bytes needed at byte 3, 0 left";
    QTest::newRow("trailing byte") << hex("0102")
                                   << "1 bytes of trailing data after the msgpack document at byte 1";
    QTest::newRow("two documents") << hex("80a0")
                                   << "1 bytes of trailing data after the msgpack document at byte 1";
    QTest::newRow("invalid utf-8") << hex("a2c328") << "invalid UTF-8 in msgpack string at byte 1";
    QTest::newRow("invalid utf-8 in bin") << hex("c401ff") << "invalid UTF-8 in msgpack string at byte 2";
    QTest::newRow("lone surrogate") << hex("a3eda080") << "invalid UTF-8 in msgpack string at byte 1";
    QTest::newRow("float key") << hex("81cb3ff800000000000001")
                               << "unsupported msgpack map key type 0xcb at byte 1";
    QTest::newRow("nil key") << hex("81c001") << "unsupported msgpack map key type 0xc0 at byte 1";
    QTest::newRow("array key") << hex("819001") << "unsupported msgpack map key type 0x90 at byte 1";
    QTest::newRow("map key") << hex("818001") << "unsupported msgpack map key type 0x80 at byte 1";
    QTest::newRow("bool key") << hex("81c301") << "unsupported msgpack map key type 0xc3 at byte 1";
}

void ReportMsgpackTest::decodeErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const ReportResult<QJsonValue> result = MsgpackReader::decode(bytes);
    QVERIFY(!result);
    QCOMPARE(result.errorString(), message);
}

void ReportMsgpackTest::depthLimit_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<bool>("ok");
    QTest::newRow("64 arrays") << nestedArrays(64) << MsgpackReader::kDefaultMaxDepth << true;
    QTest::newRow("65 arrays") << nestedArrays(65) << MsgpackReader::kDefaultMaxDepth << false;
    QTest::newRow("64 maps") << QByteArray(63, char(0x81)).replace(QByteArray(1, char(0x81)), hex("81a161"))
            + hex("80") << MsgpackReader::kDefaultMaxDepth
                             << true;
    QTest::newRow("65 maps") << QByteArray(64, char(0x81)).replace(QByteArray(1, char(0x81)), hex("81a161"))
            + hex("80") << MsgpackReader::kDefaultMaxDepth
                             << false;
    QTest::newRow("100000 arrays") << nestedArrays(100000) << MsgpackReader::kDefaultMaxDepth << false;
    QTest::newRow("3 arrays, limit 3") << nestedArrays(3) << 3 << true;
    QTest::newRow("4 arrays, limit 3") << nestedArrays(4) << 3 << false;
    QTest::newRow("scalar, limit 0") << hex("01") << 0 << true;
    QTest::newRow("array, limit 0") << hex("90") << 0 << false;
}

void ReportMsgpackTest::depthLimit()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, maxDepth);
    QFETCH(bool, ok);
    const ReportResult<QJsonValue> result = MsgpackReader::decode(bytes, maxDepth);
    QCOMPARE(result.isOk(), ok);
    if (!ok)
        QVERIFY2(result.errorString().startsWith(
                     QStringLiteral("msgpack nesting deeper than %1 levels").arg(maxDepth)),
                 qPrintable(result.errorString()));
}

void ReportMsgpackTest::truncatedEverywhere_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QFile file(QStringLiteral(IOTILE_SHARED_DIR "/testdata/reports/n20/flexible_dict.mp"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QTest::newRow("n20/flexible_dict.mp") << file.readAll();
    MsgpackWriter writer;
    writer.writeMapHeader(3);
    writer.writeString(u"numbers");
    writer.writeArrayHeader(9);
    for (const qint64 v : {qint64(0), qint64(-1), qint64(200), qint64(-200), qint64(70000), qint64(-70000),
                           qint64(5000000000), qint64(-5000000000)})
        writer.writeInteger(v);
    writer.writeDouble(2.5);
    writer.writeString(u"text");
    writer.writeString(QString(40, u'\u00e9'));
    writer.writeString(u"raw");
    writer.writeBinary(QByteArray(300, 'b'));
    QTest::newRow("every type") << writer.data();
}

void ReportMsgpackTest::truncatedEverywhere()
{
    QFETCH(QByteArray, bytes);
    QVERIFY(MsgpackReader::decode(bytes));
    for (qsizetype size = 0; size < bytes.size(); ++size) {
        const QByteArray prefix = bytes.left(size);
        QVERIFY2(!MsgpackReader::decode(prefix),
                 qPrintable(QStringLiteral("prefix of %1 bytes accepted").arg(size)));
    }
}

void ReportMsgpackTest::encode_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("bin");
    QTest::addColumn<QByteArray>("expected");
    // What Python's msgpack.packb writes for the same values.
    QTest::newRow("0") << QJsonValue(0) << false << hex("00");
    QTest::newRow("127") << QJsonValue(127) << false << hex("7f");
    QTest::newRow("128") << QJsonValue(128) << false << hex("cc80");
    QTest::newRow("256") << QJsonValue(256) << false << hex("cd0100");
    QTest::newRow("65536") << QJsonValue(65536) << false << hex("ce00010000");
    QTest::newRow("2^32") << QJsonValue(qint64(4294967296)) << false << hex("cf0000000100000000");
    QTest::newRow("-1") << QJsonValue(-1) << false << hex("ff");
    QTest::newRow("-32") << QJsonValue(-32) << false << hex("e0");
    QTest::newRow("-33") << QJsonValue(-33) << false << hex("d0df");
    QTest::newRow("-129") << QJsonValue(-129) << false << hex("d1ff7f");
    QTest::newRow("-32769") << QJsonValue(-32769) << false << hex("d2ffff7fff");
    QTest::newRow("-2^31-1") << QJsonValue(qint64(-2147483649LL)) << false << hex("d3ffffffff7fffffff");
    QTest::newRow("1.5") << QJsonValue(1.5) << false << hex("cb3ff8000000000000");
    // Qt 6 JSON values turn integral doubles into integers, so 4294967295.0 is written as an integer.
    QTest::newRow("4294967295.0") << QJsonValue(4294967295.0) << false << hex("ceffffffff");
    QTest::newRow("0.1") << QJsonValue(0.1) << false << hex("cb3fb999999999999a");
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << false << hex("c0");
    QTest::newRow("true") << QJsonValue(true) << false << hex("c3");
    QTest::newRow("str") << QJsonValue(QStringLiteral("abc")) << false << hex("a3616263");
    QTest::newRow("str8") << QJsonValue(QString(32, u'x')) << false << hex("d920") + QByteArray(32, 'x');
    QTest::newRow("str16") << QJsonValue(QString(256, u'x')) << false << hex("da0100") + QByteArray(256, 'x');
    QTest::newRow("str as bin") << QJsonValue(QStringLiteral("abc")) << true << hex("c403616263");
    QTest::newRow("array") << QJsonValue(QJsonArray {1, QStringLiteral("a")}) << false << hex("9201a161");
    QTest::newRow("map, keys sorted")
        << QJsonValue(QJsonObject {{QStringLiteral("b"), 2}, {QStringLiteral("a"), 1}}) << false
        << hex("82a16101a16202");
    QTest::newRow("map as Python 2") << QJsonValue(QJsonObject {{QStringLiteral("k"), QStringLiteral("v")}})
                                     << true << hex("81c4016bc40176");
}

void ReportMsgpackTest::encode()
{
    QFETCH(QJsonValue, value);
    QFETCH(bool, bin);
    QFETCH(QByteArray, expected);
    const QByteArray bytes = MsgpackWriter::encode(
        value, bin ? MsgpackWriter::StringEncoding::Bin : MsgpackWriter::StringEncoding::Str);
    QCOMPARE(bytes.toHex(), expected.toHex());
    const ReportResult<QJsonValue> back = MsgpackReader::decode(bytes);
    QVERIFY(back);
    QVERIFY(back.value() == value);
}

void ReportMsgpackTest::roundTrip()
{
    // Sizes that cross every length boundary of strings, arrays and maps.
    for (const int size : {0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536, 70000}) {
        QJsonArray array;
        QJsonObject object;
        for (int i = 0; i < size; ++i) {
            array.append(i % 3 == 0       ? QJsonValue(i)
                             : i % 3 == 1 ? QJsonValue(i * -1.25)
                                          : QJsonValue(QString::number(i)));
            if (i < 20000)
                object.insert(QStringLiteral("%1").arg(i, 5, 10, QLatin1Char('0')), i);
        }
        const QJsonValue value = QJsonObject {{QStringLiteral("s"), QString(size, u'\u0434')},
                                              {QStringLiteral("a"), array},
                                              {QStringLiteral("o"), object}};
        for (const auto strings : {MsgpackWriter::StringEncoding::Str, MsgpackWriter::StringEncoding::Bin}) {
            const ReportResult<QJsonValue> back =
                MsgpackReader::decode(MsgpackWriter::encode(value, strings));
            QVERIFY2(back, qPrintable(back.errorString()));
            QVERIFY2(back.value() == value, qPrintable(QString::number(size)));
        }
    }
}

void ReportMsgpackTest::largeMapInHostileOrder()
{
    // Keys in descending order, each repeated: a naive sorted insert would move the whole map every time.
    constexpr int kKeys = 100000;
    MsgpackWriter writer;
    writer.writeMapHeader(2 * kKeys);
    for (int i = kKeys - 1; i >= 0; --i) {
        for (const int value : {1, 2}) {
            writer.writeString(QStringLiteral("%1").arg(i, 6, 10, QLatin1Char('0')));
            writer.writeInteger(i * 10 + value);
        }
    }
    QElapsedTimer timer;
    timer.start();
    const ReportResult<QJsonValue> result = MsgpackReader::decode(writer.data());
    QVERIFY2(result, qPrintable(result.errorString()));
    const QJsonObject object = result.value().toObject();
    QCOMPARE(object.size(), kKeys);
    QCOMPARE(object.value(u"000000").toInt(), 2);
    QCOMPARE(object.value(u"099999").toInt(), 999992);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(ReportMsgpackTest)
#include "tst_report_msgpack.moc"
