#include "server/http/deferredanswer.h"

#include "server/http/httpresponse.h"

#include <QMetaObject>
#include <QObject>

namespace iotile {

void DeferredAnswer::complete(Make make)
{
    std::lock_guard lock(m_lock);
    m_make = std::move(make);
    postLocked();
}

void DeferredAnswer::addStep(Step step)
{
    std::lock_guard lock(m_lock);
    m_steps.push_back(std::move(step));
}

void DeferredAnswer::deliverOn(QObject *context)
{
    std::lock_guard lock(m_lock);
    m_context = context;
    postLocked();
}

void DeferredAnswer::postLocked()
{
    if (m_posted || !m_make || !m_context)
        return;
    m_posted = true;
    // Queued even from the HTTP thread itself: the handler's caller finishes first.
    QMetaObject::invokeMethod(
        m_context.data(),
        [make = std::move(m_make), steps = std::move(m_steps)] {
            const HttpResponse response = make();
            for (const Step &step : steps)
                step(response);
        },
        Qt::QueuedConnection);
}

} // namespace iotile
