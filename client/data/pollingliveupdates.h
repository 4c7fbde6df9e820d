#pragma once

#include "client/data/liveupdates.h"

class QTimer;

namespace iotile {

// LiveUpdates without server support: every interval, all watched streams "may have new points".
class PollingLiveUpdates final : public LiveUpdates
{
    Q_OBJECT
public:
    explicit PollingLiveUpdates(QObject *parent = nullptr);

    void setInterval(int milliseconds);
    int interval() const;

    void watch(const QStringList &slugs) override;
    const QStringList &watched() const { return m_slugs; }
    void start() override;
    void stop() override;
    bool isActive() const override;

private:
    QTimer *m_timer;
    QStringList m_slugs;
};

} // namespace iotile
