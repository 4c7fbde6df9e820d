#pragma once

#include "client/data/seriesdata.h"

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QImage>
#include <QRectF>

class QPainter;

namespace iotile {

// Draws one series as a plain line chart with QPainter only (grid, value and time labels, min/max band),
// so report pictures can be made on a worker thread, where QtCharts' widgets cannot go.
class ReportChartPainter final
{
    Q_DECLARE_TR_FUNCTIONS(iotile::ReportChartPainter)
public:
    static void paint(QPainter &painter, const QRectF &rect, const SeriesData &data, const QColor &color,
                      const QFont &font);
    static QImage image(const SeriesData &data, const QSize &size, const QColor &color);
    // Round tick values (1, 2 or 5 times a power of ten) covering [low, high].
    static QList<double> ticks(double low, double high, int wanted);
};

} // namespace iotile
