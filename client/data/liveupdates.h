#pragma once

#include <QList>
#include <QObject>
#include <QPointF>
#include <QStringList>

namespace iotile {

// Tells a chart when streams have new points. PollingLiveUpdates says "may have" on a timer and the chart
// fetches the newest values; LiveFeed (the server's live push over WebSocket) hands the points themselves
// on and the chart appends them.
class LiveUpdates : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // The streams of interest (a push source subscribes to exactly these).
    virtual void watch(const QStringList &slugs) = 0;
    virtual void start() = 0;
    virtual void stop() = 0;
    virtual bool isActive() const = 0;
    // Whether new points come through pointsArrived() (a push source) rather than only a newData() hint.
    virtual bool carriesPoints() const { return false; }

signals:
    // These streams may have points newer than what was loaded.
    void newData(const QStringList &slugs);
    // New points of a stream: x in milliseconds since the epoch, y in the stream's output units.
    void pointsArrived(const QString &slug, const QList<QPointF> &points);
};

} // namespace iotile
