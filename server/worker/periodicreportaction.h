#pragma once

#include "server/worker/jobaction.h"

#include <optional>
#include <utility>

namespace iotile {

// Queues the reports whose period ended: every active daily, weekly (weeks end on Sunday 00:00 UTC) or
// monthly (months end on the 1st, 00:00 UTC) user report gets one generated report for the period that
// ended last, once (user_reports.last_period_end is moved forward by compare-and-set). The scheduler runs
// it hourly; "now" (ISO-8601) lets a run act as of another time.
class PeriodicReportAction final : public JobAction
{
public:
    QString name() const override { return QStringLiteral("PeriodicReportAction"); }
    QList<ArgumentSpec> arguments() const override;
    Status execute(JobContext &context) override;

    // [start, end) of the newest whole period of that kind ("d", "w", "m") ending at or before now.
    static std::optional<std::pair<qint64, qint64>> lastPeriod(const QString &period, qint64 now);
};

} // namespace iotile
