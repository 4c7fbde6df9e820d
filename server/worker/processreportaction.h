#pragma once

#include "server/worker/jobaction.h"

namespace iotile {

// Processes one uploaded streamer report ({"report": "<uuid>"}; the original's ProcessReport*Action,
// queued by the upload in the same transaction as the report row). See ReportIngest.
class ProcessReportAction final : public JobAction
{
public:
    static constexpr const char *kName = "ProcessReportAction";

    QString name() const override { return QString::fromLatin1(kName); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;
};

} // namespace iotile
