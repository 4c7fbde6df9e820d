#pragma once

#include <QObject>

class QSocketNotifier;

namespace iotile {

// Turns SIGTERM and SIGINT into a Qt signal on the main thread (self-pipe: a signal handler may only
// write to a file descriptor).
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace iotile
