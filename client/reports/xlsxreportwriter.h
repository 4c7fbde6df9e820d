#pragma once

#include "client/reports/reportwriter.h"

namespace iotile {

// An Excel workbook (libxlsxwriter, in constant-memory mode so a million rows need no more memory than
// ten): a summary sheet, then one sheet per stream with real date cells.
class XlsxReportWriter final : public ReportWriter
{
    Q_DECLARE_TR_FUNCTIONS(iotile::XlsxReportWriter)

public:
    // Excel's row limit, minus the header row.
    static constexpr qint64 kMaxDataRows = 1'048'575;

    Status write(const ReportData &data, const QString &path, ReportProgress &progress) override;
    // Sheet names: at most 31 characters, none of []:*?/\, unique without regard to case.
    static QString sheetName(const QString &label, int index, const QStringList &taken);
    // Days since 1899-12-30, Excel's serial date (UTC).
    static double excelDate(qint64 msecsSinceEpoch);

private:
    Status writeWorkbook(const ReportData &data, const QString &file, const QString &path,
                         ReportProgress &progress);
};

} // namespace iotile
