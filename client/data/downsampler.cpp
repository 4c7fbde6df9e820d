#include "client/data/downsampler.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace iotile {

std::pair<qsizetype, qsizetype> Downsampler::visibleRange(const QList<QPointF> &points, double x0, double x1)
{
    auto byX = [](const QPointF &p, double x) { return p.x() < x; };
    qsizetype first = std::lower_bound(points.cbegin(), points.cend(), x0, byX) - points.cbegin();
    qsizetype last = std::upper_bound(points.cbegin(), points.cend(), x1,
                                      [](double x, const QPointF &p) { return x < p.x(); })
        - points.cbegin();
    if (first > 0)
        --first;
    if (last < points.size())
        ++last;
    return {first, last};
}

QList<QPointF> Downsampler::minMax(const QList<QPointF> &points, double x0, double x1, int columns)
{
    const auto [first, last] = visibleRange(points, x0, x1);
    if (last - first <= qsizetype(columns) * 4 || columns <= 0 || x1 <= x0)
        return points.mid(first, last - first);

    QList<QPointF> out;
    out.reserve(qsizetype(columns) * 4 + 2);
    const double scale = columns / (x1 - x0);
    qsizetype i = first;
    // The point left of the range stays as it is: it only gives the line its start.
    if (points[i].x() < x0)
        out.append(points[i++]);
    while (i < last && points[i].x() <= x1) {
        const qint64 column = qint64((points[i].x() - x0) * scale);
        const qsizetype start = i;
        qsizetype low = i;
        qsizetype high = i;
        for (++i; i < last && points[i].x() <= x1 && qint64((points[i].x() - x0) * scale) == column; ++i) {
            if (points[i].y() < points[low].y())
                low = i;
            if (points[i].y() > points[high].y())
                high = i;
        }
        const qsizetype end = i - 1;
        // In x order so the line does not double back within the column.
        std::array<qsizetype, 4> picks {start, low, high, end};
        std::sort(picks.begin(), picks.end());
        qsizetype previous = -1;
        for (qsizetype pick : picks) {
            if (pick != previous)
                out.append(points[pick]);
            previous = pick;
        }
    }
    if (i < last)
        out.append(points[i]);
    return out;
}

QList<QPointF> Downsampler::envelope(const QList<QPointF> &points, double x0, double x1, int columns,
                                     bool upper)
{
    const auto [first, last] = visibleRange(points, x0, x1);
    if (last - first <= qsizetype(columns) || columns <= 0 || x1 <= x0)
        return points.mid(first, last - first);
    QList<QPointF> out;
    out.reserve(qsizetype(columns) + 2);
    const double scale = columns / (x1 - x0);
    qsizetype i = first;
    if (points[i].x() < x0)
        out.append(points[i++]);
    while (i < last && points[i].x() <= x1) {
        const qint64 column = qint64((points[i].x() - x0) * scale);
        qsizetype best = i;
        for (++i; i < last && points[i].x() <= x1 && qint64((points[i].x() - x0) * scale) == column; ++i) {
            if (upper ? points[i].y() > points[best].y() : points[i].y() < points[best].y())
                best = i;
        }
        out.append(points[best]);
    }
    if (i < last)
        out.append(points[i]);
    return out;
}

QList<QPointF> Downsampler::lttb(const QList<QPointF> &points, int threshold)
{
    const qsizetype n = points.size();
    if (threshold >= n || threshold < 3)
        return points;
    QList<QPointF> out;
    out.reserve(threshold);
    const double every = double(n - 2) / (threshold - 2);
    qsizetype a = 0;
    out.append(points.first());
    for (int bucket = 0; bucket < threshold - 2; ++bucket) {
        // The average of the next bucket is the third corner of the triangles.
        const qsizetype nextStart = qsizetype(std::floor((bucket + 1) * every)) + 1;
        const qsizetype nextEnd = std::min<qsizetype>(qsizetype(std::floor((bucket + 2) * every)) + 1, n);
        double avgX = 0;
        double avgY = 0;
        for (qsizetype j = nextStart; j < nextEnd; ++j) {
            avgX += points[j].x();
            avgY += points[j].y();
        }
        const qsizetype count = std::max<qsizetype>(nextEnd - nextStart, 1);
        avgX /= count;
        avgY /= count;
        const qsizetype start = qsizetype(std::floor(bucket * every)) + 1;
        const qsizetype end = qsizetype(std::floor((bucket + 1) * every)) + 1;
        double best = -1;
        qsizetype chosen = start;
        for (qsizetype j = start; j < end; ++j) {
            const double area = std::abs((points[a].x() - avgX) * (points[j].y() - points[a].y())
                                         - (points[a].x() - points[j].x()) * (avgY - points[a].y()));
            if (area > best) {
                best = area;
                chosen = j;
            }
        }
        out.append(points[chosen]);
        a = chosen;
    }
    out.append(points.last());
    return out;
}

} // namespace iotile
