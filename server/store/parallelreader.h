#pragma once

#include "common/util/error.h"
#include "server/domain/datapoint.h"

#include <QString>
#include <QVariantList>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace iotile {

class Database;

// A thread with its own connection to one database that reads part of a large page of points while the
// requesting thread reads the rest: SQLite and PostgreSQL each run a statement on one core, and reading
// a 10,000-point page is most of answering it. One thread serves every request of the process; a read
// handed to it waits its turn.
class ParallelReader
{
public:
    explicit ParallelReader(Database &db);
    ~ParallelReader(); // finishes queued reads, closes the thread's connection and joins it
    ParallelReader(const ParallelReader &) = delete;
    ParallelReader &operator=(const ParallelReader &) = delete;

    class Read;
    // Starts reading `sql` (as PointReader::read) on the helper thread and returns at once.
    std::shared_ptr<Read> start(const QString &sql, const QVariantList &binds);
    // Reads started so far (tests: which helper a path uses).
    qint64 started() const { return m_started.load(); }

private:
    void run();

    Database &m_db;
    std::mutex m_lock;
    std::condition_variable m_wake;
    std::deque<std::shared_ptr<Read>> m_queue;
    bool m_stopping = false;
    std::atomic<qint64> m_started {0};
    std::thread m_thread;
};

// A read handed to the helper thread.
class ParallelReader::Read
{
public:
    // Waits until the rows are read and moves them out (once).
    Result<std::vector<DataPoint>> take();

private:
    friend class ParallelReader;
    QString m_sql;
    QVariantList m_binds;
    std::vector<DataPoint> m_rows;
    Status m_status;
    bool m_done = false;
    std::mutex m_lock;
    std::condition_variable m_finished;
};

} // namespace iotile
