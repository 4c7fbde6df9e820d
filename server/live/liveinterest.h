#pragma once

#include <QSet>
#include <QString>

namespace iotile {

// What one live connection listens to: stream, device and project slugs (normalised, permission
// checked when they were added).
struct LiveInterest
{
    QSet<QString> streams;
    QSet<QString> devices;
    QSet<QString> projects;

    bool isEmpty() const { return streams.isEmpty() && devices.isEmpty() && projects.isEmpty(); }
    bool matches(const QString &stream, const QString &device, const QString &project) const
    {
        return streams.contains(stream) || devices.contains(device) || projects.contains(project);
    }
    void add(const LiveInterest &other);
    void remove(const LiveInterest &other);
    // The set of this interest that is of the same kind as `set`, one of `other`'s three sets.
    QSet<QString> &counterpart(const LiveInterest &other, const QSet<QString> *set);
    int size() const { return int(streams.size() + devices.size() + projects.size()); }
};

} // namespace iotile
