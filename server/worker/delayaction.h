#pragma once

#include "server/worker/jobaction.h"

#include <chrono>

namespace iotile {

// The original's HandleDelayAction {device_slug, project_id, start_id, end_id, report_id}: a user report
// (engines 0/1) whose new readings start before the device's latest reboot came after that reboot was
// handled, so its readings before the reboot were timed from the wrong session. Fixes the report's ids
// as HandleRebootAction fixes a block (from start_id - 1 to end_id, with the reboots stored in that range),
// after re-basing a dirty last reboot from the report's last reading.
class DelayAction final : public JobAction
{
public:
    static constexpr const char *kName = "HandleDelayAction";
    static constexpr std::chrono::seconds kDelay {5 * 60};

    QString name() const override { return QString::fromLatin1(kName); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
};

} // namespace iotile
