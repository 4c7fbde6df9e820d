#include "client/reports/reportwriter.h"

#include "client/reports/csvreportwriter.h"
#include "client/reports/pdfreportwriter.h"
#include "client/reports/xlsxreportwriter.h"
#include "common/api/apierror.h"

namespace iotile {

std::unique_ptr<ReportWriter> ReportWriter::create(Format format)
{
    switch (format) {
    case Format::Csv:
        return std::make_unique<CsvReportWriter>();
    case Format::Xlsx:
        return std::make_unique<XlsxReportWriter>();
    case Format::Pdf:
        return std::make_unique<PdfReportWriter>();
    }
    return nullptr;
}

QString ReportWriter::suffix(Format format)
{
    switch (format) {
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Xlsx:
        return QStringLiteral("xlsx");
    case Format::Pdf:
        return QStringLiteral("pdf");
    }
    return {};
}

QString ReportWriter::fileFilter(Format format)
{
    switch (format) {
    case Format::Csv:
        return tr("CSV files (*.csv)");
    case Format::Xlsx:
        return tr("Excel workbooks (*.xlsx)");
    case Format::Pdf:
        return tr("PDF documents (*.pdf)");
    }
    return {};
}

Error ReportWriter::cancelledError()
{
    return api::ApiError::cancelled();
}

Error ReportWriter::fileError(const QString &path, const QString &reason)
{
    return Error::detail(ErrorKind::Internal, tr("Cannot write %1: %2").arg(path, reason));
}

} // namespace iotile
