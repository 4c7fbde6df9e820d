#pragma once

#include "common/util/error.h"
#include "server/ingest/preparedbatch.h"

#include <QtGlobal>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace iotile {

class Database;
class SqlConnection;

// Writes bulk posts to the data database on threads of its own, with group commit: posts that queue up
// while a writer is busy go into its next transaction together. The HTTP threads then parse the next
// posts while the database writes and flushes the last ones, and one COPY, one rollup statement and one
// commit serve several posts (a 1,000-point transaction spends about as long on its fixed costs as on
// its rows). Each post is still all or nothing: a group that fails is undone and its posts are written
// one by one, each with its own outcome, and a retried post stores nothing twice either way.
class BatchWriter
{
public:
    using Done = std::function<void(Status)>; // runs on a writer thread once the post is committed or failed

    // `threads` writers (PostgreSQL; SQLite has one writer at a time anyway), at most `maxPoints` points
    // per transaction (a single larger post goes alone).
    BatchWriter(Database &dataDb, int threads, int maxPoints);
    ~BatchWriter(); // writes what is queued, then closes the writers' connections and joins them
    BatchWriter(const BatchWriter &) = delete;
    BatchWriter &operator=(const BatchWriter &) = delete;

    // Queues a post. Blocks while the queue holds more than four transactions' worth of points, so a
    // database slower than the clients slows the clients instead of filling memory.
    void submit(std::shared_ptr<PreparedBatch> batch, Done done);

    // While paused, posts queue and no writer takes them (tests: a group of known size; maintenance).
    void setPaused(bool paused);

    // Waits until every queued post was written and its `done` ran (a server's shutdown, before the
    // threads that take the answers end). Ends a pause.
    void waitIdle();

    // Writes `batches` in one transaction on `db`, assigning stream keys (the direct path uses it too).
    // Returns how many points were new (a retried post's are not).
    static Result<qint64> write(SqlConnection &db, const std::vector<PreparedBatch *> &batches);

    // Transactions committed so far, posts in them, posts waiting for a writer, writer threads (tests,
    // /metrics).
    qint64 commits() const { return m_commits.load(); }
    qint64 posts() const { return m_posts.load(); }
    qint64 queuedPosts();
    int threads() const { return int(m_threads.size()); }

private:
    struct Pending
    {
        std::shared_ptr<PreparedBatch> batch;
        Done done;
    };
    void run(int index);
    void writeGroup(std::vector<Pending> &group);

    Database &m_db;
    const qint64 m_maxPoints;
    std::mutex m_lock;
    std::condition_variable m_wake; // writers: work arrived, or stop
    std::condition_variable m_space; // submitters: the queue shrank
    std::condition_variable m_idle; // waitIdle(): a group was written
    int m_working = 0; // writers busy with a group
    std::deque<Pending> m_queue;
    qint64 m_queuedPoints = 0;
    bool m_stopping = false;
    bool m_paused = false;
    std::atomic<qint64> m_commits {0};
    std::atomic<qint64> m_posts {0};
    std::vector<std::thread> m_threads;
};

} // namespace iotile
