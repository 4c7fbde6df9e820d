// PointChunk: a run of one stream's points encoded in one value, decoded back exactly, whatever the
// values; corrupt values are refused without touching the output.
#include "server/store/pointchunk.h"

#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

using namespace iotile;

namespace {

constexpr qint64 kMin = std::numeric_limits<qint64>::min();
constexpr qint64 kMax = std::numeric_limits<qint64>::max();
constexpr qint64 kEpoch2026 = 1767225600LL * 1000000;

using Points = std::vector<DataPoint>;

// n points of 1 Hz data as a device sends it: consecutive ids and streamer ids, whole values.
Points steady(int n)
{
    Points out;
    for (int i = 0; i < n; ++i) {
        DataPoint p;
        p.id = 5000 + i;
        p.ts = kEpoch2026 + qint64(i) * 1000000;
        p.seq = 100 + i;
        p.deviceTs = 3600 + i;
        p.intValue = 20 + i % 7;
        p.value = double(20 + i % 7);
        out.push_back(p);
    }
    return out;
}

bool sameDouble(const std::optional<double> &a, const std::optional<double> &b)
{
    if (a.has_value() != b.has_value())
        return false;
    if (!a)
        return true;
    return std::memcmp(&*a, &*b, sizeof(double)) == 0; // NaN and -0.0 included
}

QString differs(const DataPoint &a, const DataPoint &b)
{
    if (a.id != b.id)
        return QStringLiteral("id %1 != %2").arg(a.id).arg(b.id);
    if (a.ts != b.ts)
        return QStringLiteral("ts %1 != %2").arg(a.ts).arg(b.ts);
    if (a.seq != b.seq)
        return QStringLiteral("seq %1 != %2").arg(a.seq).arg(b.seq);
    if (a.deviceTs != b.deviceTs)
        return QStringLiteral("device_ts");
    if (a.intValue != b.intValue)
        return QStringLiteral("int_value");
    if (!sameDouble(a.value, b.value))
        return QStringLiteral("value %1 != %2").arg(a.value.value_or(-1)).arg(b.value.value_or(-1));
    if (a.type != b.type || a.status != b.status || a.dirty != b.dirty)
        return QStringLiteral("type, status or dirty");
    if (a.streamId != b.streamId)
        return QStringLiteral("stream %1 != %2").arg(a.streamId).arg(b.streamId);
    return {};
}

} // namespace

Q_DECLARE_METATYPE(Points)

class TestPointChunk : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void steadyDataIsSmall();
    void decodeAppends();
    void refusesCorruptValues_data();
    void refusesCorruptValues();
    void refusesEveryTruncation();
};

void TestPointChunk::roundTrip_data()
{
    QTest::addColumn<Points>("points");
    QTest::addColumn<int>("maxBytesPerPoint"); // 0: no bound

    QTest::newRow("one point") << steady(1) << 0;
    QTest::newRow("two points") << steady(2) << 0;
    QTest::newRow("a full chunk of steady data") << steady(int(PointChunk::kMaxPoints)) << 7;
    QTest::newRow("more than a chunk") << steady(1000) << 7;

    Points fractions = steady(64);
    for (size_t i = 0; i < fractions.size(); ++i)
        fractions[i].value = 0.1 * double(i) - 3.3;
    QTest::newRow("fractional values") << fractions << 14;

    Points gaps = steady(40);
    for (size_t i = 0; i < gaps.size(); ++i) {
        if (i % 3 == 0)
            gaps[i].deviceTs.reset();
        if (i % 4 == 1)
            gaps[i].intValue.reset();
        if (i % 5 == 2)
            gaps[i].value.reset();
    }
    QTest::newRow("some optional columns missing") << gaps << 0;

    Points none = steady(17);
    for (DataPoint &p : none) {
        p.deviceTs.reset();
        p.intValue.reset();
        p.value.reset();
    }
    QTest::newRow("no optional column") << none << 0;

    Points irregular = steady(50);
    for (size_t i = 0; i < irregular.size(); ++i) {
        irregular[i].ts = kEpoch2026 + qint64(i * i * 7919) % 86400000000LL - qint64(i) * 3;
        irregular[i].id = qint64(i * 104729) - 500000;
        irregular[i].seq = qint64(i % 3) - 1;
        irregular[i].type = PointType(i % 5);
        irregular[i].status = PointStatus(i % 4);
        irregular[i].dirty = i % 2;
    }
    QTest::newRow("irregular times, ids out of order, varying flags") << irregular << 0;

    Points extremes(8);
    const qint64 edges[] = {kMin, kMax, 0, -1, kMax, kMin, 1, kMin + 1};
    const double doubles[] = {std::numeric_limits<double>::quiet_NaN(),
                              std::numeric_limits<double>::infinity(),
                              -0.0,
                              std::numeric_limits<double>::denorm_min(),
                              -9223372036854775808.0,
                              9223372036854775808.0,
                              -std::numeric_limits<double>::infinity(),
                              std::numeric_limits<double>::max()};
    for (size_t i = 0; i < extremes.size(); ++i) {
        extremes[i].id = edges[i];
        extremes[i].ts = edges[(i + 3) % 8];
        extremes[i].seq = edges[(i + 5) % 8];
        extremes[i].deviceTs = edges[(i + 1) % 8];
        extremes[i].intValue = edges[(i + 2) % 8];
        extremes[i].value = doubles[i];
    }
    QTest::newRow("64-bit edges, NaN, infinities, -0.0") << extremes << 0;

    // The largest encoding: every column alternates between the int64 edges (ten bytes a varint), types,
    // statuses and dirty flags vary. Encoding writes into room made for this case (64 bytes a point).
    Points widest(PointChunk::kMaxPoints);
    for (size_t i = 0; i < widest.size(); ++i) {
        const qint64 edge = i % 2 ? kMax : kMin;
        widest[i].id = edge;
        widest[i].ts = edge;
        widest[i].seq = i % 2 ? kMin + qint64(i) : kMax - qint64(i);
        widest[i].deviceTs = edge;
        widest[i].intValue = edge;
        widest[i].value = i % 2 ? 4611686018427387904.0 : -9223372036854775808.0;
        widest[i].type = PointType(i % 5);
        widest[i].status = PointStatus(i % 4);
        widest[i].dirty = i % 2 == 1;
    }
    QTest::newRow("the widest chunk") << widest << 64;

    Points whole = steady(4);
    whole[0].value = -9223372036854775808.0; // the smallest int64
    whole[1].value = 9007199254740994.0; // 2^53 + 2
    whole[2].value = 0.0;
    whole[3].value = 4611686018427387904.0; // 2^62
    QTest::newRow("whole values at the int64 edges") << whole << 0;

    Points notWhole = steady(4);
    notWhole[0].value = -0.5;
    notWhole[1].value = 1e300;
    notWhole[2].value = 9223372036854775808.0; // 2^63: whole, but past int64
    notWhole[3].value = 5.0;
    QTest::newRow("values past int64 or not whole") << notWhole << 0;

    Points zeros = steady(3);
    zeros[1].value = -0.0;
    QTest::newRow("negative zero among whole values") << zeros << 0;
}

void TestPointChunk::roundTrip()
{
    QFETCH(Points, points);
    QFETCH(int, maxBytesPerPoint);
    const QByteArray chunk = PointChunk::encode(points.data(), points.size());
    QCOMPARE(PointChunk::count(chunk), points.size());
    Points back;
    QVERIFY(PointChunk::decode(chunk, 42, back));
    QCOMPARE(back.size(), points.size());
    for (size_t i = 0; i < points.size(); ++i) {
        DataPoint expected = points[i];
        expected.streamId = 42; // the row's key, not the encoded one
        const QString difference = differs(back[i], expected);
        QVERIFY2(difference.isEmpty(), qPrintable(QStringLiteral("point %1: %2").arg(i).arg(difference)));
    }
    if (maxBytesPerPoint > 0)
        QVERIFY2(chunk.size() <= 8 + qsizetype(points.size()) * maxBytesPerPoint,
                 qPrintable(QStringLiteral("%1 bytes for %2 points").arg(chunk.size()).arg(points.size())));
}

void TestPointChunk::steadyDataIsSmall()
{
    // 1 Hz data with whole values: a byte a column, about 6 a point, where a row of stream_data takes
    // some 90 on disk and its index entry 36 more.
    const Points points = steady(int(PointChunk::kMaxPoints));
    const QByteArray chunk = PointChunk::encode(points.data(), points.size());
    QVERIFY2(chunk.size() <= 7 * qsizetype(points.size()), qPrintable(QString::number(chunk.size())));
}

void TestPointChunk::decodeAppends()
{
    const Points first = steady(3), second = steady(5);
    Points out;
    QVERIFY(PointChunk::decode(PointChunk::encode(first.data(), first.size()), 1, out));
    QVERIFY(PointChunk::decode(PointChunk::encode(second.data(), second.size()), 2, out));
    QCOMPARE(out.size(), size_t(8));
    QCOMPARE(out[2].streamId, 1);
    QCOMPARE(out[3].streamId, 2);
    QCOMPARE(out[3].id, second[0].id);
    QCOMPARE(out[7].ts, second[4].ts);
}

void TestPointChunk::refusesCorruptValues_data()
{
    QTest::addColumn<QByteArray>("chunk");
    const Points points = steady(10);
    const QByteArray good = PointChunk::encode(points.data(), points.size());

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("another version") << QByteArray(good).replace(0, 1, "\x02");
    QTest::newRow("no points") << QByteArray("\x01\x00\x00\x00", 4);
    QTest::newRow("a count past the limit") << QByteArray("\x01\xff\xff\xff\x7f\x00\x0f", 7);
    QTest::newRow("unknown presence mode") << QByteArray(good).replace(2, 1, "\x03");
    QTest::newRow("unknown presence bits") << QByteArray(good).replace(2, 1, "\x55");
    QTest::newRow("unknown encoding bits") << QByteArray(good).replace(3, 1, "\x1f");
    QTest::newRow("a trailing byte") << good + '\0';
    QTest::newRow("an overlong varint") << QByteArray("\x01\x81\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 12);
    QByteArray badType = good;
    badType[badType.size() - 3] = char(9); // the constant type: PointType has 0..4
    QTest::newRow("a type out of range") << badType;
    QByteArray badDirty = good;
    badDirty[badDirty.size() - 1] = char(2);
    QTest::newRow("dirty neither 0 nor 1") << badDirty;
}

void TestPointChunk::refusesCorruptValues()
{
    QFETCH(QByteArray, chunk);
    Points out = steady(2);
    QVERIFY(!PointChunk::decode(chunk, 7, out));
    QCOMPARE(out.size(), size_t(2)); // left as it was
    QCOMPARE(out[1].id, steady(2)[1].id);
}

void TestPointChunk::refusesEveryTruncation()
{
    Points points = steady(30);
    points[4].deviceTs.reset();
    points[9].value = 0.25;
    points[11].dirty = true;
    const QByteArray good = PointChunk::encode(points.data(), points.size());
    for (qsizetype length = 0; length < good.size(); ++length) {
        Points out;
        QVERIFY2(!PointChunk::decode(QByteArrayView(good).first(length), 1, out),
                 qPrintable(QStringLiteral("accepted %1 of %2 bytes").arg(length).arg(good.size())));
        QVERIFY(out.empty());
    }
    Points out;
    QVERIFY(PointChunk::decode(good, 1, out));
    QCOMPARE(out.size(), points.size());
}

QTEST_GUILESS_MAIN(TestPointChunk)
#include "tst_pointchunk.moc"
