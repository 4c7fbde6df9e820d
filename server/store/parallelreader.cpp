#include "server/store/parallelreader.h"

#include "server/store/database.h"
#include "server/store/pointreader.h"

namespace iotile {

ParallelReader::ParallelReader(Database &db)
    : m_db(db)
    , m_thread([this] { run(); })
{ }

ParallelReader::~ParallelReader()
{
    {
        std::lock_guard lock(m_lock);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

std::shared_ptr<ParallelReader::Read> ParallelReader::start(const QString &sql, const QVariantList &binds)
{
    auto read = std::make_shared<Read>();
    read->m_sql = sql;
    read->m_binds = binds;
    ++m_started;
    {
        std::lock_guard lock(m_lock);
        m_queue.push_back(read);
    }
    m_wake.notify_one();
    return read;
}

void ParallelReader::run()
{
    for (;;) {
        std::shared_ptr<Read> read;
        {
            std::unique_lock lock(m_lock);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                break; // stopping, and nothing left to read
            read = std::move(m_queue.front());
            m_queue.pop_front();
        }
        std::vector<DataPoint> rows;
        Status status;
        if (auto db = m_db.connection(); !db) {
            status = db.error();
        } else {
            status = PointReader(**db).read(read->m_sql, read->m_binds, rows);
            (*db)->finishAll();
        }
        {
            std::lock_guard lock(read->m_lock);
            read->m_rows = std::move(rows);
            read->m_status = std::move(status);
            read->m_done = true;
        }
        read->m_finished.notify_all();
    }
    m_db.closeThreadConnection();
}

Result<std::vector<DataPoint>> ParallelReader::Read::take()
{
    std::unique_lock lock(m_lock);
    m_finished.wait(lock, [this] { return m_done; });
    if (!m_status)
        return m_status.error();
    return std::move(m_rows);
}

} // namespace iotile
