#pragma once

#include <QChartView>

namespace iotile {

// The chart's view: rubber-band zoom along time (QtCharts' own), wheel zoom around the cursor, panning
// with the middle button or Shift+drag, and keys (+ - arrows Home). Zoom and pan go out as requests so
// StreamChart decides the new range (clamped, with its own y fitting).
class StreamChartView final : public QChartView
{
    Q_OBJECT
public:
    explicit StreamChartView(QChart *chart, QWidget *parent = nullptr);

signals:
    // factor < 1 zooms in; anchor is where in the plot (0 left, 1 right) the zoom is centred.
    void zoomRequested(double factor, double anchor);
    // A shift of the visible span by this fraction of it (positive: later in time).
    void panRequested(double fraction);
    void resetRequested();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    double plotFraction(double x) const;

    bool m_panning = false;
    double m_lastX = 0;
};

} // namespace iotile
