#include "server/http/accesslog.h"
#include "tests/support/httpclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/testdatabase.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryFile>
#include <QTest>

#include <thread>
#include <vector>

using namespace iotile;
using namespace iotile::test;

namespace {

const QRegularExpression
    kLine(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3} info iotile\.access: (.*)$)"));

QStringList accessLines(const QByteArray &log)
{
    QStringList texts;
    for (const QByteArray &line : log.split('\n')) {
        const auto m = kLine.match(QString::fromUtf8(line));
        if (m.hasMatch())
            texts << m.captured(1);
    }
    return texts;
}

} // namespace

// The request log: written in batches by a thread of its own, every line whole, none lost or doubled,
// and the real server's requests show up in it shortly after they are answered.
class TstAccessLog : public QObject
{
    Q_OBJECT
private slots:
    void linesFromManyThreads_data();
    void linesFromManyThreads();
    void controlCharactersStayOnOneLine();
    void flushWritesWhatWasLogged();
    void serverLogsRequests();

private:
    TestDatabase m_database;
};

void TstAccessLog::linesFromManyThreads_data()
{
    QTest::addColumn<int>("threads");
    QTest::addColumn<int>("perThread");
    QTest::newRow("one thread") << 1 << 5000;
    QTest::newRow("four threads") << 4 << 5000;
    QTest::newRow("many short bursts") << 16 << 300;
}

void TstAccessLog::linesFromManyThreads()
{
    QFETCH(int, threads);
    QFETCH(int, perThread);
    QTemporaryFile file;
    QVERIFY(file.open());
    {
        AccessLog log(file.handle());
        std::vector<std::thread> writers;
        for (int t = 0; t < threads; ++t) {
            writers.emplace_back([&log, t, perThread] {
                for (int n = 0; n < perThread; ++n)
                    log.write(QByteArray("GET /t") + QByteArray::number(t) + " n" + QByteArray::number(n));
            });
        }
        for (std::thread &w : writers)
            w.join();
    } // the destructor writes what is pending
    QFile read(file.fileName());
    QVERIFY(read.open(QIODevice::ReadOnly));
    const QByteArray all = read.readAll();
    QVERIFY(all.endsWith('\n'));
    const QStringList texts = accessLines(all);
    QCOMPARE(texts.size(), threads * perThread);
    QCOMPARE(all.count('\n'), threads * perThread); // no line that fails the layout
    // Each thread's lines once each, in the order it wrote them.
    QList<int> next(threads, 0);
    const QRegularExpression text(QStringLiteral(R"(^GET /t(\d+) n(\d+)$)"));
    for (const QString &t : texts) {
        const auto m = text.match(t);
        QVERIFY2(m.hasMatch(), qPrintable(t));
        const int thread = m.captured(1).toInt();
        QCOMPARE(m.captured(2).toInt(), next[thread]);
        ++next[thread];
    }
}

void TstAccessLog::controlCharactersStayOnOneLine()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    {
        AccessLog log(file.handle());
        log.write("GET /a\nforged 200\r\x7f 404 0.10ms user=- ip=127.0.0.1");
    }
    QFile read(file.fileName());
    QVERIFY(read.open(QIODevice::ReadOnly));
    const QByteArray all = read.readAll();
    QCOMPARE(all.count('\n'), 1);
    QCOMPARE(accessLines(all),
             QStringList {QStringLiteral("GET /a?forged 200?? 404 0.10ms user=- ip=127.0.0.1")});
}

void TstAccessLog::flushWritesWhatWasLogged()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    AccessLog log(file.handle());
    for (int i = 0; i < 3; ++i) {
        const QByteArray text = "POST /api/v1/data/ 201 " + QByteArray::number(i);
        log.write(text);
        log.flush();
        QFile read(file.fileName());
        QVERIFY(read.open(QIODevice::ReadOnly));
        const QStringList texts = accessLines(read.readAll());
        QCOMPARE(texts.size(), i + 1);
        QCOMPARE(texts.last(), QString::fromLatin1(text));
    }
}

void TstAccessLog::serverLogsRequests()
{
    ServerProcess server(QStringLiteral(IOTILE_SERVER_BINARY));
    QVERIFY2(server.start({QStringLiteral("--database-url"), m_database.url(), QStringLiteral("--data-dir"),
                           m_database.dataDir(), QStringLiteral("--worker-threads"), QStringLiteral("0"),
                           QStringLiteral("--access-log"), QStringLiteral("true")}),
             server.log().constData());
    HttpClient client(server.baseUrl());
    QCOMPARE(client.get(QStringLiteral("/api/v1/health/")).status, 200);
    QCOMPARE(client.get(QStringLiteral("/api/v1/org/")).status, 401);
    QCOMPARE(client.get(QStringLiteral("/api/v1/no%0Asuch/")).status, 404);
    // Written by the log's thread within a moment, without waiting for the server to stop.
    const QRegularExpression health(
        QStringLiteral(R"(^GET /api/v1/health/ 200 \d+\.\d\dms user=- ip=127\.0\.0\.1$)"));
    QTRY_VERIFY_WITH_TIMEOUT(accessLines(server.log()).indexOf(health) >= 0, 5000);
    QCOMPARE(server.stop(), 0);
    const QStringList texts = accessLines(server.log());
    QCOMPARE(texts.size(), 3);
    QVERIFY2(texts.at(1).startsWith(QLatin1String("GET /api/v1/org/ 401 ")), qPrintable(texts.at(1)));
    QVERIFY2(texts.at(2).startsWith(QLatin1String("GET /api/v1/no?such/ 404 ")), qPrintable(texts.at(2)));
}

QTEST_GUILESS_MAIN(TstAccessLog)
#include "tst_accesslog.moc"
