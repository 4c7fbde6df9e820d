#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/store/database.h"
#include "server/store/jobstore.h"
#include "server/worker/jobqueue.h"
#include "server/worker/jobregistry.h"
#include "server/worker/jobrunner.h"
#include "server/worker/testactions.h"
#include "tests/support/testserver.h"

#include <QLoggingCategory>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

// /api/v1/worker/ (staff) and the original's POST /api/v1/pid/, over real HTTP. The server runs no
// workers here (worker_threads=0): jobs stay where the test puts them.
class TstWorkerApi : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void staffOnly_data();
    void staffOnly();
    void listAndFilters();
    void detail();
    void retryDeadLetter();
    void stats();
    void pid_data();
    void pid();
    void pidValidation();

private:
    SqlConnection &db();
    qint64 enqueue(const QString &tag, std::optional<qint64> createdBy = {}, const QJsonObject &extra = {});
    void runOne();

    std::unique_ptr<TestServer> m_server;
    Account m_staff, m_user, m_other;
    qint64 m_userJob = 0, m_otherJob = 0, m_doneJob = 0, m_failedJob = 0, m_pingJob = 0;
};

void TstWorkerApi::initTestCase()
{
    registerTestActions(JobRegistry::global());
    m_server = std::make_unique<TestServer>([](ServerConfig &c) { c.workerThreads = 0; });
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    // After the server: TestServer sets its own rules.
    QLoggingCategory::setFilterRules(
        QStringLiteral("iotile.access.info=false\nqt.httpserver.warning=false\niotile.*.debug=false\niotile."
                       "db.info=false\niotile.worker.info=false\niotile.worker.warning=false"));
    m_staff = m_server->createUser(QStringLiteral("staff@example.com"), QStringLiteral("password1"), true);
    m_user = m_server->createUser(QStringLiteral("user@example.com"), QStringLiteral("password1"));
    m_other = m_server->createUser(QStringLiteral("other@example.com"), QStringLiteral("password1"));
    QVERIFY(WorkerTestAction::ensureTable(db()));
    // In claim order: done, failed, then the ones that stay queued.
    m_doneJob = enqueue(QStringLiteral("done"), m_user.id);
    m_failedJob = enqueue(QStringLiteral("failed"), m_user.id, {{QStringLiteral("hard_error"), true}});
    runOne();
    runOne();
    m_userJob = enqueue(QStringLiteral("mine"), m_user.id);
    m_otherJob = enqueue(QStringLiteral("theirs"), m_other.id);
    auto ping = JobQueue::enqueue(db(), QStringLiteral("PingAction"), {});
    QVERIFY(ping);
    m_pingJob = *ping;
}

void TstWorkerApi::cleanupTestCase()
{
    m_server.reset();
}

SqlConnection &TstWorkerApi::db()
{
    return **m_server->context().db().connection();
}

qint64 TstWorkerApi::enqueue(const QString &tag, std::optional<qint64> createdBy, const QJsonObject &extra)
{
    QJsonObject args = extra;
    args.insert(QStringLiteral("tag"), tag);
    EnqueueOptions options;
    options.createdBy = createdBy;
    auto id = JobQueue::enqueue(db(), QStringLiteral("WorkerTestAction"), args, options);
    if (!id)
        qFatal("enqueue: %s", qPrintable(id.error().message()));
    return *id;
}

void TstWorkerApi::runOne()
{
    JobRunner runner(m_server->context(), QStringLiteral("api-test"), RunnerOptions {});
    auto ran = runner.runOne();
    QVERIFY(ran && *ran);
}

void TstWorkerApi::staffOnly_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("staffStatus");
    QTest::newRow("list") << QByteArray("GET") << QStringLiteral("/api/v1/worker/jobs/") << 200;
    QTest::newRow("detail") << QByteArray("GET") << QStringLiteral("/api/v1/worker/jobs/%1/") << 200;
    QTest::newRow("retry of a queued job")
        << QByteArray("POST") << QStringLiteral("/api/v1/worker/jobs/%1/retry/") << 400;
    QTest::newRow("stats") << QByteArray("GET") << QStringLiteral("/api/v1/worker/stats/") << 200;
}

void TstWorkerApi::staffOnly()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, staffStatus);
    const QString url = path.contains(QLatin1String("%1")) ? path.arg(m_userJob) : path;
    QCOMPARE(m_server->anonymous()->send(method, url, {}, {}).status, 401);
    const HttpReply denied = m_server->clientFor(m_user)->send(method, url, {}, {});
    QCOMPARE(denied.status, 403);
    QCOMPARE(denied.object().value("detail").toString(),
             QStringLiteral("You do not have permission to perform this action."));
    QCOMPARE(m_server->clientFor(m_staff)->send(method, url, {}, {}).status, staffStatus);
}

void TstWorkerApi::listAndFilters()
{
    auto staff = m_server->clientFor(m_staff);
    HttpReply r = staff->get(QStringLiteral("/api/v1/worker/jobs/"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("count").toInt(), 5);
    const QJsonArray all = r.object().value("results").toArray();
    QCOMPARE(all.first().toObject().value("id").toInteger(), m_pingJob); // newest first
    QVERIFY(!all.first().toObject().contains("log")); // the log is in the detail only

    r = staff->get(QStringLiteral("/api/v1/worker/jobs/?status=queued"));
    QCOMPARE(r.object().value("count").toInt(), 3);
    r = staff->get(QStringLiteral("/api/v1/worker/jobs/?status=queued&action=WorkerTestAction"));
    QCOMPARE(r.object().value("count").toInt(), 2);
    r = staff->get(QStringLiteral("/api/v1/worker/jobs/?status=failed"));
    QCOMPARE(r.object().value("count").toInt(), 1);
    QCOMPARE(r.object().value("results").toArray().first().toObject().value("id").toInteger(), m_failedJob);
    r = staff->get(QStringLiteral("/api/v1/worker/jobs/?action=PingAction"));
    QCOMPARE(r.object().value("count").toInt(), 1);
    r = staff->get(QStringLiteral("/api/v1/worker/jobs/?page_size=2&page=2"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("results").toArray().size(), 2);
    QVERIFY(r.object().value("next").isString());
    r = staff->get(QStringLiteral("/api/v1/worker/jobs/?status=sleeping"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object().value("status").toArray().first().toString(),
             QStringLiteral("Select a valid choice. sleeping is not one of the available choices."));
}

void TstWorkerApi::detail()
{
    auto staff = m_server->clientFor(m_staff);
    HttpReply r = staff->get(QStringLiteral("/api/v1/worker/jobs/%1/").arg(m_doneJob));
    QCOMPARE(r.status, 200);
    const QJsonObject o = r.object();
    QCOMPARE(o.value("id").toInteger(), m_doneJob);
    QCOMPARE(o.value("pid").toString(), QStringLiteral("pid:%1").arg(m_doneJob));
    QCOMPARE(o.value("action").toString(), QStringLiteral("WorkerTestAction"));
    QCOMPARE(o.value("args").toObject().value("tag").toString(), QStringLiteral("done"));
    QCOMPARE(o.value("status").toString(), QStringLiteral("done"));
    QCOMPARE(o.value("attempts").toInt(), 1);
    QCOMPARE(o.value("max_attempts").toInt(), 5);
    QCOMPARE(o.value("created_by").toString(), m_user.slug);
    QVERIFY(o.value("locked_by").isNull());
    QVERIFY(o.value("finished_on").isString());
    QVERIFY(o.value("log").toString().contains(QLatin1String("recorded")));
    QCOMPARE(staff->get(QStringLiteral("/api/v1/worker/jobs/999999/")).status, 404);
    QCOMPARE(staff->get(QStringLiteral("/api/v1/worker/jobs/abc/")).status, 404);
}

void TstWorkerApi::retryDeadLetter()
{
    auto staff = m_server->clientFor(m_staff);
    HttpReply r = staff->get(QStringLiteral("/api/v1/worker/jobs/%1/").arg(m_failedJob));
    QCOMPARE(r.object().value("status").toString(), QStringLiteral("failed"));
    QCOMPARE(r.object().value("last_error").toString(), QStringLiteral("hard error as asked"));
    r = staff->post(QStringLiteral("/api/v1/worker/jobs/%1/retry/").arg(m_failedJob), QJsonObject {});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.object().value("status").toString(), QStringLiteral("queued"));
    QCOMPARE(r.object().value("attempts").toInt(), 0);
    QVERIFY(r.object().value("finished_on").isNull());
    // Only dead letters can be retried.
    r = staff->post(QStringLiteral("/api/v1/worker/jobs/%1/retry/").arg(m_doneJob), QJsonObject {});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object().value("detail").toString(),
             QStringLiteral("Only failed jobs can be retried (this one is done)."));
    QCOMPARE(staff->post(QStringLiteral("/api/v1/worker/jobs/424242/retry/"), QJsonObject {}).status, 404);
    // Back to how the other tests expect it.
    SqlQuery q = db().query("UPDATE jobs SET status = 'failed', attempts = 1 WHERE id = ?");
    q.bind(m_failedJob);
    QVERIFY(q.exec());
}

void TstWorkerApi::stats()
{
    // A job that is not due yet counts as delayed, not in the queue depth.
    EnqueueOptions later;
    later.delay = std::chrono::hours(1);
    auto delayed = JobQueue::enqueue(db(), QStringLiteral("PingAction"), {}, later);
    QVERIFY(delayed);
    const HttpReply r = m_server->clientFor(m_staff)->get(QStringLiteral("/api/v1/worker/stats/"));
    QCOMPARE(r.status, 200);
    const QJsonObject o = r.object();
    const QJsonObject counts = o.value("counts").toObject();
    QCOMPARE(counts.value("queued").toInt(), 4);
    QCOMPARE(counts.value("running").toInt(), 0);
    QCOMPARE(counts.value("done").toInt(), 1);
    QCOMPARE(counts.value("failed").toInt(), 1);
    QCOMPARE(o.value("queue_depth").toInt(), 3);
    QCOMPARE(o.value("delayed").toInt(), 1);
    QVERIFY(o.value("oldest_queued_age").toDouble() >= 0);
    const QJsonObject actions = o.value("actions").toObject();
    QCOMPARE(actions.value("PingAction").toObject().value("queued").toInt(), 2);
    QCOMPARE(actions.value("WorkerTestAction").toObject().value("done").toInt(), 1);
    QVERIFY(o.value("workers").toArray().isEmpty());
    SqlQuery q = db().query("DELETE FROM jobs WHERE id = ?");
    q.bind(*delayed);
    QVERIFY(q.exec());
}

void TstWorkerApi::pid_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("job");
    QTest::addColumn<QString>("format");
    QTest::addColumn<bool>("found");
    QTest::newRow("own job as pid:id") << "user"
                                       << "mine"
                                       << "pid:%1" << true;
    QTest::newRow("own job as bare id") << "user"
                                        << "mine"
                                        << "%1" << true;
    QTest::newRow("someone else's job") << "user"
                                        << "theirs"
                                        << "pid:%1" << false;
    QTest::newRow("staff see any job") << "staff"
                                       << "theirs"
                                       << "pid:%1" << true;
    QTest::newRow("a job nobody queued: staff") << "staff"
                                                << "ping"
                                                << "pid:%1" << true;
    QTest::newRow("a job nobody queued: user") << "user"
                                               << "ping"
                                               << "pid:%1" << false;
    QTest::newRow("done: gone as in the original") << "user"
                                                   << "done"
                                                   << "pid:%1" << false;
    QTest::newRow("dead letter: gone") << "staff"
                                       << "failed"
                                       << "pid:%1" << false;
    QTest::newRow("unknown id") << "staff"
                                << "none"
                                << "pid:%1" << false;
    QTest::newRow("not a number") << "staff"
                                  << "mine"
                                  << "pid:abc%1" << false;
}

void TstWorkerApi::pid()
{
    QFETCH(QString, who);
    QFETCH(QString, job);
    QFETCH(QString, format);
    QFETCH(bool, found);
    const qint64 id = job == QLatin1String("mine") ? m_userJob
        : job == QLatin1String("theirs")           ? m_otherJob
        : job == QLatin1String("ping")             ? m_pingJob
        : job == QLatin1String("done")             ? m_doneJob
        : job == QLatin1String("failed")           ? m_failedJob
                                                   : 987654;
    const QString pid = format.arg(id);
    auto client = m_server->clientFor(who == QLatin1String("staff") ? m_staff : m_user);
    const HttpReply r = client->post(QStringLiteral("/api/v1/pid/"), QJsonObject {{"pid", pid}});
    QCOMPARE(r.status, 202);
    QCOMPARE(r.object().value("pid").toString(), pid);
    const QJsonObject info = r.object().value("info").toObject();
    if (found) {
        QCOMPARE(info.size(), 2);
        QCOMPARE(info.value("type").toString(),
                 job == QLatin1String("ping") ? QStringLiteral("PingAction")
                                              : QStringLiteral("WorkerTestAction"));
        const QString created = info.value("created_on").toString();
        QVERIFY2(isotime::parse(created).has_value() && created.endsWith(QLatin1Char('Z'))
                     && created.size() == 20,
                 qPrintable(created));
    } else {
        QCOMPARE(info, (QJsonObject {{"error", "Not found"}}));
    }
}

void TstWorkerApi::pidValidation()
{
    QCOMPARE(
        m_server->anonymous()->post(QStringLiteral("/api/v1/pid/"), QJsonObject {{"pid", "pid:1"}}).status,
        401);
    const HttpReply r = m_server->clientFor(m_user)->post(QStringLiteral("/api/v1/pid/"), QJsonObject {});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object().value("pid").toArray().first().toString(), QStringLiteral("This field is required."));
    QCOMPARE(m_server->clientFor(m_user)->get(QStringLiteral("/api/v1/pid/")).status, 405);
}

QTEST_GUILESS_MAIN(TstWorkerApi)
#include "tst_workerapi.moc"
