#include "client/reports/csvreportwriter.h"

#include "client/data/csvwriter.h"

#include <QSaveFile>

namespace iotile {

Status CsvReportWriter::write(const ReportData &data, const QString &path, ReportProgress &progress)
{
    // QSaveFile: nothing appears at the path unless the whole file was written.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(path, file.errorString());
    const qint64 total = data.totalRows();
    qint64 done = 0;
    CsvWriter csv(&file);
    csv.writeRow({QStringLiteral("stream"), QStringLiteral("label"), QStringLiteral("unit"),
                  QStringLiteral("timestamp"), QStringLiteral("value"), QStringLiteral("min"),
                  QStringLiteral("max"), QStringLiteral("count")});
    for (const SeriesData &s : data.streams) {
        const QByteArray slug = CsvWriter::escape(s.slug);
        const QByteArray label = CsvWriter::escape(s.label);
        const QByteArray unit = CsvWriter::escape(s.unit);
        for (qsizetype i = 0; i < s.values.size(); ++i) {
            const bool bucket = s.isAggregated();
            csv.writeRawRow(
                {slug, label, unit, CsvWriter::timestamp(qint64(s.values[i].x())),
                 CsvWriter::number(s.values[i].y()),
                 bucket && i < s.minimum.size() ? CsvWriter::number(s.minimum[i].y()) : QByteArray(),
                 bucket && i < s.maximum.size() ? CsvWriter::number(s.maximum[i].y()) : QByteArray(),
                 bucket && i < s.counts.size() ? QByteArray::number(s.counts[i]) : QByteArray()});
            if (++done % 4096 == 0) {
                if (progress.isCancelled()) {
                    file.cancelWriting();
                    return cancelledError();
                }
                progress.update(done, total);
            }
        }
    }
    if (!csv.flush() || !file.commit())
        return fileError(path, file.errorString());
    progress.update(total, total);
    return {};
}

} // namespace iotile
