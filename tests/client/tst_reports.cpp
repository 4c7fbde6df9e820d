#include "client/data/demotimeseriessource.h"
#include "client/reports/reportgenerator.h"
#include "client/reports/reportjob.h"
#include "client/reports/reportwriter.h"
#include "client/reports/seriesstatistics.h"
#include "client/reports/xlsxreportwriter.h"
#include "common/api/apierror.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace iotile;

// Local reports written on a worker thread and opened again: CSV parsed back, the XLSX container's sheet
// XML read (python3's zipfile), the PDF's pages counted and its text extracted (pdftotext, poppler-utils).
class TstReports : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();

    void statistics();
    void csv();
    void xlsx();
    void sheetNames_data();
    void sheetNames();
    void pdf();
    void progressAndResult_data();
    void progressAndResult();
    void cancel_data();
    void cancel();
    void generatorFetchesAndWrites();

private:
    static ReportData sample();
    static Status run(ReportWriter::Format format, const ReportData &data, const QString &path,
                      QList<int> *progress = nullptr);
    static QList<QStringList> parseCsv(const QByteArray &text);
    QByteArray zipMember(const QString &zip, const QString &member);
    QString tool(const QString &name);

    QTemporaryDir m_dir;
    static constexpr qint64 kStart = 1'704'067'200'000; // 2024-01-01T00:00:00Z
};

void TstReports::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

ReportData TstReports::sample()
{
    ReportData data;
    data.title = QStringLiteral("Cold chain, January");
    data.startMs = kStart;
    data.endMs = kStart + 86'400'000;
    data.generatedAt = QDateTime::fromMSecsSinceEpoch(kStart + 2 * 86'400'000, QTimeZone::utc());
    data.generatedBy = QStringLiteral("ann@example.com");
    data.server = QStringLiteral("https://cloud.example.com");
    SeriesData raw;
    raw.slug = QStringLiteral("s--0000-0001--0000-0000-0000-0001--5001");
    raw.label = QStringLiteral("Bay 3, temperature");
    raw.unit = QStringLiteral("°C");
    raw.startMs = data.startMs;
    raw.endMs = data.endMs;
    for (int i = 0; i < 1000; ++i)
        raw.values.append(QPointF(double(kStart + i * 60'000LL), 20.0 + (i % 10) * 0.5));
    SeriesData buckets;
    buckets.slug = QStringLiteral("s--0000-0001--0000-0000-0000-0001--5002");
    buckets.label = QStringLiteral("Humidity");
    buckets.unit = QStringLiteral("%");
    buckets.startMs = data.startMs;
    buckets.endMs = data.endMs;
    buckets.intervalSeconds = 3600;
    for (int i = 0; i < 24; ++i) {
        const double x = double(kStart + i * 3'600'000LL);
        buckets.values.append(QPointF(x, 50.0 + i));
        buckets.minimum.append(QPointF(x, 40.0 + i));
        buckets.maximum.append(QPointF(x, 60.0 + i));
        buckets.counts.append(60);
    }
    data.streams = {raw, buckets};
    return data;
}

Status TstReports::run(ReportWriter::Format format, const ReportData &data, const QString &path,
                       QList<int> *progress)
{
    ReportJob job;
    QSignalSpy finished(&job, &ReportJob::finished);
    QSignalSpy steps(&job, &ReportJob::progressChanged);
    job.start(data, format, path);
    if (!finished.wait(60000))
        return Error::detail(ErrorKind::Internal, QStringLiteral("timeout"));
    if (progress) {
        for (const QList<QVariant> &step : std::as_const(steps))
            progress->append(step.first().toInt());
    }
    return job.result();
}

QList<QStringList> TstReports::parseCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row.append(field);
            field.clear();
        } else if (c == QLatin1Char('\n')) {
            row.append(field);
            rows.append(row);
            row.clear();
            field.clear();
        } else if (c != QLatin1Char('\r')) {
            field += c;
        }
    }
    return rows;
}

QString TstReports::tool(const QString &name)
{
    return QStandardPaths::findExecutable(name);
}

QByteArray TstReports::zipMember(const QString &zip, const QString &member)
{
    QProcess python;
    python.start(
        tool(QStringLiteral("python3")),
        {QStringLiteral("-c"),
         QStringLiteral(
             "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))"),
         zip, member});
    python.waitForFinished(30000);
    return python.exitCode() == 0 ? python.readAllStandardOutput() : QByteArray();
}

void TstReports::statistics()
{
    const ReportData data = sample();
    const SeriesStatistics raw = SeriesStatistics::of(data.streams[0]);
    QCOMPARE(raw.points, qint64(1000));
    QCOMPARE(raw.minimum, std::optional<double>(20.0));
    QCOMPARE(raw.maximum, std::optional<double>(24.5));
    QCOMPARE(raw.mean, std::optional<double>(22.25));
    const SeriesStatistics buckets = SeriesStatistics::of(data.streams[1]);
    QCOMPARE(buckets.points, qint64(24 * 60));
    QCOMPARE(buckets.minimum, std::optional<double>(40.0)); // from the band, not the averages
    QCOMPARE(buckets.maximum, std::optional<double>(83.0));
    QCOMPARE(buckets.mean, std::optional<double>(61.5));
    QVERIFY(!SeriesStatistics::of(SeriesData()).mean);
}

void TstReports::csv()
{
    const QString path = m_dir.filePath(QStringLiteral("report.csv"));
    const Status status = run(ReportWriter::Format::Csv, sample(), path);
    QVERIFY2(status, qPrintable(status ? QString() : status.error().message()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QStringList> rows = parseCsv(file.readAll());
    QCOMPARE(rows.size(), 1 + 1000 + 24);
    QCOMPARE(rows[0],
             (QStringList {QStringLiteral("stream"), QStringLiteral("label"), QStringLiteral("unit"),
                           QStringLiteral("timestamp"), QStringLiteral("value"), QStringLiteral("min"),
                           QStringLiteral("max"), QStringLiteral("count")}));
    QCOMPARE(rows[1],
             (QStringList {QStringLiteral("s--0000-0001--0000-0000-0000-0001--5001"),
                           QStringLiteral("Bay 3, temperature"), QStringLiteral("°C"),
                           QStringLiteral("2024-01-01T00:00:00Z"), QStringLiteral("20"), QString(), QString(),
                           QString()}));
    QCOMPARE(rows[2][4], QStringLiteral("20.5"));
    QCOMPARE(
        rows[1001],
        (QStringList {QStringLiteral("s--0000-0001--0000-0000-0000-0001--5002"), QStringLiteral("Humidity"),
                      QStringLiteral("%"), QStringLiteral("2024-01-01T00:00:00Z"), QStringLiteral("50"),
                      QStringLiteral("40"), QStringLiteral("60"), QStringLiteral("60")}));
    QCOMPARE(rows.last()[3], QStringLiteral("2024-01-01T23:00:00Z"));
    QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
}

void TstReports::xlsx()
{
    if (tool(QStringLiteral("python3")).isEmpty())
        QSKIP("python3 reads the workbook's zip container");
    const QString path = m_dir.filePath(QStringLiteral("report.xlsx"));
    const Status status = run(ReportWriter::Format::Xlsx, sample(), path);
    QVERIFY2(status, qPrintable(status ? QString() : status.error().message()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(2), QByteArray("PK"));

    const QString workbook = QString::fromUtf8(zipMember(path, QStringLiteral("xl/workbook.xml")));
    QVERIFY(workbook.contains(QStringLiteral("name=\"Summary\"")));
    QVERIFY(workbook.contains(QStringLiteral("name=\"1 Bay 3, temperature\"")));
    QVERIFY(workbook.contains(QStringLiteral("name=\"2 Humidity\"")));

    // Constant-memory mode writes strings inline, so the sheet XML itself carries the text.
    const QString summary = QString::fromUtf8(zipMember(path, QStringLiteral("xl/worksheets/sheet1.xml")));
    QVERIFY(summary.contains(QStringLiteral("Cold chain, January")));
    QVERIFY(summary.contains(QStringLiteral("ann@example.com")));
    QVERIFY(summary.contains(QStringLiteral("<v>1000</v>"))); // points of the raw stream
    QVERIFY(summary.contains(QStringLiteral("<v>1440</v>"))); // 24 buckets of 60

    const QString raw = QString::fromUtf8(zipMember(path, QStringLiteral("xl/worksheets/sheet2.xml")));
    QCOMPARE(raw.count(QStringLiteral("<row ")), 1 + 1000);
    QVERIFY(raw.contains(QStringLiteral("Timestamp (UTC)")));
    QVERIFY(raw.contains(QStringLiteral("Value (°C)")));
    // 2024-01-01T00:00:00Z is Excel day 45292; the next minute is 1/1440 later.
    static const QRegularExpression secondRow(QStringLiteral(
        "<row r=\"2\"[^>]*><c r=\"A2\"[^>]*><v>([0-9.]+)</v></c><c r=\"B2\"[^>]*><v>([0-9.]+)</v>"));
    const QRegularExpressionMatch match = secondRow.match(raw);
    QVERIFY2(match.hasMatch(), qPrintable(raw.left(1500)));
    QCOMPARE(match.captured(1).toDouble(), 45292.0);
    QCOMPARE(match.captured(2).toDouble(), 20.0);

    const QString buckets = QString::fromUtf8(zipMember(path, QStringLiteral("xl/worksheets/sheet3.xml")));
    QCOMPARE(buckets.count(QStringLiteral("<row ")), 1 + 24);
    for (const QString &header : {QStringLiteral("Average (%)"), QStringLiteral("Minimum"),
                                  QStringLiteral("Maximum"), QStringLiteral("Count")})
        QVERIFY2(buckets.contains(header), qPrintable(header));
    QCOMPARE(XlsxReportWriter::excelDate(kStart + 43'200'000), 45292.5);
}

void TstReports::sheetNames_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<QStringList>("taken");
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << QStringLiteral("Humidity") << QStringList() << QStringLiteral("3 Humidity");
    QTest::newRow("forbidden characters")
        << QStringLiteral("a/b:c*d?[e]\\f") << QStringList() << QStringLiteral("3 a_b_c_d__e__f");
    QTest::newRow("too long") << QStringLiteral("A very long stream label that Excel would refuse")
                              << QStringList() << QStringLiteral("3 A very long stream label that");
    QTest::newRow("taken, other case")
        << QStringLiteral("Humidity") << QStringList {QStringLiteral("3 HUMIDITY")}
        << QStringLiteral("3 Humidity (2)");
    QTest::newRow("empty") << QStringLiteral("  ") << QStringList() << QStringLiteral("3 Stream");
}

void TstReports::sheetNames()
{
    QFETCH(QString, label);
    QFETCH(QStringList, taken);
    QFETCH(QString, name);
    const QString result = XlsxReportWriter::sheetName(label, 3, taken);
    QCOMPARE(result, name);
    QVERIFY(result.size() <= 31);
}

void TstReports::pdf()
{
    const QString path = m_dir.filePath(QStringLiteral("report.pdf"));
    const Status status = run(ReportWriter::Format::Pdf, sample(), path);
    QVERIFY2(status, qPrintable(status ? QString() : status.error().message()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    // A summary page and one page per stream; Qt writes the page objects uncompressed.
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page[^s]"));
    QCOMPARE(QString::fromLatin1(bytes).count(page), 3);
    QVERIFY(bytes.contains("/Subtype /Image")); // the chart pictures

    if (tool(QStringLiteral("pdfinfo")).isEmpty() || tool(QStringLiteral("pdftotext")).isEmpty())
        QSKIP("poppler-utils (pdfinfo, pdftotext) not installed: the text was not checked");
    QProcess info;
    info.start(tool(QStringLiteral("pdfinfo")), {path});
    QVERIFY(info.waitForFinished(30000));
    const QString infoText = QString::fromUtf8(info.readAllStandardOutput());
    QVERIFY2(infoText.contains(QRegularExpression(QStringLiteral("Pages:\\s+3\\b"))), qPrintable(infoText));
    QVERIFY(infoText.contains(QStringLiteral("Cold chain, January")));
    QProcess text;
    text.start(tool(QStringLiteral("pdftotext")), {QStringLiteral("-layout"), path, QStringLiteral("-")});
    QVERIFY(text.waitForFinished(30000));
    const QString content = QString::fromUtf8(text.readAllStandardOutput());
    const QStringList pages = content.split(QLatin1Char('\f'));
    QVERIFY(pages[0].contains(QStringLiteral("Cold chain, January")));
    QVERIFY(pages[0].contains(QStringLiteral("ann@example.com")));
    QVERIFY(pages[0].contains(QStringLiteral("Bay 3, temperature")));
    QVERIFY(pages[1].contains(QStringLiteral("Bay 3, temperature")));
    QVERIFY(pages[1].contains(QStringLiteral("Every recorded value.")));
    QVERIFY(pages[2].contains(QStringLiteral("Humidity")));
    QVERIFY(pages[2].contains(QStringLiteral("Averages over 1 hour")));
    QVERIFY(pages[2].contains(QStringLiteral("Minimum")));
}

void TstReports::progressAndResult_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("csv") << int(ReportWriter::Format::Csv);
    QTest::newRow("xlsx") << int(ReportWriter::Format::Xlsx);
    QTest::newRow("pdf") << int(ReportWriter::Format::Pdf);
}

void TstReports::progressAndResult()
{
    QFETCH(int, format);
    ReportData data = sample();
    // Enough rows for several progress steps.
    for (int i = 1000; i < 50000; ++i)
        data.streams[0].values.append(QPointF(double(kStart + i * 60'000LL), 1.0));
    const auto f = ReportWriter::Format(format);
    const QString path = m_dir.filePath(QStringLiteral("progress.") + ReportWriter::suffix(f));
    QList<int> progress;
    const Status status = run(f, data, path, &progress);
    QVERIFY(status);
    QVERIFY(!progress.isEmpty());
    QVERIFY(std::is_sorted(progress.cbegin(), progress.cend()));
    QCOMPARE(progress.last(), 1000);
    QVERIFY(QFileInfo(path).size() > 1000);
    // A directory that does not exist is an error, not a crash or a stray file.
    const Status missing =
        run(f, data, m_dir.filePath(QStringLiteral("no/such/dir/x.") + ReportWriter::suffix(f)));
    QVERIFY(!missing);
    QVERIFY(!missing.error().message().isEmpty());
}

void TstReports::cancel_data()
{
    progressAndResult_data();
}

void TstReports::cancel()
{
    QFETCH(int, format);
    const auto f = ReportWriter::Format(format);
    ReportData data = sample();
    SeriesData big = data.streams[0];
    big.values.clear();
    for (int i = 0; i < 3'000'000; ++i)
        big.values.append(QPointF(double(kStart + i * 1000LL), double(i % 100)));
    data.streams = {big, big, big, big, big, big, big, big};
    const QString path = m_dir.filePath(QStringLiteral("cancelled.") + ReportWriter::suffix(f));
    ReportJob job;
    QSignalSpy finished(&job, &ReportJob::finished);
    job.start(data, f, path);
    QVERIFY(job.isRunning());
    QTest::qWait(50);
    job.cancel();
    QVERIFY(finished.wait(60000));
    QVERIFY(!job.result());
    QVERIFY(api::ApiError::isCancelled(job.result().error()));
    // Nothing half-written stays behind.
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(path + QStringLiteral(".part")), 10000);
    QVERIFY(!QFile::exists(path));
}

void TstReports::generatorFetchesAndWrites()
{
    DemoTimeSeriesSource source;
    ReportGenerator generator(&source);
    QSignalSpy progress(&generator, &ReportGenerator::progressChanged);
    QSignalSpy finished(&generator, &ReportGenerator::finished);
    ReportGenerator::Request request;
    request.title = QStringLiteral("Demo");
    request.streams = {SeriesRequest {QStringLiteral("s--1"), QStringLiteral("One"), QStringLiteral("C")},
                       SeriesRequest {QStringLiteral("s--2"), QStringLiteral("Two"), QStringLiteral("%")}};
    request.startMs = kStart;
    request.endMs = kStart + 7 * 86'400'000LL;
    request.intervalSeconds = 3600;
    request.format = ReportWriter::Format::Csv;
    request.path = m_dir.filePath(QStringLiteral("generated.csv"));
    generator.start(request);
    QVERIFY(generator.isRunning());
    QVERIFY(finished.wait(30000));
    QVERIFY(finished.first().at(0).value<Status>());
    QCOMPARE(finished.first().at(1).toString(), request.path);
    QStringList phases;
    for (const QList<QVariant> &step : std::as_const(progress))
        phases.append(step.at(1).toString());
    QVERIFY(phases.contains(QStringLiteral("Fetching One…")));
    QVERIFY(phases.contains(QStringLiteral("Fetching Two…")));
    QVERIFY(phases.contains(QStringLiteral("Writing the report…")));
    QFile file(request.path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(parseCsv(file.readAll()).size(), 1 + 2 * 7 * 24);
}

QTEST_MAIN(TstReports)
#include "tst_reports.moc"
