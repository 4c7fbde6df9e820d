#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

// The original's DeviceDataTrimAction {device_slug, username, [start, end]}: deletes a device's data and
// events before `start` and after `end` (ISO-8601), except on the streams every trip needs (reboots,
// OS/app versions, trip start/end/record: 5c00, 5c08, 5c09, 0e00, 0e01, 0e02) and app-only ones; leaves
// a note on the device listing what went and mails the user.
class TrimAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("DeviceDataTrimAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
    // The local ids trimming never touches (the original's DATA_TRIM_EXCLUSION_LIST).
    static bool isExcludedLid(int lid);
};

} // namespace iotile
