// Slugs: canonical parse/format round-trips of every type, the server's lookup normalisation, the SDK's
// formatting rules (rows checked against iotile_cloud/utils/gid.py), conversions, malformed input and
// the per-point parse cost.

#include "common/slug/aliasslug.h"
#include "common/slug/blockslug.h"
#include "common/slug/devicescriptslug.h"
#include "common/slug/deviceslug.h"
#include "common/slug/filterslug.h"
#include "common/slug/fleetslug.h"
#include "common/slug/gid.h"
#include "common/slug/projectslug.h"
#include "common/slug/sdkgid.h"
#include "common/slug/streamerslug.h"
#include "common/slug/streamslug.h"
#include "common/slug/variableslug.h"

#include <QRandomGenerator>
#include <QSet>
#include <QtTest>

using namespace iotile;

namespace {

template<typename Slug, typename View>
std::optional<QString> roundTrip(View text, QString *error)
{
    const std::optional<Slug> slug = Slug::parse(text, error);
    if (!slug)
        return std::nullopt;
    QByteArray bytes;
    slug->appendTo(bytes);
    if (QString::fromLatin1(bytes) != slug->toString())
        return QStringLiteral("appendTo differs: ") + QString::fromLatin1(bytes);
    return slug->toString();
}

// Canonical parse of the named type, then format again.
template<typename View>
std::optional<QString> parseAs(const QString &type, View text, QString *error)
{
    if (type == u"project")
        return roundTrip<ProjectSlug>(text, error);
    if (type == u"device")
        return roundTrip<DeviceSlug>(text, error);
    if (type == u"block")
        return roundTrip<BlockSlug>(text, error);
    if (type == u"variable")
        return roundTrip<VariableSlug>(text, error);
    if (type == u"stream")
        return roundTrip<StreamSlug>(text, error);
    if (type == u"fleet")
        return roundTrip<FleetSlug>(text, error);
    if (type == u"streamer")
        return roundTrip<StreamerSlug>(text, error);
    if (type == u"alias")
        return roundTrip<AliasSlug>(text, error);
    if (type == u"script")
        return roundTrip<DeviceScriptSlug>(text, error);
    if (type == u"filter")
        return roundTrip<FilterSlug>(text, error);
    qFatal("unknown slug type %s", qPrintable(type));
}

const QString kTypes[] = {QStringLiteral("project"),  QStringLiteral("device"), QStringLiteral("block"),
                          QStringLiteral("variable"), QStringLiteral("stream"), QStringLiteral("fleet"),
                          QStringLiteral("streamer"), QStringLiteral("alias"),  QStringLiteral("script"),
                          QStringLiteral("filter")};

} // namespace

class TestSlug : public QObject
{
    Q_OBJECT

private slots:
    void canonical_data();
    void canonical();
    void deviceLookup_data();
    void deviceLookup();
    void variableLookup_data();
    void variableLookup();
    void streamLookup_data();
    void streamLookup();
    void sdk_data();
    void sdk();
    void streamParts_data();
    void streamParts();
    void conversions();
    void hashing();
    void gidFormat_data();
    void gidFormat();
    void gidParse_data();
    void gidParse();
    void fixGroups_data();
    void fixGroups();
    void looseToInt_data();
    void looseToInt();
    void mutatedInput();
};

void TestSlug::canonical_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");

    const auto ok = [](const char *name, const char *type, const char *text) {
        QTest::newRow(name) << QString::fromLatin1(type) << QString::fromUtf8(text) << true;
    };
    const auto bad = [](const char *name, const char *type, const char *text) {
        QTest::newRow(name) << QString::fromLatin1(type) << QString::fromUtf8(text) << false;
    };
    ok("project 1", "project", "p--0000-0001");
    ok("project max", "project", "p--ffff-ffff");
    ok("project 0", "project", "p--0000-0000");
    ok("device 1", "device", "d--0000-0000-0000-0001");
    ok("device 48-bit max", "device", "d--0000-ffff-ffff-ffff");
    ok("device 5678-90ab-cdef", "device", "d--0000-5678-90ab-cdef");
    ok("block 1 of 0x123", "block", "b--0001-0000-0000-0123");
    ok("block ffff", "block", "b--ffff-0000-0000-0001");
    ok("block 0", "block", "b--0000-0000-0000-0001");
    ok("variable", "variable", "v--0000-0001--5001");
    ok("system variable", "variable", "v--0000-0000--ffff");
    ok("stream", "stream", "s--0000-0001--0000-0000-0000-0002--5001");
    ok("block stream", "stream", "s--0000-0000--0001-0000-0000-0123--5001");
    ok("virtual stream", "stream", "s--0000-0001--0000-0000-0000-0000--5001");
    ok("fleet", "fleet", "g--0000-0000-0001");
    ok("fleet max", "fleet", "g--ffff-ffff-ffff");
    ok("streamer", "streamer", "t--0000-0000-0000-0001--0001");
    ok("alias", "alias", "a--0000-0000-0000-0001");
    ok("alias 64-bit", "alias", "a--ffff-ffff-ffff-ffff");
    ok("device script", "script", "z--0000-0001");
    ok("stream filter", "filter", "f--0000-0001--0000-0000-0000-0002--5001");
    ok("project filter", "filter", "f--0000-0001----5001");

    bad("project short form", "project", "p--0001");
    bad("project upper prefix", "project", "P--0000-0001");
    bad("project upper hex", "project", "p--0000-000A");
    bad("project five digits", "project", "p--0000-00001");
    bad("project underscore", "project", "p--0000_0001");
    bad("project single dash", "project", "p-0000-0001");
    bad("project trailing space", "project", "p--0000-0001 ");
    bad("project leading space", "project", " p--0000-0001");
    bad("project empty", "project", "");
    bad("project prefix only", "project", "p");
    bad("project no groups", "project", "p--");
    bad("project non-hex", "project", "p--0000-000g");
    bad("project wrong prefix", "project", "d--0000-0001");
    bad("project extra part", "project", "p--0000-0001--x");
    bad("project three groups", "project", "p--0000-0000-0001");
    bad("device short form", "device", "d--000a");
    bad("device top group", "device", "d--0001-0000-0000-0001");
    bad("device upper hex", "device", "d--0000-0000-0000-ABCD");
    bad("device odd groups", "device", "d--0000-0000-1-2");
    bad("device upper prefix", "device", "D--0000-0000-0000-0001");
    bad("device long group", "device", "d--0000-0000-0000-00001");
    bad("device three groups", "device", "d--0000-0000-0001");
    bad("device as block", "device", "b--0000-0000-0000-0001");
    bad("device fullwidth digit", "device", "d--0000-0000-0000-000\xef\xbc\x91");
    bad("device latin-1 digit", "device", "d--0000-0000-0000-000\xc2\xb9");
    bad("device 0x", "device", "d--0x00-0000-0000-0001");
    bad("device empty groups", "device", "d-----------------0001");
    bad("block two groups", "block", "b--0001-0123");
    bad("block non-hex", "block", "b--0001-0000-0000-012G");
    bad("block as device", "block", "d--0001-0000-0000-0123");
    bad("variable short form", "variable", "v--0002--0001");
    bad("variable long lid", "variable", "v--0000-0001--5001x");
    bad("variable short lid", "variable", "v--0000-0001--1");
    bad("variable single dash", "variable", "v--0000-0001-5001");
    bad("variable empty part", "variable", "v--0000-0001----5001");
    bad("stream short form", "stream", "s--0001--0002--5001");
    bad("stream short lid", "stream", "s--0000-0001--0000-0000-0000-0002--500");
    bad("stream extra part", "stream", "s--0000-0001--0000-0000-0000-0002--5001--x");
    bad("stream upper prefix", "stream", "S--0000-0001--0000-0000-0000-0002--5001");
    bad("stream single dash", "stream", "s--0000-0001--0000-0000-0000-0002-5001");
    bad("stream empty project", "stream", "s----0000-0000-0000-0002--5001");
    bad("stream fullwidth", "stream",
        "s--0000-0001--0000-0000-0000-0002--50\xef\xbc\x90"
        "1");
    bad("stream NUL", "stream",
        "s--0000-0001--0000-0000-0000-0002--50\x01"
        "1");
    bad("fleet short", "fleet", "g--0001");
    bad("fleet four groups", "fleet", "g--0000-0000-0000-0001");
    bad("streamer top group", "streamer", "t--0001-0000-0000-0001--0001");
    bad("streamer short index", "streamer", "t--0000-0000-0000-0001--1");
    bad("filter short device", "filter", "f--0000-0001--0000--5001");
    bad("filter three dashes", "filter", "f--0000-0001---5001");
    bad("alias short", "alias", "a--0000-0001");
    bad("script three groups", "script", "z--0000-0000-0001");
}

void TestSlug::canonical()
{
    QFETCH(QString, type);
    QFETCH(QString, text);
    QFETCH(bool, valid);

    QString error;
    const std::optional<QString> formatted = parseAs(type, QStringView(text), &error);
    QCOMPARE(formatted.has_value(), valid);
    if (valid) {
        QCOMPARE(*formatted, text);
        QVERIFY(error.isEmpty());
    } else {
        QVERIFY(!error.isEmpty());
    }
    // The UTF-8/Latin-1 path used on ingest agrees with the UTF-16 one.
    const QByteArray utf8 = text.toUtf8();
    QString bytesError;
    const std::optional<QString> fromBytes = parseAs(type, QByteArrayView(utf8), &bytesError);
    QCOMPARE(fromBytes, formatted);
    // A canonical slug is never valid as another type.
    if (valid) {
        for (const QString &other : kTypes) {
            if (other != type)
                QVERIFY2(!parseAs(other, QStringView(text), nullptr), qPrintable(other));
        }
    }
}

void TestSlug::deviceLookup_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *text, const char *expected) {
        QTest::newRow(text) << QString::fromUtf8(text) << QString::fromLatin1(expected);
    };
    row("d--0001", "d--0000-0000-0000-0001");
    row("d--0000-0001", "d--0000-0000-0000-0001");
    row("d--0000-0000-0001", "d--0000-0000-0000-0001");
    row("d--0000-0000-0000-0001", "d--0000-0000-0000-0001");
    row("d--ffff-ffff-ffff", "d--0000-ffff-ffff-ffff");
    row("b--0001-0000-0000-0123", "d--0000-0000-0000-0123");
    row("d--0001-0000-0000-0123", "d--0000-0000-0000-0123");
    row("b--0001", "d--0000-0000-0000-0001");
    row("d--zz-0000-0000-0001", "d--0000-0000-0000-0001"); // dropped groups are not looked at
    row("d--1-2-3-0000-0000-0001", "d--0000-0000-0000-0001");
    row("d--000A", ""); // no case folding
    row("D--0001", "");
    row("d--1", "");
    row("d--1-2", "");
    row("d--00001", "");
    row("0001", "");
    row("1", "");
    row("p--0001", "");
    row("d--", "");
    row("d--0001--0002", "");
    row("d----0001", "");
    row("", "");
    row("d--0000-0000-0000-0001 ", "");
}

void TestSlug::deviceLookup()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const std::optional<DeviceSlug> slug = DeviceSlug::fromLookup(text);
    QCOMPARE(slug ? slug->toString() : QString(), expected);
}

void TestSlug::variableLookup_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *text, const char *expected) {
        QTest::newRow(text) << QString::fromUtf8(text) << QString::fromLatin1(expected);
    };
    row("v--0000-0002--0001", "v--0000-0002--0001");
    row("v--0002--0001", "v--0000-0002--0001");
    row("v--0001-0000-0002--0001", "v--0000-0002--0001");
    row("x--0002--0001", "v--0000-0002--0001"); // the original ignores the first part
    row("V--0002--0001", "v--0000-0002--0001");
    row("v--0000-0000--5001", "v--0000-0000--5001");
    row("v--0002--1", ""); // the local id is not padded
    row("v--0002--0001--x", "");
    row("v--0002", "");
    row("v--0000-0002--500A", "");
    row("v----0001", "");
    row("", "");
}

void TestSlug::variableLookup()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const std::optional<VariableSlug> slug = VariableSlug::fromLookup(text);
    QCOMPARE(slug ? slug->toString() : QString(), expected);
}

void TestSlug::streamLookup_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    const auto row = [](const char *text, const char *expected) {
        QTest::newRow(text) << QString::fromUtf8(text) << QString::fromLatin1(expected);
    };
    row("s--0001--0002--5001", "s--0000-0001--0000-0000-0000-0002--5001");
    row("s--0000-0001--0000-0000-0000-0002--5001", "s--0000-0001--0000-0000-0000-0002--5001");
    row("s--0000-0000--0001-0000-0000-0002--5001", "s--0000-0000--0001-0000-0000-0002--5001");
    row("s--0001--0000-0002--5001", "s--0000-0001--0000-0000-0000-0002--5001");
    row("s--0001--1-0000-0000-0000-0002--5001", "s--0000-0001--0000-0000-0000-0002--5001");
    row("t--0001--0002--5001", "s--0000-0001--0000-0000-0000-0002--5001");
    row("s--0001--0002--501", "");
    row("s--0001--0002", "");
    row("s--0001--0002--5001--x", "");
    row("s----0002--5001", "");
    row("s--0001--000A--5001", "");
    row("s--0001--0002--5001 ", "");
}

void TestSlug::streamLookup()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const std::optional<StreamSlug> slug = StreamSlug::fromLookup(text);
    QCOMPARE(slug ? slug->toString() : QString(), expected);
}

void TestSlug::sdk_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("useInt");
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("number");
    QTest::addColumn<QString>("text2");
    QTest::addColumn<QString>("text3");
    QTest::addColumn<qint64>("number2");
    QTest::addColumn<bool>("allow64");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("expected");

    // Generated by running the SDK's gid.py on each input; an error row carries the SDK's message.
    QTest::newRow("project p--0001") << QStringLiteral("project") << false << QStringLiteral("p--0001")
                                     << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                     << true << true << QStringLiteral("p--0000-0001");
    QTest::newRow("project p--0000-0001")
        << QStringLiteral("project") << false << QStringLiteral("p--0000-0001") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("p--0000-0001");
    QTest::newRow("project 0001") << QStringLiteral("project") << false << QStringLiteral("0001") << qint64(0)
                                  << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                  << QStringLiteral("p--0000-0001");
    QTest::newRow("project 1") << QStringLiteral("project") << false << QStringLiteral("1") << qint64(0)
                               << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                               << QStringLiteral("p--0000-0001");
    QTest::newRow("project p--1") << QStringLiteral("project") << false << QStringLiteral("p--1") << qint64(0)
                                  << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                  << QStringLiteral("p--0000-0001");
    QTest::newRow("project p--0000-0000-0001")
        << QStringLiteral("project") << false << QStringLiteral("p--0000-0000-0001") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("p--0000-0001");
    QTest::newRow("project p--ffff-ffff")
        << QStringLiteral("project") << false << QStringLiteral("p--ffff-ffff") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("p--ffff-ffff");
    QTest::newRow("project p--1-0000-0000")
        << QStringLiteral("project") << false << QStringLiteral("p--1-0000-0000") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("IOTileProjectSlug: UUID should be greater or equal than zero and less than 16^8");
    QTest::newRow("project P--0001") << QStringLiteral("project") << false << QStringLiteral("P--0001")
                                     << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                     << true << false
                                     << QStringLiteral("IOTileProjectSlug: must start with a \"p\"");
    QTest::newRow("project p--zz") << QStringLiteral("project") << false << QStringLiteral("p--zz")
                                   << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                   << true << false << QStringLiteral("Expected HEX number. Got zz");
    QTest::newRow("project p--") << QStringLiteral("project") << false << QStringLiteral("p--") << qint64(0)
                                 << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
                                 << QStringLiteral("Expected HEX number. Got ");
    QTest::newRow("project d--0001") << QStringLiteral("project") << false << QStringLiteral("d--0001")
                                     << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                     << true << false
                                     << QStringLiteral("IOTileProjectSlug: must start with a \"p\"");
    QTest::newRow("project p--1--2") << QStringLiteral("project") << false << QStringLiteral("p--1--2")
                                     << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                     << true << true << QStringLiteral("p--0000-0012");
    QTest::newRow("project 0x10") << QStringLiteral("project") << false << QStringLiteral("0x10") << qint64(0)
                                  << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                  << QStringLiteral("p--0000-0010");
    QTest::newRow("project  12 ") << QStringLiteral("project") << false << QStringLiteral(" 12 ") << qint64(0)
                                  << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                  << QStringLiteral("p--0000-0012");
    QTest::newRow("project p--00_01")
        << QStringLiteral("project") << false << QStringLiteral("p--00_01") << qint64(0) << QStringLiteral("")
        << QStringLiteral("") << qint64(0) << true << true << QStringLiteral("p--0000-0001");
    QTest::newRow("project +1f") << QStringLiteral("project") << false << QStringLiteral("+1f") << qint64(0)
                                 << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                 << QStringLiteral("p--0000-001f");
    QTest::newRow("project p--0000-000A")
        << QStringLiteral("project") << false << QStringLiteral("p--0000-000A") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("p--0000-000a");
    QTest::newRow("project 0x0") << QStringLiteral("project") << true << QStringLiteral("") << qint64(0)
                                 << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                 << QStringLiteral("p--0000-0000");
    QTest::newRow("project 0x1") << QStringLiteral("project") << true << QStringLiteral("") << qint64(1)
                                 << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                 << QStringLiteral("p--0000-0001");
    QTest::newRow("project 0x12345678")
        << QStringLiteral("project") << true << QStringLiteral("") << qint64(305419896) << QStringLiteral("")
        << QStringLiteral("") << qint64(0) << true << true << QStringLiteral("p--1234-5678");
    QTest::newRow("project 0xffffffff")
        << QStringLiteral("project") << true << QStringLiteral("") << qint64(Q_INT64_C(4294967295))
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("p--ffff-ffff");
    QTest::newRow("project 0x100000000")
        << QStringLiteral("project") << true << QStringLiteral("") << qint64(Q_INT64_C(4294967296))
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("IOTileProjectSlug: UUID should be greater or equal than zero and less than 16^8");
    QTest::newRow("project -0x1")
        << QStringLiteral("project") << true << QStringLiteral("") << qint64(-1) << QStringLiteral("")
        << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("IOTileProjectSlug: UUID should be greater or equal than zero and less than 16^8");
    QTest::newRow("device d--000a") << QStringLiteral("device") << false << QStringLiteral("d--000a")
                                    << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                    << true << true << QStringLiteral("d--0000-0000-0000-000a");
    QTest::newRow("device 000a") << QStringLiteral("device") << false << QStringLiteral("000a") << qint64(0)
                                 << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                 << QStringLiteral("d--0000-0000-0000-000a");
    QTest::newRow("device ABCD") << QStringLiteral("device") << false << QStringLiteral("ABCD") << qint64(0)
                                 << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                 << QStringLiteral("d--0000-0000-0000-ABCD");
    QTest::newRow("device 1-2") << QStringLiteral("device") << false << QStringLiteral("1-2") << qint64(0)
                                << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                << QStringLiteral("d--0000-0000-1-2");
    QTest::newRow("device 0x1234567890abcdef")
        << QStringLiteral("device") << false << QStringLiteral("0x1234567890abcdef") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("d--0000-5678-90ab-cdef");
    QTest::newRow("device d--0000-0000-0000-0001")
        << QStringLiteral("device") << false << QStringLiteral("d--0000-0000-0000-0001") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("d--0000-0000-0000-0001");
    QTest::newRow("device d--0001") << QStringLiteral("device") << false << QStringLiteral("d--0001")
                                    << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                    << true << true << QStringLiteral("d--0000-0000-0000-0001");
    QTest::newRow("device d--0000-0001")
        << QStringLiteral("device") << false << QStringLiteral("d--0000-0001") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("d--0000-0000-0000-0001");
    QTest::newRow("device d--1234-5678-9abc-def0")
        << QStringLiteral("device") << false << QStringLiteral("d--1234-5678-9abc-def0") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("d--1234-5678-9abc-def0");
    QTest::newRow("device 1234-5678-9abc-def0")
        << QStringLiteral("device") << false << QStringLiteral("1234-5678-9abc-def0") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("d--1234-5678-9abc-def0");
    QTest::newRow("device d--1-2-3-4-5")
        << QStringLiteral("device") << false << QStringLiteral("d--1-2-3-4-5") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("d--2-3-4-5");
    QTest::newRow("device x--0001") << QStringLiteral("device") << false << QStringLiteral("x--0001")
                                    << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                    << true << false
                                    << QStringLiteral("IOTileDeviceSlug: must start with a \"d\"");
    QTest::newRow("device d--zz") << QStringLiteral("device") << false << QStringLiteral("d--zz") << qint64(0)
                                  << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
                                  << QStringLiteral("Expected HEX number. Got zz");
    QTest::newRow("device ") << QStringLiteral("device") << false << QStringLiteral("") << qint64(0)
                             << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
                             << QStringLiteral("Expected HEX number. Got ");
    QTest::newRow("device d--a--b") << QStringLiteral("device") << false << QStringLiteral("d--a--b")
                                    << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                    << true << true << QStringLiteral("d--0000-a--b");
    QTest::newRow("device d--d--1") << QStringLiteral("device") << false << QStringLiteral("d--d--1")
                                    << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                    << true << true << QStringLiteral("d--0000-0000-0000-1");
    QTest::newRow("device d") << QStringLiteral("device") << false << QStringLiteral("d") << qint64(0)
                              << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
                              << QStringLiteral("list index out of range");
    QTest::newRow("device 0X12") << QStringLiteral("device") << false << QStringLiteral("0X12") << qint64(0)
                                 << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                 << QStringLiteral("d--0000-0000-0000-0X12");
    QTest::newRow("device  1") << QStringLiteral("device") << false << QStringLiteral(" 1") << qint64(0)
                               << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                               << QStringLiteral("d--0000-0000-0000- 1");
    QTest::newRow("device d--0001-0000-0000-0123")
        << QStringLiteral("device") << false << QStringLiteral("d--0001-0000-0000-0123") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("d--0001-0000-0000-0123");
    QTest::newRow("device 10000000000000000")
        << QStringLiteral("device") << false << QStringLiteral("10000000000000000") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("IOTileDeviceSlug: UUID should be greater or equal than zero and less than 16^12");
    QTest::newRow("device 1000000000000")
        << QStringLiteral("device") << false << QStringLiteral("1000000000000") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("d--0000-0000-0000-1000000000000");
    QTest::newRow("device 1000000000000 48")
        << QStringLiteral("device") << false << QStringLiteral("1000000000000") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << false << false
        << QStringLiteral("IOTileDeviceSlug: UUID should be greater or equal than zero and less than 16^12");
    QTest::newRow("device ffffffffffff 48")
        << QStringLiteral("device") << false << QStringLiteral("ffffffffffff") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << false << true
        << QStringLiteral("d--0000-0000-0000-ffffffffffff");
    QTest::newRow("device 0x1000000000000 48")
        << QStringLiteral("device") << false << QStringLiteral("0x1000000000000") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << false << false
        << QStringLiteral("IOTileDeviceSlug: UUID should be greater or equal than zero and less than 16^12");
    QTest::newRow("device 0x1") << QStringLiteral("device") << true << QStringLiteral("") << qint64(1)
                                << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                << QStringLiteral("d--0000-0000-0000-0001");
    QTest::newRow("device 0x1 48") << QStringLiteral("device") << true << QStringLiteral("") << qint64(1)
                                   << QStringLiteral("") << QStringLiteral("") << qint64(0) << false << true
                                   << QStringLiteral("d--0000-0000-0000-0001");
    QTest::newRow("device 0x1234567890abcdef'")
        << QStringLiteral("device") << true << QStringLiteral("") << qint64(Q_INT64_C(1311768467294899695))
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("d--0000-5678-90ab-cdef");
    QTest::newRow("device 0x1234567890abcdef 48")
        << QStringLiteral("device") << true << QStringLiteral("") << qint64(Q_INT64_C(1311768467294899695))
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << false << false
        << QStringLiteral("IOTileDeviceSlug: UUID should be greater or equal than zero and less than 16^12");
    QTest::newRow("device 0xffffffffffff")
        << QStringLiteral("device") << true << QStringLiteral("") << qint64(Q_INT64_C(281474976710655))
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("d--0000-ffff-ffff-ffff");
    QTest::newRow("device 0xffffffffffff 48")
        << QStringLiteral("device") << true << QStringLiteral("") << qint64(Q_INT64_C(281474976710655))
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << false << true
        << QStringLiteral("d--0000-ffff-ffff-ffff");
    QTest::newRow("device 0x1000000000000")
        << QStringLiteral("device") << true << QStringLiteral("") << qint64(Q_INT64_C(281474976710656))
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("d--0000-0000-0000-0000");
    QTest::newRow("device 0x1000000000000 48'")
        << QStringLiteral("device") << true << QStringLiteral("") << qint64(Q_INT64_C(281474976710656))
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << false << false
        << QStringLiteral("IOTileDeviceSlug: UUID should be greater or equal than zero and less than 16^12");
    QTest::newRow("fleet g--0001") << QStringLiteral("fleet") << false << QStringLiteral("g--0001")
                                   << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                   << true << true << QStringLiteral("g--0000-0000-0001");
    QTest::newRow("fleet 0001") << QStringLiteral("fleet") << false << QStringLiteral("0001") << qint64(0)
                                << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                << QStringLiteral("g--0000-0000-0001");
    QTest::newRow("fleet g--0000-0000-0001")
        << QStringLiteral("fleet") << false << QStringLiteral("g--0000-0000-0001") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("g--0000-0000-0001");
    QTest::newRow("fleet g--1-0000-0000-0001")
        << QStringLiteral("fleet") << false << QStringLiteral("g--1-0000-0000-0001") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("IOTileFleetSlug: UUID should be greater than zero and less than 16^8");
    QTest::newRow("fleet G--1") << QStringLiteral("fleet") << false << QStringLiteral("G--1") << qint64(0)
                                << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
                                << QStringLiteral("IOTileFleetSlug: must start with a \"p\"");
    QTest::newRow("fleet p--0001") << QStringLiteral("fleet") << false << QStringLiteral("p--0001")
                                   << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                   << true << false
                                   << QStringLiteral("IOTileFleetSlug: must start with a \"p\"");
    QTest::newRow("fleet g--xyz") << QStringLiteral("fleet") << false << QStringLiteral("g--xyz") << qint64(0)
                                  << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
                                  << QStringLiteral("Expected HEX number. Got xyz");
    QTest::newRow("fleet ffffffffffff") << QStringLiteral("fleet") << false << QStringLiteral("ffffffffffff")
                                        << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                        << true << true << QStringLiteral("g--ffff-ffff-ffff");
    QTest::newRow("fleet 1000000000000")
        << QStringLiteral("fleet") << false << QStringLiteral("1000000000000") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("IOTileFleetSlug: UUID should be greater than zero and less than 16^8");
    QTest::newRow("fleet 0x1") << QStringLiteral("fleet") << true << QStringLiteral("") << qint64(1)
                               << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                               << QStringLiteral("g--0000-0000-0001");
    QTest::newRow("fleet 0xffffffffffff")
        << QStringLiteral("fleet") << true << QStringLiteral("") << qint64(Q_INT64_C(281474976710655))
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("g--ffff-ffff-ffff");
    QTest::newRow("fleet 0x1000000000000")
        << QStringLiteral("fleet") << true << QStringLiteral("") << qint64(Q_INT64_C(281474976710656))
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("IOTileFleetSlug: UUID should be greater than zero and less than 16^12");
    QTest::newRow("fleet -0x1")
        << QStringLiteral("fleet") << true << QStringLiteral("") << qint64(-1) << QStringLiteral("")
        << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("IOTileFleetSlug: UUID should be greater than zero and less than 16^12");
    QTest::newRow("block b--0001-0000-0000-0123 b0")
        << QStringLiteral("block") << false << QStringLiteral("b--0001-0000-0000-0123") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("b--0001-0000-0000-0123");
    QTest::newRow("block b--0001-0123 b0")
        << QStringLiteral("block") << false << QStringLiteral("b--0001-0123") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("IOTileBlockSlug: Expected format: b--xxxx-xxxx-xxxx-xxxx");
    QTest::newRow("block d--0000-0000-0123 b2")
        << QStringLiteral("block") << false << QStringLiteral("d--0000-0000-0123") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(2) << true << true
        << QStringLiteral("b--0002-0000-0000-0123");
    QTest::newRow("block d--0002-0000-0000-0123 b5")
        << QStringLiteral("block") << false << QStringLiteral("d--0002-0000-0000-0123") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(5) << true << true
        << QStringLiteral("b--0002-0000-0000-0123");
    QTest::newRow("block 0123 b1") << QStringLiteral("block") << false << QStringLiteral("0123") << qint64(0)
                                   << QStringLiteral("") << QStringLiteral("") << qint64(1) << true << true
                                   << QStringLiteral("b--0001-0000-0000-0123");
    QTest::newRow("block 0 b0") << QStringLiteral("block") << false << QStringLiteral("0") << qint64(0)
                                << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
                                << QStringLiteral("IOTileBlockSlug: UUID should be greater than zero");
    QTest::newRow("block p--0001 b0")
        << QStringLiteral("block") << false << QStringLiteral("p--0001") << qint64(0) << QStringLiteral("")
        << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("IOTileBlockSlug: Slug must start with \"b\" or \"d\"");
    QTest::newRow("block d--0123 b0")
        << QStringLiteral("block") << false << QStringLiteral("d--0123") << qint64(0) << QStringLiteral("")
        << QStringLiteral("") << qint64(0) << true << true << QStringLiteral("b--0000-0000-0000-0123");
    QTest::newRow("block zz b0") << QStringLiteral("block") << false << QStringLiteral("zz") << qint64(0)
                                 << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
                                 << QStringLiteral("Expected HEX number. Got zz");
    QTest::newRow("block d---1-2-3 b3")
        << QStringLiteral("block") << false << QStringLiteral("d---1-2-3") << qint64(0) << QStringLiteral("")
        << QStringLiteral("") << qint64(3) << true << true << QStringLiteral("b--0003-1-2-3");
    QTest::newRow("block 0x123 b1") << QStringLiteral("block") << true << QStringLiteral("") << qint64(291)
                                    << QStringLiteral("") << QStringLiteral("") << qint64(1) << true << true
                                    << QStringLiteral("b--0001-0000-0000-0123");
    QTest::newRow("block 0x0 b1")
        << QStringLiteral("block") << true << QStringLiteral("") << qint64(0) << QStringLiteral("")
        << QStringLiteral("") << qint64(1) << true << false
        << QStringLiteral("IOTileBlockSlug: UUID should be greater than zero and less than 16^16");
    QTest::newRow("block 0x1234567890abcdef b2")
        << QStringLiteral("block") << true << QStringLiteral("") << qint64(Q_INT64_C(1311768467294899695))
        << QStringLiteral("") << QStringLiteral("") << qint64(2) << true << true
        << QStringLiteral("b--0002-5678-90ab-cdef");
    QTest::newRow("block 0x5 b-1") << QStringLiteral("block") << true << QStringLiteral("") << qint64(5)
                                   << QStringLiteral("") << QStringLiteral("") << qint64(-1) << true << true
                                   << QStringLiteral("b--ffff-0000-0000-0005");
    QTest::newRow("streamer 1 1") << QStringLiteral("streamer") << true << QStringLiteral("") << qint64(1)
                                  << QStringLiteral("") << QStringLiteral("") << qint64(1) << true << true
                                  << QStringLiteral("t--0000-0000-0000-0001--0001");
    QTest::newRow("streamer d--0000-0000-0000-0001 2")
        << QStringLiteral("streamer") << false << QStringLiteral("d--0000-0000-0000-0001") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(2) << true << true
        << QStringLiteral("t--0000-0000-0000-0001--0002");
    QTest::newRow("streamer 0x1234567890abcdef 1")
        << QStringLiteral("streamer") << false << QStringLiteral("0x1234567890abcdef") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(1) << true << true
        << QStringLiteral("t--0000-5678-90ab-cdef--0001");
    QTest::newRow("streamer d--0001-0000-0000-0002 0")
        << QStringLiteral("streamer") << false << QStringLiteral("d--0001-0000-0000-0002") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("t--0000-0000-0000-0002--0000");
    QTest::newRow("streamer -1 65541")
        << QStringLiteral("streamer") << true << QStringLiteral("") << qint64(-1) << QStringLiteral("")
        << QStringLiteral("") << qint64(65541) << true << true
        << QStringLiteral("t--0000-ffff-ffff-ffff--0005");
    QTest::newRow("streamer zz 1") << QStringLiteral("streamer") << false << QStringLiteral("zz") << qint64(0)
                                   << QStringLiteral("") << QStringLiteral("") << qint64(1) << true << false
                                   << QStringLiteral("Expected HEX number. Got zz");
    QTest::newRow("streamer d--0000-0000-0000-ABCD 3")
        << QStringLiteral("streamer") << false << QStringLiteral("d--0000-0000-0000-ABCD") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(3) << true << true
        << QStringLiteral("t--0000-0000-0000-abcd--0003");
    QTest::newRow("variable 20481") << QStringLiteral("variable") << true << QStringLiteral("")
                                    << qint64(20481) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                    << true << true << QStringLiteral("v--0000-0000--5001");
    QTest::newRow("variable 20481 p--0001")
        << QStringLiteral("variable") << true << QStringLiteral("") << qint64(20481)
        << QStringLiteral("p--0001") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("v--0000-0001--5001");
    QTest::newRow("variable 5001 p--0001")
        << QStringLiteral("variable") << false << QStringLiteral("5001") << qint64(0)
        << QStringLiteral("p--0001") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("v--0000-0001--5001");
    QTest::newRow("variable 1") << QStringLiteral("variable") << false << QStringLiteral("1") << qint64(0)
                                << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
                                << QStringLiteral("v--0000-0000--1");
    QTest::newRow("variable v--0000-0001--5001")
        << QStringLiteral("variable") << false << QStringLiteral("v--0000-0001--5001") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("v--0000-0001--5001");
    QTest::newRow("variable x--y--z")
        << QStringLiteral("variable") << false << QStringLiteral("x--y--z") << qint64(0) << QStringLiteral("")
        << QStringLiteral("") << qint64(0) << true << true << QStringLiteral("x--y--z");
    QTest::newRow("variable a--b") << QStringLiteral("variable") << false << QStringLiteral("a--b")
                                   << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                   << true << false
                                   << QStringLiteral(
                                          "IOTileVariableSlug: Expected format: v--xxxx-xxxx--xxxx");
    QTest::newRow("variable zz") << QStringLiteral("variable") << false << QStringLiteral("zz") << qint64(0)
                                 << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
                                 << QStringLiteral("Expected HEX number. Got zz");
    QTest::newRow("variable 0") << QStringLiteral("variable") << true << QStringLiteral("") << qint64(0)
                                << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
                                << QStringLiteral("IOTileVariableSlug: UUID should be greater than zero");
    QTest::newRow("variable 65536") << QStringLiteral("variable") << true << QStringLiteral("")
                                    << qint64(65536) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                    << true << false
                                    << QStringLiteral("IOTileVariableSlug: UUID should be greater than zero");
    QTest::newRow("variable 1 p--zz")
        << QStringLiteral("variable") << true << QStringLiteral("") << qint64(1) << QStringLiteral("p--zz")
        << QStringLiteral("") << qint64(0) << true << false << QStringLiteral("Expected HEX number. Got zz");
    QTest::newRow("variable 5001 0002") << QStringLiteral("variable") << false << QStringLiteral("5001")
                                        << qint64(0) << QStringLiteral("0002") << QStringLiteral("")
                                        << qint64(0) << true << true << QStringLiteral("v--0000-0002--5001");
    QTest::newRow("streamParts p--0001|d--0002|5001")
        << QStringLiteral("streamParts") << false << QStringLiteral("p--0001") << qint64(0)
        << QStringLiteral("d--0002") << QStringLiteral("5001") << qint64(0) << true << true
        << QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001");
    QTest::newRow("streamParts ||5001")
        << QStringLiteral("streamParts") << false << QStringLiteral("") << qint64(0) << QStringLiteral("")
        << QStringLiteral("5001") << qint64(0) << true << true
        << QStringLiteral("s--0000-0000--0000-0000-0000-0000--5001");
    QTest::newRow("streamParts 0001|0001-0000-0000-0002|v--0000-0001--5001")
        << QStringLiteral("streamParts") << false << QStringLiteral("0001") << qint64(0)
        << QStringLiteral("0001-0000-0000-0002") << QStringLiteral("v--0000-0001--5001") << qint64(0) << true
        << true << QStringLiteral("s--0000-0001--0001-0000-0000-0002--5001");
    QTest::newRow("streamParts 1|0x2|5001")
        << QStringLiteral("streamParts") << false << QStringLiteral("1") << qint64(0) << QStringLiteral("0x2")
        << QStringLiteral("5001") << qint64(0) << true << true
        << QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001");
    QTest::newRow("streamParts None|ABCD|1")
        << QStringLiteral("streamParts") << false << QStringLiteral("") << qint64(0) << QStringLiteral("ABCD")
        << QStringLiteral("1") << qint64(0) << true << true
        << QStringLiteral("s--0000-0000--0000-0000-0000-ABCD--1");
    QTest::newRow("streamParts p--0001|b--0001-0000-0000-0002|5001")
        << QStringLiteral("streamParts") << false << QStringLiteral("p--0001") << qint64(0)
        << QStringLiteral("b--0001-0000-0000-0002") << QStringLiteral("5001") << qint64(0) << true << false
        << QStringLiteral("IOTileDeviceSlug: must start with a \"d\"");
    QTest::newRow("streamParts p--0001|d--0002|zz")
        << QStringLiteral("streamParts") << false << QStringLiteral("p--0001") << qint64(0)
        << QStringLiteral("d--0002") << QStringLiteral("zz") << qint64(0) << true << false
        << QStringLiteral("Expected HEX number. Got zz");
    QTest::newRow("streamParts p--0001|d--0002|20481")
        << QStringLiteral("streamParts") << true << QStringLiteral("p--0001") << qint64(20481)
        << QStringLiteral("d--0002") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001");
    QTest::newRow("streamParts p--0001|d--0002|0")
        << QStringLiteral("streamParts") << true << QStringLiteral("p--0001") << qint64(0)
        << QStringLiteral("d--0002") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("IOTileVariableSlug: UUID should be greater than zero");
    QTest::newRow("stream s--0000-0001--0000-0000-0000-0002--5001")
        << QStringLiteral("stream") << false << QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001")
        << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001");
    QTest::newRow("stream s----0000-0000-0000-0002--5001")
        << QStringLiteral("stream") << false << QStringLiteral("s----0000-0000-0000-0002--5001") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("s--0000-0000--0000-0000-0000-0002--5001");
    QTest::newRow("stream s--0001--0002--5001")
        << QStringLiteral("stream") << false << QStringLiteral("s--0001--0002--5001") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("s--0001--0002--5001");
    QTest::newRow("stream s--a--b--c") << QStringLiteral("stream") << false << QStringLiteral("s--a--b--c")
                                       << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0)
                                       << true << true << QStringLiteral("s--a--b--c");
    QTest::newRow("stream s--0001--0002")
        << QStringLiteral("stream") << false << QStringLiteral("s--0001--0002") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("Stream slug must have three terms: s--<prj>--<dev>--<var>");
    QTest::newRow("stream (empty)") << QStringLiteral("stream") << false << QStringLiteral("") << qint64(0)
                                    << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
                                    << QStringLiteral(
                                           "Stream slug must have three terms: s--<prj>--<dev>--<var>");
    QTest::newRow("stream s--0000-0001--0000-0000-0000-0002--5001--x")
        << QStringLiteral("stream") << false << QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001--x")
        << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("Stream slug must have three terms: s--<prj>--<dev>--<var>");
    QTest::newRow("streamParts3 s--0000-0001--0000-0000-0000-0002--5001")
        << QStringLiteral("streamParts3") << false
        << QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001") << qint64(0) << QStringLiteral("")
        << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("p--0000-0001|d--0000-0000-0000-0002|v--0000-0001--5001");
    QTest::newRow("streamParts3 s----0002--5001")
        << QStringLiteral("streamParts3") << false << QStringLiteral("s----0002--5001") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("p--0000-0000|d--0000-0000-0000-0002|v--0000-0000--5001");
    QTest::newRow("streamParts3 s--0001--0001-0000-0000-0002--5001")
        << QStringLiteral("streamParts3") << false << QStringLiteral("s--0001--0001-0000-0000-0002--5001")
        << qint64(0) << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << true
        << QStringLiteral("p--0000-0001|d--0001-0000-0000-0002|v--0000-0001--5001");
    QTest::newRow("streamParts3 s--zz--0002--5001")
        << QStringLiteral("streamParts3") << false << QStringLiteral("s--zz--0002--5001") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("Expected HEX number. Got zz");
    QTest::newRow("streamParts3 s--0001--0002--zz")
        << QStringLiteral("streamParts3") << false << QStringLiteral("s--0001--0002--zz") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("Expected HEX number. Got zz");
    QTest::newRow("streamParts3 s--0001--0002")
        << QStringLiteral("streamParts3") << false << QStringLiteral("s--0001--0002") << qint64(0)
        << QStringLiteral("") << QStringLiteral("") << qint64(0) << true << false
        << QStringLiteral("Stream slug must have three terms: s--<prj>--<dev>--<var>");
}

void TestSlug::sdk()
{
    QFETCH(QString, kind);
    QFETCH(bool, useInt);
    QFETCH(QString, text);
    QFETCH(qint64, number);
    QFETCH(QString, text2);
    QFETCH(QString, text3);
    QFETCH(qint64, number2);
    QFETCH(bool, allow64);
    QFETCH(bool, ok);
    QFETCH(QString, expected);

    QString error;
    std::optional<QString> result;
    if (kind == u"project") {
        result = useInt ? SdkGid::project(number, &error) : SdkGid::project(text, &error);
    } else if (kind == u"device") {
        result =
            useInt ? SdkGid::device(quint64(number), allow64, &error) : SdkGid::device(text, allow64, &error);
    } else if (kind == u"fleet") {
        result = useInt ? SdkGid::fleet(number, &error) : SdkGid::fleet(text, &error);
    } else if (kind == u"block") {
        result =
            useInt ? SdkGid::block(quint64(number), number2, &error) : SdkGid::block(text, number2, &error);
    } else if (kind == u"streamer") {
        result = useInt ? SdkGid::streamer(number, number2, &error) : SdkGid::streamer(text, number2, &error);
    } else if (kind == u"variable") {
        result = useInt ? SdkGid::variable(number, text2, &error) : SdkGid::variable(text, text2, &error);
    } else if (kind == u"streamParts") {
        result = useInt ? SdkGid::streamFromParts(text, text2, number, &error)
                        : SdkGid::streamFromParts(text, text2, text3, &error);
    } else if (kind == u"stream") {
        result = SdkGid::stream(text, &error);
    } else if (kind == u"streamParts3") {
        const std::optional<SdkStreamParts> parts = SdkGid::streamParts(text, &error);
        if (parts)
            result = parts->project + u'|' + parts->device + u'|' + parts->variable;
    } else {
        QFAIL("unknown kind");
    }
    QCOMPARE(result.has_value(), ok);
    QCOMPARE(ok ? *result : error, expected);
}

void TestSlug::streamParts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("device");
    QTest::addColumn<QString>("block");
    QTest::addColumn<QString>("variable");
    QTest::addColumn<bool>("isVirtual");
    QTest::addColumn<QString>("recordDevice");
    QTest::addColumn<QString>("recordProject");

    QTest::newRow("device stream") << QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001")
                                   << QStringLiteral("p--0000-0001")
                                   << QStringLiteral("d--0000-0000-0000-0002") << QString()
                                   << QStringLiteral("v--0000-0001--5001") << false
                                   << QStringLiteral("d--0000-0000-0000-0002")
                                   << QStringLiteral("p--0000-0001");
    QTest::newRow("block stream") << QStringLiteral("s--0000-0000--0001-0000-0000-0123--5001")
                                  << QStringLiteral("p--0000-0000")
                                  << QStringLiteral("d--0000-0000-0000-0123")
                                  << QStringLiteral("b--0001-0000-0000-0123")
                                  << QStringLiteral("v--0000-0000--5001") << false
                                  << QStringLiteral("b--0001-0000-0000-0123") << QString();
    QTest::newRow("block stream with project")
        << QStringLiteral("s--0000-0010--0002-0000-0000-1234--5001") << QStringLiteral("p--0000-0010")
        << QStringLiteral("d--0000-0000-0000-1234") << QStringLiteral("b--0002-0000-0000-1234")
        << QStringLiteral("v--0000-0010--5001") << false << QStringLiteral("b--0002-0000-0000-1234")
        << QString();
    QTest::newRow("virtual stream") << QStringLiteral("s--0000-0001--0000-0000-0000-0000--5c01")
                                    << QStringLiteral("p--0000-0001")
                                    << QStringLiteral("d--0000-0000-0000-0000") << QString()
                                    << QStringLiteral("v--0000-0001--5c01") << true
                                    << QStringLiteral("d--0000-0000-0000-0000")
                                    << QStringLiteral("p--0000-0001");
    QTest::newRow("system variable in project")
        << QStringLiteral("s--0000-00ff--0000-abcd-ef01-2345--5800") << QStringLiteral("p--0000-00ff")
        << QStringLiteral("d--0000-abcd-ef01-2345") << QString() << QStringLiteral("v--0000-00ff--5800")
        << false << QStringLiteral("d--0000-abcd-ef01-2345") << QStringLiteral("p--0000-00ff");
}

void TestSlug::streamParts()
{
    QFETCH(QString, text);
    QFETCH(QString, project);
    QFETCH(QString, device);
    QFETCH(QString, block);
    QFETCH(QString, variable);
    QFETCH(bool, isVirtual);
    QFETCH(QString, recordDevice);
    QFETCH(QString, recordProject);

    const std::optional<StreamSlug> stream = StreamSlug::parse(text);
    QVERIFY(stream);
    QCOMPARE(stream->project().toString(), project);
    QCOMPARE(stream->device().toString(), device);
    QCOMPARE(stream->block() ? stream->block()->toString() : QString(), block);
    QCOMPARE(stream->isBlockStream(), !block.isEmpty());
    QCOMPARE(stream->variable().toString(), variable);
    QCOMPARE(stream->isVirtual(), isVirtual);
    QCOMPARE(stream->recordDeviceSlug(), recordDevice);
    QCOMPARE(stream->recordProjectSlug(), recordProject);
    QCOMPARE(stream->recordVariableSlug(), variable);

    // Built back from its parts.
    const StreamSlug rebuilt = stream->block()
        ? StreamSlug(stream->project(), *stream->block(), stream->lid())
        : StreamSlug(stream->project(), stream->device(), stream->lid());
    QCOMPARE(rebuilt, *stream);
    QCOMPARE(rebuilt.toString(), text);
    QCOMPARE(StreamSlug::fromLookup(text), stream);
    // A filter on the stream is the stream's text with the prefix swapped.
    const FilterSlug filter(*stream);
    QCOMPARE(filter.toString(), u'f' + text.mid(1));
    QCOMPARE(filter.stream(), stream);
    QCOMPARE(FilterSlug::parse(filter.toString()), filter);
}

void TestSlug::conversions()
{
    // Device + block number <-> block.
    const DeviceSlug device(0x123);
    const BlockSlug block(device, 1);
    QCOMPARE(block.toString(), QStringLiteral("b--0001-0000-0000-0123"));
    QCOMPARE(block.device(), device);
    QCOMPARE(block.block(), quint16(1));
    QCOMPARE(block.gid(), QStringLiteral("0001-0000-0000-0123"));
    QCOMPARE(block.deviceGroup(), Q_UINT64_C(0x0001000000000123));
    QCOMPARE(BlockSlug::fromDeviceGroup(block.deviceGroup()), block);
    QCOMPARE(BlockSlug::parse(QStringLiteral("b--0001-0000-0000-0123"))->device().toString(),
             QStringLiteral("d--0000-0000-0000-0123"));

    // Device ids keep their low 48 bits, as the original's formatted_gdid.
    QCOMPARE(DeviceSlug(Q_UINT64_C(0x1234567890abcdef)).toString(), QStringLiteral("d--0000-5678-90ab-cdef"));
    QCOMPARE(DeviceSlug(0x1).gid(), QStringLiteral("0000-0000-0001"));
    QCOMPARE(DeviceSlug(0x1).fullGid(), QStringLiteral("0000-0000-0000-0001"));
    QCOMPARE(DeviceSlug::parse(QStringLiteral("d--0000-0000-0000-0001"))->id(), quint64(1));

    // Variable from project + local id.
    const VariableSlug variable(ProjectSlug(2), 1);
    QCOMPARE(variable.toString(), QStringLiteral("v--0000-0002--0001"));
    QCOMPARE(variable.project().toString(), QStringLiteral("p--0000-0002"));
    QCOMPARE(variable.lidHex(), QStringLiteral("0001"));
    QCOMPARE(VariableSlug(ProjectSlug(), 0x5001).toString(), QStringLiteral("v--0000-0000--5001"));
    QCOMPARE(ProjectSlug(0x12345678).gid(), QStringLiteral("1234-5678"));

    // Stream from project/device/variable, and back.
    const StreamSlug stream(ProjectSlug(1), DeviceSlug(2), 0x5001);
    QCOMPARE(stream.toString(), QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001"));
    QCOMPARE(StreamSlug(VariableSlug(ProjectSlug(1), 0x5001), DeviceSlug(2)), stream);
    QCOMPARE(stream.variable(), VariableSlug(ProjectSlug(1), 0x5001));
    QCOMPARE(stream.device(), DeviceSlug(2));
    QCOMPARE(stream.project(), ProjectSlug(1));
    QVERIFY(!stream.block());
    // A block's stream (the original clones them with project 0000-0000).
    QCOMPARE(StreamSlug(ProjectSlug(), block, 0x5001).toString(),
             QStringLiteral("s--0000-0000--0001-0000-0000-0123--5001"));
    // A virtual (project) stream.
    QCOMPARE(StreamSlug(ProjectSlug(1), DeviceSlug(), 0x5001).toString(),
             QStringLiteral("s--0000-0001--0000-0000-0000-0000--5001"));

    // Filters, streamers and the other prefixes.
    QCOMPARE(FilterSlug(ProjectSlug(1), 0x5001).toString(), QStringLiteral("f--0000-0001----5001"));
    QVERIFY(!FilterSlug(ProjectSlug(1), 0x5001).stream());
    QCOMPARE(FilterSlug(stream).toString(), QStringLiteral("f--0000-0001--0000-0000-0000-0002--5001"));
    QCOMPARE(StreamerSlug(DeviceSlug(1), 1).toString(), QStringLiteral("t--0000-0000-0000-0001--0001"));
    QCOMPARE(StreamerSlug::parse(QStringLiteral("t--0000-0000-0000-00ab--0002"))->device(), DeviceSlug(0xab));
    QCOMPARE(FleetSlug(1).toString(), QStringLiteral("g--0000-0000-0001"));
    QCOMPARE(AliasSlug(Q_UINT64_C(0xff5b000000000400)).toString(), QStringLiteral("a--ff5b-0000-0000-0400"));
    QCOMPARE(DeviceScriptSlug(1).toString(), QStringLiteral("z--0000-0001"));

    // Default values and ordering.
    QCOMPARE(ProjectSlug().toString(), QStringLiteral("p--0000-0000"));
    QVERIFY(DeviceSlug(1) < DeviceSlug(2));
    QVERIFY(StreamSlug(ProjectSlug(1), DeviceSlug(1), 2) != StreamSlug(ProjectSlug(1), DeviceSlug(2), 1));
    QVERIFY(ProjectSlug::isValid(u"p--0000-0001"));
    QVERIFY(!ProjectSlug::isValid(u"p--0001"));
    QCOMPARE(StreamSlug::parse(QByteArrayView("s--0000-0001--0000-0000-0000-0002--5001")), stream);
}

void TestSlug::hashing()
{
    QSet<StreamSlug> streams;
    for (quint16 lid = 0; lid < 64; ++lid) {
        streams.insert(StreamSlug(ProjectSlug(1), DeviceSlug(2), lid));
        streams.insert(StreamSlug(ProjectSlug(1), DeviceSlug(2), lid));
    }
    QCOMPARE(streams.size(), 64);
    QSet<DeviceSlug> devices {DeviceSlug(1), DeviceSlug(1), DeviceSlug(2)};
    QCOMPARE(devices.size(), 2);
    QSet<FilterSlug> filters {FilterSlug(ProjectSlug(1), 1), FilterSlug(StreamSlug(ProjectSlug(1), 0, 1))};
    QCOMPARE(filters.size(), 2); // a project filter differs from the filter of its virtual stream
}

void TestSlug::gidFormat_data()
{
    QTest::addColumn<quint64>("value");
    QTest::addColumn<int>("groups");
    QTest::addColumn<QString>("expected");

    // The original's own GIDTests.
    const quint64 big = (Q_UINT64_C(0xff5b) << 32) + 1024;
    QTest::newRow("int16gid 15") << quint64(15) << 1 << QStringLiteral("000f");
    QTest::newRow("int16gid 1030") << quint64(1030) << 1 << QStringLiteral("0406");
    QTest::newRow("int16gid 40960") << quint64(40960) << 1 << QStringLiteral("a000");
    QTest::newRow("int16gid 65536") << quint64(65536) << 1 << QStringLiteral("0000");
    QTest::newRow("int16gid big") << big << 1 << QStringLiteral("0400");
    QTest::newRow("int32gid 15") << quint64(15) << 2 << QStringLiteral("0000-000f");
    QTest::newRow("int32gid 65536") << quint64(65536) << 2 << QStringLiteral("0001-0000");
    QTest::newRow("int32gid big") << big << 2 << QStringLiteral("0000-0400");
    QTest::newRow("int48gid 15") << quint64(15) << 3 << QStringLiteral("0000-0000-000f");
    QTest::newRow("int64gid 65536") << quint64(65536) << 4 << QStringLiteral("0000-0000-0001-0000");
    QTest::newRow("int64gid big") << big << 4 << QStringLiteral("0000-ff5b-0000-0400");
    QTest::newRow("int64gid max") << ~quint64(0) << 4 << QStringLiteral("ffff-ffff-ffff-ffff");
}

void TestSlug::gidFormat()
{
    QFETCH(quint64, value);
    QFETCH(int, groups);
    QFETCH(QString, expected);
    QCOMPARE(gid::format(value, groups), expected);
    QCOMPARE(gid::parse(expected, groups), value & gid::maxValue(groups));
}

void TestSlug::gidParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("groups");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<quint64>("value");

    QTest::newRow("two groups") << QStringLiteral("0000-000f") << 2 << true << quint64(15);
    QTest::newRow("max") << QStringLiteral("ffff-ffff-ffff-ffff") << 4 << true << ~quint64(0);
    QTest::newRow("upper") << QStringLiteral("000F") << 1 << false << quint64(0);
    QTest::newRow("three digits") << QStringLiteral("00f") << 1 << false << quint64(0);
    QTest::newRow("too many groups") << QStringLiteral("0000-000f") << 1 << false << quint64(0);
    QTest::newRow("too few groups") << QStringLiteral("000f") << 2 << false << quint64(0);
    QTest::newRow("wrong separator") << QStringLiteral("0000_000f") << 2 << false << quint64(0);
    QTest::newRow("zero groups") << QString() << 0 << false << quint64(0);
    QTest::newRow("five groups") << QStringLiteral("0000-0000-0000-0000-0000") << 5 << false << quint64(0);
}

void TestSlug::gidParse()
{
    QFETCH(QString, text);
    QFETCH(int, groups);
    QFETCH(bool, valid);
    QFETCH(quint64, value);
    const std::optional<quint64> parsed = gid::parse(text, groups);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, value);
    QCOMPARE(gid::parse(QByteArrayView(text.toLatin1()), groups), parsed);
}

void TestSlug::fixGroups_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("groups");
    QTest::addColumn<QString>("expected");

    QTest::newRow("pad") << QStringLiteral("00ff") << 3 << QStringLiteral("0000-0000-00ff");
    QTest::newRow("keep odd widths") << QStringLiteral("1-2") << 4 << QStringLiteral("0000-0000-1-2");
    QTest::newRow("trim left") << QStringLiteral("1-2-3-4-5") << 4 << QStringLiteral("2-3-4-5");
    QTest::newRow("keep case") << QStringLiteral("ABCD") << 4 << QStringLiteral("0000-0000-0000-ABCD");
    QTest::newRow("empty") << QString() << 2 << QStringLiteral("0000-");
    QTest::newRow("exact") << QStringLiteral("ff00-0000-0000") << 3 << QStringLiteral("ff00-0000-0000");
}

void TestSlug::fixGroups()
{
    QFETCH(QString, text);
    QFETCH(int, groups);
    QFETCH(QString, expected);
    QCOMPARE(gid::fixGroups(text, groups), expected);
}

void TestSlug::looseToInt_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("overflow");
    QTest::addColumn<quint64>("value");

    QTest::newRow("0x prefix") << QStringLiteral("0x10") << true << false << quint64(16);
    QTest::newRow("0X prefix") << QStringLiteral("0X10") << true << false << quint64(16);
    QTest::newRow("underscore") << QStringLiteral("1_0") << true << false << quint64(16);
    QTest::newRow("after prefix") << QStringLiteral("0x_f") << true << false << quint64(15);
    QTest::newRow("leading underscore") << QStringLiteral("_10") << false << false << quint64(0);
    QTest::newRow("double underscore") << QStringLiteral("1__0") << false << false << quint64(0);
    QTest::newRow("trailing underscore") << QStringLiteral("10_") << false << false << quint64(0);
    QTest::newRow("spaces") << QStringLiteral(" 1f\t") << true << false << quint64(31);
    QTest::newRow("plus") << QStringLiteral("+f") << true << false << quint64(15);
    QTest::newRow("prefix only") << QStringLiteral("0x") << false << false << quint64(0);
    QTest::newRow("empty") << QString() << false << false << quint64(0);
    QTest::newRow("dashes removed") << QStringLiteral("0000-0001") << true << false << quint64(1);
    QTest::newRow("minus removed") << QStringLiteral("-1") << true << false << quint64(1);
    QTest::newRow("upper") << QStringLiteral("ABCD") << true << false << quint64(0xabcd);
    QTest::newRow("non-hex") << QStringLiteral("zz") << false << false << quint64(0);
    QTest::newRow("inner space") << QStringLiteral("1 2") << false << false << quint64(0);
    QTest::newRow("arabic-indic digits") << QStringLiteral("\u0661\u0662") << true << false << quint64(0x12);
    QTest::newRow("fullwidth letter") << QStringLiteral("\uff21") << false << false << quint64(0);
    QTest::newRow("64 bits") << QStringLiteral("ffffffffffffffff") << true << false << ~quint64(0);
    QTest::newRow("65 bits") << QStringLiteral("10000000000000000") << false << true << quint64(0);
}

void TestSlug::looseToInt()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(bool, overflow);
    QFETCH(quint64, value);
    bool tooBig = false;
    const std::optional<quint64> parsed = gid::looseToInt(text, &tooBig);
    QCOMPARE(parsed.has_value(), valid);
    QCOMPARE(tooBig, overflow);
    if (valid)
        QCOMPARE(*parsed, value);
}

void TestSlug::mutatedInput()
{
    // Random edits of valid slugs: every parser must answer without crashing, and whatever a canonical
    // parser accepts must format back to the same text.
    const QString seeds[] = {QStringLiteral("p--0000-0001"),
                             QStringLiteral("d--0000-0000-0000-0001"),
                             QStringLiteral("b--0001-0000-0000-0123"),
                             QStringLiteral("v--0000-0001--5001"),
                             QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001"),
                             QStringLiteral("f--0000-0001----5001"),
                             QStringLiteral("t--0000-0000-0000-0001--0001")};
    const char16_t alphabet[] = u"-0123456789abcdefABCDEFxz_ \u00e9\uff10";
    QRandomGenerator random(20240601);
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        QString text = seeds[random.bounded(int(std::size(seeds)))];
        const int edits = 1 + random.bounded(3);
        for (int e = 0; e < edits; ++e) {
            const int pos = random.bounded(int(text.size()) + 1);
            const QChar c(alphabet[random.bounded(int(std::size(alphabet)) - 1)]);
            switch (random.bounded(3)) {
            case 0:
                text.insert(pos, c);
                break;
            case 1:
                if (pos < text.size())
                    text.remove(pos, 1);
                break;
            default:
                if (pos < text.size())
                    text[pos] = c;
                break;
            }
        }
        for (const QString &type : kTypes) {
            const std::optional<QString> formatted = parseAs(type, QStringView(text), nullptr);
            if (formatted) {
                QCOMPARE(*formatted, text);
                ++accepted;
            }
        }
        (void)DeviceSlug::fromLookup(text);
        (void)VariableSlug::fromLookup(text);
        (void)StreamSlug::fromLookup(text);
        (void)SdkGid::device(text);
        (void)SdkGid::block(text);
        (void)SdkGid::streamParts(text);
        (void)SdkGid::variable(text);
        (void)gid::looseToInt(text);
    }
    QVERIFY(accepted > 0);
}

QTEST_APPLESS_MAIN(TestSlug)
#include "tst_slug.moc"
