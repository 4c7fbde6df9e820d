// Value conversions: MDO and its inverse, raw_value_format casts (rows checked against Python's struct and
// the original's _cast), the ingest chain, display formatting, units and Django's slugify().

#include "common/slug/slugify.h"
#include "common/units/displayvalue.h"
#include "common/units/mdo.h"
#include "common/units/rawvalueformat.h"
#include "common/units/unit.h"
#include "common/units/valueconverter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

using namespace iotile;

namespace {

// Same double, NaN included (QCOMPARE treats NaN == NaN already, but also separates 0.0 from -0.0 here).
bool sameDouble(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
}

std::optional<double> optionalDouble(bool has, double value)
{
    return has ? std::optional<double>(value) : std::nullopt;
}

} // namespace

class TestUnits : public QObject
{
    Q_OBJECT

private slots:
    void mdo_data();
    void mdo();
    void mdoInvalid();
    void mdoForStream_data();
    void mdoForStream();
    void cast_data();
    void cast();
    void chain_data();
    void chain();
    void legacyInputValue_data();
    void legacyInputValue();
    void display_data();
    void display();
    void displayExtremes();
    void unitSlugs_data();
    void unitSlugs();
    void unitJson();
    void derivedUnits();
    void slugify_data();
    void slugify();
    void versionedSlug_data();
    void versionedSlug();
};

void TestUnits::mdo_data()
{
    QTest::addColumn<qint64>("m");
    QTest::addColumn<qint64>("d");
    QTest::addColumn<bool>("hasOffset");
    QTest::addColumn<double>("offset");
    QTest::addColumn<double>("value");
    QTest::addColumn<bool>("integer");
    QTest::addColumn<double>("expected");
    QTest::addColumn<double>("reverse");

    // Expected values from the original's MdoHelper in Python (repr() of the results).
    QTest::newRow("identity") << qint64(1) << qint64(1) << false << 0.0 << 5.0 << true << 5.0 << 5.0;
    QTest::newRow("m=2") << qint64(2) << qint64(1) << false << 0.0 << 5.0 << true << 10.0 << 5.0;
    QTest::newRow("m=4 d=2") << qint64(4) << qint64(2) << false << 0.0 << 10.0 << false << 20.0 << 10.0;
    QTest::newRow("third int") << qint64(1) << qint64(3) << false << 0.0 << 1.0 << true << 0.3333333333333333
                               << 1.0;
    QTest::newRow("third float") << qint64(1) << qint64(3) << false << 0.0 << 1.0 << false
                                 << 0.3333333333333333 << 1.0;
    QTest::newRow("offset 1.5") << qint64(10) << qint64(3) << true << 1.5 << 7.0 << true << 24.833333333333332
                                << 7.0;
    QTest::newRow("gallons") << qint64(3785) << qint64(1000) << true << 0.0 << 100.0 << true << 378.5
                             << 100.0;
    QTest::newRow("fahrenheit") << qint64(5) << qint64(9) << true << -32.0 << 212.0 << false
                                << 85.77777777777777 << 212.0;
    QTest::newRow("negative m") << qint64(-1) << qint64(1) << false << 0.0 << 0.0 << true << 0.0 << -0.0;
    QTest::newRow("zero offset, -0.0")
        << qint64(1) << qint64(1) << true << 0.0 << -0.0 << false << 0.0 << 0.0;
    QTest::newRow("large m") << qint64(2147483647) << qint64(3) << false << 0.0 << 2147483647.0 << true
                             << 1.5372286713774735e+18 << 2147483647.0;
    QTest::newRow("product beyond 2^53") << qint64(16777259) << qint64(3) << false << 0.0 << 2147483647.0
                                         << true << 1.2009629781327858e+16 << 2147483647.0000002;
    QTest::newRow("3/7") << qint64(3) << qint64(7) << false << 0.0 << 2147483647.0 << true
                         << 920350134.4285715 << 2147483647.0;
    QTest::newRow("NaN offset is truthy")
        << qint64(1) << qint64(1) << true << qQNaN() << 1.0 << true << qQNaN() << qQNaN();
    QTest::newRow("negative d") << qint64(1) << qint64(-4) << true << 2.0 << 8.0 << true << 0.0 << 8.0;
}

void TestUnits::mdo()
{
    QFETCH(qint64, m);
    QFETCH(qint64, d);
    QFETCH(bool, hasOffset);
    QFETCH(double, offset);
    QFETCH(double, value);
    QFETCH(bool, integer);
    QFETCH(double, expected);
    QFETCH(double, reverse);

    const std::optional<Mdo> mdo = Mdo::create(m, d, optionalDouble(hasOffset, offset));
    QVERIFY(mdo);
    const double result = integer ? mdo->computeInteger(qint64(value)) : mdo->compute(value);
    QVERIFY2(sameDouble(result, expected), qPrintable(QString::number(result, 'g', 17)));
    const double back = mdo->computeReverse(result);
    QVERIFY2(sameDouble(back, reverse), qPrintable(QString::number(back, 'g', 17)));
}

void TestUnits::mdoInvalid()
{
    QVERIFY(!Mdo::create(0, 1));
    QVERIFY(!Mdo::create(1, 0));
    QVERIFY(!Mdo::create(0, 0, 1.0));
    QVERIFY(Mdo().isIdentity());
    QVERIFY(Mdo::create(1, 1, 0.0)->isIdentity());
    QVERIFY(!Mdo::create(3, 3)->isIdentity());
    QCOMPARE(Mdo().compute(2.5), 2.5);
    QCOMPARE(Mdo().computeInteger(-7), -7.0);
    QCOMPARE(*Mdo::create(2, 3, 1.0), *Mdo::create(2, 3, 1.0));
}

void TestUnits::mdoForStream_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<MdoFactors>("variable");
    QTest::addColumn<MdoFactors>("stream");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<double>("input");
    QTest::addColumn<double>("expected");

    const MdoFactors variable {10, 2, 1.0};
    const MdoFactors stream {3, 1, std::nullopt};
    QTest::newRow("V uses the variable") << QStringLiteral("V") << variable << stream << true << 4.0 << 21.0;
    QTest::newRow("S uses the stream") << QStringLiteral("S") << variable << stream << true << 4.0 << 12.0;
    QTest::newRow("S with nulls counts 1")
        << QStringLiteral("S") << variable << MdoFactors {} << true << 4.0 << 4.0;
    QTest::newRow("S null d") << QStringLiteral("S") << variable << MdoFactors {5, std::nullopt, -1.0} << true
                              << 4.0 << 19.0;
    QTest::newRow("other is identity") << QStringLiteral("") << variable << stream << true << 4.0 << 4.0;
    QTest::newRow("lower-case v is identity")
        << QStringLiteral("v") << variable << stream << true << 4.0 << 4.0;
    QTest::newRow("V null factors") << QStringLiteral("V") << MdoFactors {} << stream << false << 0.0 << 0.0;
    QTest::newRow("V zero m") << QStringLiteral("V") << MdoFactors {0, 1, std::nullopt} << stream << false
                              << 0.0 << 0.0;
    QTest::newRow("S zero d") << QStringLiteral("S") << variable << MdoFactors {1, 0, std::nullopt} << false
                              << 0.0 << 0.0;
}

void TestUnits::mdoForStream()
{
    QFETCH(QString, type);
    QFETCH(MdoFactors, variable);
    QFETCH(MdoFactors, stream);
    QFETCH(bool, valid);
    QFETCH(double, input);
    QFETCH(double, expected);

    const std::optional<Mdo> mdo = Mdo::forStream(type, variable, stream);
    QCOMPARE(mdo.has_value(), valid);
    if (valid)
        QCOMPARE(mdo->compute(input), expected);
}

void TestUnits::cast_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<qint64>("intValue");
    QTest::addColumn<double>("expected");
    QTest::addColumn<bool>("integer");

    // Generated with Python's struct and the original's _cast (clamp included). "<h" fails to unpack 4
    // bytes there, so the value passes unchanged; "<hxx" is the sign-extending spelling. Formats with
    // several values or bytes values made the original fail; they keep int_value here.
    QTest::newRow("<L 0x0") << QStringLiteral("<L") << qint64(0) << 0.0 << true;
    QTest::newRow("<L 0x5") << QStringLiteral("<L") << qint64(5) << 5.0 << true;
    QTest::newRow("<L 0xffffffff") << QStringLiteral("<L") << qint64(Q_INT64_C(4294967295)) << 2147483647.0
                                   << true;
    QTest::newRow("<L 0x80000000") << QStringLiteral("<L") << qint64(2147483648) << 2147483647.0 << true;
    QTest::newRow("<L -0x5") << QStringLiteral("<L") << qint64(-5) << -5.0 << true;
    QTest::newRow("<L 0x7fffffff") << QStringLiteral("<L") << qint64(2147483647) << 2147483647.0 << true;
    QTest::newRow("<L 0x10000000000")
        << QStringLiteral("<L") << qint64(Q_INT64_C(1099511627776)) << 2147483647.0 << true;
    QTest::newRow("auto 0x5") << QStringLiteral("auto") << qint64(5) << 5.0 << true;
    QTest::newRow("auto -0x5") << QStringLiteral("auto") << qint64(-5) << -5.0 << true;
    QTest::newRow("auto 0x10000000000")
        << QStringLiteral("auto") << qint64(Q_INT64_C(1099511627776)) << 2147483647.0 << true;
    QTest::newRow("auto -0x10000000000")
        << QStringLiteral("auto") << qint64(Q_INT64_C(-1099511627776)) << -2147483647.0 << true;
    QTest::newRow("<l 0x0") << QStringLiteral("<l") << qint64(0) << 0.0 << true;
    QTest::newRow("<l 0x5") << QStringLiteral("<l") << qint64(5) << 5.0 << true;
    QTest::newRow("<l 0xffffffff") << QStringLiteral("<l") << qint64(Q_INT64_C(4294967295)) << -1.0 << true;
    QTest::newRow("<l 0xfffffffb") << QStringLiteral("<l") << qint64(Q_INT64_C(4294967291)) << -5.0 << true;
    QTest::newRow("<l 0x80000000") << QStringLiteral("<l") << qint64(2147483648) << -2147483647.0 << true;
    QTest::newRow("<l 0x80000001") << QStringLiteral("<l") << qint64(Q_INT64_C(2147483649)) << -2147483647.0
                                   << true;
    QTest::newRow("<l 0x7fffffff") << QStringLiteral("<l") << qint64(2147483647) << 2147483647.0 << true;
    QTest::newRow("<l -0x5") << QStringLiteral("<l") << qint64(-5) << -5.0 << true;
    QTest::newRow("<l 0x100000000") << QStringLiteral("<l") << qint64(Q_INT64_C(4294967296)) << 2147483647.0
                                    << true;
    QTest::newRow("<h 0xffff") << QStringLiteral("<h") << qint64(65535) << 65535.0 << true;
    QTest::newRow("<h 0x5") << QStringLiteral("<h") << qint64(5) << 5.0 << true;
    QTest::newRow("<hxx 0xffff") << QStringLiteral("<hxx") << qint64(65535) << -1.0 << true;
    QTest::newRow("<hxx 0x12348000") << QStringLiteral("<hxx") << qint64(305430528) << -32768.0 << true;
    QTest::newRow("<hxx 0x5") << QStringLiteral("<hxx") << qint64(5) << 5.0 << true;
    QTest::newRow("<xxh 0xffff0000") << QStringLiteral("<xxh") << qint64(Q_INT64_C(4294901760)) << -1.0
                                     << true;
    QTest::newRow("<xxh 0x7fff0000") << QStringLiteral("<xxh") << qint64(2147418112) << 32767.0 << true;
    QTest::newRow(">l 0x1000000") << QStringLiteral(">l") << qint64(16777216) << 1.0 << true;
    QTest::newRow(">l 0xfbffffff") << QStringLiteral(">l") << qint64(Q_INT64_C(4227858431)) << -5.0 << true;
    QTest::newRow("!I 0x1000000") << QStringLiteral("!I") << qint64(16777216) << 1.0 << true;
    QTest::newRow("=l 0xffffffff") << QStringLiteral("=l") << qint64(Q_INT64_C(4294967295)) << -1.0 << true;
    QTest::newRow("<I 0xffffffff") << QStringLiteral("<I") << qint64(Q_INT64_C(4294967295)) << 2147483647.0
                                   << true;
    QTest::newRow("<I 0x7") << QStringLiteral("<I") << qint64(7) << 7.0 << true;
    QTest::newRow("<i 0xfffffff6") << QStringLiteral("<i") << qint64(Q_INT64_C(4294967286)) << -10.0 << true;
    QTest::newRow("<bxxx 0xff") << QStringLiteral("<bxxx") << qint64(255) << -1.0 << true;
    QTest::newRow("<bxxx 0x7f") << QStringLiteral("<bxxx") << qint64(127) << 127.0 << true;
    QTest::newRow("<Bxxx 0xff") << QStringLiteral("<Bxxx") << qint64(255) << 255.0 << true;
    QTest::newRow("<4B 0x1") << QStringLiteral("<4B") << qint64(1) << 1.0 << true;
    QTest::newRow("<2h 0x1") << QStringLiteral("<2h") << qint64(1) << 1.0 << true;
    QTest::newRow("<f 0x3fc00000") << QStringLiteral("<f") << qint64(1069547520) << 1.5 << false;
    QTest::newRow("<f 0xbf800000") << QStringLiteral("<f") << qint64(Q_INT64_C(3212836864)) << -1.0 << false;
    QTest::newRow("<f 0x7f800000") << QStringLiteral("<f") << qint64(2139095040) << 2147483647.0 << true;
    QTest::newRow("<f 0x7fc00000") << QStringLiteral("<f") << qint64(2143289344) << qQNaN() << false;
    QTest::newRow("<f 0x4f000000") << QStringLiteral("<f") << qint64(1325400064) << 2147483647.0 << true;
    QTest::newRow("<f 0xcf000001") << QStringLiteral("<f") << qint64(Q_INT64_C(3472883713)) << -2147483647.0
                                   << true;
    QTest::newRow("<f 0x1") << QStringLiteral("<f") << qint64(1) << 1.401298464324817e-45 << false;
    QTest::newRow("<exx 0x3c00") << QStringLiteral("<exx") << qint64(15360) << 1.0 << false;
    QTest::newRow("<exx 0xc000") << QStringLiteral("<exx") << qint64(49152) << -2.0 << false;
    QTest::newRow("<?xxx 0x2") << QStringLiteral("<?xxx") << qint64(2) << 1.0 << true;
    QTest::newRow("<?xxx 0x0") << QStringLiteral("<?xxx") << qint64(0) << 0.0 << true;
    QTest::newRow("l 0xffffffff") << QStringLiteral("l") << qint64(Q_INT64_C(4294967295)) << 2147483647.0
                                  << true;
    QTest::newRow("i 0xffffffff") << QStringLiteral("i") << qint64(Q_INT64_C(4294967295)) << -1.0 << true;
    QTest::newRow("@bh 0xffff00ff") << QStringLiteral("@bh") << qint64(Q_INT64_C(4294902015)) << 2147483647.0
                                    << true;
    QTest::newRow("xh 0x80000000") << QStringLiteral("xh") << qint64(2147483648) << -32768.0 << true;
    QTest::newRow("<q 0x1") << QStringLiteral("<q") << qint64(1) << 1.0 << true;
    QTest::newRow("(empty) 0x7") << QStringLiteral("") << qint64(7) << 7.0 << true;
    QTest::newRow("<z 0x7") << QStringLiteral("<z") << qint64(7) << 7.0 << true;
    QTest::newRow("<4s 0x41") << QStringLiteral("<4s") << qint64(65) << 65.0 << true;
    QTest::newRow("<cxxx 0x41") << QStringLiteral("<cxxx") << qint64(65) << 65.0 << true;
    QTest::newRow(" <l 0xffffffff") << QStringLiteral(" <l") << qint64(Q_INT64_C(4294967295)) << 2147483647.0
                                    << true;
    QTest::newRow("< l 0xffffffff") << QStringLiteral("< l") << qint64(Q_INT64_C(4294967295)) << -1.0 << true;
    QTest::newRow("<0hl 0xffffffff") << QStringLiteral("<0hl") << qint64(Q_INT64_C(4294967295)) << -1.0
                                     << true;
    QTest::newRow("<2 0x7") << QStringLiteral("<2") << qint64(7) << 7.0 << true;
}

void TestUnits::cast()
{
    QFETCH(QString, format);
    QFETCH(qint64, intValue);
    QFETCH(double, expected);
    QFETCH(bool, integer);

    const RawValueFormat compiled = RawValueFormat::compile(format);
    QCOMPARE(compiled.text(), format);
    const CastValue value = compiled.cast(intValue);
    QVERIFY2(sameDouble(value.value, expected), qPrintable(QString::number(value.value, 'g', 17)));
    QCOMPARE(value.isInteger, integer);
}

void TestUnits::chain_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<MdoFactors>("streamFactors");
    QTest::addColumn<bool>("hasInput");
    QTest::addColumn<MdoFactors>("inputFactors");
    QTest::addColumn<qint64>("intValue");
    QTest::addColumn<double>("expected");

    const MdoFactors identity {1, 1, std::nullopt};
    // The reference's worked example (the original's test): stream mdo S m=2, input unit m=4 d=2.
    QTest::newRow("worked example") << QStringLiteral("<L") << MdoFactors {2, 1, std::nullopt} << true
                                    << MdoFactors {4, 2, 0.0} << qint64(5) << 20.0;
    QTest::newRow("no input unit") << QStringLiteral("<L") << identity << false << identity << qint64(5)
                                   << 5.0;
    QTest::newRow("signed with factor")
        << QStringLiteral("<l") << MdoFactors {1, 10, 0.0} << false << identity << qint64(0xfffffff6) << -1.0;
    QTest::newRow("offset") << QStringLiteral("<L") << MdoFactors {10, 3, 1.5} << false << identity
                            << qint64(7) << 24.833333333333332;
    QTest::newRow("gallons to liters")
        << QStringLiteral("auto") << identity << true << MdoFactors {3785, 1000, 0.0} << qint64(100) << 378.5;
    QTest::newRow("float format") << QStringLiteral("<f") << identity << true << MdoFactors {2, 1, 0.5}
                                  << qint64(0x3fc00000) << 3.5;
    QTest::newRow("clamped") << QStringLiteral("<L") << identity << false << identity << qint64(0xffffffff)
                             << 2147483647.0;
    QTest::newRow("<h passes through")
        << QStringLiteral("<h") << MdoFactors {1, 1, -1.0} << false << identity << qint64(0xffff) << 65534.0;
    QTest::newRow("<hxx sign-extends")
        << QStringLiteral("<hxx") << MdoFactors {1, 1, -1.0} << false << identity << qint64(0xffff) << -2.0;
    QTest::newRow("fahrenheit input") << QStringLiteral("<l") << identity << true << MdoFactors {5, 9, -32.0}
                                      << qint64(212) << 85.77777777777777;
}

void TestUnits::chain()
{
    QFETCH(QString, format);
    QFETCH(MdoFactors, streamFactors);
    QFETCH(bool, hasInput);
    QFETCH(MdoFactors, inputFactors);
    QFETCH(qint64, intValue);
    QFETCH(double, expected);

    const std::optional<Mdo> streamMdo = Mdo::forStream(u"S", MdoFactors {}, streamFactors);
    QVERIFY(streamMdo);
    std::optional<Mdo> inputMdo;
    if (hasInput)
        inputMdo = Mdo::create(*inputFactors.m, *inputFactors.d, inputFactors.o);
    const ValueConverter converter(RawValueFormat::compile(format), *streamMdo, inputMdo);
    const ValueConverter::Result result = converter.convert(intValue);
    QVERIFY2(sameDouble(result.value, expected), qPrintable(QString::number(result.value, 'g', 17)));
    QCOMPARE(result.viaInputUnit, hasInput);
}

void TestUnits::legacyInputValue_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("hasInput");
    QTest::addColumn<qint64>("intValue");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<double>("expected");

    // Input unit m=4 d=2 first, then the MDO of the type (variable 10/2+1, stream 3/1).
    QTest::newRow("V with input") << QStringLiteral("V") << true << qint64(5) << true << 51.0;
    QTest::newRow("S with input") << QStringLiteral("S") << true << qint64(5) << true << 30.0;
    QTest::newRow("S without input") << QStringLiteral("S") << false << qint64(5) << true << 15.0;
    QTest::newRow("other type gives 0.0") << QStringLiteral("X") << true << qint64(5) << true << 0.0;
    QTest::newRow("V broken variable") << QStringLiteral("V!") << false << qint64(5) << true << 0.0;
}

void TestUnits::legacyInputValue()
{
    QFETCH(QString, type);
    QFETCH(bool, hasInput);
    QFETCH(qint64, intValue);
    QFETCH(bool, valid);
    QFETCH(double, expected);

    const MdoFactors variable {10, 2, 1.0};
    const MdoFactors stream {3, 1, std::nullopt};
    const std::optional<Mdo> input = hasInput ? Mdo::create(4, 2) : std::nullopt;
    const std::optional<double> value =
        ValueConverter::legacyInputValue(intValue, type, variable, stream, input);
    QCOMPARE(value.has_value(), valid);
    if (valid)
        QCOMPARE(*value, expected);
    QVERIFY(!ValueConverter::legacyInputValue(1, u"V", MdoFactors {}, stream, input));
}

void TestUnits::display_data()
{
    QTest::addColumn<bool>("hasValue");
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("places");
    QTest::addColumn<QString>("expected");

    // Python's '{0:0.{prec}f}'.format(value, prec=places).
    const auto row = [](const char *name, double value, int places, const char *expected) {
        QTest::newRow(name) << true << value << places << QString::fromLatin1(expected);
    };
    row("20.0/2", 20.0, 2, "20.00");
    row("2.675 rounds down (binary)", 2.675, 2, "2.67");
    row("1.005 rounds down (binary)", 1.005, 2, "1.00");
    row("0.125 half to even", 0.125, 2, "0.12");
    row("0.375 half to even", 0.375, 2, "0.38");
    row("negative zero", -0.0, 2, "-0.00");
    row("1e22", 1e22, 2, "10000000000000000000000.00");
    row("no places", 123.456, 0, "123");
    row("0.5 to even", 0.5, 0, "0");
    row("1.5 to even", 1.5, 0, "2");
    row("2.5 to even", 2.5, 0, "2");
    row("-2.5 to even", -2.5, 0, "-2");
    row("third", 1.0 / 3.0, 10, "0.3333333333");
    row("denormal", 5e-324, 3, "0.000");
    row("nan", qQNaN(), 2, "nan");
    row("inf", qInf(), 1, "inf");
    row("-inf", -qInf(), 1, "-inf");
    row("clamp value", 2147483647.0, 3, "2147483647.000");
    row("0.1 exact digits", 0.1, 20, "0.10000000000000000555");
    row("negative places count as 0", 2.5, -1, "2");
    QTest::newRow("missing value") << false << 0.0 << 2 << QStringLiteral("ERR");
}

void TestUnits::display()
{
    QFETCH(bool, hasValue);
    QFETCH(double, value);
    QFETCH(int, places);
    QFETCH(QString, expected);

    const std::optional<double> input = optionalDouble(hasValue, value);
    QCOMPARE(DisplayValue::format(input, places), expected);
    QCOMPARE(DisplayValue::formatWithUnits(input, places, u"G"),
             hasValue ? expected + QStringLiteral(" G") : QStringLiteral("ERR"));
    if (hasValue) {
        QByteArray out("x=");
        DisplayValue::append(out, value, places);
        QCOMPARE(out, "x=" + expected.toLatin1());
    }
}

void TestUnits::displayExtremes()
{
    // Python prints the exact expansion for any precision; beyond 1074 places only zeros follow.
    const QString many = DisplayValue::format(1.0, 1100);
    QCOMPARE(many.size(), 1102);
    QVERIFY(many.startsWith(QStringLiteral("1.000")));
    const QString tiny = DisplayValue::format(5e-324, 1080);
    QCOMPARE(tiny.size(), 1082);
    QVERIFY(tiny.mid(2, 1074).endsWith(u'5'));
    QVERIFY(tiny.endsWith(QStringLiteral("65533447265625000000")));
    QCOMPARE(DisplayValue::format(-1.7976931348623157e308, 1).size(), 312);
}

void TestUnits::unitSlugs_data()
{
    QTest::addColumn<QString>("varType");
    QTest::addColumn<QString>("unitFull");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("output");

    QTest::newRow("gallons") << QStringLiteral("volume") << QStringLiteral("Gallons")
                             << QStringLiteral("in--volume--gallons")
                             << QStringLiteral("out--volume--gallons");
    QTest::newRow("N/A") << QStringLiteral("count") << QStringLiteral("N/A")
                         << QStringLiteral("in--count--na") << QStringLiteral("out--count--na");
    QTest::newRow("degrees") << QStringLiteral("temp") << QStringLiteral("Degrees °C")
                             << QStringLiteral("in--temp--degrees-c")
                             << QStringLiteral("out--temp--degrees-c");
    QTest::newRow("kilo liters") << QStringLiteral("liquid-volume") << QStringLiteral("Kilo Liters")
                                 << QStringLiteral("in--liquid-volume--kilo-liters")
                                 << QStringLiteral("out--liquid-volume--kilo-liters");
}

void TestUnits::unitSlugs()
{
    QFETCH(QString, varType);
    QFETCH(QString, unitFull);
    QFETCH(QString, input);
    QFETCH(QString, output);

    QCOMPARE(Unit::inputSlug(varType, unitFull), input);
    QCOMPARE(Unit::outputSlug(varType, unitFull), output);
    QCOMPARE(Unit(Unit::Direction::Input, varType, unitFull, QString()).slug(), input);
    QCOMPARE(Unit(Unit::Direction::Output, varType, unitFull, QString()).slug(), output);
}

void TestUnits::unitJson()
{
    const Unit gallons(Unit::Direction::Input, u"volume", QStringLiteral("Gallons"), QStringLiteral("g"),
                       3785, 1000);
    const QJsonObject input = gallons.toJson();
    QCOMPARE(
        input.keys(),
        (QStringList {QStringLiteral("d"), QStringLiteral("m"), QStringLiteral("o"), QStringLiteral("slug"),
                      QStringLiteral("unit_full"), QStringLiteral("unit_short")}));
    QCOMPARE(input.value(u"slug").toString(), QStringLiteral("in--volume--gallons"));
    QCOMPARE(input.value(u"m").toInteger(), 3785);
    QCOMPARE(input.value(u"d").toInteger(), 1000);
    QCOMPARE(input.value(u"o").toDouble(), 0.0);
    QCOMPARE(gallons.mdo()->compute(100.0), 378.5);

    Unit liters(Unit::Direction::Output, u"volume", QStringLiteral("Liters"), QStringLiteral("l"));
    liters.setDecimalPlaces(2);
    QJsonObject output = liters.toJson();
    QCOMPARE(output.value(u"slug").toString(), QStringLiteral("out--volume--liters"));
    QCOMPARE(output.value(u"decimal_places").toInt(), 2);
    QVERIFY(output.value(u"derived_units").isNull());
    liters.setDerivedUnits(QJsonObject {{QStringLiteral("flow"), QJsonObject {}}});
    QVERIFY(liters.toJson().value(u"derived_units").isObject());

    liters.setSlug(QStringLiteral("out--volume--l"));
    QCOMPARE(liters.slug(), QStringLiteral("out--volume--l"));
    QVERIFY(!Unit(Unit::Direction::Input, u"x", QStringLiteral("Bad"), QString(), 1, 0).mdo());
}

void TestUnits::derivedUnits()
{
    // count.json of the original's var-type data.
    Unit count(Unit::Direction::Output, u"count", QStringLiteral("N/A"), QString());
    QVERIFY(!count.derivedMdo(u"rate", u"rpm"));
    const QJsonObject units =
        QJsonDocument::fromJson(R"({"rate": {"rpm": {"m": 1, "d": 10}, "bad": {"m": 1.5, "d": 1},
        "zero": {"m": 1, "d": 0}, "text": {"m": "1", "d": 1}}})")
            .object();
    count.setDerivedUnits(units);
    const std::optional<Mdo> rpm = count.derivedMdo(u"rate", u"rpm");
    QVERIFY(rpm);
    QCOMPARE(rpm->compute(50.0), 5.0);
    QVERIFY(!count.derivedMdo(u"rate", u"bad"));
    QVERIFY(!count.derivedMdo(u"rate", u"zero"));
    QVERIFY(!count.derivedMdo(u"rate", u"text"));
    QVERIFY(!count.derivedMdo(u"rate", u"missing"));
    QVERIFY(!count.derivedMdo(u"flow", u"rpm"));
}

void TestUnits::slugify_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    // Django 3.2's slugify() run on each input.
    QTest::newRow("word") << QStringLiteral("Volume") << QStringLiteral("volume");
    QTest::newRow("spaces") << QStringLiteral("My Org 1") << QStringLiteral("my-org-1");
    QTest::newRow("double dash collapses") << QStringLiteral("SG 1--v1-0-0") << QStringLiteral("sg-1-v1-0-0");
    QTest::newRow("repeated spaces") << QStringLiteral("  Hello   World  ") << QStringLiteral("hello-world");
    QTest::newRow("repeated dashes") << QStringLiteral("foo---bar") << QStringLiteral("foo-bar");
    QTest::newRow("dash between spaces") << QStringLiteral("foo - bar") << QStringLiteral("foo-bar");
    QTest::newRow("accents") << QStringLiteral("Café Déjà Vu") << QStringLiteral("cafe-deja-vu");
    QTest::newRow("sharp s dropped") << QStringLiteral("Straße") << QStringLiteral("strae");
    QTest::newRow("underscores kept") << QStringLiteral("naïve_résumé") << QStringLiteral("naive_resume");
    QTest::newRow("punctuation") << QStringLiteral("C++ & Qt!") << QStringLiteral("c-qt");
    QTest::newRow("strip underscores") << QStringLiteral("__init__") << QStringLiteral("init");
    QTest::newRow("strip mixed") << QStringLiteral("-_-a-_-") << QStringLiteral("a");
    QTest::newRow("inner underscore run") << QStringLiteral("a_ _b") << QStringLiteral("a_-_b");
    QTest::newRow("slash") << QStringLiteral("N/A") << QStringLiteral("na");
    QTest::newRow("parentheses") << QStringLiteral("Liters (L)") << QStringLiteral("liters-l");
    QTest::newRow("degree sign") << QStringLiteral("Temp °C") << QStringLiteral("temp-c");
    QTest::newRow("percent") << QStringLiteral("100%") << QStringLiteral("100");
    QTest::newRow("em dash") << QStringLiteral("Ünïcödé—dash") << QStringLiteral("unicodedash");
    QTest::newRow("tab and newline") << QStringLiteral("tab\tnew\nline") << QStringLiteral("tab-new-line");
    QTest::newRow("file separators are spaces") << QStringLiteral("\u001cx\u001fy") << QStringLiteral("x-y");
    QTest::newRow("CJK dropped") << QStringLiteral("日本語") << QString();
    QTest::newRow("ligature") << QStringLiteral("ﬁle") << QStringLiteral("file");
    QTest::newRow("circled digits") << QStringLiteral("①②") << QStringLiteral("12");
    QTest::newRow("superscript") << QStringLiteral("x²") << QStringLiteral("x2");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("dashes only") << QStringLiteral("---") << QString();
    QTest::newRow("apostrophe") << QStringLiteral("O'Brien") << QStringLiteral("obrien");
    QTest::newRow("dot") << QStringLiteral("user.new") << QStringLiteral("usernew");
    QTest::newRow("removed char joins runs") << QStringLiteral("a - ! - b") << QStringLiteral("a-b");
    QTest::newRow("underscore then dash") << QStringLiteral("_-a") << QStringLiteral("a");
}

void TestUnits::slugify()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(iotile::slugify(text), expected);
}

void TestUnits::versionedSlug_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("major");
    QTest::addColumn<int>("minor");
    QTest::addColumn<int>("patch");
    QTest::addColumn<QString>("expected");

    // The original's own tests expect "sg-1-v1-0-0": Django's slugify collapses the "--".
    QTest::newRow("sensor graph") << QStringLiteral("SG 1") << 1 << 0 << 0 << QStringLiteral("sg-1-v1-0-0");
    QTest::newRow("foo") << QStringLiteral("foo") << 0 << 0 << 0 << QStringLiteral("foo-v0-0-0");
    QTest::newRow("org template") << QStringLiteral("Org 1") << 1 << 0 << 0 << QStringLiteral("org-1-v1-0-0");
    QTest::newRow("project template")
        << QStringLiteral("Project 1") << 1 << 0 << 0 << QStringLiteral("project-1-v1-0-0");
    QTest::newRow("device template") << QStringLiteral("Generic Virtual Device") << 1 << 0 << 0
                                     << QStringLiteral("generic-virtual-device-v1-0-0");
    QTest::newRow("dashes in name") << QStringLiteral("my--graph") << 2 << 10 << -1
                                    << QStringLiteral("my-graph-v2-10-1");
    QTest::newRow("percent in name") << QStringLiteral("%2 x") << 1 << 2 << 3 << QStringLiteral("2-x-v1-2-3");
}

void TestUnits::versionedSlug()
{
    QFETCH(QString, name);
    QFETCH(int, major);
    QFETCH(int, minor);
    QFETCH(int, patch);
    QFETCH(QString, expected);
    QCOMPARE(iotile::versionedSlug(name, major, minor, patch), expected);
    QCOMPARE(iotile::componentSlug(u"IOTile Controller", 1, 2, 3), QStringLiteral("iotile-controller-1-2-3"));
    QCOMPARE(iotile::componentSlug(u"POD-1M", 0, 1, 0), QStringLiteral("pod-1m-0-1-0"));
}

QTEST_APPLESS_MAIN(TestUnits)
#include "tst_units.moc"
