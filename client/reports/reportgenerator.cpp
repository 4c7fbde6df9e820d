#include "client/reports/reportgenerator.h"

#include "client/reports/reportjob.h"
#include "common/api/apierror.h"

namespace iotile {

ReportGenerator::ReportGenerator(TimeSeriesSource *source, QObject *parent)
    : QObject(parent)
    , m_source(source)
    , m_job(new ReportJob(this))
{
    connect(source, &TimeSeriesSource::loaded, this, &ReportGenerator::onLoaded);
    connect(source, &TimeSeriesSource::failed, this, &ReportGenerator::onFailed);
    connect(m_job, &ReportJob::progressChanged, this,
            [this](int permille) { emit progressChanged(500 + permille / 2, tr("Writing the report…")); });
    connect(m_job, &ReportJob::finished, this, &ReportGenerator::finish);
}

ReportGenerator::~ReportGenerator()
{
    if (m_source && m_ticket)
        m_source->cancel(m_ticket);
}

void ReportGenerator::start(const Request &request)
{
    if (m_running)
        return;
    m_running = true;
    m_request = request;
    m_data = ReportData();
    m_data.title = request.title;
    m_data.startMs = request.startMs;
    m_data.endMs = request.endMs;
    m_data.generatedAt = QDateTime::currentDateTimeUtc();
    m_data.generatedBy = request.generatedBy;
    m_data.server = request.server;
    m_next = 0;
    fetchNext();
}

void ReportGenerator::fetchNext()
{
    if (m_next >= m_request.streams.size()) {
        emit progressChanged(500, tr("Writing the report…"));
        m_job->start(m_data, m_request.format, m_request.path);
        return;
    }
    SeriesRequest r = m_request.streams.at(m_next);
    r.startMs = m_request.startMs;
    r.endMs = m_request.endMs;
    r.intervalSeconds = m_request.intervalSeconds;
    emit progressChanged(int(500 * m_next / m_request.streams.size()),
                         tr("Fetching %1…").arg(r.label.isEmpty() ? r.slug : r.label));
    m_ticket = m_source->load(r);
}

void ReportGenerator::onLoaded(quint64 ticket, const SeriesData &data)
{
    if (!m_running || ticket != m_ticket)
        return;
    m_ticket = 0;
    m_data.streams.append(data);
    ++m_next;
    fetchNext();
}

void ReportGenerator::onFailed(quint64 ticket, const QString &message)
{
    if (!m_running || ticket != m_ticket)
        return;
    m_ticket = 0;
    finish(Error::detail(ErrorKind::Unavailable, message));
}

void ReportGenerator::cancel()
{
    if (!m_running)
        return;
    if (m_ticket) {
        m_source->cancel(m_ticket);
        m_ticket = 0;
        finish(api::ApiError::cancelled());
    } else {
        m_job->cancel();
    }
}

void ReportGenerator::finish(const Status &status)
{
    if (!m_running)
        return;
    m_running = false;
    m_data = ReportData(); // the fetched values can be large
    emit finished(status, m_request.path);
}

} // namespace iotile
