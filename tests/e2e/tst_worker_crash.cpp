#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/worker/jobqueue.h"
#include "server/worker/jobregistry.h"
#include "server/worker/testactions.h"
#include "tests/support/testdatabase.h"

#include <QLoggingCategory>
#include <QProcess>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// The real iotile-server binary as `iotile-server worker`, killed with SIGKILL while jobs run, then
// started again: every job completes exactly once (no loss, no duplicate). The jobs are the test-only
// WorkerTestAction (registered because IOTILE_TEST_ACTIONS=1), which sleeps and then records its
// execution in the same transaction that marks the job done.
class TstWorkerCrash : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void killNineThenRestart();

private:
    void startWorker(QProcess &process);
    qint64 count(const char *sql);

    TestDatabase m_database;
    std::unique_ptr<ServerContext> m_context;
};

void TstWorkerCrash::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("iotile.worker.info=false"));
    registerTestActions(JobRegistry::global());
    ServerConfig config;
    config.dataDir = m_database.dataDir();
    config.databaseUrl = m_database.url();
    auto context = ServerContext::create(config, true);
    QVERIFY2(context, qPrintable(context ? QString() : context.error().message()));
    m_context = std::move(*context);
    auto db = m_context->db().connection();
    QVERIFY(db);
    QVERIFY(WorkerTestAction::ensureTable(**db));
}

void TstWorkerCrash::cleanupTestCase()
{
    if (m_context)
        m_context->closeThreadConnections();
    m_context.reset();
}

qint64 TstWorkerCrash::count(const char *sql)
{
    auto db = m_context->db().connection();
    auto n = (*db)->query(sql).scalarInt64();
    return n ? *n : -1;
}

void TstWorkerCrash::startWorker(QProcess &process)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("IOTILE_TEST_ACTIONS"), QStringLiteral("1"));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(IOTILE_SERVER_BINARY),
                  {QStringLiteral("worker"), QStringLiteral("--data-dir"), m_database.dataDir(),
                   QStringLiteral("--database-url"), m_database.url(), QStringLiteral("--worker-threads"),
                   QStringLiteral("4"), QStringLiteral("--worker-poll-ms"), QStringLiteral("50"),
                   QStringLiteral("--job-lease-seconds"), QStringLiteral("1"),
                   QStringLiteral("--shutdown-grace"), QStringLiteral("10")});
    QVERIFY(process.waitForStarted(10000));
}

void TstWorkerCrash::killNineThenRestart()
{
    constexpr int kJobs = 24;
    auto db = m_context->db().connection();
    QVERIFY(db);
    for (int i = 0; i < kJobs; ++i) {
        auto id = JobQueue::enqueue(**db, QStringLiteral("WorkerTestAction"),
                                    {{QStringLiteral("tag"), QStringLiteral("crash-%1").arg(i)},
                                     {QStringLiteral("sleep_ms"), 250},
                                     {QStringLiteral("atomic"), true}});
        QVERIFY(id);
    }

    QProcess first;
    startWorker(first);
    // Let it finish some jobs and be in the middle of others, then kill it without warning.
    QTRY_VERIFY_WITH_TIMEOUT(
        count("SELECT count(*) FROM jobs WHERE action = 'WorkerTestAction' AND status = 'done'") >= 4, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(
        count("SELECT count(*) FROM jobs WHERE action = 'WorkerTestAction' AND status = 'running'") >= 2,
        10000);
    first.kill(); // SIGKILL
    QVERIFY(first.waitForFinished(10000));
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);
    const qint64 interrupted =
        count("SELECT count(*) FROM jobs WHERE action = 'WorkerTestAction' AND status = 'running'");
    const qint64 doneAtKill =
        count("SELECT count(*) FROM jobs WHERE action = 'WorkerTestAction' AND status = 'done'");
    QVERIFY2(interrupted >= 1, qPrintable(QString::fromUtf8(first.readAll())));
    QVERIFY(doneAtKill < kJobs);
    qInfo("killed with %lld job(s) done and %lld running", doneAtKill, interrupted);

    QProcess second;
    startWorker(second);
    QTRY_VERIFY_WITH_TIMEOUT(
        count("SELECT count(*) FROM jobs WHERE action = 'WorkerTestAction' AND status = 'done'") == kJobs,
        60000);
    second.terminate(); // SIGTERM: a clean stop
    QVERIFY(second.waitForFinished(20000));
    const QByteArray log = second.readAll();
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QVERIFY2(second.exitCode() == 0, log.constData());

    // Every job ran to completion exactly once; the interrupted ones took a second attempt.
    QCOMPARE(count("SELECT count(*) FROM worker_test_executions"), qint64(kJobs));
    QCOMPARE(count("SELECT count(DISTINCT job_id) FROM worker_test_executions"), qint64(kJobs));
    QCOMPARE(count("SELECT count(*) FROM jobs WHERE action = 'WorkerTestAction' AND attempts = 2"),
             interrupted);
    QCOMPARE(count("SELECT count(*) FROM jobs WHERE action = 'WorkerTestAction' AND attempts > 2"),
             qint64(0));
    QCOMPARE(count("SELECT count(*) FROM worker_test_executions WHERE attempt = 2"), interrupted);
}

QTEST_GUILESS_MAIN(TstWorkerCrash)
#include "tst_worker_crash.moc"
