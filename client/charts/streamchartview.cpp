#include "client/charts/streamchartview.h"

#include <QChart>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace iotile {

StreamChartView::StreamChartView(QChart *chart, QWidget *parent)
    : QChartView(chart, parent)
{
    setRubberBand(QChartView::HorizontalRubberBand);
    setRenderHint(QPainter::Antialiasing, true);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(
        tr("Drag to zoom in, right-click to zoom out, wheel to zoom, Shift+drag or middle button to pan"));
}

double StreamChartView::plotFraction(double x) const
{
    const QRectF area = chart()->plotArea();
    if (area.width() <= 0)
        return 0.5;
    return std::clamp((x - area.left()) / area.width(), 0.0, 1.0);
}

void StreamChartView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    emit zoomRequested(std::pow(0.8, steps), plotFraction(event->position().x()));
    event->accept();
}

void StreamChartView::mousePressEvent(QMouseEvent *event)
{
    const bool pan = event->button() == Qt::MiddleButton
        || (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
    if (pan) {
        m_panning = true;
        m_lastX = event->position().x();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void StreamChartView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const double width = chart()->plotArea().width();
        const double dx = event->position().x() - m_lastX;
        m_lastX = event->position().x();
        // Dragging to the right brings earlier times into view.
        if (width > 0 && dx != 0)
            emit panRequested(-dx / width);
        event->accept();
        return;
    }
    QChartView::mouseMoveEvent(event);
}

void StreamChartView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        unsetCursor();
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void StreamChartView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        emit zoomRequested(0.5, 0.5);
        break;
    case Qt::Key_Minus:
        emit zoomRequested(2.0, 0.5);
        break;
    case Qt::Key_Left:
        emit panRequested(-0.1);
        break;
    case Qt::Key_Right:
        emit panRequested(0.1);
        break;
    case Qt::Key_Home:
    case Qt::Key_0:
        emit resetRequested();
        break;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

} // namespace iotile
