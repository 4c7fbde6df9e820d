#pragma once

#include "server/ingest/ingesthooks.h"

namespace iotile {

class Metrics;

// Counts what every ingest path committed, by path (registered as an ingest listener).
class IngestMetricsListener final : public IngestListener
{
public:
    explicit IngestMetricsListener(Metrics &metrics)
        : m_metrics(metrics)
    { }
    void committed(const CommittedBatch &batch, ServerContext &server) override;

private:
    Metrics &m_metrics;
};

} // namespace iotile
