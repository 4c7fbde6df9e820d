#include "common/api/account.h"
#include "common/api/aggregateseries.h"
#include "common/api/configattribute.h"
#include "common/api/datapoint.h"
#include "common/api/device.h"
#include "common/api/genericproperty.h"
#include "common/api/jwtclaims.h"
#include "common/api/location.h"
#include "common/api/note.h"
#include "common/api/org.h"
#include "common/api/project.h"
#include "common/api/stream.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace iotile;
using namespace iotile::api;

// The plain value types of common/api read from the JSON the reference documents (api-domain.md,
// api-data.md), including the original's quirks (decimal strings for lat/lon, null units).
class TstWireTypes : public QObject
{
    Q_OBJECT
private slots:
    void org();
    void project();
    void device();
    void stream();
    void dataPoint();
    void aggregate();
    void intervalSeconds_data();
    void intervalSeconds();
    void propertyBodies_data();
    void propertyBodies();
    void notesLocationsConfig();
    void jwtClaims();

private:
    static QJsonObject object(const char *json);
};

QJsonObject TstWireTypes::object(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

void TstWireTypes::org()
{
    const Org o = Org::fromJson(object(R"({"id": "a1b2c3d4-0000-4000-8000-000000000001", "name": "My Org 1",
        "slug": "my-org-1", "ot": null, "about": "", "created_on": "2016-09-23T10:00:00.123456Z",
        "created_by": "user1", "avatar": {"tiny": "x", "thumbnail": "y"}, "domain_names": ["org2.com"]})"));
    QCOMPARE(o.slug, QStringLiteral("my-org-1"));
    QCOMPARE(o.name, QStringLiteral("My Org 1"));
    QCOMPARE(o.createdBy, QStringLiteral("user1"));
    QCOMPARE(o.createdOn, QDateTime(QDate(2016, 9, 23), QTime(10, 0, 0, 123), QTimeZone::utc()));
}

void TstWireTypes::project()
{
    const Project p =
        Project::fromJson(object(R"({"id": "6e1f7fcd-7dd9-4a5a-9b3c-2c3ad1d7c9a1", "name": "Plant",
        "slug": "p--0000-0001", "gid": "0000-0001", "org": "my-org-1", "about": "", "project_template": null,
        "created_on": "2017-01-01T00:00:00Z", "created_by": "user1"})"));
    QCOMPARE(p.id, QStringLiteral("6e1f7fcd-7dd9-4a5a-9b3c-2c3ad1d7c9a1"));
    QCOMPARE(p.slug, QStringLiteral("p--0000-0001"));
    QCOMPARE(p.org, QStringLiteral("my-org-1"));
}

void TstWireTypes::device()
{
    Device d = Device::fromJson(object(R"({"id": 1, "slug": "d--0000-0000-0000-0001", "gid": "0000-0000-0001",
        "label": "", "active": false, "external_id": "", "sg": "water-meter-v1-1-0", "template": "poc-v2-0-0",
        "org": "my-org-1", "project": "6e1f7fcd-7dd9-4a5a-9b3c-2c3ad1d7c9a1", "lat": "12.100000", "lon": null,
        "state": "N0", "busy": false, "created_on": "2017-01-01T00:00:00Z", "claimed_by": "user1",
        "claimed_on": null})"));
    QCOMPARE(d.id, qint64(1));
    QVERIFY(!d.active);
    QCOMPARE(d.lat, std::optional<double>(12.1));
    QVERIFY(!d.lon);
    QVERIFY(!d.claimedOn.isValid());
    QCOMPARE(d.displayName(), QStringLiteral("d--0000-0000-0000-0001"));
    d.label = QStringLiteral("Pump");
    QCOMPARE(d.displayName(), QStringLiteral("Pump"));
}

void TstWireTypes::stream()
{
    const Stream s =
        Stream::fromJson(object(R"({"id": "f0e1", "project_id": "6e1f", "project": "p--0000-0001",
        "device": "d--0000-0000-0000-0002", "block": null, "data_label": "", "variable": "v--0000-0001--5001",
        "var_type": "volume", "data_type": "D0", "var_name": "Flow", "var_lid": 20481,
        "input_unit": {"slug": "in--volume--gallons", "unit_full": "Gallons", "unit_short": "g", "m": 3785, "d": 1000, "o": 0.0},
        "output_unit": {"slug": "out--volume--liters", "unit_full": "Liters", "unit_short": "l", "m": 1, "d": 1, "o": 0.0,
                        "decimal_places": 2, "derived_units": {"flow": {"G/min": {"m": 1, "d": 1}}}},
        "derived_stream": null, "raw_value_format": "<L", "mdo_type": "S", "mdo_label": "",
        "multiplication_factor": 1, "division_factor": 1, "offset": 0.0, "org": "my-org-1",
        "created_on": "2017-01-01T00:00:00Z", "slug": "s--0000-0001--0000-0000-0000-0002--5001", "enabled": true})"));
    QCOMPARE(s.slug, QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001"));
    QCOMPARE(s.varLid, qint64(0x5001));
    QCOMPARE(s.displayName(), QStringLiteral("Flow"));
    QVERIFY(s.inputUnit);
    QCOMPARE(s.inputUnit->slug(), QStringLiteral("in--volume--gallons"));
    QCOMPARE(s.inputUnit->m(), qint64(3785));
    QVERIFY(s.outputUnit);
    QCOMPARE(s.outputUnit->decimalPlaces(), 2);
    QVERIFY(s.outputUnit->derivedUnits());
    QCOMPARE(s.unitShort(), QStringLiteral("l"));
    QVERIFY(!s.isEventStream());
    const Stream bare = Stream::fromJson(object(R"({"slug": "s--0000-0001--0000-0000-0000-0002--5002",
        "input_unit": null, "output_unit": null, "data_type": "E0"})"));
    QVERIFY(!bare.outputUnit);
    QCOMPARE(bare.unitShort(), QString());
    QCOMPARE(bare.displayName(), bare.slug);
    QVERIFY(bare.isEventStream());
}

void TstWireTypes::dataPoint()
{
    const DataPoint p = DataPoint::fromJson(object(R"({"type": "ITR", "timestamp": "2017-09-28T10:00:00Z",
        "int_value": 5, "value": 20.0, "display_value": "20.00", "output_value": 5.28,
        "streamer_local_id": 12})"));
    QCOMPARE(p.timestamp, isotime::parse(QStringLiteral("2017-09-28T10:00:00Z")).value());
    QCOMPARE(p.intValue, std::optional<qint64>(5));
    QCOMPARE(p.value, std::optional<double>(20.0));
    QCOMPARE(p.shownValue(), std::optional<double>(5.28));
    QCOMPARE(p.streamerLocalId, qint64(12));
    const DataPoint stored =
        DataPoint::fromJson(object(R"({"timestamp": "2017-09-28T10:00:01Z", "int_value": null,
        "value": 3.5, "output_value": null})"));
    QCOMPARE(stored.shownValue(), std::optional<double>(3.5));
    QVERIFY(!stored.intValue);
}

void TstWireTypes::aggregate()
{
    const AggregateSeries a =
        AggregateSeries::fromJson(object(R"({"stream": "s--0000-0001--0000-0000-0000-0002--5001",
        "interval": "1h", "start": "2024-01-01T00:00:00Z", "end": "2024-01-01T03:00:00Z",
        "output_unit": {"slug": "out--temp--celsius", "unit_full": "Celsius", "unit_short": "C", "m": 1, "d": 1, "o": 0,
                        "decimal_places": 1, "derived_units": null},
        "results": [{"timestamp": "2024-01-01T00:00:00Z", "avg": 20.5, "min": 19.0, "max": 22.0, "count": 60, "sum": 1230.0},
                    {"timestamp": "2024-01-01T01:00:00Z", "avg": null, "min": null, "max": null, "count": 0, "sum": null}]})"));
    QCOMPARE(a.interval, QStringLiteral("1h"));
    QCOMPARE(a.seconds, qint64(3600));
    QCOMPARE(a.end - a.start, 3 * 3600 * isotime::kMicrosPerSecond);
    QVERIFY(a.outputUnit);
    QCOMPARE(a.outputUnit->unitShort(), QStringLiteral("C"));
    QCOMPARE(a.buckets.size(), 2);
    QCOMPARE(a.buckets[0].avg, std::optional<double>(20.5));
    QCOMPARE(a.buckets[0].count, qint64(60));
    QCOMPARE(a.buckets[0].sum, std::optional<double>(1230.0));
    QVERIFY(!a.buckets[1].avg);
    // Numeric intervals come back as numbers or strings of seconds.
    QCOMPARE(AggregateSeries::fromJson(object(R"({"interval": 10800, "results": []})")).interval,
             QStringLiteral("10800"));
    // The server's own count of seconds wins over reading the text.
    QCOMPARE(
        AggregateSeries::fromJson(object(R"({"interval": "3h", "interval_seconds": 10800, "results": []})"))
            .seconds,
        qint64(10800));
}

void TstWireTypes::intervalSeconds_data()
{
    QTest::addColumn<QString>("interval");
    QTest::addColumn<qint64>("seconds");
    QTest::newRow("minute") << QStringLiteral("1m") << qint64(60);
    QTest::newRow("five minutes") << QStringLiteral("5m") << qint64(300);
    QTest::newRow("hour") << QStringLiteral("1h") << qint64(3600);
    QTest::newRow("day") << QStringLiteral("1d") << qint64(86400);
    QTest::newRow("seconds") << QStringLiteral("10800") << qint64(10800);
    QTest::newRow("seconds suffix") << QStringLiteral("30s") << qint64(30);
    QTest::newRow("garbage") << QStringLiteral("often") << qint64(0);
    QTest::newRow("empty") << QString() << qint64(0);
}

void TstWireTypes::intervalSeconds()
{
    QFETCH(QString, interval);
    QFETCH(qint64, seconds);
    QCOMPARE(AggregateSeries::intervalSeconds(interval), seconds);
}

void TstWireTypes::propertyBodies_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("str") << QStringLiteral("str") << QStringLiteral("Blue")
                         << QByteArray(R"({"name":"Color","str_value":"Blue"})");
    QTest::newRow("int") << QStringLiteral("int") << QStringLiteral(" 42 ")
                         << QByteArray(R"({"int_value":42,"name":"Color"})");
    QTest::newRow("bool true") << QStringLiteral("bool") << QStringLiteral("True")
                               << QByteArray(R"({"bool_value":true,"name":"Color"})");
    QTest::newRow("bool false") << QStringLiteral("bool") << QStringLiteral("no")
                                << QByteArray(R"({"bool_value":false,"name":"Color"})");
}

void TstWireTypes::propertyBodies()
{
    QFETCH(QString, type);
    QFETCH(QString, text);
    QFETCH(QByteArray, body);
    QCOMPARE(QJsonDocument(GenericProperty::newPropertyBody(QStringLiteral("Color"), type, text))
                 .toJson(QJsonDocument::Compact),
             body);
}

void TstWireTypes::notesLocationsConfig()
{
    const GenericProperty p = GenericProperty::fromJson(object(R"({"id": 3, "name": "Flag", "value": true,
        "type": "bool", "is_system": false, "target": "d--0000-0000-0000-0001"})"));
    QCOMPARE(p.valueText(), QStringLiteral("True"));
    const Note n = Note::fromJson(object(R"({"id": 7, "target": "d--0000-0000-0000-0001",
        "timestamp": "2020-02-02T02:02:02Z", "note": "Battery replaced", "type": "ui",
        "user_info": {"username": "@user1", "slug": "user1", "tiny_avatar": "x"}, "attachment": null})"));
    QCOMPARE(n.text, QStringLiteral("Battery replaced"));
    QCOMPARE(n.user, QStringLiteral("@user1"));
    const QJsonObject body =
        Note::createBody(QStringLiteral("d--0000-0000-0000-0001"),
                         QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9), QTimeZone::utc()), QStringLiteral("x"));
    QCOMPARE(body.value(QLatin1String("timestamp")).toString(), QStringLiteral("2024-05-06T07:08:09.000Z"));
    const Location l = Location::fromJson(object(R"({"id": 1, "timestamp": "2020-02-02T02:02:02Z",
        "target": "d--0000-0000-0000-0001", "lat": "47.376900", "lon": "-8.541700", "user": "user1"})"));
    QCOMPARE(l.lat, 47.3769);
    QCOMPARE(l.lon, -8.5417);
    const ConfigAttribute c =
        ConfigAttribute::fromJson(object(R"({"id": 9, "target": "^my-org-1", "name": ":classic:ui:x",
        "data": {"a": [1, 2]}, "updated_on": "2020-02-02T02:02:02Z"})"));
    QCOMPARE(c.dataText(), QStringLiteral(R"({"a":[1,2]})"));
    QCOMPARE(ConfigAttribute::upsertBody(QStringLiteral("^o"), QStringLiteral(":n"), 5)
                 .value(QLatin1String("data"))
                 .toInt(),
             5);
}

void TstWireTypes::jwtClaims()
{
    const QByteArray payload =
        QByteArray(
            R"({"user_id":4,"username":"ann","email":"ann@example.com","exp":1700000000,"orig_iat":1690000000})")
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const auto claims = JwtClaims::decode("eyJhbGciOiJIUzI1NiJ9." + payload + ".sig");
    QVERIFY(claims);
    QCOMPARE(claims->userId, qint64(4));
    QCOMPARE(claims->expiresAt, qint64(1700000000));
    QCOMPARE(claims->originalIssuedAt, qint64(1690000000));
    QVERIFY(!JwtClaims::decode("not a token"));
    QVERIFY(!JwtClaims::decode("a.!!!.c"));
}

QTEST_GUILESS_MAIN(TstWireTypes)
#include "tst_wiretypes.moc"
