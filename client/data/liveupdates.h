#pragma once

#include <QObject>
#include <QStringList>

namespace iotile {

// Tells a chart when streams may have new points, so it fetches their newest values. PollingLiveUpdates
// says so on a timer; a source fed by the server's live push (WebSocket) can take its place without the
// chart changing, since the chart only listens to newData().
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

signals:
    // These streams may have points newer than what was loaded.
    void newData(const QStringList &slugs);
};

} // namespace iotile
