#include "client/data/pollingliveupdates.h"

#include <QTimer>

namespace iotile {

namespace {
// The original's devices upload every few minutes at best; 10 s keeps a chart current without
// loading the server much (a chart asks for at most a few thousand buckets per stream).
constexpr int kDefaultIntervalMs = 10000;
} // namespace

PollingLiveUpdates::PollingLiveUpdates(QObject *parent)
    : LiveUpdates(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(kDefaultIntervalMs);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (!m_slugs.isEmpty())
            emit newData(m_slugs);
    });
}

void PollingLiveUpdates::setInterval(int milliseconds)
{
    m_timer->setInterval(milliseconds);
}

int PollingLiveUpdates::interval() const
{
    return m_timer->interval();
}

void PollingLiveUpdates::watch(const QStringList &slugs)
{
    m_slugs = slugs;
}

void PollingLiveUpdates::start()
{
    m_timer->start();
}

void PollingLiveUpdates::stop()
{
    m_timer->stop();
}

bool PollingLiveUpdates::isActive() const
{
    return m_timer->isActive();
}

} // namespace iotile
