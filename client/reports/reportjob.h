#pragma once

#include "client/reports/reportdata.h"
#include "client/reports/reportwriter.h"

#include <QFutureWatcher>
#include <QObject>

namespace iotile {

// Runs one report writer on a worker thread (QtConcurrent with a QPromise) with progress in permille and
// cancellation; the result arrives on the thread that started it.
class ReportJob final : public QObject
{
    Q_OBJECT
public:
    explicit ReportJob(QObject *parent = nullptr);
    // Cancels a running writer and waits for it: the data it reads must outlive it.
    ~ReportJob() override;

    void start(ReportData data, ReportWriter::Format format, const QString &path);
    void cancel();
    bool isRunning() const;
    const Status &result() const { return m_result; }

signals:
    void progressChanged(int permille);
    void finished(const iotile::Status &status);

private:
    QFutureWatcher<Status> m_watcher;
    Status m_result;
};

} // namespace iotile
