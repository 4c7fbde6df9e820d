#include "server/live/livehub.h"

#include "common/slug/streamslug.h"
#include "common/util/isotime.h"
#include "server/app/servercontext.h"
#include "server/live/livemessage.h"
#include "server/live/livesession.h"
#include "server/store/database.h"
#include "server/store/livelogstore.h"

#include <QLoggingCategory>
#include <QSqlDriver>

Q_LOGGING_CATEGORY(lcLive, "iotile.live")

namespace iotile {

namespace {

constexpr int kPollMs = 1000;
constexpr int kPurgeMs = 10 * 60 * 1000;
constexpr qint64 kPage = 500;

} // namespace

LiveHub::LiveHub(ServerContext &server)
    : m_server(server)
    , m_maxQueued(server.config().liveMaxQueuedMessages)
    , m_batchMs(server.config().liveBatchMs)
{
    m_thread.setObjectName(QStringLiteral("live"));
}

LiveHub::~LiveHub()
{
    stop();
}

void LiveHub::start()
{
    if (m_running)
        return;
    m_running = true;
    moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(this, &LiveHub::setUp, Qt::BlockingQueuedConnection);
}

void LiveHub::stop()
{
    if (!m_running)
        return;
    m_running = false;
    QMetaObject::invokeMethod(this, &LiveHub::tearDown, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void LiveHub::setUp()
{
    m_poll = new QTimer(this);
    m_poll->setInterval(kPollMs);
    connect(m_poll, &QTimer::timeout, this, &LiveHub::pull);
    m_poll->start();
    m_purge = new QTimer(this);
    m_purge->setInterval(kPurgeMs);
    connect(m_purge, &QTimer::timeout, this, &LiveHub::purge);
    m_purge->start();
    m_flush = new QTimer(this);
    m_flush->setSingleShot(true);
    connect(m_flush, &QTimer::timeout, this, &LiveHub::work);

    auto db = m_server.dataDb().connection();
    if (!db) {
        qCWarning(lcLive) << "live feed without database:" << db.error().message();
        return;
    }
    auto newest = LiveLogStore(**db).newest();
    if (newest) {
        QMutexLocker lock(&m_lock);
        m_position = *newest;
    }
    (*db)->finishAll();
    if ((*db)->dialect().isPostgres()) {
        // Other processes' entries arrive with NOTIFY; the poll is the safety net when one is missed.
        QSqlDriver *driver = (*db)->db().driver();
        // This process's own writes are read back by work() itself.
        if (driver->subscribeToNotification(QString::fromLatin1(LiveLogStore::kChannel)))
            connect(driver, &QSqlDriver::notification, this,
                    [this](const QString &, QSqlDriver::NotificationSource source, const QVariant &) {
                        if (source != QSqlDriver::SelfSource)
                            pull();
                    });
        else
            qCWarning(lcLive) << "LISTEN failed; falling back to polling";
    }
    purge();
}

void LiveHub::tearDown()
{
    work();
    delete m_flush;
    m_flush = nullptr;
    delete m_poll;
    m_poll = nullptr;
    delete m_purge;
    m_purge = nullptr;
    if (auto db = m_server.dataDb().connection(); db && (*db)->dialect().isPostgres())
        (*db)->db().driver()->unsubscribeFromNotification(QString::fromLatin1(LiveLogStore::kChannel));
    m_server.closeThreadConnections();
}

void LiveHub::committed(const CommittedBatch &batch)
{
    QMutexLocker lock(&m_queueLock);
    m_queue.push_back(batch);
    if (m_wakePending)
        return;
    m_wakePending = true;
    QMetaObject::invokeMethod(this, &LiveHub::schedule, Qt::QueuedConnection);
}

void LiveHub::schedule()
{
    const qint64 wait = m_sinceWrite.isValid() ? m_batchMs - m_sinceWrite.elapsed() : 0;
    if (wait <= 0)
        work();
    else if (!m_flush->isActive())
        m_flush->start(int(wait));
}

void LiveHub::work()
{
    std::vector<CommittedBatch> batches;
    {
        QMutexLocker lock(&m_queueLock);
        batches.swap(m_queue);
        m_wakePending = false;
    }
    if (!batches.empty()) {
        m_sinceWrite.start();
        std::vector<LiveLogEntry> entries;
        for (const CommittedBatch &b : batches) {
            std::vector<LiveLogEntry> more = LiveMessage::fromBatch(b);
            std::move(more.begin(), more.end(), std::back_inserter(entries));
        }
        auto db = m_server.dataDb().connection();
        if (!db) {
            qCWarning(lcLive) << "live entries lost:" << db.error().message();
        } else if (auto appended = LiveLogStore(**db).append(entries); !appended) {
            qCWarning(lcLive) << "live entries lost:" << appended.error().message();
            if ((*db)->inTransaction())
                (void)(*db)->rollback();
        } else {
            m_writes.fetch_add(1);
            if (passUnheard(*appended))
                return;
        }
    }
    pull();
}

void LiveHub::pull()
{
    auto db = m_server.dataDb().connection();
    if (!db)
        return;
    LiveLogStore store(**db);
    if (sessions() == 0) {
        auto newest = store.newest();
        (*db)->finishAll();
        if (newest && passUnheard(*newest))
            return;
    }
    for (;;) {
        const qint64 from = position();
        auto entries = store.after(from, std::nullopt, kPage);
        if (!entries) {
            qCWarning(lcLive) << "reading the live log failed:" << entries.error().message();
            break;
        }
        for (const LiveLogEntry &e : *entries)
            dispatch(e);
        if (qint64(entries->size()) < kPage)
            break;
    }
    (*db)->finishAll();
}

bool LiveHub::passUnheard(qint64 newest)
{
    // Nobody listens here: skip reading the entries back, only move past them. A session that subscribes
    // later reads its backlog up to the position it is given, then gets pushes past it.
    QMutexLocker lock(&m_lock);
    if (!m_sessions.isEmpty())
        return false;
    m_position = std::max(m_position, newest);
    return true;
}

void LiveHub::dispatch(const LiveLogEntry &entry)
{
    const qint64 cursor = entry.cursor;
    const QString &stream = entry.stream;
    QString device;
    QString project;
    if (const auto slug = StreamSlug::parse(QStringView(stream))) {
        device = slug->recordDeviceSlug();
        project = slug->recordProjectSlug();
    }
    QString message; // built once, shared by every session (implicitly shared)
    QMutexLocker lock(&m_lock);
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        if (!it->interest.matches(stream, device, project))
            continue;
        LiveSession *session = it.key();
        if (session->m_cut.load())
            continue;
        if (message.isEmpty())
            message = QString::fromUtf8(LiveMessage::render(entry));
        if (session->m_queued.fetch_add(1) >= m_maxQueued) {
            session->m_cut.store(true);
            QMetaObject::invokeMethod(
                session, [session] { session->cut(QStringLiteral("slow consumer: message queue full")); },
                Qt::QueuedConnection);
            continue;
        }
        QMetaObject::invokeMethod(
            session, [session, cursor, message] { session->deliver(cursor, message); }, Qt::QueuedConnection);
    }
    m_position = std::max(m_position, cursor);
}

void LiveHub::purge()
{
    const int hours = m_server.config().liveRetentionHours;
    auto db = m_server.dataDb().connection();
    if (!db || hours <= 0)
        return;
    auto purged = LiveLogStore(**db).purge(isotime::now() - qint64(hours) * 3600 * 1000000);
    if (!purged)
        qCWarning(lcLive) << "purging the live log failed:" << purged.error().message();
    (*db)->finishAll();
}

qint64 LiveHub::subscribe(LiveSession *session, const LiveInterest &interest)
{
    QMutexLocker lock(&m_lock);
    m_sessions[session].interest.add(interest);
    return m_position;
}

void LiveHub::unsubscribe(LiveSession *session, const LiveInterest &interest)
{
    QMutexLocker lock(&m_lock);
    if (auto it = m_sessions.find(session); it != m_sessions.end())
        it->interest.remove(interest);
}

void LiveHub::remove(LiveSession *session)
{
    QMutexLocker lock(&m_lock);
    m_sessions.remove(session);
}

qint64 LiveHub::position() const
{
    QMutexLocker lock(&m_lock);
    return m_position;
}

int LiveHub::sessions() const
{
    QMutexLocker lock(&m_lock);
    return int(m_sessions.size());
}

} // namespace iotile
