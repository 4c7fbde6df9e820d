#include "server/ingest/ingesthooks.h"

namespace iotile {

void IngestHooks::add(std::shared_ptr<IngestListener> listener)
{
    QWriteLocker lock(&m_lock);
    m_listeners.append(std::move(listener));
}

bool IngestHooks::isEmpty() const
{
    QReadLocker lock(&m_lock);
    return m_listeners.isEmpty();
}

void IngestHooks::notify(const CommittedBatch &batch, ServerContext &server) const
{
    QList<std::shared_ptr<IngestListener>> listeners;
    {
        QReadLocker lock(&m_lock);
        listeners = m_listeners;
    }
    for (const auto &listener : listeners)
        listener->committed(batch, server);
}

} // namespace iotile
