#pragma once

#include <QtGlobal>

#include <functional>

namespace iotile {

// How a report writer on a worker thread reports progress and learns that it should stop.
class ReportProgress final
{
public:
    using Report = std::function<void(int permille)>;
    using Cancelled = std::function<bool()>;

    ReportProgress() = default;
    ReportProgress(Report report, Cancelled cancelled);

    void update(qint64 done, qint64 total);
    bool isCancelled() const { return m_cancelled && m_cancelled(); }

private:
    Report m_report;
    Cancelled m_cancelled;
    int m_last = -1;
};

} // namespace iotile
