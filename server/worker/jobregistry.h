#pragma once

#include "server/worker/jobaction.h"

#include <QHash>
#include <QReadWriteLock>
#include <QStringList>

#include <functional>
#include <memory>

namespace iotile {

// Action names to factories. The process-wide instance starts with every action of the server
// (server/worker/actions.cpp lists them); tests add their own.
class JobRegistry
{
public:
    using Factory = std::function<std::unique_ptr<JobAction>()>;

    static JobRegistry &global();

    // Registers (or replaces) the action under its name().
    void add(Factory factory);
    template<typename T>
    void add()
    {
        add([] { return std::make_unique<T>(); });
    }
    // A new instance, or nullptr for an unknown name.
    std::unique_ptr<JobAction> create(const QString &name) const;
    bool contains(const QString &name) const;
    QStringList names() const;

private:
    mutable QReadWriteLock m_lock;
    QHash<QString, Factory> m_factories;
};

} // namespace iotile
