#include "server/ingest/ingesthooks.h"

namespace iotile {

const char *CommittedBatch::sourceName(Source source)
{
    switch (source) {
    case Source::Json:
        return "json";
    case Source::Event:
        return "event";
    case Source::Report:
        return "report";
    case Source::Mqtt:
        return "mqtt";
    }
    return "json";
}

} // namespace iotile

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
