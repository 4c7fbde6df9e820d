#include "server/observability/ingestmetrics.h"

#include "server/observability/metrics.h"

namespace iotile {

void IngestMetricsListener::committed(const CommittedBatch &batch, ServerContext &)
{
    qint64 points = 0;
    qint64 events = 0;
    for (const CommittedStream &stream : batch.streams) {
        points += qint64(stream.points.size());
        events += qint64(stream.events.size());
    }
    m_metrics.countIngest(batch.source, points, events);
}

} // namespace iotile
