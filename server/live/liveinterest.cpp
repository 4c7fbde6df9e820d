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

} // namespace iotile
