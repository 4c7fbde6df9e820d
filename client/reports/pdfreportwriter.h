#pragma once

#include "client/reports/reportwriter.h"

class QPainter;

namespace iotile {

// A PDF (QPdfWriter + QPainter): a first page with the summary table, then one page per stream with its
// chart picture and figures.
class PdfReportWriter final : public ReportWriter
{
    Q_DECLARE_TR_FUNCTIONS(iotile::PdfReportWriter)

public:
    Status write(const ReportData &data, const QString &path, ReportProgress &progress) override;
};

} // namespace iotile
