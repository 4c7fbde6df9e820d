#include "client/data/apitimeseriessource.h"
#include "client/data/bucketplan.h"
#include "client/data/demotimeseriessource.h"
#include "common/api/apiclient.h"
#include "common/util/isotime.h"
#include "tests/client/support/cannedhttpserver.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// Where chart and report values come from: the raw-or-buckets plan, the API source (stream/<slug>/data/ and
// the aggregate endpoint, served canned until the data API lands) and the demo source.
class TstTimeSeries : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();

    void plan_data();
    void plan();
    void rawPoints();
    void aggregateBuckets();
    void storedUnits();
    void allData();
    void failure();
    void cancel();
    void demoSource_data();
    void demoSource();

private:
    SeriesData load(TimeSeriesSource &source, const SeriesRequest &request, QString *error = nullptr);

    CannedHttpServer m_http;
    std::unique_ptr<api::ApiClient> m_api;
};

namespace {

const QString kStream = QStringLiteral("s--0000-0001--0000-0000-0000-0002--5001");
const QString kData = QStringLiteral("/api/v1/stream/%1/data/").arg(kStream);
const QString kAggregate = kData + QStringLiteral("aggregate/");

qint64 ms(const char *iso)
{
    return isotime::parse(QByteArrayView(iso)).value() / 1000;
}

QJsonObject point(const QString &timestamp, double value, double output)
{
    return {{"type", "Num"},
            {"timestamp", timestamp},
            {"int_value", int(value)},
            {"value", value},
            {"display_value", QString::number(output)},
            {"output_value", output},
            {"streamer_local_id", 0}};
}

QJsonObject bucket(const QString &timestamp, QJsonValue avg, QJsonValue min, QJsonValue max, int count)
{
    return {{"timestamp", timestamp}, {"avg", avg}, {"min", min}, {"max", max}, {"count", count}};
}

const QJsonObject kFahrenheit {{"slug", "out--temp--fahrenheit"},
                               {"unit_full", "Fahrenheit"},
                               {"unit_short", "F"},
                               {"m", 9},
                               {"d", 5},
                               {"o", 32.0},
                               {"decimal_places", 1},
                               {"derived_units", QJsonValue()}};

} // namespace

void TstTimeSeries::initTestCase()
{
    QVERIFY(m_http.listen());
    m_api = std::make_unique<api::ApiClient>();
    m_api->setBaseUrl(QUrl(m_http.baseUrl()));
    // Raw: one hour, two pages of two points.
    m_http.routeList(
        kData,
        {point("2024-01-01T10:00:00Z", 10, 50), point("2024-01-01T10:15:00Z", 11, 51.8),
         point("2024-01-01T10:30:00Z", 12, 53.6), point("2024-01-01T10:45:00Z", 13, 55.4)},
        2, {{"start", "2024-01-01T10:00:00Z"}, {"end", "2024-01-01T11:00:00Z"}, {"page_size", "10000"}});
    // Buckets: 30 days asks for 15-minute buckets.
    m_http.routeJson(
        "GET", kAggregate,
        QJsonObject {{"stream", kStream},
                     {"interval", "900"},
                     {"start", "2024-01-01T00:00:00Z"},
                     {"end", "2024-01-31T00:00:00Z"},
                     {"output_unit", kFahrenheit},
                     {"results",
                      QJsonArray {bucket("2024-01-01T00:00:00Z", 68.0, 50.0, 86.0, 90),
                                  bucket("2024-01-01T00:15:00Z", QJsonValue(), QJsonValue(), QJsonValue(), 0),
                                  bucket("2024-01-01T00:30:00Z", 32.0, 14.0, 50.0, 90)}}},
        200,
        {{"interval", "900"},
         {"fn", "avg,min,max,count"},
         {"start", "2024-01-01T00:00:00Z"},
         {"end", "2024-01-31T00:00:00Z"}});
    // All data: first and last point, then buckets over that span.
    m_http.routeJson("GET", kData,
                     QJsonObject {{"count", 500},
                                  {"next", QJsonValue()},
                                  {"previous", QJsonValue()},
                                  {"results", QJsonArray {point("2023-06-01T00:00:00Z", 1, 1)}}},
                     200, {{"page_size", "1"}});
    m_http.routeJson("GET", kData,
                     QJsonObject {{"count", 1},
                                  {"next", QJsonValue()},
                                  {"previous", QJsonValue()},
                                  {"results", QJsonArray {point("2024-06-01T00:00:00Z", 2, 2)}}},
                     200, {{"lastn", "1"}});
    m_http.routeJson("GET", kAggregate,
                     QJsonObject {{"stream", kStream},
                                  {"interval", "3h"},
                                  {"output_unit", QJsonValue()},
                                  {"results", QJsonArray {bucket("2023-06-01T00:00:00Z", 1.5, 1.0, 2.0, 7)}}},
                     200, {{"start", "2023-06-01T00:00:00Z"}, {"end", "2024-06-01T00:00:01Z"}});
    m_http.routeJson("GET", QStringLiteral("/api/v1/stream/s--forbidden/data/aggregate/"),
                     QJsonObject {{"detail", "You do not have permission to perform this action."}}, 403);
    m_http.route("GET", QStringLiteral("/api/v1/stream/s--slow/data/aggregate/"),
                 CannedHttpServer::Response {200, R"({"results": []})", 2000});
}

SeriesData TstTimeSeries::load(TimeSeriesSource &source, const SeriesRequest &request, QString *error)
{
    QSignalSpy loaded(&source, &TimeSeriesSource::loaded);
    QSignalSpy failed(&source, &TimeSeriesSource::failed);
    const quint64 ticket = source.load(request);
    for (int i = 0; i < 100 && loaded.isEmpty() && failed.isEmpty(); ++i)
        QTest::qWait(100);
    if (loaded.isEmpty() && failed.isEmpty()) {
        if (error)
            *error = QStringLiteral("no answer");
        return {};
    }
    if (!failed.isEmpty()) {
        if (error)
            *error = failed.first().at(1).toString();
        return {};
    }
    if (loaded.first().at(0).toULongLong() != ticket)
        qWarning("answer for another ticket");
    return loaded.first().at(1).value<SeriesData>();
}

void TstTimeSeries::plan_data()
{
    QTest::addColumn<qint64>("spanMs");
    QTest::addColumn<qint64>("interval");
    QTest::addColumn<QString>("parameter");
    const qint64 hour = 3600 * 1000;
    QTest::newRow("1h raw") << hour << qint64(0) << QString();
    QTest::newRow("6h raw") << 6 * hour << qint64(0) << QString();
    QTest::newRow("24h") << 24 * hour << qint64(60) << QStringLiteral("1m");
    QTest::newRow("7d") << 7 * 24 * hour << qint64(300) << QStringLiteral("5m");
    QTest::newRow("30d") << 30 * 24 * hour << qint64(900) << QStringLiteral("900");
    QTest::newRow("1y") << 365 * 24 * hour << qint64(3 * 3600) << QStringLiteral("10800");
    QTest::newRow("10y") << 3650 * 24 * hour << qint64(86400) << QStringLiteral("1d");
}

void TstTimeSeries::plan()
{
    QFETCH(qint64, spanMs);
    QFETCH(qint64, interval);
    QFETCH(QString, parameter);
    const BucketPlan p = BucketPlan::forSpan(spanMs);
    QCOMPARE(p.intervalSeconds(), interval);
    QCOMPARE(p.isRaw(), interval == 0);
    if (!p.isRaw()) {
        QCOMPARE(p.intervalParameter(), parameter);
        // What the brief asks: between about 1,000 and 4,000 buckets drawn.
        QVERIFY2(p.bucketCount(spanMs) >= 700 && p.bucketCount(spanMs) <= BucketPlan::kMaxBuckets,
                 qPrintable(QString::number(p.bucketCount(spanMs))));
    }
}

void TstTimeSeries::rawPoints()
{
    ApiTimeSeriesSource source(m_api.get());
    QSignalSpy progress(&source, &TimeSeriesSource::progress);
    SeriesRequest r {kStream, QStringLiteral("Temperature"), QStringLiteral("F"), ms("2024-01-01T10:00:00Z"),
                     ms("2024-01-01T11:00:00Z")};
    const SeriesData data = load(source, r);
    QVERIFY(!data.isAggregated());
    QCOMPARE(data.size(), 4);
    QCOMPARE(data.values.first(), QPointF(double(ms("2024-01-01T10:00:00Z")), 50.0)); // output units
    QCOMPARE(data.values.last().y(), 55.4);
    QCOMPARE(data.unit, QStringLiteral("F"));
    QCOMPARE(data.title(), QStringLiteral("Temperature (F)"));
    QCOMPARE(progress.size(), 2);
    QCOMPARE(progress.last().at(1).toLongLong(), qint64(4));
}

void TstTimeSeries::aggregateBuckets()
{
    ApiTimeSeriesSource source(m_api.get());
    SeriesRequest r {kStream, QStringLiteral("Temperature"), QString(), ms("2024-01-01T00:00:00Z"),
                     ms("2024-01-31T00:00:00Z")};
    const SeriesData data = load(source, r);
    QVERIFY(data.isAggregated());
    QCOMPARE(data.intervalSeconds, qint64(900));
    QCOMPARE(data.size(), 2); // the empty bucket is a gap, not a zero
    QCOMPARE(data.values[1], QPointF(double(ms("2024-01-01T00:30:00Z")), 32.0));
    QCOMPARE(data.minimum[0].y(), 50.0);
    QCOMPARE(data.maximum[0].y(), 86.0);
    QCOMPARE(data.counts, (QList<qint64> {90, 90}));
    QCOMPARE(data.unit, QStringLiteral("F")); // taken from the answer's output unit
}

void TstTimeSeries::storedUnits()
{
    ApiTimeSeriesSource source(m_api.get());
    source.setStoredUnits(true);
    SeriesRequest r {kStream, QStringLiteral("Temperature"), QStringLiteral("F"), ms("2024-01-01T00:00:00Z"),
                     ms("2024-01-31T00:00:00Z")};
    const SeriesData buckets = load(source, r);
    QCOMPARE(buckets.values[0].y(), 20.0); // (68 - 32) * 5 / 9
    QCOMPARE(buckets.values[1].y(), 0.0);
    QCOMPARE(buckets.minimum[0].y(), 10.0);
    QCOMPARE(buckets.unit, QString());
    r.startMs = ms("2024-01-01T10:00:00Z");
    r.endMs = ms("2024-01-01T11:00:00Z");
    const SeriesData raw = load(source, r);
    QCOMPARE(raw.values.first().y(), 10.0); // "value", not "output_value"
}

void TstTimeSeries::allData()
{
    ApiTimeSeriesSource source(m_api.get());
    m_http.clearRequests();
    const SeriesData data = load(source, SeriesRequest {kStream, QStringLiteral("T"), QString(), 0, 0});
    QCOMPARE(data.startMs, ms("2023-06-01T00:00:00Z"));
    QCOMPARE(data.endMs, ms("2024-06-01T00:00:01Z"));
    QCOMPARE(data.intervalSeconds, qint64(10800));
    QCOMPARE(data.size(), 1);
    QCOMPARE(m_http.requestsTo(kData).size(), 2);
    QCOMPARE(m_http.requestsTo(kAggregate).first().query.queryItemValue(QStringLiteral("interval")),
             QStringLiteral("10800"));
}

void TstTimeSeries::failure()
{
    ApiTimeSeriesSource source(m_api.get());
    QString error;
    load(source,
         SeriesRequest {QStringLiteral("s--forbidden"), QString(), QString(), 0, 365LL * 86400 * 1000},
         &error);
    QCOMPARE(error, QStringLiteral("You do not have permission to perform this action."));
}

void TstTimeSeries::cancel()
{
    ApiTimeSeriesSource source(m_api.get());
    QSignalSpy loaded(&source, &TimeSeriesSource::loaded);
    QSignalSpy failed(&source, &TimeSeriesSource::failed);
    const quint64 ticket =
        source.load(SeriesRequest {QStringLiteral("s--slow"), QString(), QString(), 0, 365LL * 86400 * 1000});
    QTest::qWait(100);
    source.cancel(ticket);
    QTest::qWait(300);
    QCOMPARE(loaded.size() + failed.size(), 0);
    QCOMPARE(m_api->requestsInFlight(), 0);
}

void TstTimeSeries::demoSource_data()
{
    QTest::addColumn<qint64>("spanMs");
    QTest::addColumn<qint64>("interval");
    QTest::addColumn<int>("points");
    QTest::newRow("hour of raw points") << qint64(3600 * 1000) << qint64(0) << 360;
    QTest::newRow("day of minutes") << qint64(86400 * 1000) << qint64(60) << 1440;
    QTest::newRow("year of 3h buckets") << qint64(365LL * 86400 * 1000) << qint64(10800) << 2920;
}

void TstTimeSeries::demoSource()
{
    QFETCH(qint64, spanMs);
    QFETCH(qint64, interval);
    QFETCH(int, points);
    DemoTimeSeriesSource source;
    const qint64 end = ms("2024-06-01T00:00:00Z");
    const SeriesData data =
        load(source, SeriesRequest {kStream, QStringLiteral("T"), QStringLiteral("C"), end - spanMs, end});
    QCOMPARE(data.intervalSeconds, interval);
    QCOMPARE(data.size(), points);
    QVERIFY(std::is_sorted(data.values.cbegin(), data.values.cend(),
                           [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); }));
    if (data.isAggregated()) {
        QCOMPARE(data.minimum.size(), data.size());
        for (qsizetype i = 0; i < data.size(); ++i)
            QVERIFY(data.minimum[i].y() <= data.values[i].y() && data.values[i].y() <= data.maximum[i].y());
    }
    // The same stream and time always give the same value.
    QCOMPARE(DemoTimeSeriesSource::valueAt(kStream, end), DemoTimeSeriesSource::valueAt(kStream, end));
}

QTEST_GUILESS_MAIN(TstTimeSeries)
#include "tst_timeseries.moc"
