#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

// A filter's custom action ("cus"): runs the named hook of FilterHooks with the firing.
class FilterHookAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("FilterHookAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
};

} // namespace iotile
