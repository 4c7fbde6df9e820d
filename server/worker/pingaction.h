#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

// Does nothing but log: checks that workers take jobs (health checks, tests), as the original's PingAction.
class PingAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("PingAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
};

} // namespace iotile
