#include "server/live/liveinterest.h"

namespace iotile {

void LiveInterest::add(const LiveInterest &other)
{
    streams.unite(other.streams);
    devices.unite(other.devices);
    projects.unite(other.projects);
}

void LiveInterest::remove(const LiveInterest &other)
{
    streams.subtract(other.streams);
    devices.subtract(other.devices);
    projects.subtract(other.projects);
}

QSet<QString> &LiveInterest::counterpart(const LiveInterest &other, const QSet<QString> *set)
{
    if (set == &other.streams)
        return streams;
    return set == &other.devices ? devices : projects;
}

} // namespace iotile
