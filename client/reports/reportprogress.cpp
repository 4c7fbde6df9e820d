#include "client/reports/reportprogress.h"

#include <algorithm>

namespace iotile {

ReportProgress::ReportProgress(Report report, Cancelled cancelled)
    : m_report(std::move(report))
    , m_cancelled(std::move(cancelled))
{ }

void ReportProgress::update(qint64 done, qint64 total)
{
    const int permille = total > 0 ? int(std::clamp<qint64>(done * 1000 / total, 0, 1000)) : 0;
    // Only changes are passed on: a million rows must not become a million cross-thread signals.
    if (permille == m_last || !m_report)
        return;
    m_last = permille;
    m_report(permille);
}

} // namespace iotile
