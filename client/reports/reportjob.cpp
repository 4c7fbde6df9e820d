#include "client/reports/reportjob.h"

#include "common/api/apierror.h"

#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

namespace iotile {

ReportJob::ReportJob(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::progressValueChanged, this, &ReportJob::progressChanged);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        const QFuture<Status> future = m_watcher.future();
        if (future.isCanceled() || future.resultCount() == 0)
            m_result = api::ApiError::cancelled();
        else
            m_result = future.result();
        emit finished(m_result);
    });
}

ReportJob::~ReportJob()
{
    if (m_watcher.isRunning()) {
        m_watcher.disconnect(this);
        m_watcher.cancel();
        m_watcher.waitForFinished();
    }
}

void ReportJob::start(ReportData data, ReportWriter::Format format, const QString &path)
{
    m_result = {};
    auto task = [](QPromise<Status> &promise, ReportData data, ReportWriter::Format format, QString path) {
        promise.setProgressRange(0, 1000);
        ReportProgress progress([&promise](int permille) { promise.setProgressValue(permille); },
                                [&promise] { return promise.isCanceled(); });
        std::unique_ptr<ReportWriter> writer = ReportWriter::create(format);
        promise.addResult(writer->write(data, path, progress));
    };
    m_watcher.setFuture(QtConcurrent::run(task, std::move(data), format, path));
}

void ReportJob::cancel()
{
    m_watcher.cancel();
}

bool ReportJob::isRunning() const
{
    return m_watcher.isRunning();
}

} // namespace iotile
