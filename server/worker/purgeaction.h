#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

// Housekeeping, scheduled daily: deletes done jobs older than `days` (default: the job_retention_days
// setting) and revoked JWT ids and one-time keys that have expired. Failed jobs stay for staff.
class PurgeAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("PurgeAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
};

} // namespace iotile
