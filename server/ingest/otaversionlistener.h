#pragma once

#include "server/ingest/ingesthooks.h"

namespace iotile {

// OTA confirmation: points of a device's OS (5c08) and app (5c09) tag/version streams queue a
// VersionConfirmAction for that device (the original ran its DeploymentActionStreamerHelper from the
// streamer report worker). Cheap on the ingest thread: one enqueue per device, nothing for other streams.
class OtaVersionListener final : public IngestListener
{
public:
    void committed(const CommittedBatch &batch, ServerContext &server) override;
};

} // namespace iotile
