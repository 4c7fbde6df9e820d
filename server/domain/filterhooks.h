#pragma once

#include "common/util/error.h"

#include <QHash>
#include <QJsonObject>
#include <QReadWriteLock>
#include <QStringList>

#include <functional>

namespace iotile {

class JobContext;

// Named C++ hooks that a filter's custom action ("cus", extra_payload {"hook": "<name>"}) runs on the
// worker, in place of the original's SNS publish: deployments register theirs at start-up, tests their own.
// A hook gets the firing (see FilterEngine) and the job; its Status decides success, retry or dead letter.
class FilterHooks
{
public:
    using Hook = std::function<Status(const QJsonObject &firing, JobContext &context)>;

    static FilterHooks &global();

    void add(const QString &name, Hook hook);
    void remove(const QString &name);
    bool contains(const QString &name) const;
    Hook find(const QString &name) const;
    QStringList names() const;

private:
    mutable QReadWriteLock m_lock;
    QHash<QString, Hook> m_hooks;
};

} // namespace iotile
