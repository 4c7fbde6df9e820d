#include "client/reports/xlsxreportwriter.h"

#include "client/reports/seriesstatistics.h"

#include <QFile>
#include <QRegularExpression>

#include <xlsxwriter.h>

namespace iotile {

namespace {

// libxlsxwriter takes C strings; the QByteArray keeps each alive for the call.
struct Utf8
{
    explicit Utf8(const QString &text)
        : bytes(text.toUtf8())
    { }
    const char *c() const { return bytes.constData(); }
    QByteArray bytes;
};

class Workbook
{
public:
    explicit Workbook(const QString &path)
        : m_path(QFile::encodeName(path))
    {
        lxw_workbook_options options {};
        options.constant_memory = LXW_TRUE;
        options.use_zip64 = LXW_TRUE;
        m_book = workbook_new_opt(m_path.constData(), &options);
    }
    ~Workbook()
    {
        // Without close() libxlsxwriter writes nothing, but it still owns memory and temp files.
        if (m_book)
            workbook_close(m_book);
    }
    lxw_workbook *get() const { return m_book; }
    lxw_error close()
    {
        const lxw_error error = workbook_close(m_book);
        m_book = nullptr;
        return error;
    }

private:
    QByteArray m_path;
    lxw_workbook *m_book;
};

void writeText(lxw_worksheet *sheet, int row, int column, const QString &text, lxw_format *format = nullptr)
{
    worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), Utf8(text).c(), format);
}

void writeNumber(lxw_worksheet *sheet, int row, int column, std::optional<double> value,
                 lxw_format *format = nullptr)
{
    if (value)
        worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(column), *value, format);
}

} // namespace

double XlsxReportWriter::excelDate(qint64 ms)
{
    return double(ms) / 86'400'000.0 + 25569.0;
}

QString XlsxReportWriter::sheetName(const QString &label, int index, const QStringList &taken)
{
    static const QRegularExpression forbidden(QStringLiteral("[\\[\\]:*?/\\\\]"));
    QString base = label;
    base.replace(forbidden, QStringLiteral("_"));
    base = base.trimmed();
    if (base.isEmpty())
        base = tr("Stream");
    const QString prefix = QString::number(index) + QLatin1Char(' ');
    QString name = (prefix + base).left(31);
    for (int n = 2; taken.contains(name, Qt::CaseInsensitive); ++n) {
        const QString tail = QStringLiteral(" (%1)").arg(n);
        name = (prefix + base).left(31 - int(tail.size())) + tail;
    }
    return name;
}

Status XlsxReportWriter::write(const ReportData &data, const QString &path, ReportProgress &progress)
{
    // libxlsxwriter writes straight to its path: write next to the target and rename, so a failure or a
    // cancel leaves no half-written workbook behind.
    const QString partial = path + QLatin1String(".part");
    QFile::remove(partial);
    Status status = writeWorkbook(data, partial, path, progress);
    if (!status) {
        QFile::remove(partial);
        return status;
    }
    QFile::remove(path);
    if (!QFile::rename(partial, path)) {
        QFile::remove(partial);
        return fileError(path, tr("cannot move the workbook into place"));
    }
    progress.update(1, 1);
    return {};
}

Status XlsxReportWriter::writeWorkbook(const ReportData &data, const QString &file, const QString &path,
                                       ReportProgress &progress)
{
    Workbook book(file);
    if (!book.get())
        return fileError(path, tr("cannot create the workbook"));
    lxw_doc_properties properties {};
    const Utf8 title(data.title);
    const Utf8 author(data.generatedBy);
    properties.title = const_cast<char *>(title.c());
    properties.author = const_cast<char *>(author.c());
    workbook_set_properties(book.get(), &properties);

    lxw_format *bold = workbook_add_format(book.get());
    format_set_bold(bold);
    lxw_format *heading = workbook_add_format(book.get());
    format_set_bold(heading);
    format_set_font_size(heading, 14);
    lxw_format *date = workbook_add_format(book.get());
    format_set_num_format(date, "yyyy-mm-dd hh:mm:ss");

    lxw_worksheet *summary = workbook_add_worksheet(book.get(), Utf8(tr("Summary")).c());
    worksheet_set_column(summary, 0, 0, 28, nullptr);
    worksheet_set_column(summary, 1, 8, 16, nullptr);
    writeText(summary, 0, 0, data.title, heading);
    writeText(summary, 1, 0, tr("From"), bold);
    worksheet_write_number(summary, 1, 1, excelDate(data.startMs), date);
    writeText(summary, 2, 0, tr("To"), bold);
    worksheet_write_number(summary, 2, 1, excelDate(data.endMs), date);
    writeText(summary, 3, 0, tr("Generated"), bold);
    worksheet_write_number(summary, 3, 1, excelDate(data.generatedAt.toMSecsSinceEpoch()), date);
    writeText(summary, 4, 0, tr("By"), bold);
    writeText(summary, 4, 1, data.generatedBy);
    const QStringList headers {tr("Stream"),  tr("ID"),   tr("Unit"),  tr("Points"), tr("Minimum"),
                               tr("Maximum"), tr("Mean"), tr("First"), tr("Last")};
    for (int c = 0; c < headers.size(); ++c)
        writeText(summary, 6, c, headers[c], bold);
    int row = 7;
    for (const SeriesData &s : data.streams) {
        const SeriesStatistics stats = SeriesStatistics::of(s);
        writeText(summary, row, 0, s.label);
        writeText(summary, row, 1, s.slug);
        writeText(summary, row, 2, s.unit);
        worksheet_write_number(summary, lxw_row_t(row), 3, double(stats.points), nullptr);
        writeNumber(summary, row, 4, stats.minimum);
        writeNumber(summary, row, 5, stats.maximum);
        writeNumber(summary, row, 6, stats.mean);
        writeNumber(summary, row, 7, stats.first);
        writeNumber(summary, row, 8, stats.last);
        if (s.size() > kMaxDataRows)
            writeText(summary, row, 9, tr("Only the first %1 rows fit on the sheet.").arg(kMaxDataRows));
        ++row;
    }

    const qint64 total = data.totalRows();
    qint64 done = 0;
    QStringList taken {tr("Summary")};
    for (int index = 0; index < data.streams.size(); ++index) {
        const SeriesData &s = data.streams[index];
        const QString name = sheetName(s.label.isEmpty() ? s.slug : s.label, index + 1, taken);
        taken.append(name);
        lxw_worksheet *sheet = workbook_add_worksheet(book.get(), Utf8(name).c());
        worksheet_set_column(sheet, 0, 0, 20, nullptr);
        worksheet_set_column(sheet, 1, 4, 14, nullptr);
        worksheet_freeze_panes(sheet, 1, 0);
        writeText(sheet, 0, 0, tr("Timestamp (UTC)"), bold);
        const QString valueHeader = s.unit.isEmpty() ? tr("Value") : tr("Value (%1)").arg(s.unit);
        writeText(sheet, 0, 1, s.isAggregated() ? tr("Average (%1)").arg(s.unit) : valueHeader, bold);
        if (s.isAggregated()) {
            writeText(sheet, 0, 2, tr("Minimum"), bold);
            writeText(sheet, 0, 3, tr("Maximum"), bold);
            writeText(sheet, 0, 4, tr("Count"), bold);
        }
        const qsizetype rows = std::min<qsizetype>(s.values.size(), kMaxDataRows);
        for (qsizetype i = 0; i < rows; ++i) {
            const auto r = lxw_row_t(i + 1);
            worksheet_write_number(sheet, r, 0, excelDate(qint64(s.values[i].x())), date);
            worksheet_write_number(sheet, r, 1, s.values[i].y(), nullptr);
            if (s.isAggregated()) {
                if (i < s.minimum.size())
                    worksheet_write_number(sheet, r, 2, s.minimum[i].y(), nullptr);
                if (i < s.maximum.size())
                    worksheet_write_number(sheet, r, 3, s.maximum[i].y(), nullptr);
                if (i < s.counts.size())
                    worksheet_write_number(sheet, r, 4, double(s.counts[i]), nullptr);
            }
            if (++done % 4096 == 0) {
                if (progress.isCancelled())
                    return cancelledError();
                progress.update(done, total);
            }
        }
        done += s.values.size() - rows;
    }
    if (const lxw_error error = book.close(); error != LXW_NO_ERROR)
        return fileError(path, QString::fromUtf8(lxw_strerror(error)));
    return {};
}

} // namespace iotile
