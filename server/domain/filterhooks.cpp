#include "server/domain/filterhooks.h"

namespace iotile {

FilterHooks &FilterHooks::global()
{
    static FilterHooks *hooks = new FilterHooks; // never destroyed: workers may outlive static destruction
    return *hooks;
}

void FilterHooks::add(const QString &name, Hook hook)
{
    QWriteLocker lock(&m_lock);
    m_hooks.insert(name, std::move(hook));
}

void FilterHooks::remove(const QString &name)
{
    QWriteLocker lock(&m_lock);
    m_hooks.remove(name);
}

bool FilterHooks::contains(const QString &name) const
{
    QReadLocker lock(&m_lock);
    return m_hooks.contains(name);
}

FilterHooks::Hook FilterHooks::find(const QString &name) const
{
    QReadLocker lock(&m_lock);
    return m_hooks.value(name);
}

QStringList FilterHooks::names() const
{
    QReadLocker lock(&m_lock);
    QStringList names = m_hooks.keys();
    names.sort();
    return names;
}

} // namespace iotile
