#pragma once

#include <QPointer>

#include <functional>
#include <mutex>
#include <vector>

class QObject;

namespace iotile {

class HttpResponse;

// An answer that is made after the handler returned, once work done elsewhere (a bulk data post's group
// commit) is finished. Whoever finishes the work calls complete() from any thread; the answer is then
// made, recorded and written on the HTTP thread that took the request, through the steps the dispatcher
// and the endpoint added while the handler returned. Nothing is written when that thread is gone.
class DeferredAnswer
{
public:
    using Make = std::function<HttpResponse()>;
    using Step = std::function<void(const HttpResponse &)>;

    // Any thread, once: `make` runs on the HTTP thread and returns the answer.
    void complete(Make make);
    // The HTTP thread, before it returns to its event loop: what to do with the answer, in this order.
    void addStep(Step step);
    // The HTTP thread, last: the object whose thread makes and writes the answer.
    void deliverOn(QObject *context);

private:
    void postLocked();

    std::mutex m_lock;
    Make m_make;
    std::vector<Step> m_steps;
    QPointer<QObject> m_context;
    bool m_posted = false;
};

} // namespace iotile
