#include "server/worker/processreportaction.h"

#include "server/ingest/reportingest.h"
#include "server/worker/jobcontext.h"

namespace iotile {

QList<ArgumentSpec> ProcessReportAction::arguments() const
{
    return {{QStringLiteral("report"), ArgType::String, true}};
}

Status ProcessReportAction::execute(JobContext &context)
{
    return ReportIngest(context.server()).process(context);
}

} // namespace iotile
