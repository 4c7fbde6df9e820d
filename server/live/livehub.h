#pragma once

#include "server/ingest/ingesthooks.h"
#include "server/live/liveinterest.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>
#include <vector>

namespace iotile {

struct LiveLogEntry;

class LiveSession;
class ServerContext;

// The live feed of one process, on a thread of its own: committed batches queue here (ingest never waits
// for it), become entries of the live log, and every entry read back from the log (this process's, or
// another's woken by PostgreSQL's NOTIFY) goes to the connections whose interest it matches, in cursor
// order. A connection with too many messages queued is cut instead of buffering without bound.
//
// Each write of the log is a transaction of its own on PostgreSQL (writers take turns, so cursors follow
// commit order): a write per ingest batch cost about a sixth of the machine's CPU during bulk ingest, most
// of it in round trips. So under load the log is written at most every live_batch_ms, each write taking
// every batch committed since the last; a batch after a quiet spell is written at once.
class LiveHub final : public QObject
{
    Q_OBJECT
public:
    explicit LiveHub(ServerContext &server);
    ~LiveHub() override;

    // Starts the thread and reads the newest cursor (what new connections start from).
    void start();
    void stop();

    // From ingest threads.
    void committed(const CommittedBatch &batch);

    // From connection threads. Adds interest and returns the cursor up to which this hub has dispatched:
    // entries after it reach the session live, entries up to it are the session's to read as backlog.
    qint64 subscribe(LiveSession *session, const LiveInterest &interest);
    void unsubscribe(LiveSession *session, const LiveInterest &interest);
    void remove(LiveSession *session);

    qint64 position() const;
    int sessions() const;
    qint64 slowConsumerCuts() const { return m_cuts.load(); }
    void countCut() { m_cuts.fetch_add(1); }
    // Writes of the live log by this process (each one transaction).
    qint64 logWrites() const { return m_writes.load(); }
    int maxQueuedMessages() const { return m_maxQueued; }

private:
    void setUp();
    void tearDown();
    void schedule();
    void work();
    void pull();
    // With no session on this instance: moves the position to `newest` and returns true.
    bool passUnheard(qint64 newest);
    void purge();
    void dispatch(const LiveLogEntry &entry);

    ServerContext &m_server;
    QThread m_thread;
    QTimer *m_poll = nullptr;
    QTimer *m_purge = nullptr;
    QTimer *m_flush = nullptr;
    QElapsedTimer m_sinceWrite;
    int m_maxQueued = 1000;
    int m_batchMs = 0;

    mutable QMutex m_queueLock;
    std::vector<CommittedBatch> m_queue;
    bool m_wakePending = false;

    mutable QMutex m_lock; // sessions and position
    struct Entry
    {
        LiveInterest interest;
    };
    QHash<LiveSession *, Entry> m_sessions;
    qint64 m_position = 0;
    std::atomic<qint64> m_cuts {0};
    std::atomic<qint64> m_writes {0};
    bool m_running = false;
};

} // namespace iotile
