#include "server/worker/jobregistry.h"

#include "server/worker/actions.h"

#include <algorithm>

namespace iotile {

JobRegistry &JobRegistry::global()
{
    static JobRegistry *registry = [] {
        auto *r = new JobRegistry; // never destroyed: worker threads may outlive static destruction
        registerActions(*r);
        return r;
    }();
    return *registry;
}

void JobRegistry::add(Factory factory)
{
    const QString name = factory()->name();
    QWriteLocker lock(&m_lock);
    m_factories.insert(name, std::move(factory));
}

std::unique_ptr<JobAction> JobRegistry::create(const QString &name) const
{
    Factory factory;
    {
        QReadLocker lock(&m_lock);
        factory = m_factories.value(name);
    }
    return factory ? factory() : nullptr;
}

bool JobRegistry::contains(const QString &name) const
{
    QReadLocker lock(&m_lock);
    return m_factories.contains(name);
}

QStringList JobRegistry::names() const
{
    QReadLocker lock(&m_lock);
    QStringList names = m_factories.keys();
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace iotile
