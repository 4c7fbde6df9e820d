#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

// A filter's derived value (the original's DrvAction): writes the firing point's int_value, timestamp and
// streamer id to output_stream through the data plane, converted with that stream's units. A retry stores
// nothing twice (the data plane skips a point it already has). Derived points run no filters, as in the
// original.
class FilterDerivedValueAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("FilterDerivedValueAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
};

} // namespace iotile
