#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/store/jobstore.h"
#include "server/worker/jobqueue.h"
#include "server/worker/jobregistry.h"
#include "server/worker/jobrunner.h"
#include "server/worker/leasekeeper.h"
#include "server/worker/scheduler.h"
#include "server/worker/testactions.h"
#include "tests/support/testdatabase.h"

#include <QLoggingCategory>
#include <QTest>
#include <QThread>

using namespace iotile;
using namespace iotile::test;

// The job queue on one thread, step by step: enqueue, claim, outcomes, retries and backoff, the dead
// letter, argument checks, dedup, leases, the scheduler's compare-and-set. No worker threads here
// (tst_workerpool runs those), so every step is deterministic.
class TstWorker : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void enqueueClaimExecuteDone();
    void enqueueRespectsTransaction();
    void softErrorRetriesWithBackoffThenDeadLetter();
    void softErrorThenSuccess();
    void hardErrorGoesToDeadLetterAtOnce();
    void argumentValidation_data();
    void argumentValidation();
    void invalidStoredJobsFailHard();
    void backoff_data();
    void backoff();
    void dedupKey();
    void priorityAndDelay();
    void expiredLeaseIsClaimedAgain();
    void expiredLeaseOnLastAttemptIsDeadLetter();
    void leaseRenewal();
    void atomicCompletionRollsBackWhenClaimLost();
    void pingAndPurge();
    void schedulerRunsOncePerPeriodAcrossContexts();

private:
    std::unique_ptr<ServerContext> makeContext();
    SqlConnection &db();
    qint64 enqueue(const QJsonObject &args, const EnqueueOptions &options = {});
    Job job(qint64 id);
    qint64 executions(qint64 jobId);
    void makeDue(qint64 id);
    JobRunner runner(qint64 backoffBaseMs = 1000, qint64 backoffMaxMs = 1500);

    std::unique_ptr<TestDatabase> m_database;
    std::unique_ptr<ServerContext> m_context;
};

std::unique_ptr<ServerContext> TstWorker::makeContext()
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

void TstWorker::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral(
        "iotile.*.debug=false\niotile.db.info=false\niotile.worker.info=false\niotile.worker.warning=false"));
    registerTestActions(JobRegistry::global());
    m_database = std::make_unique<TestDatabase>();
    m_context = makeContext();
    QVERIFY(WorkerTestAction::ensureTable(db()));
}

void TstWorker::cleanupTestCase()
{
    m_context->closeThreadConnections();
    m_context.reset();
    m_database.reset();
}

// One database for the whole suite (creating one per test is slow on PostgreSQL): each test starts with
// empty queue tables.
void TstWorker::init()
{
    for (const char *table : {"jobs", "scheduled_jobs", "worker_test_executions"})
        QVERIFY(db().execOnce(QStringLiteral("DELETE FROM %1").arg(QLatin1String(table))));
    WorkerTestAction::duplicates() = 0;
}

void TstWorker::cleanup()
{
    QCOMPARE(WorkerTestAction::duplicates().load(), 0);
}

SqlConnection &TstWorker::db()
{
    auto c = m_context->db().connection();
    if (!c)
        qFatal("db: %s", qPrintable(c.error().message()));
    return **c;
}

qint64 TstWorker::enqueue(const QJsonObject &args, const EnqueueOptions &options)
{
    auto id = JobQueue::enqueue(db(), QStringLiteral("WorkerTestAction"), args, options);
    if (!id)
        qFatal("enqueue: %s", qPrintable(id.error().message()));
    return *id;
}

Job TstWorker::job(qint64 id)
{
    auto j = JobStore(db()).byId(id);
    if (!j || !*j)
        qFatal("job %lld not found", id);
    return **j;
}

qint64 TstWorker::executions(qint64 jobId)
{
    SqlQuery q = db().query("SELECT count(*) FROM worker_test_executions WHERE job_id = ?");
    q.bind(jobId);
    return *q.scalarInt64();
}

void TstWorker::makeDue(qint64 id)
{
    SqlQuery q = db().query("UPDATE jobs SET run_after = 0 WHERE id = ?");
    q.bind(id);
    QVERIFY(q.exec());
}

JobRunner TstWorker::runner(qint64 backoffBaseMs, qint64 backoffMaxMs)
{
    RunnerOptions options;
    options.leaseMs = 60000;
    options.backoffBaseMs = backoffBaseMs;
    options.backoffMaxMs = backoffMaxMs;
    return JobRunner(*m_context, QStringLiteral("test-worker"), options);
}

void TstWorker::enqueueClaimExecuteDone()
{
    const qint64 before = isotime::now();
    const qint64 id = enqueue({{QStringLiteral("tag"), QStringLiteral("one")}});
    Job queued = job(id);
    QCOMPARE(queued.status, JobStatus::Queued);
    QCOMPARE(queued.attempts, 0);
    QCOMPARE(queued.maxAttempts, 5);
    QVERIFY(queued.runAfter >= before);
    QCOMPARE(queued.args.value(QLatin1String("tag")).toString(), QStringLiteral("one"));

    JobRunner r = runner();
    auto ran = r.runOne();
    QVERIFY2(ran, qPrintable(ran ? QString() : ran.error().message()));
    QVERIFY(*ran);
    const Job done = job(id);
    QCOMPARE(done.status, JobStatus::Done);
    QCOMPARE(done.attempts, 1);
    QVERIFY(done.lockedBy.isEmpty());
    QVERIFY(!done.lockedUntil);
    QVERIFY(done.startedAt && done.finishedAt);
    QVERIFY(done.log.contains(QLatin1String("--- attempt 1 of 5 by test-worker")));
    QVERIFY(done.log.contains(QLatin1String("recorded")));
    QCOMPARE(executions(id), 1);

    // Done is final: nothing left to run.
    ran = r.runOne();
    QVERIFY(ran);
    QVERIFY(!*ran);
    QCOMPARE(executions(id), 1);
}

void TstWorker::enqueueRespectsTransaction()
{
    qint64 rolledBack = 0;
    {
        Transaction tx(db());
        QVERIFY(tx.started());
        rolledBack = enqueue({{QStringLiteral("tag"), QStringLiteral("gone")}});
        // Not committed: the transaction's destructor rolls the job back with the rest.
    }
    QVERIFY(!*JobStore(db()).byId(rolledBack));
    qint64 kept = 0;
    {
        Transaction tx(db());
        kept = enqueue({{QStringLiteral("tag"), QStringLiteral("kept")}});
        QVERIFY(tx.commit());
    }
    QCOMPARE(job(kept).status, JobStatus::Queued);
}

void TstWorker::softErrorRetriesWithBackoffThenDeadLetter()
{
    EnqueueOptions options;
    options.maxAttempts = 3;
    const qint64 id = enqueue(
        {{QStringLiteral("tag"), QStringLiteral("soft")}, {QStringLiteral("soft_failures"), 10}}, options);
    JobRunner r = runner(1000, 1500);

    // Attempt 1 fails softly: back to the queue, 1 s later (the base).
    qint64 t0 = isotime::now();
    QVERIFY(*r.runOne());
    Job j = job(id);
    QCOMPARE(j.status, JobStatus::Queued);
    QCOMPARE(j.attempts, 1);
    QVERIFY2(j.lastError.contains(QLatin1String("soft failure 1 as asked")), qPrintable(j.lastError));
    QVERIFY(j.runAfter >= t0 + 1000 * 1000);
    QVERIFY(j.runAfter <= isotime::now() + 1000 * 1000);
    QVERIFY(!j.lockedUntil);
    // Not due before its backoff ends.
    QVERIFY(!*r.runOne());

    // Attempt 2: 2 s, capped at 1.5 s.
    makeDue(id);
    t0 = isotime::now();
    QVERIFY(*r.runOne());
    j = job(id);
    QCOMPARE(j.status, JobStatus::Queued);
    QCOMPARE(j.attempts, 2);
    QVERIFY(j.runAfter >= t0 + 1500 * 1000);
    QVERIFY(j.runAfter <= isotime::now() + 1500 * 1000);

    // Attempt 3 is the last: dead letter with the error kept.
    makeDue(id);
    QVERIFY(*r.runOne());
    j = job(id);
    QCOMPARE(j.status, JobStatus::Failed);
    QCOMPARE(j.attempts, 3);
    QVERIFY2(j.lastError.contains(QLatin1String("soft failure 3 as asked")), qPrintable(j.lastError));
    QVERIFY(j.finishedAt);
    QCOMPARE(j.log.count(QLatin1String("--- attempt")), 3);
    makeDue(id);
    QVERIFY(!*r.runOne());
    QCOMPARE(executions(id), 0);
}

void TstWorker::softErrorThenSuccess()
{
    const qint64 id =
        enqueue({{QStringLiteral("tag"), QStringLiteral("later")}, {QStringLiteral("soft_failures"), 2}});
    JobRunner r = runner(0, 0); // no backoff: due again at once
    QVERIFY(*r.runOne());
    QVERIFY(*r.runOne());
    QCOMPARE(job(id).status, JobStatus::Queued);
    QVERIFY(*r.runOne());
    const Job j = job(id);
    QCOMPARE(j.status, JobStatus::Done);
    QCOMPARE(j.attempts, 3);
    QVERIFY(j.lastError.contains(QLatin1String("soft failure 2"))); // the last failure stays visible
    QCOMPARE(executions(id), 1);
}

void TstWorker::hardErrorGoesToDeadLetterAtOnce()
{
    const qint64 id =
        enqueue({{QStringLiteral("tag"), QStringLiteral("hard")}, {QStringLiteral("hard_error"), true}});
    JobRunner r = runner();
    QVERIFY(*r.runOne());
    const Job j = job(id);
    QCOMPARE(j.status, JobStatus::Failed);
    QCOMPARE(j.attempts, 1);
    QCOMPARE(j.lastError, QStringLiteral("hard error as asked"));
    QVERIFY(!*r.runOne());
}

void TstWorker::argumentValidation_data()
{
    QTest::addColumn<QJsonObject>("args");
    QTest::addColumn<QString>("error");
    QTest::newRow("valid") << QJsonObject {{QStringLiteral("tag"), QStringLiteral("x")}} << QString();
    QTest::newRow("all optional") << QJsonObject {{QStringLiteral("tag"), QStringLiteral("x")},
                                                  {QStringLiteral("sleep_ms"), 5},
                                                  {QStringLiteral("soft_failures"), 0},
                                                  {QStringLiteral("hard_error"), false},
                                                  {QStringLiteral("atomic"), true},
                                                  {QStringLiteral("record"), true}}
                                  << QString();
    QTest::newRow("missing required") << QJsonObject {{QStringLiteral("sleep_ms"), 5}}
                                      << QStringLiteral("tag required for WorkerTestAction.");
    QTest::newRow("unknown key") << QJsonObject {{QStringLiteral("tag"), QStringLiteral("x")},
                                                 {QStringLiteral("bogus"), 1}}
                                 << QStringLiteral("Illegal argument (bogus) for WorkerTestAction");
    QTest::newRow("wrong type") << QJsonObject {{QStringLiteral("tag"), QStringLiteral("x")},
                                                {QStringLiteral("sleep_ms"), QStringLiteral("5")}}
                                << QStringLiteral("sleep_ms must be an integer for WorkerTestAction.");
    QTest::newRow("not an integer") << QJsonObject {{QStringLiteral("tag"), QStringLiteral("x")},
                                                    {QStringLiteral("sleep_ms"), 1.5}}
                                    << QStringLiteral("sleep_ms must be an integer for WorkerTestAction.");
    QTest::newRow("string expected") << QJsonObject {{QStringLiteral("tag"), 3}}
                                     << QStringLiteral("tag must be a string for WorkerTestAction.");
}

void TstWorker::argumentValidation()
{
    QFETCH(QJsonObject, args);
    QFETCH(QString, error);
    auto action = JobRegistry::global().create(QStringLiteral("WorkerTestAction"));
    QVERIFY(action);
    const Status valid = action->validate(args);
    QCOMPARE(bool(valid), error.isEmpty());
    if (!valid) {
        QCOMPARE(valid.error().message(), error);
        QVERIFY(!JobAction::isRetryable(valid.error())); // hard
    }
    // enqueue refuses what the action would refuse: a programming error, caught where it is made.
    auto id = JobQueue::enqueue(db(), QStringLiteral("WorkerTestAction"), args);
    QCOMPARE(bool(id), error.isEmpty());
    if (!id)
        QVERIFY2(id.error().message().contains(error), qPrintable(id.error().message()));
}

void TstWorker::invalidStoredJobsFailHard()
{
    // Rows written by another version, or by hand: checked again when they run.
    auto unknown = JobQueue::enqueue(db(), QStringLiteral("NoSuchAction"), {});
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().kind(), ErrorKind::Internal);
    JobStore store(db());
    NewJob bad;
    bad.action = QStringLiteral("WorkerTestAction");
    bad.args = QJsonObject {{QStringLiteral("nope"), 1}};
    const qint64 badArgs = *store.insert(bad, isotime::now());
    bad.action = QStringLiteral("NoSuchAction");
    bad.args = {};
    const qint64 badAction = *store.insert(bad, isotime::now());
    JobRunner r = runner();
    QVERIFY(*r.runOne());
    QVERIFY(*r.runOne());
    Job j = job(badArgs);
    QCOMPARE(j.status, JobStatus::Failed);
    QCOMPARE(j.attempts, 1);
    QCOMPARE(j.lastError, QStringLiteral("tag required for WorkerTestAction."));
    j = job(badAction);
    QCOMPARE(j.status, JobStatus::Failed);
    QCOMPARE(j.lastError, QStringLiteral("Unknown action NoSuchAction"));
}

void TstWorker::backoff_data()
{
    QTest::addColumn<int>("attempt");
    QTest::addColumn<qint64>("base");
    QTest::addColumn<qint64>("max");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("first") << 1 << qint64(10000) << qint64(3600000) << qint64(10000);
    QTest::newRow("second doubles") << 2 << qint64(10000) << qint64(3600000) << qint64(20000);
    QTest::newRow("fifth") << 5 << qint64(10000) << qint64(3600000) << qint64(160000);
    QTest::newRow("capped") << 12 << qint64(10000) << qint64(3600000) << qint64(3600000);
    QTest::newRow("huge attempt stays capped") << 1000 << qint64(10000) << qint64(3600000) << qint64(3600000);
    QTest::newRow("no backoff") << 3 << qint64(0) << qint64(0) << qint64(0);
}

void TstWorker::backoff()
{
    QFETCH(int, attempt);
    QFETCH(qint64, base);
    QFETCH(qint64, max);
    QFETCH(qint64, expected);
    QCOMPARE(JobRunner::backoffMs(attempt, base, max), expected);
}

void TstWorker::dedupKey()
{
    EnqueueOptions options;
    options.dedupKey = QStringLiteral("device:42");
    const qint64 first = enqueue({{QStringLiteral("tag"), QStringLiteral("a")}}, options);
    const qint64 again = enqueue({{QStringLiteral("tag"), QStringLiteral("b")}}, options);
    QCOMPARE(again, first);
    options.dedupKey = QStringLiteral("device:43");
    const qint64 other = enqueue({{QStringLiteral("tag"), QStringLiteral("c")}}, options);
    QVERIFY(other != first);
    // Still deduplicated while running.
    auto claimed = JobStore(db()).claim(QStringLiteral("w"), isotime::now(), isotime::now() + 60'000'000);
    QVERIFY(claimed && *claimed);
    QCOMPARE((*claimed)->id, first);
    options.dedupKey = QStringLiteral("device:42");
    QCOMPARE(enqueue({{QStringLiteral("tag"), QStringLiteral("d")}}, options), first);
    // Once finished, the key is free again.
    QVERIFY(*JobStore(db()).markDone({first, QStringLiteral("w"), 1}, isotime::now(), QString()));
    const qint64 next = enqueue({{QStringLiteral("tag"), QStringLiteral("e")}}, options);
    QVERIFY(next != first && next != other);
    // Inside a transaction too (PostgreSQL must not abort the caller's transaction on the conflict).
    Transaction tx(db());
    QCOMPARE(enqueue({{QStringLiteral("tag"), QStringLiteral("f")}}, options), next);
    const qint64 fresh = enqueue({{QStringLiteral("tag"), QStringLiteral("g")}});
    QVERIFY(tx.commit());
    QCOMPARE(job(fresh).status, JobStatus::Queued);
}

void TstWorker::priorityAndDelay()
{
    const qint64 low = enqueue({{QStringLiteral("tag"), QStringLiteral("low")}});
    EnqueueOptions high;
    high.priority = 10;
    const qint64 urgent = enqueue({{QStringLiteral("tag"), QStringLiteral("high")}}, high);
    EnqueueOptions later;
    later.delay = std::chrono::minutes(5);
    later.priority = 100;
    const qint64 delayed = enqueue({{QStringLiteral("tag"), QStringLiteral("later")}}, later);
    QVERIFY(job(delayed).runAfter > isotime::now() + 4 * 60 * isotime::kMicrosPerSecond);
    JobStore store(db());
    const qint64 now = isotime::now();
    auto a = store.claim(QStringLiteral("w"), now, now + 60'000'000);
    auto b = store.claim(QStringLiteral("w"), now, now + 60'000'000);
    auto c = store.claim(QStringLiteral("w"), now, now + 60'000'000);
    QVERIFY(a && *a && b && *b && c);
    QCOMPARE((*a)->id, urgent);
    QCOMPARE((*b)->id, low);
    QVERIFY(!*c); // the delayed one is not due
    QVERIFY(*store.hasDue(now + 6 * 60 * isotime::kMicrosPerSecond));
}

void TstWorker::expiredLeaseIsClaimedAgain()
{
    const qint64 id =
        enqueue({{QStringLiteral("tag"), QStringLiteral("orphan")}, {QStringLiteral("atomic"), true}});
    // A worker claims the job with a short lease and dies (never finishes, never renews).
    JobStore store(db());
    const qint64 now = isotime::now();
    auto dead = store.claim(QStringLiteral("dead-worker"), now, now + 100'000);
    QVERIFY(dead && *dead);
    QCOMPARE(job(id).status, JobStatus::Running);
    JobRunner r = runner();
    QVERIFY(!*r.runOne()); // running under a live lease: nobody else may take it
    QCOMPARE(*store.releaseExpired(isotime::now()), 0);

    QTest::qWait(150);
    QCOMPARE(*store.releaseExpired(isotime::now()), 1);
    Job j = job(id);
    QCOMPARE(j.status, JobStatus::Queued);
    QVERIFY2(j.lastError.contains(QLatin1String("lease expired: worker dead-worker")),
             qPrintable(j.lastError));
    QVERIFY(*r.runOne());
    j = job(id);
    QCOMPARE(j.status, JobStatus::Done);
    QCOMPARE(j.attempts, 2);
    QCOMPARE(executions(id), 1);
    // The dead worker's late outcome cannot touch the job any more.
    QVERIFY(!*store.markFailed({id, QStringLiteral("dead-worker"), 1}, QStringLiteral("late"), isotime::now(),
                               {}));
    QVERIFY(!*store.markDone({id, QStringLiteral("dead-worker"), 1}, isotime::now(), {}));
    QCOMPARE(job(id).status, JobStatus::Done);
}

void TstWorker::expiredLeaseOnLastAttemptIsDeadLetter()
{
    EnqueueOptions options;
    options.maxAttempts = 1;
    const qint64 id = enqueue({{QStringLiteral("tag"), QStringLiteral("poison")}}, options);
    JobStore store(db());
    const qint64 now = isotime::now();
    QVERIFY(*store.claim(QStringLiteral("crashing-worker"), now, now + 1000));
    QCOMPARE(*store.releaseExpired(now + 2000), 1);
    const Job j = job(id);
    QCOMPARE(j.status, JobStatus::Failed);
    QVERIFY(j.finishedAt);
    QVERIFY(j.lastError.contains(QLatin1String("lease expired")));
}

void TstWorker::leaseRenewal()
{
    const qint64 id = enqueue({{QStringLiteral("tag"), QStringLiteral("long")}});
    JobStore store(db());
    const qint64 now = isotime::now();
    auto claimed = store.claim(QStringLiteral("w1"), now, now + 1000);
    QVERIFY(claimed && *claimed);
    LeaseKeeper keeper;
    keeper.add({id, QStringLiteral("w1"), 1});
    keeper.add({id + 1000, QStringLiteral("w1"), 1}); // a claim that does not hold
    QCOMPARE(*keeper.renew(db(), now + 60'000'000), 1);
    QCOMPARE(*job(id).lockedUntil, now + 60'000'000);
    QCOMPARE(*store.releaseExpired(now + 2000), 0);
    keeper.remove(id);
    QCOMPARE(keeper.size(), 1);
}

void TstWorker::atomicCompletionRollsBackWhenClaimLost()
{
    const qint64 id =
        enqueue({{QStringLiteral("tag"), QStringLiteral("stolen")}, {QStringLiteral("atomic"), true}});
    JobStore store(db());
    const qint64 now = isotime::now();
    auto claimed = store.claim(QStringLiteral("test-worker"), now, now + 60'000'000);
    QVERIFY(claimed && *claimed);
    // While it runs, its lease expires and another worker takes the job over.
    SqlQuery steal = db().query("UPDATE jobs SET locked_by = 'thief', attempts = 2 WHERE id = ?");
    steal.bind(id);
    QVERIFY(steal.exec());
    JobRunner r = runner();
    QVERIFY(r.run(**claimed));
    // Its writes were rolled back with the failed completion, and the thief's claim is untouched.
    QCOMPARE(executions(id), 0);
    const Job j = job(id);
    QCOMPARE(j.status, JobStatus::Running);
    QCOMPARE(j.lockedBy, QStringLiteral("thief"));
}

void TstWorker::pingAndPurge()
{
    const qint64 old = isotime::now() - 40 * isotime::kMicrosPerDay;
    auto ping = JobQueue::enqueue(db(), QStringLiteral("PingAction"),
                                  {{QStringLiteral("message"), QStringLiteral("hi")}});
    QVERIFY(ping);
    QVERIFY(*runner().runOne());
    QCOMPARE(job(*ping).status, JobStatus::Done);
    QVERIFY(job(*ping).log.contains(QLatin1String("pong hi")));

    // An old done job, an old failed one, a recent done one.
    const qint64 oldDone = enqueue({{QStringLiteral("tag"), QStringLiteral("old")}});
    const qint64 oldFailed =
        enqueue({{QStringLiteral("tag"), QStringLiteral("old")}, {QStringLiteral("hard_error"), true}});
    QVERIFY(*runner().runOne());
    QVERIFY(*runner().runOne());
    SqlQuery age = db().query("UPDATE jobs SET finished_at = ? WHERE id IN (?, ?)");
    age.bind(old).bind(oldDone).bind(oldFailed);
    QVERIFY(age.exec());
    auto purge = JobQueue::enqueue(db(), QStringLiteral("PurgeAction"), {{QStringLiteral("days"), 30}});
    QVERIFY(purge);
    QVERIFY(*runner().runOne());
    QCOMPARE(job(*purge).status, JobStatus::Done);
    QVERIFY(!*JobStore(db()).byId(oldDone));
    QCOMPARE(job(oldFailed).status, JobStatus::Failed); // dead letters stay for staff
    QCOMPARE(job(*ping).status, JobStatus::Done);
    QVERIFY(job(*purge).log.contains(QLatin1String("deleted 1 done job(s) older than 30 day(s)")));
    QVERIFY(!JobQueue::enqueue(db(), QStringLiteral("PurgeAction"),
                               {{QStringLiteral("days"), QStringLiteral("x")}}));
}

void TstWorker::schedulerRunsOncePerPeriodAcrossContexts()
{
    // Two "processes": separate contexts (separate connections) on the same database.
    std::unique_ptr<ServerContext> other = makeContext();
    auto otherDb = other->db().connection();
    QVERIFY(otherDb);
    const ScheduledAction entry {QStringLiteral("tick"), QStringLiteral("WorkerTestAction"), 1000,
                                 QJsonObject {{QStringLiteral("tag"), QStringLiteral("tick")}}};
    Scheduler a;
    Scheduler b;
    a.add(entry);
    b.add(entry);
    const qint64 t0 = isotime::now();
    QCOMPARE(*a.tick(db(), t0), 1); // a new entry is due at once
    QCOMPARE(*b.tick(**otherDb, t0), 0);
    QCOMPARE(*b.tick(**otherDb, t0 + 500'000), 0);
    QCOMPARE(*a.tick(db(), t0 + 999'999), 0);
    QCOMPARE(*b.tick(**otherDb, t0 + 1'000'000), 1);
    QCOMPARE(*a.tick(db(), t0 + 1'000'000), 0);
    QCOMPARE(*a.tick(db(), t0 + 1'500'000), 0);
    // Down for a while: one run, not one per missed period; the next is a whole interval later.
    QCOMPARE(*a.tick(db(), t0 + 10'200'000), 1);
    QCOMPARE(*b.tick(**otherDb, t0 + 10'300'000), 0);
    QCOMPARE(**JobStore(db()).scheduleNextRun(QStringLiteral("tick")), t0 + 11'200'000);
    QCOMPARE(*JobStore(db()).count({JobStatus::Queued, QStringLiteral("WorkerTestAction")}), 3);
    other->closeThreadConnections();
}

QTEST_GUILESS_MAIN(TstWorker)
#include "tst_worker.moc"
