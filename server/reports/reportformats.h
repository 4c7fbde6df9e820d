#pragma once

#include "common/util/error.h"
#include "server/domain/userreport.h"
#include "server/reports/reportdata.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace iotile {

// A generated file: its bytes, name and type.
struct ReportFile
{
    QByteArray data;
    QString fileName;
    QByteArray contentType;
};

// The generators a user report may name: "csv" (every point), "xlsx" (a sheet of daily count, min, max
// and average per stream) and "html" (a stand-alone page: the daily table and an inline SVG chart per
// stream, no external assets).
class ReportFormats
{
public:
    static QStringList generators();
    static bool isGenerator(const QString &name) { return generators().contains(name); }
    static Result<ReportFile> build(const QString &generator, const GeneratedReport &report,
                                    const QList<ReportSeries> &series);

private:
    static ReportFile csv(const QList<ReportSeries> &series);
    static Result<ReportFile> xlsx(const QList<ReportSeries> &series);
    static ReportFile html(const GeneratedReport &report, const QList<ReportSeries> &series);
};

} // namespace iotile
