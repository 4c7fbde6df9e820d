#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/store/jobstore.h"
#include "server/worker/jobqueue.h"
#include "server/worker/jobregistry.h"
#include "server/worker/testactions.h"
#include "server/worker/workerpool.h"
#include "tests/support/testdatabase.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSet>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// Worker threads against the real queue: many threads and two "processes" (separate server contexts on
// one database) executing the same jobs, the wake-up on enqueue, recovery from a lost worker, graceful
// stop, and the scheduler across processes.
class TstWorkerPool : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void threadsRunEveryJobExactlyOnce();
    void twoProcessesShareTheQueue();
    void enqueueWakesIdleWorkers();
    void deadWorkersJobIsRecovered();
    void gracefulStopFinishesRunningJobs();
    void stopAfterGraceLetsTheLeaseExpire();
    void schedulerAcrossProcesses();

private:
    std::unique_ptr<ServerContext> makeContext();
    SqlConnection &db();
    WorkerOptions options(int threads);
    QList<qint64> enqueueMany(int count, const QJsonObject &extra = {});
    qint64 countWhere(const char *sql);
    bool allDone(); // every job of the test

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerContext> m_context;
};

std::unique_ptr<ServerContext> TstWorkerPool::makeContext()
{
    ServerConfig config;
    config.dataDir = m_database->dataDir();
    config.databaseUrl = m_database->url();
    config.passwordIterations = 1000;
    auto context = ServerContext::create(config, true);
    if (!context)
        qFatal("context: %s", qPrintable(context.error().message()));
    return std::move(*context);
}

void TstWorkerPool::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral(
        "iotile.*.debug=false\niotile.db.info=false\niotile.worker.info=false\niotile.worker.warning=false"));
    registerTestActions(JobRegistry::global());
    m_database = std::make_unique<TestDatabase>();
    m_context = makeContext();
    QVERIFY(WorkerTestAction::ensureTable(db()));
}

void TstWorkerPool::cleanupTestCase()
{
    m_context->closeThreadConnections();
    m_context.reset();
    m_database.reset();
}

// One database for the whole suite (creating one per test is slow on PostgreSQL): each test starts with
// empty queue tables.
void TstWorkerPool::init()
{
    for (const char *table : {"jobs", "scheduled_jobs", "worker_test_executions"})
        QVERIFY(db().execOnce(QStringLiteral("DELETE FROM %1").arg(QLatin1String(table))));
    WorkerTestAction::duplicates() = 0;
}

void TstWorkerPool::cleanup()
{
    QCOMPARE(WorkerTestAction::duplicates().load(), 0);
}

SqlConnection &TstWorkerPool::db()
{
    auto c = m_context->db().connection();
    if (!c)
        qFatal("db: %s", qPrintable(c.error().message()));
    return **c;
}

WorkerOptions TstWorkerPool::options(int threads)
{
    WorkerOptions o;
    o.threads = threads;
    o.pollMs = 50;
    o.runner.leaseMs = 2000;
    o.runner.backoffBaseMs = 10;
    o.runner.backoffMaxMs = 50;
    o.runScheduler = false;
    return o;
}

QList<qint64> TstWorkerPool::enqueueMany(int count, const QJsonObject &extra)
{
    QList<qint64> ids;
    Transaction tx(db());
    for (int i = 0; i < count; ++i) {
        QJsonObject args = extra;
        args.insert(QStringLiteral("tag"), QStringLiteral("job-%1").arg(i));
        auto id = JobQueue::enqueue(db(), QStringLiteral("WorkerTestAction"), args);
        if (!id)
            qFatal("enqueue: %s", qPrintable(id.error().message()));
        ids << *id;
    }
    if (!tx.commit())
        qFatal("commit failed");
    return ids;
}

qint64 TstWorkerPool::countWhere(const char *sql)
{
    return *db().query(sql).scalarInt64();
}

bool TstWorkerPool::allDone()
{
    return countWhere("SELECT count(*) FROM jobs WHERE status <> 'done'") == 0;
}

void TstWorkerPool::threadsRunEveryJobExactlyOnce()
{
    enqueueMany(200);
    WorkerPool pool(*m_context, options(6));
    pool.start();
    QTRY_VERIFY_WITH_TIMEOUT(allDone(), 60000);
    QVERIFY(pool.stop(5000));
    QCOMPARE(countWhere("SELECT count(*) FROM worker_test_executions"), qint64(200));
    QCOMPARE(countWhere("SELECT count(DISTINCT job_id) FROM worker_test_executions"), qint64(200));
    QCOMPARE(countWhere("SELECT count(*) FROM jobs WHERE attempts <> 1"), qint64(0));
    // Several threads took part.
    QVERIFY(countWhere("SELECT count(DISTINCT worker) FROM worker_test_executions") >= 1);
}

void TstWorkerPool::twoProcessesShareTheQueue()
{
    // Jobs that take a moment, so both processes are busy at once; half record atomically.
    enqueueMany(60, {{QStringLiteral("sleep_ms"), 5}});
    enqueueMany(60, {{QStringLiteral("sleep_ms"), 5}, {QStringLiteral("atomic"), true}});
    std::unique_ptr<ServerContext> second = makeContext();
    WorkerPool a(*m_context, options(3));
    WorkerPool b(*second, options(3));
    QVERIFY(a.workerId() != b.workerId());
    a.start();
    b.start();
    QTRY_VERIFY_WITH_TIMEOUT(allDone(), 60000);
    QVERIFY(a.stop(5000));
    QVERIFY(b.stop(5000));
    second.reset();
    QCOMPARE(countWhere("SELECT count(*) FROM worker_test_executions"), qint64(120));
    QCOMPARE(countWhere("SELECT count(*) FROM jobs WHERE attempts <> 1"), qint64(0));
    // Both processes did work (each job records the claiming worker's id).
    SqlQuery q = db().query("SELECT worker, count(*) FROM worker_test_executions GROUP BY worker");
    QVERIFY(q.exec());
    QSet<QString> workers;
    while (q.next())
        workers << q.text(0);
    QCOMPARE(workers.size(), 2);
}

void TstWorkerPool::enqueueWakesIdleWorkers()
{
    WorkerOptions o = options(2);
    o.pollMs = 60000; // only a wake-up can make this quick
    WorkerPool pool(*m_context, o);
    pool.start();
    QTest::qWait(100); // the threads are asleep now
    QElapsedTimer timer;
    timer.start();
    auto id = JobQueue::enqueue(db(), QStringLiteral("WorkerTestAction"),
                                {{QStringLiteral("tag"), QStringLiteral("wake")}});
    QVERIFY(id);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(), 10000);
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));

    // Queued inside a transaction that commits a little later: the workers look again shortly after.
    timer.restart();
    {
        Transaction tx(db());
        QVERIFY(JobQueue::enqueue(db(), QStringLiteral("WorkerTestAction"),
                                  {{QStringLiteral("tag"), QStringLiteral("late")}}));
        QTest::qWait(30);
        QVERIFY(tx.commit());
    }
    QTRY_VERIFY_WITH_TIMEOUT(allDone(), 10000);
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(pool.stop(5000));
}

void TstWorkerPool::deadWorkersJobIsRecovered()
{
    enqueueMany(3, {{QStringLiteral("atomic"), true}});
    // A worker of another process claimed one job with a short lease and was killed.
    const qint64 now = isotime::now();
    auto claimed = JobStore(db()).claim(QStringLiteral("killed:1:dead"), now, now + 300'000);
    QVERIFY(claimed && *claimed);
    WorkerOptions o = options(2);
    o.runner.leaseMs = 200;
    WorkerPool pool(*m_context, o);
    pool.start();
    QTRY_VERIFY_WITH_TIMEOUT(allDone(), 10000);
    QVERIFY(pool.stop(5000));
    QCOMPARE(countWhere("SELECT count(*) FROM worker_test_executions"), qint64(3));
    auto j = JobStore(db()).byId((*claimed)->id);
    QCOMPARE((*j)->attempts, 2);
    QVERIFY((*j)->lastError.contains(QLatin1String("lease expired: worker killed:1:dead")));
}

void TstWorkerPool::gracefulStopFinishesRunningJobs()
{
    enqueueMany(2, {{QStringLiteral("sleep_ms"), 400}});
    WorkerPool pool(*m_context, options(2));
    pool.start();
    QTRY_COMPARE_WITH_TIMEOUT(pool.runningJobs(), 2, 5000);
    QVERIFY(pool.stop(5000));
    QVERIFY(allDone());
    QCOMPARE(countWhere("SELECT count(*) FROM worker_test_executions"), qint64(2));
}

void TstWorkerPool::stopAfterGraceLetsTheLeaseExpire()
{
    // The job outlives the grace period: the first process lets it go; its lease (not renewed any more)
    // expires and a second process runs it. The first attempt's late, atomic completion is refused.
    enqueueMany(1, {{QStringLiteral("sleep_ms"), 1200}, {QStringLiteral("atomic"), true}});
    WorkerOptions o = options(1);
    o.runner.leaseMs = 300;
    auto first = std::make_unique<WorkerPool>(*m_context, o);
    first->start();
    QTRY_COMPARE_WITH_TIMEOUT(first->runningJobs(), 1, 5000);
    QVERIFY(!first->stop(100));
    std::unique_ptr<ServerContext> second = makeContext();
    WorkerPool rescuer(*second, o);
    rescuer.start();
    QTRY_VERIFY_WITH_TIMEOUT(allDone(), 15000);
    first.reset(); // waits for the abandoned attempt's thread
    QVERIFY(rescuer.stop(5000));
    second.reset();
    QCOMPARE(countWhere("SELECT count(*) FROM worker_test_executions"), qint64(1));
    QCOMPARE(countWhere("SELECT attempts FROM jobs"), qint64(2));
}

void TstWorkerPool::schedulerAcrossProcesses()
{
    std::unique_ptr<ServerContext> second = makeContext();
    const ScheduledAction entry {QStringLiteral("often"), QStringLiteral("WorkerTestAction"), 400,
                                 QJsonObject {{QStringLiteral("tag"), QStringLiteral("often")}}};
    WorkerOptions o = options(2);
    o.runScheduler = true;
    WorkerPool a(*m_context, o);
    WorkerPool b(*second, o);
    a.scheduler().add(entry);
    b.scheduler().add(entry);
    QElapsedTimer timer;
    timer.start();
    a.start();
    b.start();
    QTest::qWait(1900);
    QVERIFY(a.stop(5000));
    QVERIFY(b.stop(5000));
    const qint64 elapsedMs = timer.elapsed();
    second.reset();
    // One job per period: at least the first few periods ran, never more than the periods that passed,
    // each period's dedup key once.
    const qint64 jobs = countWhere("SELECT count(*) FROM jobs WHERE action = 'WorkerTestAction'");
    QVERIFY2(jobs >= 2 && jobs <= elapsedMs / 400 + 1, qPrintable(QString::number(jobs)));
    QCOMPARE(countWhere("SELECT count(DISTINCT dedup_key) FROM jobs WHERE action = 'WorkerTestAction'"),
             jobs);
    QCOMPARE(countWhere("SELECT count(*) FROM worker_test_executions"),
             countWhere("SELECT count(*) FROM jobs WHERE action = 'WorkerTestAction' AND status = 'done'"));
    // The built-in purge ran once, whichever process got there first.
    QCOMPARE(countWhere("SELECT count(*) FROM jobs WHERE action = 'PurgeAction'"), qint64(1));
}

QTEST_GUILESS_MAIN(TstWorkerPool)
#include "tst_workerpool.moc"
