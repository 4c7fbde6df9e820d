#pragma once

#include "client/data/timeseriessource.h"
#include "client/reports/reportdata.h"
#include "client/reports/reportwriter.h"

#include <QObject>
#include <QPointer>

namespace iotile {

class ReportJob;

// A whole local report: fetches each stream from a TimeSeriesSource (one at a time, so the server is not
// flooded), then writes the file on a worker thread. Progress runs 0-500 for fetching and 500-1000 for
// writing; cancel() stops either phase.
class ReportGenerator final : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString title;
        QList<SeriesRequest> streams; // slug, label, unit of each
        qint64 startMs = 0;
        qint64 endMs = 0;
        qint64 intervalSeconds = -1; // as SeriesRequest: -1 automatic, 0 every value
        ReportWriter::Format format = ReportWriter::Format::Csv;
        QString path;
        QString generatedBy;
        QString server;
    };

    explicit ReportGenerator(TimeSeriesSource *source, QObject *parent = nullptr);
    ~ReportGenerator() override;

    void start(const Request &request);
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void progressChanged(int permille, const QString &phase);
    void finished(const iotile::Status &status, const QString &path);

private:
    void fetchNext();
    void onLoaded(quint64 ticket, const SeriesData &data);
    void onFailed(quint64 ticket, const QString &message);
    void finish(const Status &status);

    QPointer<TimeSeriesSource> m_source;
    ReportJob *m_job;
    Request m_request;
    ReportData m_data;
    qsizetype m_next = 0;
    quint64 m_ticket = 0;
    bool m_running = false;
};

} // namespace iotile
