#pragma once

#include "server/worker/jobaction.h"

#include <chrono>

namespace iotile {

// The original's HandleChoppedReportV2Action {rpt, attempt_count}. The phone app cuts reports at its
// upload limit, so engine v2 anchors a chopped report's readings at its upload, not at the device's
// timeline. Queued 15 minutes after such a report was processed, it looks for what came next from the
// device: a reboot later than the report re-times the report's points as the reboot's uptime anchors
// them (the reboot's time is the end of the report's block, and the blocks to its left are re-based as
// processing does); a complete report of the streamer means there is nothing to fix; neither, and it
// looks again 15 minutes later, up to 100 times.
class ChoppedReportAction final : public JobAction
{
public:
    static constexpr const char *kName = "HandleChoppedReportV2Action";
    static constexpr std::chrono::seconds kRetryDelay {15 * 60};
    static constexpr int kMaxAttempts = 100;

    QString name() const override { return QString::fromLatin1(kName); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
};

} // namespace iotile
