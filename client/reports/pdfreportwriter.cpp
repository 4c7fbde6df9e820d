#include "client/reports/pdfreportwriter.h"

#include "client/data/bucketplan.h"
#include "client/reports/reportchartpainter.h"
#include "client/reports/seriesstatistics.h"

#include <QFile>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QTimeZone>

namespace iotile {

namespace {

constexpr int kResolution = 300;

const QList<QColor> &colors()
{
    static const QList<QColor> list {QColor(0x4e79a7), QColor(0xf28e2b), QColor(0x59a14f),
                                     QColor(0xe15759), QColor(0x76b7b2), QColor(0xb07aa1)};
    return list;
}

QString number(std::optional<double> value)
{
    return value ? QLocale().toString(*value, 'g', 6) : QString();
}

QString when(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()),
                              QStringLiteral("yyyy-MM-dd HH:mm"))
        + QStringLiteral(" UTC");
}

// Text painted top-down on a page, with a cursor.
class PageWriter
{
public:
    PageWriter(QPainter &painter, const QRectF &area)
        : m_painter(painter)
        , m_area(area)
        , m_y(area.top())
    { }
    void text(const QString &line, const QFont &font)
    {
        m_painter.setFont(font);
        const QFontMetricsF metrics(font, m_painter.device());
        const QRectF box(m_area.left(), m_y, m_area.width(), m_area.bottom() - m_y);
        const QRectF used = m_painter.boundingRect(box, Qt::TextWordWrap, line);
        m_painter.drawText(box, Qt::TextWordWrap, line);
        m_y += used.height() + metrics.height() * 0.3;
    }
    void row(const QStringList &cells, const QList<double> &widths, const QFont &font)
    {
        m_painter.setFont(font);
        const QFontMetricsF metrics(font, m_painter.device());
        double x = m_area.left();
        for (qsizetype i = 0; i < cells.size(); ++i) {
            const double w = m_area.width() * widths[i];
            m_painter.drawText(QRectF(x, m_y, w - 8, metrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                               metrics.elidedText(cells[i], Qt::ElideRight, w - 8));
            x += w;
        }
        m_y += metrics.height() * 1.35;
    }
    void rule()
    {
        m_painter.setPen(QPen(Qt::gray, 0));
        m_painter.drawLine(QPointF(m_area.left(), m_y), QPointF(m_area.right(), m_y));
        m_painter.setPen(Qt::black);
        m_y += 10;
    }
    void skip(double height) { m_y += height; }
    double y() const { return m_y; }
    double remaining() const { return m_area.bottom() - m_y; }
    void reset() { m_y = m_area.top(); }

private:
    QPainter &m_painter;
    QRectF m_area;
    double m_y;
};

} // namespace

Status PdfReportWriter::write(const ReportData &data, const QString &path, ReportProgress &progress)
{
    const QString partial = path + QLatin1String(".part");
    Status status;
    {
        QPdfWriter pdf(partial);
        pdf.setResolution(kResolution);
        pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                      QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter));
        pdf.setTitle(data.title);
        pdf.setCreator(QStringLiteral("IOTile Studio"));
        QPainter painter;
        if (!painter.begin(&pdf))
            return fileError(path, tr("cannot start the PDF"));
        const QRectF area(QPointF(0, 0), QSizeF(pdf.pageLayout().paintRectPixels(kResolution).size()));
        QFont title(QStringLiteral("DejaVu Sans"), 18, QFont::Bold);
        QFont heading(QStringLiteral("DejaVu Sans"), 13, QFont::Bold);
        QFont body(QStringLiteral("DejaVu Sans"), 9);
        QFont bold = body;
        bold.setBold(true);
        PageWriter page(painter, area);

        page.text(data.title, title);
        page.text(tr("%1 to %2").arg(when(data.startMs), when(data.endMs)), body);
        page.text(tr("Generated %1 by %2 from %3")
                      .arg(when(data.generatedAt.toMSecsSinceEpoch()), data.generatedBy, data.server),
                  body);
        page.skip(30);
        const QList<double> widths {0.30, 0.12, 0.12, 0.115, 0.115, 0.115, 0.115};
        page.row(
            {tr("Stream"), tr("Unit"), tr("Points"), tr("Minimum"), tr("Maximum"), tr("Mean"), tr("Last")},
            widths, bold);
        page.rule();
        for (const SeriesData &s : data.streams) {
            if (page.remaining() < 80) {
                pdf.newPage();
                page.reset();
            }
            const SeriesStatistics stats = SeriesStatistics::of(s);
            page.row({s.label.isEmpty() ? s.slug : s.label, s.unit, QLocale().toString(stats.points),
                      number(stats.minimum), number(stats.maximum), number(stats.mean), number(stats.last)},
                     widths, body);
        }

        for (qsizetype i = 0; i < data.streams.size(); ++i) {
            if (progress.isCancelled()) {
                painter.end();
                status = cancelledError();
                break;
            }
            const SeriesData &s = data.streams[i];
            pdf.newPage();
            page.reset();
            page.text(s.label.isEmpty() ? s.slug : s.label, heading);
            page.text(tr("%1 · %2 to %3").arg(s.slug, when(s.startMs), when(s.endMs)), body);
            page.skip(20);
            // A picture, as the brief of a "chart image" asks; 2x the pixels of the print width for a sharp
            // print at 300 dpi without a vector path of a million segments.
            const QSize pictureSize(1800, 900);
            const QImage picture =
                ReportChartPainter::image(s, pictureSize, colors().at(i % colors().size()));
            const double height = area.width() * pictureSize.height() / pictureSize.width();
            painter.drawImage(QRectF(area.left(), page.y(), area.width(), height), picture);
            page.skip(height + 30);
            const SeriesStatistics stats = SeriesStatistics::of(s);
            const QString kind = s.isAggregated()
                ? tr("Averages over %1, with the minimum and maximum of each interval.")
                      .arg(BucketPlan::describe(s.intervalSeconds))
                : tr("Every recorded value.");
            page.text(kind, body);
            page.row({tr("Points"), QLocale().toString(stats.points)}, {0.3, 0.7}, body);
            page.row({tr("Minimum"), number(stats.minimum) + QLatin1Char(' ') + s.unit}, {0.3, 0.7}, body);
            page.row({tr("Maximum"), number(stats.maximum) + QLatin1Char(' ') + s.unit}, {0.3, 0.7}, body);
            page.row({tr("Mean"), number(stats.mean) + QLatin1Char(' ') + s.unit}, {0.3, 0.7}, body);
            page.row({tr("First"), number(stats.first) + QLatin1Char(' ') + s.unit}, {0.3, 0.7}, body);
            page.row({tr("Last"), number(stats.last) + QLatin1Char(' ') + s.unit}, {0.3, 0.7}, body);
            progress.update(i + 1, data.streams.size());
        }
        if (painter.isActive() && !painter.end())
            status = fileError(path, tr("cannot finish the PDF"));
    }
    if (!status) {
        QFile::remove(partial);
        return status;
    }
    QFile::remove(path);
    if (!QFile::rename(partial, path)) {
        QFile::remove(partial);
        return fileError(path, tr("cannot move the PDF into place"));
    }
    return {};
}

} // namespace iotile
