#include "server/reports/reportformats.h"

#include "common/util/isotime.h"

#include <QDateTime>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTimeZone>

#include <xlsxwriter.h>

#include <algorithm>

namespace iotile {

namespace {

QString number(double v)
{
    return QString::number(v, 'g', 12);
}

QString dayText(qint64 day)
{
    return QDateTime::fromMSecsSinceEpoch(day / 1000, QTimeZone::utc()).date().toString(Qt::ISODate);
}

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))
        && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QStringLiteral("\"") + quoted + QStringLiteral("\"");
}

// Up to 31 characters without []:*?/\ and unique in the workbook (Excel's rules for sheet names).
QString sheetName(const QString &slug, QSet<QString> &used)
{
    QString base;
    for (const QChar c : slug) {
        if (!QStringLiteral("[]:*?/\\").contains(c))
            base.append(c);
    }
    base = base.right(31);
    if (base.isEmpty())
        base = QStringLiteral("stream");
    QString name = base;
    for (int i = 2; used.contains(name.toLower()); ++i)
        name = base.left(31 - 1 - int(QString::number(i).size())) + QLatin1Char('_') + QString::number(i);
    used.insert(name.toLower());
    return name;
}

// A polyline of at most ~1000 points (every n-th point) scaled into the chart box.
QString svgChart(const ReportSeries &s)
{
    constexpr int kWidth = 800, kHeight = 240, kPad = 40;
    QString svg = QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" "
                                 "viewBox=\"0 0 %1 %2\" role=\"img\">")
                      .arg(kWidth)
                      .arg(kHeight);
    svg += QStringLiteral("<rect x=\"0\" y=\"0\" width=\"%1\" height=\"%2\" fill=\"#fff\" stroke=\"#ccc\"/>")
               .arg(kWidth)
               .arg(kHeight);
    if (s.points.empty())
        return svg
            + QStringLiteral("<text x=\"%1\" y=\"%2\">No data</text></svg>").arg(kPad).arg(kHeight / 2);
    const qint64 t0 = s.points.front().first, t1 = s.points.back().first;
    double lo = s.points.front().second, hi = lo;
    for (const auto &p : s.points) {
        lo = std::min(lo, p.second);
        hi = std::max(hi, p.second);
    }
    const double span = hi > lo ? hi - lo : 1.0;
    const double tspan = t1 > t0 ? double(t1 - t0) : 1.0;
    const size_t step = std::max<size_t>(1, s.points.size() / 1000);
    QString coords;
    for (size_t i = 0; i < s.points.size(); i += step) {
        const double x = kPad + (double(s.points[i].first - t0) / tspan) * (kWidth - 2 * kPad);
        const double y = kHeight - kPad - ((s.points[i].second - lo) / span) * (kHeight - 2 * kPad);
        coords += QStringLiteral("%1,%2 ").arg(x, 0, 'f', 1).arg(y, 0, 'f', 1);
    }
    svg += QStringLiteral("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"%1\"/>")
               .arg(coords.trimmed());
    svg += QStringLiteral("<text x=\"4\" y=\"%1\" font-size=\"11\">%2</text>").arg(kPad).arg(number(hi));
    svg += QStringLiteral("<text x=\"4\" y=\"%1\" font-size=\"11\">%2</text>")
               .arg(kHeight - kPad)
               .arg(number(lo));
    svg += QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"11\">%3</text>")
               .arg(kPad)
               .arg(kHeight - 8)
               .arg(isotime::toString(t0));
    svg += QStringLiteral("<text x=\"%1\" y=\"%2\" font-size=\"11\" text-anchor=\"end\">%3</text>")
               .arg(kWidth - kPad)
               .arg(kHeight - 8)
               .arg(isotime::toString(t1));
    return svg + QStringLiteral("</svg>");
}

} // namespace

QStringList ReportFormats::generators()
{
    return {QStringLiteral("csv"), QStringLiteral("xlsx"), QStringLiteral("html")};
}

Result<ReportFile> ReportFormats::build(const QString &generator, const GeneratedReport &report,
                                        const QList<ReportSeries> &series)
{
    if (generator == QLatin1String("csv"))
        return csv(series);
    if (generator == QLatin1String("xlsx"))
        return xlsx(series);
    if (generator == QLatin1String("html"))
        return html(report, series);
    return Error::badRequest(QStringLiteral("Unknown report generator: %1").arg(generator));
}

ReportFile ReportFormats::csv(const QList<ReportSeries> &series)
{
    QByteArray out = "stream,timestamp,value\n";
    for (const ReportSeries &s : series) {
        const QByteArray slug = csvField(s.slug).toUtf8();
        for (const auto &[ts, value] : s.points)
            out += slug + ',' + isotime::toString(ts).toLatin1() + ',' + number(value).toLatin1() + '\n';
    }
    return ReportFile {out, QStringLiteral("report.csv"), QByteArrayLiteral("text/csv")};
}

Result<ReportFile> ReportFormats::xlsx(const QList<ReportSeries> &series)
{
    // libxlsxwriter writes to a file only.
    QTemporaryDir dir;
    if (!dir.isValid())
        return Error::internal(QStringLiteral("No temporary directory for the XLSX report"));
    const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("report.xlsx")));
    lxw_workbook *book = workbook_new(path.constData());
    if (!book)
        return Error::internal(QStringLiteral("Cannot create the XLSX workbook"));
    QSet<QString> used;
    const char *headers[] = {"Day", "Count", "Min", "Max", "Average"};
    for (const ReportSeries &s : series) {
        const QByteArray name = sheetName(s.slug, used).toUtf8();
        lxw_worksheet *sheet = workbook_add_worksheet(book, name.constData());
        if (!sheet)
            continue;
        for (int c = 0; c < 5; ++c)
            worksheet_write_string(sheet, 0, lxw_col_t(c), headers[c], nullptr);
        lxw_row_t row = 1;
        for (const DayStats &d : s.days()) {
            const QByteArray day = dayText(d.day).toLatin1();
            worksheet_write_string(sheet, row, 0, day.constData(), nullptr);
            worksheet_write_number(sheet, row, 1, double(d.count), nullptr);
            worksheet_write_number(sheet, row, 2, d.min, nullptr);
            worksheet_write_number(sheet, row, 3, d.max, nullptr);
            worksheet_write_number(sheet, row, 4, d.average(), nullptr);
            ++row;
        }
    }
    if (series.isEmpty())
        workbook_add_worksheet(book, "No data");
    if (const lxw_error e = workbook_close(book); e != LXW_NO_ERROR)
        return Error::internal(QStringLiteral("XLSX report: %1").arg(QString::fromUtf8(lxw_strerror(e))));
    QFile file(QFile::decodeName(path));
    if (!file.open(QIODevice::ReadOnly))
        return Error::internal(QStringLiteral("Cannot read the XLSX report back"));
    return ReportFile {
        file.readAll(), QStringLiteral("report.xlsx"),
        QByteArrayLiteral("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")};
}

ReportFile ReportFormats::html(const GeneratedReport &report, const QList<ReportSeries> &series)
{
    QString h = QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title>"
                               "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                               "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}</style>"
                               "</head><body>\n<h1>%1</h1>\n")
                    .arg(report.label.toHtmlEscaped());
    h += QStringLiteral("<p>From %1 to %2</p>\n")
             .arg(report.start ? isotime::toString(*report.start) : QStringLiteral("the first point"),
                  report.end ? isotime::toString(*report.end) : QStringLiteral("the last point"));
    for (const ReportSeries &s : series) {
        h += QStringLiteral("<h2>%1</h2>\n<p>%2 %3</p>\n")
                 .arg(s.label.toHtmlEscaped(), s.slug.toHtmlEscaped(), s.units.toHtmlEscaped());
        h += svgChart(s) + QLatin1Char('\n');
        h += QStringLiteral(
            "<table><tr><th>Day</th><th>Count</th><th>Min</th><th>Max</th><th>Average</th></tr>\n");
        for (const DayStats &d : s.days()) {
            h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>\n")
                     .arg(dayText(d.day))
                     .arg(d.count)
                     .arg(number(d.min), number(d.max), number(d.average()));
        }
        h += QStringLiteral("</table>\n");
    }
    h += QStringLiteral("</body></html>\n");
    return ReportFile {h.toUtf8(), QStringLiteral("report.html"),
                       QByteArrayLiteral("text/html; charset=utf-8")};
}

} // namespace iotile
