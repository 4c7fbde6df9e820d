#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

// The original's ArchiveDeviceDataAction {data_block_slug, [on_complete]}: moves a device's data into
// the data block made for it. Properties (user ones moved, system ones copied), stream ids (cloned as
// the block's s--0000-0000--<block>--<lid>), their data and events (stream keys renamed, so nothing is
// copied), notes, locations and the data mask go to the block; then the device leaves the busy state.
// Every step can run again after a crash without doing anything twice.
class ArchiveAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("ArchiveDeviceDataAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
};

} // namespace iotile
