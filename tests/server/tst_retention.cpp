#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/worker/actions.h"
#include "server/worker/jobqueue.h"
#include "server/worker/jobrunner.h"
#include "server/worker/scheduler.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QLoggingCategory>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// Data retention: the per-project data_retention_days (set through the project API) applied by the
// daily RetentionAction the scheduler queues, a server-wide cutoff given to the action, whole monthly
// partitions dropped on PostgreSQL, and the space given back on SQLite.
class TstRetention : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void scheduledRunAppliesProjectRetention();
    void serverWideCutoffDropsPartitions();
    void spaceIsReclaimed();

private:
    int runJobs();
    qint64 count(const QString &filter, const QString &kind = QStringLiteral("data"));
    QJsonArray points(const QString &stream, const QList<int> &daysAgo);
    QString partitionOf(qint64 ts) const;
    bool partitionExists(const QString &name);
    SqlConnection &db() { return **m_server->context().db().connection(); }
    SqlConnection &dataDb() { return **m_server->context().dataDb().connection(); }
    std::unique_ptr<TestServer> m_server;
    Account m_owner;
    Project m_p1, m_p2;
    QString m_s1, m_s2;
    qint64 m_now = 0;
};

int TstRetention::runJobs()
{
    JobRunner runner(m_server->context(), QStringLiteral("retention-test"), RunnerOptions {});
    int ran = 0;
    for (;;) {
        auto one = runner.runOne();
        if (!one)
            qFatal("runOne: %s", qPrintable(one.error().message()));
        if (!*one)
            return ran;
        ++ran;
    }
}

qint64 TstRetention::count(const QString &filter, const QString &kind)
{
    const HttpReply r =
        m_server->clientFor(m_owner)->get(QStringLiteral("/api/v1/%1/?filter=%2").arg(kind, filter));
    return r.status == 200 ? r.object().value("count").toInteger() : -1;
}

QJsonArray TstRetention::points(const QString &stream, const QList<int> &daysAgo)
{
    QJsonArray list;
    for (int d : daysAgo)
        list.append(QJsonObject {{"stream", stream},
                                 {"timestamp", isotime::toString(m_now - d * isotime::kMicrosPerDay)},
                                 {"int_value", d}});
    return list;
}

QString TstRetention::partitionOf(qint64 ts) const
{
    const QString iso = isotime::toString(ts);
    return QStringLiteral("stream_chunks_p%1%2").arg(iso.mid(0, 4), iso.mid(5, 2));
}

bool TstRetention::partitionExists(const QString &name)
{
    SqlQuery q = dataDb().query("SELECT count(*) FROM pg_class WHERE relname = ?");
    q.bind(name);
    return *q.scalarInt64() > 0;
}

void TstRetention::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("iotile.worker.info=false"));
    m_server = std::make_unique<TestServer>([](ServerConfig &c) { c.workerThreads = 0; });
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    m_owner = m_server->createUser(QStringLiteral("owner@example.com"), QStringLiteral("password1"));
    Seed seed(*m_server);
    const Org org = seed.org(QStringLiteral("Retention Org"), m_owner);
    m_p1 = seed.project(org, QStringLiteral("Short memory"), m_owner);
    m_p2 = seed.project(org, QStringLiteral("Long memory"), m_owner);
    const SensorGraph sg = seed.sensorGraph(QStringLiteral("Retention SG"), {QStringLiteral("5001")});
    const Device d1 = seed.claim(seed.device(0xc1, &sg), m_p1, m_owner);
    const Device d2 = seed.claim(seed.device(0xc2, &sg), m_p2, m_owner);
    m_s1 = QStringLiteral("s--%1--%2--5001").arg(m_p1.slug.mid(3), d1.slug.mid(3));
    m_s2 = QStringLiteral("s--%1--%2--5001").arg(m_p2.slug.mid(3), d2.slug.mid(3));
    m_now = isotime::now();
    // The per-project setting, through the project API.
    const HttpReply r = m_server->clientFor(m_owner)->patch(
        QStringLiteral("/api/v1/project/%1/").arg(m_p1.uuid), QJsonObject {{"data_retention_days", 30}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("data_retention_days").toInt(), 30);
    auto owner = m_server->clientFor(m_owner);
    QCOMPARE(owner->post(QStringLiteral("/api/v1/data/"), points(m_s1, {100, 40, 10, 1})).status, 201);
    QCOMPARE(owner->post(QStringLiteral("/api/v1/data/"), points(m_s2, {100, 40, 10, 1})).status, 201);
    QJsonArray events;
    for (const QString &s : {m_s1, m_s2})
        for (int d : {100, 1})
            events.append(QJsonObject {{"stream", s},
                                       {"timestamp", isotime::toString(m_now - d * isotime::kMicrosPerDay)}});
    QCOMPARE(owner->post(QStringLiteral("/api/v1/event/"), events).status, 201);
}

void TstRetention::cleanupTestCase()
{
    m_server.reset();
}

void TstRetention::scheduledRunAppliesProjectRetention()
{
    // The worker's scheduler queues the retention run (daily) with the other periodic actions.
    Scheduler scheduler;
    registerSchedules(scheduler, m_server->config());
    bool found = false;
    for (const ScheduledAction &a : scheduler.entries())
        if (a.action == QLatin1String("RetentionAction")) {
            found = true;
            QCOMPARE(a.intervalMs, 86400LL * 1000);
        }
    QVERIFY(found);
    auto queued = scheduler.tick(db(), m_now);
    QVERIFY(queued);
    QVERIFY(*queued >= 1);
    QVERIFY(runJobs() >= 1);
    // Project 1 keeps 30 days; project 2 has no limit.
    QCOMPARE(count(m_s1), 2);
    QCOMPARE(count(m_s1, QStringLiteral("event")), 1);
    QCOMPARE(count(m_s2), 4);
    QCOMPARE(count(m_s2, QStringLiteral("event")), 2);
    // Running again deletes nothing more.
    auto job = JobQueue::enqueue(db(), QStringLiteral("RetentionAction"), QJsonObject {}, EnqueueOptions {});
    QVERIFY(job);
    QCOMPARE(runJobs(), 1);
    QCOMPARE(count(m_s1), 2);
    QCOMPARE(count(m_s2), 4);
}

void TstRetention::serverWideCutoffDropsPartitions()
{
    const QString oldMonth = partitionOf(m_now - 100 * isotime::kMicrosPerDay);
    const QString recentMonth = partitionOf(m_now - isotime::kMicrosPerDay);
    if (m_server->database().isPostgres()) {
        QVERIFY(partitionExists(oldMonth));
        QVERIFY(partitionExists(recentMonth));
    }
    auto job = JobQueue::enqueue(db(), QStringLiteral("RetentionAction"), QJsonObject {{"days", 50}},
                                 EnqueueOptions {});
    QVERIFY(job);
    QCOMPARE(runJobs(), 1);
    QCOMPARE(count(m_s2), 3);
    QCOMPARE(count(m_s2, QStringLiteral("event")), 1);
    QCOMPARE(count(m_s1), 2);
    if (m_server->database().isPostgres()) {
        // The month of the 100-day-old points ended before the cutoff: dropped whole.
        QVERIFY(!partitionExists(oldMonth));
        QVERIFY(partitionExists(recentMonth));
    }
    // Bad arguments are refused at enqueue.
    QVERIFY(!JobQueue::enqueue(db(), QStringLiteral("RetentionAction"), QJsonObject {{"days", "many"}},
                               EnqueueOptions {}));
}

void TstRetention::spaceIsReclaimed()
{
    // 20,000 old points in project 2, then a cutoff that takes them all.
    auto owner = m_server->clientFor(m_owner);
    for (int batch = 0; batch < 4; ++batch) {
        QJsonArray list;
        for (int i = 0; i < 5000; ++i)
            list.append(
                QJsonObject {{"stream", m_s2},
                             {"timestamp",
                              isotime::toString(m_now - 45 * isotime::kMicrosPerDay
                                                - qint64(batch * 5000 + i) * isotime::kMicrosPerSecond)},
                             {"int_value", i}});
        QCOMPARE(owner->post(QStringLiteral("/api/v1/data/"), list).status, 201);
    }
    QCOMPARE(count(m_s2), 20003);
    auto job = JobQueue::enqueue(db(), QStringLiteral("RetentionAction"), QJsonObject {{"days", 20}},
                                 EnqueueOptions {});
    QVERIFY(job);
    QCOMPARE(runJobs(), 1);
    QCOMPARE(count(m_s2), 2);
    if (!m_server->database().isPostgres()) {
        // SQLite: the freed pages went back to the file system (VACUUM), not kept as free pages.
        SqlQuery free = dataDb().query("PRAGMA freelist_count");
        SqlQuery pages = dataDb().query("PRAGMA page_count");
        const qint64 freePages = *free.scalarInt64();
        const qint64 total = *pages.scalarInt64();
        QVERIFY2(freePages * 4 <= total,
                 qPrintable(QStringLiteral("%1 of %2 pages free").arg(freePages).arg(total)));
    }
}

QTEST_GUILESS_MAIN(TstRetention)
#include "tst_retention.moc"
