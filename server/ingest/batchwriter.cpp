#include "server/ingest/batchwriter.h"

#include "server/store/database.h"
#include "server/store/streamdatastore.h"

#include <QHash>
#include <QThread>

namespace iotile {

BatchWriter::BatchWriter(Database &dataDb, int threads, int maxPoints)
    : m_db(dataDb)
    , m_maxPoints(std::max(1, maxPoints))
{
    for (int i = 0; i < std::max(1, threads); ++i)
        m_threads.emplace_back([this, i] { run(i); });
}

BatchWriter::~BatchWriter()
{
    {
        std::lock_guard lock(m_lock);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &t : m_threads)
        t.join();
}

void BatchWriter::submit(std::shared_ptr<PreparedBatch> batch, Done done)
{
    const qint64 points = qint64(batch->points.size());
    {
        std::unique_lock lock(m_lock);
        // A post larger than the whole allowance still goes once the queue is empty.
        m_space.wait(lock, [&] { return m_queue.empty() || m_queuedPoints + points <= 4 * m_maxPoints; });
        m_queue.push_back(Pending {std::move(batch), std::move(done)});
        m_queuedPoints += points;
    }
    m_wake.notify_one();
}

void BatchWriter::setPaused(bool paused)
{
    {
        std::lock_guard lock(m_lock);
        m_paused = paused;
    }
    m_wake.notify_all();
}

qint64 BatchWriter::queuedPosts()
{
    std::lock_guard lock(m_lock);
    return qint64(m_queue.size());
}

void BatchWriter::waitIdle()
{
    std::unique_lock lock(m_lock);
    m_paused = false; // a stopping server writes what is queued, as the destructor does
    m_wake.notify_all();
    m_idle.wait(lock, [this] { return m_queue.empty() && m_working == 0; });
}

Result<qint64> BatchWriter::write(SqlConnection &db, const std::vector<PreparedBatch *> &batches)
{
    StreamDataStore store(db);
    size_t total = 0;
    for (const PreparedBatch *b : batches)
        total += b->points.size();
    std::vector<qint64> timestamps;
    timestamps.reserve(total);
    for (const PreparedBatch *b : batches)
        for (const DataPoint &p : b->points)
            timestamps.push_back(p.ts);
    IOTILE_CHECK(store.ensurePartitions(timestamps));
    Transaction tx(db);
    IOTILE_CHECK(tx.started());
    QHash<const ResolvedStream *, qint64> keys;
    for (PreparedBatch *b : batches) {
        for (size_t i = 0; i < b->points.size(); ++i) {
            auto it = keys.find(b->owners[i]);
            if (it == keys.end()) {
                IOTILE_TRY(key, store.ensureKey(b->owners[i]->text));
                it = keys.insert(b->owners[i], key);
            }
            b->points[i].streamId = *it;
        }
    }
    qint64 inserted = 0;
    if (batches.size() == 1) {
        IOTILE_TRY(n, store.insert(batches.front()->points));
        inserted = n;
    } else {
        std::vector<DataPoint> all;
        all.reserve(total);
        for (const PreparedBatch *b : batches)
            all.insert(all.end(), b->points.begin(), b->points.end());
        IOTILE_TRY(n, store.insert(all));
        inserted = n;
    }
    IOTILE_CHECK(tx.commit());
    return inserted;
}

void BatchWriter::run(int index)
{
    // Names the thread's PostgreSQL connection (application_name iotile-ingest-N).
    QThread::currentThread()->setObjectName(QStringLiteral("ingest-%1").arg(index));
    for (;;) {
        std::vector<Pending> group;
        {
            std::unique_lock lock(m_lock);
            // Stopping writes what is queued, paused or not.
            m_wake.wait(lock, [this] { return m_stopping || (!m_paused && !m_queue.empty()); });
            if (m_queue.empty())
                break; // stopping, and nothing left to write
            qint64 points = 0;
            while (!m_queue.empty()) {
                const qint64 n = qint64(m_queue.front().batch->points.size());
                if (!group.empty() && points + n > m_maxPoints)
                    break;
                points += n;
                group.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
            m_queuedPoints -= points;
            ++m_working;
        }
        m_space.notify_all();
        writeGroup(group);
        {
            std::lock_guard lock(m_lock);
            --m_working;
        }
        m_idle.notify_all();
    }
    m_db.closeThreadConnection();
}

void BatchWriter::writeGroup(std::vector<Pending> &group)
{
    auto db = m_db.connection();
    if (!db) {
        for (Pending &p : group)
            p.done(db.error());
        return;
    }
    std::vector<PreparedBatch *> batches;
    batches.reserve(group.size());
    for (const Pending &p : group)
        batches.push_back(p.batch.get());
    const Result<qint64> together = write(**db, batches);
    if (together) {
        m_commits.fetch_add(1);
        m_posts.fetch_add(qint64(group.size()));
        for (Pending &p : group)
            p.done(Ok {});
    } else if (group.size() == 1) {
        group.front().done(together.error());
    } else {
        // Undone as a whole (the transaction rolled back): each post alone, with its own outcome.
        for (Pending &p : group) {
            const Result<qint64> alone = write(**db, {p.batch.get()});
            if (alone) {
                m_commits.fetch_add(1);
                m_posts.fetch_add(1);
                p.done(Ok {});
            } else {
                p.done(alone.error());
            }
        }
    }
    (*db)->finishAll();
}

} // namespace iotile
