#include "client/reports/reportchartpainter.h"

#include "client/data/downsampler.h"

#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <QTimeZone>

#include <cmath>
#include <limits>

namespace iotile {

QList<double> ReportChartPainter::ticks(double low, double high, int wanted)
{
    QList<double> out;
    if (!(high > low) || wanted < 2)
        return out;
    const double raw = (high - low) / wanted;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (double factor : {1.0, 2.0, 5.0, 10.0}) {
        step = factor * magnitude;
        if (step >= raw)
            break;
    }
    for (double v = std::ceil(low / step) * step; v <= high + step * 1e-9; v += step)
        out.append(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return out;
}

void ReportChartPainter::paint(QPainter &painter, const QRectF &rect, const SeriesData &data,
                               const QColor &color, const QFont &font)
{
    painter.save();
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const QRectF plot = rect.adjusted(metrics.horizontalAdvance(QStringLiteral("-000000.0")) + 8,
                                      metrics.height(), -metrics.height(), -metrics.height() * 2.2);
    painter.fillRect(rect, Qt::white);
    painter.setPen(QPen(QColor(0xcc, 0xcc, 0xcc), 0));
    painter.drawRect(plot);
    if (data.isEmpty() || plot.width() < 10 || plot.height() < 10) {
        painter.setPen(Qt::darkGray);
        painter.drawText(plot, Qt::AlignCenter, tr("No data in this range."));
        painter.restore();
        return;
    }

    const double x0 = double(data.endMs > data.startMs ? data.startMs : qint64(data.values.first().x()));
    const double x1 = double(data.endMs > data.startMs ? data.endMs : qint64(data.values.last().x()) + 1);
    const int columns = int(plot.width());
    const QList<QPointF> line = Downsampler::minMax(data.values, x0, x1, columns);
    const QList<QPointF> upper = Downsampler::minMax(data.maximum, x0, x1, columns);
    const QList<QPointF> lower = Downsampler::minMax(data.minimum, x0, x1, columns);
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (const QList<QPointF> *points : {&line, &upper, &lower}) {
        for (const QPointF &p : *points) {
            low = std::min(low, p.y());
            high = std::max(high, p.y());
        }
    }
    if (high - low < 1e-9) {
        low -= 1;
        high += 1;
    }
    const QList<double> valueTicks = ticks(low, high, 6);
    if (!valueTicks.isEmpty()) {
        low = std::min(low, valueTicks.first());
        high = std::max(high, valueTicks.last());
    }
    auto map = [&](const QPointF &p) {
        return QPointF(plot.left() + (p.x() - x0) / (x1 - x0) * plot.width(),
                       plot.bottom() - (p.y() - low) / (high - low) * plot.height());
    };

    painter.setRenderHint(QPainter::Antialiasing, true);
    const QLocale locale;
    for (double v : valueTicks) {
        const double y = map(QPointF(x0, v)).y();
        painter.setPen(QPen(QColor(0xe6, 0xe6, 0xe6), 0));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(Qt::black);
        painter.drawText(
            QRectF(rect.left(), y - metrics.height() / 2, plot.left() - rect.left() - 6, metrics.height()),
            Qt::AlignRight | Qt::AlignVCenter, locale.toString(v, 'g', 6));
    }
    const qint64 span = qint64(x1 - x0);
    const QString format = span <= 2 * 86400000LL ? QStringLiteral("HH:mm")
        : span <= 90 * 86400000LL                 ? QStringLiteral("MMM d")
                                                  : QStringLiteral("MMM yyyy");
    for (int i = 0; i <= 5; ++i) {
        const double x = x0 + (x1 - x0) * i / 5;
        const double px = map(QPointF(x, low)).x();
        painter.setPen(QPen(QColor(0xe6, 0xe6, 0xe6), 0));
        painter.drawLine(QPointF(px, plot.top()), QPointF(px, plot.bottom()));
        painter.setPen(Qt::black);
        const QString label = QDateTime::fromMSecsSinceEpoch(qint64(x), QTimeZone::utc()).toString(format);
        const double w = metrics.horizontalAdvance(label);
        painter.drawText(QPointF(std::clamp(px - w / 2, rect.left(), rect.right() - w),
                                 plot.bottom() + metrics.height() * 1.2),
                         label);
    }
    if (!data.unit.isEmpty()) {
        painter.drawText(QPointF(plot.left(), plot.top() - metrics.descent() - 2), data.unit);
    }

    if (!upper.isEmpty() && !lower.isEmpty()) {
        QPolygonF band;
        for (const QPointF &p : upper)
            band << map(p);
        for (auto it = lower.crbegin(); it != lower.crend(); ++it)
            band << map(*it);
        QColor fill = color;
        fill.setAlpha(60);
        painter.setPen(Qt::NoPen);
        painter.setBrush(fill);
        painter.drawPolygon(band);
    }
    QPolygonF polyline;
    polyline.reserve(line.size());
    for (const QPointF &p : line)
        polyline << map(p);
    painter.setClipRect(plot);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(color, std::max(1.0, plot.width() / 800.0)));
    painter.drawPolyline(polyline);
    painter.restore();
}

QImage ReportChartPainter::image(const SeriesData &data, const QSize &size, const QColor &color)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(std::max(10, size.height() / 28));
    paint(painter, QRectF(QPointF(0, 0), QSizeF(size)), data, color, font);
    return image;
}

} // namespace iotile
