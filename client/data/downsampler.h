#pragma once

#include <QList>
#include <QPointF>

#include <utility>

namespace iotile {

// Reduces a series (x ascending) to what a chart of a given width can show, in one pass.
class Downsampler final
{
public:
    // Per pixel column of [x0, x1]: the first, lowest, highest and last point (M4), which draws the same
    // lines as every point would; plus the nearest point outside each edge so lines reach the borders.
    static QList<QPointF> minMax(const QList<QPointF> &points, double x0, double x1, int columns);
    // One point per column: its highest (upper) or lowest value, at that point's x. Enough for the edge of a
    // filled band, which costs far more to paint per vertex than a line.
    static QList<QPointF> envelope(const QList<QPointF> &points, double x0, double x1, int columns,
                                   bool upper);
    // Largest-Triangle-Three-Buckets: `threshold` points that keep the visual shape (exports, previews).
    static QList<QPointF> lttb(const QList<QPointF> &points, int threshold);
    // [first, last) indices of the points with x0 <= x <= x1, widened by one on each side when possible.
    static std::pair<qsizetype, qsizetype> visibleRange(const QList<QPointF> &points, double x0, double x1);
};

} // namespace iotile
