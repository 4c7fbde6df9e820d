#include "common/util/isotime.h"
#include "server/store/database.h"
#include "server/store/userreportstore.h"
#include "server/worker/jobqueue.h"
#include "server/worker/periodicreportaction.h"
#include "tests/support/seed.h"
#include "tests/support/smtpsink.h"
#include "tests/support/testserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// User reports and generated reports over real HTTP: CRUD and rights, the GS -> G0 -> G1 flow run by the
// worker, each generator's file checked against the seeded points, downloads only for those allowed, the
// notification mail, and periodic reports queued for the period that ended.
class TstGenReport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void reportCrudAndRights();
    void reportValidation_data();
    void reportValidation();
    void generators_data();
    void generators();
    void downloadRights();
    void notificationMail();
    void periods_data();
    void periods();
    void periodicReport();
    void failureEndsInError();

private:
    QJsonObject createReport(const QString &generator, const QString &interval = QStringLiteral("x"));
    QJsonObject waitDone(const QString &id);
    QString csvOf(const QString &id);

    std::unique_ptr<SmtpSink> m_smtp;
    std::unique_ptr<TestServer> m_server;
    Account m_owner, m_member, m_operator, m_outsider, m_staff;
    Org m_org, m_other;
    Project m_project, m_otherProject;
    QString m_stream, m_stream2, m_otherStream;
    QString m_lastGenerated; // a completed HTML report
};

void TstGenReport::initTestCase()
{
    m_smtp = std::make_unique<SmtpSink>();
    const QString smtpUrl = m_smtp->url();
    m_server = std::make_unique<TestServer>([&](ServerConfig &c) { c.mailUrl = smtpUrl; });
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    m_member = m_server->createUser(QStringLiteral("member@example.com"), QStringLiteral("password1"));
    m_operator = m_server->createUser(QStringLiteral("operator@example.com"), QStringLiteral("password1"));
    m_outsider = m_server->createUser(QStringLiteral("outsider@example.com"), QStringLiteral("password1"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    Seed seed(*m_server);
    m_org = seed.org(QStringLiteral("Report Org"), m_owner);
    seed.member(m_org, m_member, QStringLiteral("m1"));
    seed.member(m_org, m_operator, QStringLiteral("r1"));
    m_other = seed.org(QStringLiteral("Other Org"), m_outsider);
    m_project = seed.project(m_org, QStringLiteral("Plant"), m_owner);
    m_otherProject = seed.project(m_other, QStringLiteral("Elsewhere"), m_outsider);
    const Variable v = seed.variable(m_project, 0x5001, QStringLiteral("Temp"));
    const Variable v2 = seed.variable(m_project, 0x5002, QStringLiteral("Level"));
    const Variable ov = seed.variable(m_otherProject, 0x5001, QStringLiteral("Temp"));
    const Device d = seed.claim(seed.device(0xa1), m_project, m_owner);
    const Device od = seed.claim(seed.device(0xa2), m_otherProject, m_outsider);
    m_stream = seed.stream(d, m_project, v).slug;
    m_stream2 = seed.stream(d, m_project, v2).slug;
    m_otherStream = seed.stream(od, m_otherProject, ov).slug;

    // Stream 1: 5 Jan 1, 2, 3; 6 Jan 10, 20; 8 Jan 100 (outside the reported range).
    // Stream 2: 5 Jan 7.
    const QList<std::tuple<QString, QString, int>> points {
        {m_stream, "2026-01-05T00:00:00Z", 1},  {m_stream, "2026-01-05T01:00:00Z", 2},
        {m_stream, "2026-01-05T02:00:00Z", 3},  {m_stream, "2026-01-06T00:00:00Z", 10},
        {m_stream, "2026-01-06T12:00:00Z", 20}, {m_stream, "2026-01-08T00:00:00Z", 100},
        {m_stream2, "2026-01-05T06:00:00Z", 7},
    };
    QJsonArray body;
    for (const auto &[stream, ts, value] : points)
        body.append(QJsonObject {{"stream", stream}, {"timestamp", ts}, {"int_value", value}});
    const HttpReply r = m_server->clientFor(m_owner)->post(QStringLiteral("/api/v1/data/"), body);
    QCOMPARE(r.status, 201);
}

void TstGenReport::cleanupTestCase()
{
    m_server.reset();
    m_smtp.reset();
}

QJsonObject TstGenReport::createReport(const QString &generator, const QString &interval)
{
    const HttpReply r = m_server->clientFor(m_owner)->post(
        QStringLiteral("/api/v1/report/"),
        QJsonObject {{"label", QStringLiteral("Report %1").arg(generator)},
                     {"org", m_org.slug},
                     {"generator", generator},
                     {"sources", QJsonArray {m_stream, m_stream2}},
                     {"notification_recipients", QJsonArray {"email:reader@example.com", "user:member"}},
                     {"interval", interval}});
    if (r.status != 201)
        qWarning() << r.status << r.body;
    return r.object();
}

QJsonObject TstGenReport::waitDone(const QString &id)
{
    auto client = m_server->clientFor(m_member);
    const QString path = QStringLiteral("/api/v1/report/generated/%1/").arg(id);
    QJsonObject last;
    for (int i = 0; i < 150; ++i) {
        last = client->get(path).object();
        const QString status = last.value("status").toString();
        if (status == QLatin1String("G1") || status == QLatin1String("GE"))
            return last;
        QTest::qWait(100);
    }
    return last;
}

QString TstGenReport::csvOf(const QString &id)
{
    return QString::fromUtf8(m_server->clientFor(m_member)
                                 ->get(QStringLiteral("/api/v1/report/generated/%1/download/").arg(id))
                                 .body);
}

void TstGenReport::reportCrudAndRights()
{
    const QJsonObject created = createReport(QStringLiteral("csv"));
    const qint64 id = created.value("id").toInteger();
    QVERIFY(id > 0);
    QCOMPARE(created.value("org").toString(), m_org.slug);
    QCOMPARE(created.value("generator").toString(), QStringLiteral("csv"));
    QCOMPARE(created.value("interval").toString(), QStringLiteral("x"));
    QCOMPARE(created.value("sources").toArray().size(), 2);
    QCOMPARE(created.value("created_by").toString(), m_owner.slug);
    QVERIFY(created.value("active").toBool());
    const QString path = QStringLiteral("/api/v1/report/%1/").arg(id);

    // Members read (can_access_reports); operators are members without it; others see nothing.
    QCOMPARE(m_server->clientFor(m_member)->get(path).status, 200);
    QCOMPARE(m_server->clientFor(m_operator)->get(path).status, 403);
    QCOMPARE(m_server->clientFor(m_outsider)->get(path).status, 404);
    QCOMPARE(m_server->anonymous()->get(path).status, 401);
    QCOMPARE(m_server->clientFor(m_staff)->get(path).status, 200);
    QVERIFY(m_server->clientFor(m_member)->get("/api/v1/report/").object().value("count").toInt() >= 1);
    QCOMPARE(m_server->clientFor(m_outsider)->get("/api/v1/report/").object().value("count").toInt(), 0);
    QCOMPARE(m_server->clientFor(m_operator)->get("/api/v1/report/").object().value("count").toInt(), 0);

    // Writes need can_create_reports (members m1 lack it).
    QCOMPARE(m_server->clientFor(m_member)->patch(path, QJsonObject {{"label", "x"}}).status, 403);
    QCOMPARE(m_server->clientFor(m_member)
                 ->post(QStringLiteral("/api/v1/report/"),
                        QJsonObject {{"label", "M"}, {"org", m_org.slug}, {"generator", "csv"}})
                 .status,
             403);
    const HttpReply patched =
        m_server->clientFor(m_owner)->patch(path, QJsonObject {{"label", "Renamed"}, {"interval", "w"}});
    QCOMPARE(patched.status, 200);
    QCOMPARE(patched.object().value("label").toString(), QStringLiteral("Renamed"));
    QCOMPARE(patched.object().value("interval").toString(), QStringLiteral("w"));
    QCOMPARE(patched.object().value("generator").toString(), QStringLiteral("csv"));
    QCOMPARE(m_server->clientFor(m_member)->post(path + "generate/", QJsonObject {}).status, 403);
    QCOMPARE(m_server->clientFor(m_owner)->del(path).status, 204);
    QCOMPARE(m_server->clientFor(m_owner)->get(path).status, 404);
}

void TstGenReport::reportValidation_data()
{
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<QString>("field");
    const QJsonObject ok {{"label", "L"}, {"org", "report-org"}, {"generator", "csv"}};
    auto with = [&](const char *key, const QJsonValue &v) {
        QJsonObject o = ok;
        o.insert(QLatin1String(key), v);
        return o;
    };
    auto without = [&](const char *key) {
        QJsonObject o = ok;
        o.remove(QLatin1String(key));
        return o;
    };
    QTest::newRow("no label") << without("label") << "label";
    QTest::newRow("long label") << with("label", QString(51, QLatin1Char('x'))) << "label";
    QTest::newRow("no generator") << without("generator") << "generator";
    QTest::newRow("bad generator") << with("generator", "pdf") << "generator";
    QTest::newRow("bad interval") << with("interval", "y") << "interval";
    QTest::newRow("config not object") << with("config", QJsonArray {1}) << "config";
    QTest::newRow("sources not list") << with("sources", "s--1") << "sources";
    QTest::newRow("bad slug") << with("sources", QJsonArray {"x--1"}) << "sources";
    QTest::newRow("unknown org") << with("org", "nope") << "org";
    QTest::newRow("recipients not list")
        << with("notification_recipients", "a@b.c") << "notification_recipients";
}

void TstGenReport::reportValidation()
{
    QFETCH(QJsonObject, body);
    QFETCH(QString, field);
    const HttpReply r = m_server->clientFor(m_owner)->post(QStringLiteral("/api/v1/report/"), body);
    QCOMPARE(r.status, 400);
    QVERIFY2(r.object().contains(field), r.body.constData());

    // A stream of another org is refused (its data would leak through the report).
    QJsonObject foreign = QJsonObject {
        {"label", "L"}, {"org", m_org.slug}, {"generator", "csv"}, {"sources", QJsonArray {m_otherStream}}};
    QCOMPARE(m_server->clientFor(m_owner)->post(QStringLiteral("/api/v1/report/"), foreign).status, 400);
    foreign.insert("sources", QJsonArray {m_otherProject.slug});
    QCOMPARE(m_server->clientFor(m_owner)->post(QStringLiteral("/api/v1/report/"), foreign).status, 400);
}

void TstGenReport::generators_data()
{
    QTest::addColumn<QString>("generator");
    QTest::newRow("csv") << "csv";
    QTest::newRow("xlsx") << "xlsx";
    QTest::newRow("html") << "html";
}

void TstGenReport::generators()
{
    QFETCH(QString, generator);
    const QJsonObject report = createReport(generator);
    const qint64 id = report.value("id").toInteger();
    QVERIFY(id > 0);
    const HttpReply queued = m_server->clientFor(m_owner)->post(
        QStringLiteral("/api/v1/report/%1/generate/").arg(id),
        QJsonObject {{"start", "2026-01-05T00:00:00Z"}, {"end", "2026-01-07T00:00:00Z"}});
    QCOMPARE(queued.status, 202);
    const QJsonObject g = queued.object();
    const QString uuid = g.value("id").toString();
    QVERIFY(!uuid.isEmpty());
    QVERIFY2(QStringList({"GS", "G0", "G1"}).contains(g.value("status").toString()), queued.body.constData());
    QCOMPARE(g.value("report").toInteger(), id);
    QCOMPARE(g.value("org").toString(), m_org.slug);
    QCOMPARE(g.value("source_ref").toString(), m_stream);
    QVERIFY(!g.value("created_on").toString().isEmpty());

    const QJsonObject done = waitDone(uuid);
    QCOMPARE(done.value("status").toString(), QStringLiteral("G1"));
    const QString url = done.value("url").toString();
    QVERIFY2(url.endsWith(QStringLiteral("/api/v1/report/generated/%1/download/").arg(uuid)),
             qPrintable(url));
    QCOMPARE(done.value("index_file").toObject().value("title").toString(),
             QStringLiteral("report.") + generator);
    // Listed for members, per report.
    const QJsonObject list = m_server->clientFor(m_member)
                                 ->get(QStringLiteral("/api/v1/report/generated/?report=%1").arg(id))
                                 .object();
    QCOMPARE(list.value("count").toInt(), 1);
    QCOMPARE(list.value("results").toArray().first().toObject().value("id").toString(), uuid);

    const HttpReply file =
        m_server->clientFor(m_member)->get(QStringLiteral("/api/v1/report/generated/%1/download/").arg(uuid));
    QCOMPARE(file.status, 200);
    if (generator == QLatin1String("csv")) {
        QVERIFY(file.header("content-type").startsWith("text/csv"));
        const QStringList lines = QString::fromUtf8(file.body).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QStringList expected {
            QStringLiteral("stream,timestamp,value"),
            m_stream + QStringLiteral(",2026-01-05T00:00:00Z,1"),
            m_stream + QStringLiteral(",2026-01-05T01:00:00Z,2"),
            m_stream + QStringLiteral(",2026-01-05T02:00:00Z,3"),
            m_stream + QStringLiteral(",2026-01-06T00:00:00Z,10"),
            m_stream + QStringLiteral(",2026-01-06T12:00:00Z,20"),
            m_stream2 + QStringLiteral(",2026-01-05T06:00:00Z,7"),
        };
        QCOMPARE(lines, expected);
    } else if (generator == QLatin1String("xlsx")) {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.xlsx"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(file.body);
        out.close();
        // Sheets in workbook order, each as rows of cell texts (shared strings resolved).
        const char *script = R"PY(
import sys, zipfile, json, re
import xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
book = ET.fromstring(z.read('xl/workbook.xml'))
out = []
for i, sheet in enumerate(book.find('m:sheets', ns).findall('m:sheet', ns), 1):
    root = ET.fromstring(z.read('xl/worksheets/sheet%d.xml' % i))
    rows = []
    for row in root.iter('{%s}row' % ns['m']):
        cells = []
        for c in row.findall('m:c', ns):
            v = c.find('m:v', ns)
            text = v.text if v is not None else ''
            if c.get('t') == 's':
                text = shared[int(text)]
            elif text and re.fullmatch(r'-?\d+(\.\d+)?', text) and float(text) == int(float(text)):
                text = str(int(float(text)))
            cells.append(text)
        rows.append(cells)
    out.append({'name': sheet.get('name'), 'rows': rows})
print(json.dumps(out))
)PY";
        QProcess python;
        python.start(QStringLiteral("python3"), {QStringLiteral("-c"), QString::fromUtf8(script), path});
        QVERIFY(python.waitForFinished(30000));
        QCOMPARE(python.exitCode(), 0);
        const QJsonArray sheets = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
        QCOMPARE(sheets.size(), 2);
        QCOMPARE(sheets[0].toObject().value("name").toString(), m_stream.right(31));
        const QJsonArray rows = sheets[0].toObject().value("rows").toArray();
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0].toArray(), (QJsonArray {"Day", "Count", "Min", "Max", "Average"}));
        QCOMPARE(rows[1].toArray(), (QJsonArray {"2026-01-05", "3", "1", "3", "2"}));
        QCOMPARE(rows[2].toArray(), (QJsonArray {"2026-01-06", "2", "10", "20", "15"}));
        const QJsonArray rows2 = sheets[1].toObject().value("rows").toArray();
        QCOMPARE(rows2.size(), 2);
        QCOMPARE(rows2[1].toArray(), (QJsonArray {"2026-01-05", "1", "7", "7", "7"}));
    } else {
        QVERIFY(file.header("content-type").startsWith("text/html"));
        const QString html = QString::fromUtf8(file.body);
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        QCOMPARE(html.count(QLatin1String("<svg")), 2);
        QVERIFY(html.contains(QLatin1String("<polyline")));
        QVERIFY(html.contains(
            QLatin1String("<tr><td>2026-01-05</td><td>3</td><td>1</td><td>3</td><td>2</td></tr>")));
        QVERIFY(html.contains(
            QLatin1String("<tr><td>2026-01-06</td><td>2</td><td>10</td><td>20</td><td>15</td></tr>")));
        QVERIFY(html.contains(
            QLatin1String("<tr><td>2026-01-05</td><td>1</td><td>7</td><td>7</td><td>7</td></tr>")));
        QVERIFY(!html.contains(QLatin1String("2026-01-08"))); // outside the range
        // Stand-alone: nothing loaded from elsewhere.
        QVERIFY(!html.contains(QLatin1String("src=")));
        QVERIFY(!html.contains(QLatin1String("<link")));
        m_lastGenerated = uuid;
    }
}

void TstGenReport::downloadRights()
{
    QVERIFY(!m_lastGenerated.isEmpty());
    const QString path = QStringLiteral("/api/v1/report/generated/%1/").arg(m_lastGenerated);
    for (const QString &p : {path, path + QStringLiteral("download/")}) {
        QCOMPARE(m_server->clientFor(m_member)->get(p).status, 200);
        QCOMPARE(m_server->clientFor(m_staff)->get(p).status, 200);
        QCOMPARE(m_server->clientFor(m_outsider)->get(p).status, 404);
        QCOMPARE(m_server->clientFor(m_operator)->get(p).status, 403);
        QCOMPARE(m_server->anonymous()->get(p).status, 401);
    }
    QCOMPARE(
        m_server->clientFor(m_outsider)->get("/api/v1/report/generated/").object().value("count").toInt(), 0);
    QCOMPARE(m_server->clientFor(m_outsider)
                 ->get("/api/v1/report/generated/?staff=1")
                 .object()
                 .value("count")
                 .toInt(),
             0);
    QVERIFY(
        m_server->clientFor(m_staff)->get("/api/v1/report/generated/?staff=1").object().value("count").toInt()
        >= 3);
    QCOMPARE(m_server->clientFor(m_outsider)->get("/api/v1/report/generated/not-a-uuid/").status, 404);
    // Deleting needs can_create_reports; the file goes with the row.
    QCOMPARE(m_server->clientFor(m_member)->del(path).status, 403);
    QCOMPARE(m_server->clientFor(m_owner)->del(path).status, 204);
    QCOMPARE(m_server->clientFor(m_owner)->get(path + QStringLiteral("download/")).status, 404);
}

void TstGenReport::notificationMail()
{
    // Each generated report mailed its recipients a link (never the file).
    QTRY_VERIFY_WITH_TIMEOUT(m_smtp->messages().size() >= 3, 10000);
    bool found = false;
    for (const SmtpSink::Message &m : m_smtp->messages()) {
        if (!m.subject().contains(QLatin1String("Report xlsx")))
            continue;
        found = true;
        QVERIFY(m.recipients.contains("reader@example.com"));
        QVERIFY(m.recipients.contains("member@example.com"));
        QVERIFY2(
            QRegularExpression(
                QStringLiteral("http://127\\.0\\.0\\.1:\\d+/api/v1/report/generated/[0-9a-f-]{36}/download/"))
                .match(m.text())
                .hasMatch(),
            qPrintable(m.text()));
        QVERIFY(!m.data.contains("Content-Disposition: attachment"));
    }
    QVERIFY(found);
}

void TstGenReport::periods_data()
{
    QTest::addColumn<QString>("period");
    QTest::addColumn<QString>("now");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("end");
    QTest::newRow("daily") << "d"
                           << "2026-01-06T05:00:00Z"
                           << "2026-01-05T00:00:00Z"
                           << "2026-01-06T00:00:00Z";
    QTest::newRow("weekly midweek") << "w"
                                    << "2026-01-07T05:00:00Z"
                                    << "2025-12-28T00:00:00Z"
                                    << "2026-01-04T00:00:00Z";
    QTest::newRow("weekly sunday") << "w"
                                   << "2026-01-04T00:00:00Z"
                                   << "2025-12-28T00:00:00Z"
                                   << "2026-01-04T00:00:00Z";
    QTest::newRow("monthly") << "m"
                             << "2026-01-06T05:00:00Z"
                             << "2025-12-01T00:00:00Z"
                             << "2026-01-01T00:00:00Z";
}

void TstGenReport::periods()
{
    QFETCH(QString, period);
    QFETCH(QString, now);
    QFETCH(QString, start);
    QFETCH(QString, end);
    const auto range = PeriodicReportAction::lastPeriod(period, *isotime::parse(now));
    QVERIFY(range);
    QCOMPARE(isotime::toString(range->first), start);
    QCOMPARE(isotime::toString(range->second), end);
}

void TstGenReport::periodicReport()
{
    const QJsonObject report = createReport(QStringLiteral("csv"), QStringLiteral("d"));
    const qint64 id = report.value("id").toInteger();
    QVERIFY(id > 0);
    // The scheduler's hourly run, as of 6 Jan 05:00 UTC (twice: a period is queued once).
    Seed seed(*m_server);
    for (int i = 0; i < 2; ++i) {
        auto job = JobQueue::enqueue(seed.db(), QStringLiteral("PeriodicReportAction"),
                                     QJsonObject {{"now", "2026-01-06T05:00:00Z"}});
        QVERIFY(job);
        const QString path = QStringLiteral("/api/v1/report/generated/?report=%1").arg(id);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->clientFor(m_member)->get(path).object().value("count").toInt(), 1,
                                  10000);
        QTest::qWait(i == 0 ? 0 : 1500);
        QCOMPARE(m_server->clientFor(m_member)->get(path).object().value("count").toInt(), 1);
    }
    const QJsonObject g = m_server->clientFor(m_member)
                              ->get(QStringLiteral("/api/v1/report/generated/?report=%1").arg(id))
                              .object()
                              .value("results")
                              .toArray()
                              .first()
                              .toObject();
    QCOMPARE(g.value("start").toString(), QStringLiteral("2026-01-05T00:00:00Z"));
    QCOMPARE(g.value("end").toString(), QStringLiteral("2026-01-06T00:00:00Z"));
    const QJsonObject done = waitDone(g.value("id").toString());
    QCOMPARE(done.value("status").toString(), QStringLiteral("G1"));
    const QStringList lines = csvOf(g.value("id").toString()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5); // header + 3 points of stream 1 + 1 of stream 2 on 5 Jan
    QCOMPARE(m_server->clientFor(m_member)
                 ->get(QStringLiteral("/api/v1/report/%1/").arg(id))
                 .object()
                 .value("last_period_end"),
             QJsonValue(QStringLiteral("2026-01-06T00:00:00Z")));
}

void TstGenReport::failureEndsInError()
{
    // A generation that cannot succeed ends in GE with the reason, and offers no file.
    Seed seed(*m_server);
    GeneratedReport g;
    g.label = QStringLiteral("Broken");
    g.orgId = m_org.id;
    g.generator = QStringLiteral("pdf"); // no such generator (the API refuses it; a stale row may hold one)
    g.sources = QStringList {m_stream};
    g.createdBy = m_owner.id;
    auto created = UserReportStore(seed.db()).createGenerated(g);
    QVERIFY(created);
    QVERIFY(JobQueue::enqueue(seed.db(), QStringLiteral("GenerateReportAction"),
                              QJsonObject {{"report", created->id}}));
    const QJsonObject done = waitDone(created->id);
    QCOMPARE(done.value("status").toString(), QStringLiteral("GE"));
    QVERIFY(done.value("error").toString().contains(QLatin1String("pdf")));
    QVERIFY(done.value("url").isNull());
    QCOMPARE(m_server->clientFor(m_member)
                 ->get(QStringLiteral("/api/v1/report/generated/%1/download/").arg(created->id))
                 .status,
             404);
}

QTEST_GUILESS_MAIN(TstGenReport)
#include "tst_genreport.moc"
