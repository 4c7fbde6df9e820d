#pragma once

#include "server/ingest/ingesthooks.h"
#include "server/live/livehub.h"

namespace iotile {

// Hands committed batches to the live hub.
class LiveListener final : public IngestListener
{
public:
    explicit LiveListener(LiveHub &hub)
        : m_hub(hub)
    { }
    void committed(const CommittedBatch &batch, ServerContext &) override { m_hub.committed(batch); }

private:
    LiveHub &m_hub;
};

} // namespace iotile
