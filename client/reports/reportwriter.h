#pragma once

#include "client/reports/reportdata.h"
#include "client/reports/reportprogress.h"
#include "common/util/error.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace iotile {

// A report file format. write() runs on a worker thread: it uses no QObject of the GUI, checks for
// cancellation now and then, and leaves no partial file behind when it fails or is cancelled.
class ReportWriter
{
    Q_DECLARE_TR_FUNCTIONS(iotile::ReportWriter)
public:
    enum class Format { Csv, Xlsx, Pdf };

    virtual ~ReportWriter() = default;
    virtual Status write(const ReportData &data, const QString &path, ReportProgress &progress) = 0;

    static std::unique_ptr<ReportWriter> create(Format format);
    static QString suffix(Format format);
    static QString fileFilter(Format format);

protected:
    static Error cancelledError();
    static Error fileError(const QString &path, const QString &reason);
};

} // namespace iotile
