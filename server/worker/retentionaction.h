#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

// Data retention, scheduled daily (beyond the original, which kept data forever): deletes the data and
// events of each project's streams that are older than the project's data_retention_days, then applies
// the server-wide data_retention_days (0: keep forever) by dropping whole monthly partitions on
// PostgreSQL, so the disk is freed at once, and deleting what older rows remain. `days` overrides the
// server-wide setting for one run.
class RetentionAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("RetentionAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
};

} // namespace iotile
