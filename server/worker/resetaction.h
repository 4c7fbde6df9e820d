#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

// The original's DeviceDataResetAction {device_slug, user, [full, include_properties,
// include_notes_and_locations]}: clears a device's data and events (full: also data of streams without
// a stream id), its data mask, and optionally its user properties, user notes and locations; then the
// device leaves the busy state (B0) with a system note, and the user is mailed.
class ResetAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("DeviceDataResetAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
};

} // namespace iotile
