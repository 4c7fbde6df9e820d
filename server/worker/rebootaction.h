#pragma once

#include "common/slug/projectslug.h"
#include "server/domain/device.h"
#include "server/worker/jobaction.h"

#include <chrono>
#include <vector>

namespace iotile {

// The original's HandleRebootAction {device_slug, project_id, block_start_id, block_end_id, reboot_ids}
// with its DelayChecker. Engines 0 and 1 time a report's readings from the uptime the report was sent at,
// which is wrong for readings taken before a reboot the report also holds. When a system report with
// reboots was processed, this action waits until the device's other streamers have caught up with the
// block (block_start_id: the previous system report's id; block_end_id: this one's), then fixes the
// block backwards from its last reboot: readings between two reboots are dirty and end where the next
// session began; readings before the first reboot are clean when the previous system report (or, failing
// that, the last trusted reboot) gives their session's start, dirty otherwise.
class RebootAction final : public JobAction
{
public:
    static constexpr const char *kName = "HandleRebootAction";
    static constexpr std::chrono::seconds kDelay {5 * 60};
    // Runs after the first that find the block not ready yet, before giving up (the original's
    // MAX_ATTEMPT).
    static constexpr int kMaxDelays = 5;

    QString name() const override { return QString::fromLatin1(kName); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;

    // One block of a device's readings to fix (see above).
    struct Block
    {
        qint64 start = 0; // exclusive
        qint64 end = 0; // inclusive
        std::vector<qint64> reboots; // ascending
        // HandleDelayAction: when the last reboot was fixed as dirty, the readings from it up to `end`
        // are first re-based clean from the reading at `end`.
        bool rebaseDirtyLast = false;
    };
    struct Target
    {
        Device device;
        ProjectSlug project;
    };
    // The device and project named by the job's "device_slug" and "project_id" arguments.
    static Result<Target> target(JobContext &context);
    // Fixes the block once the device's other streamers have reached it; until then runs the job's own
    // action again later (its arguments with attempt_count + 1, dedup key retryKey + ":<attempt>"),
    // giving up after kMaxDelays.
    static Status fix(JobContext &context, const Target &target, const Block &block, const QString &retryKey);
};

} // namespace iotile
